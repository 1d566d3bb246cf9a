"""Stage 2, theme: a theme folder resolved with its parents, brand overrides and pinned fonts."""
