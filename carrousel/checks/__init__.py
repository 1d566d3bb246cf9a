"""Checks on a built post: alt text, glyphs, contrast, and the preflight of `check`."""
