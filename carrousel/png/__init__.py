"""Stage 6, png: PDF pages rasterized to PNGs, and the contact sheet."""
