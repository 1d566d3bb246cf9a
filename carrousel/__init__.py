"""carrousel: technical posts in YAML or Markdown to PDF carousels, PNG slides and an HTML preview."""

__version__ = "0.2.0"
