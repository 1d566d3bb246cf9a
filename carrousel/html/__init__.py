"""Stage 3, html: a Post rendered through the theme's Jinja templates to HTML (Markdown, code, emoji, icons)."""
