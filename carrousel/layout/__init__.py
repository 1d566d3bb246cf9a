"""Stage 4, layout: each slide laid out by WeasyPrint in a sandbox, measured and fitted to its page."""
