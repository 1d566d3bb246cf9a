"""Figures drawn from source text: Mermaid diagrams, LaTeX math and data charts, as themed vector SVG."""
