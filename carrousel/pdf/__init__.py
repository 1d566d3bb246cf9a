"""Stage 5, pdf: the laid-out slides written as one tagged PDF."""
