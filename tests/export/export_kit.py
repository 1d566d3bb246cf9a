"""Small slides made with Pillow: flat colours with a light bar (text-like), fast to encode and easy to check."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from carrousel.export import Slide

COLOURS = [(200, 40, 40), (30, 160, 60), (40, 60, 200)]  # far apart: a frame shows which slide it is
SIZE = (160, 200)


def png(colour, size=SIZE, mode="RGB", bar=True) -> bytes:
    """PNG bytes of a flat slide with a light bar across its top, like a title."""
    picture = Image.new(mode, size, colour)
    if bar:
        ImageDraw.Draw(picture).rectangle((10, 10, size[0] - 10, 30), fill=(240, 240, 240))
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def make_slides(durations=(1.0, 0.5, 1.5), size=SIZE) -> list[Slide]:
    """One slide per duration, in the COLOURS, with alt text and notes."""
    return [Slide(png(COLOURS[i % 3], size), size[0], size[1], duration, alt=f"Slide {i + 1} alt",
                  notes=f"Slide {i + 1} says this.\nSecond line.") for i, duration in enumerate(durations)]


def close(a, b, tolerance) -> bool:
    """Two RGB colours within tolerance on every channel."""
    return all(abs(x - y) <= tolerance for x, y in zip(a, b))
