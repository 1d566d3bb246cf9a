"""A rendered figure (SVG plus its size and text) and the measures shared by the renderers."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache


@dataclass(frozen=True)
class Figure:
    """A vector figure sized for a slide: the SVG text, its size in px, and its labels (for alt text, checks)."""

    svg: str
    width: float
    height: float
    labels: list[str] = field(default_factory=list)
    text_px: float = 0.0  # the smallest label size as drawn (0: no text)


def fit_scale(width: float, height: float, max_width: float, max_height: float) -> float:
    """The scale that fits width x height inside the box, never enlarging."""
    return min(1.0, max_width / width, max_height / height)


def number(value: float) -> str:
    """A coordinate written compactly and always the same way (deterministic SVG bytes)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


@lru_cache(maxsize=16)
def _font(family: str, weight: int):
    import uharfbuzz as hb

    from carrousel.theme.fonts import family_files

    path = family_files(family, (weight,), styles=("normal",))[0][3]
    face = hb.Face(hb.Blob.from_file_path(str(path)))
    return hb.Font(face), face.upem


def text_width(text: str, family: str, size: float, weight: int = 400) -> float:
    """The advance width in px of one line of text, shaped with HarfBuzz in the theme's font."""
    import uharfbuzz as hb

    font, upem = _font(family, weight)
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    hb.shape(font, buffer, {})
    return sum(pos.x_advance for pos in buffer.glyph_positions) * size / upem
