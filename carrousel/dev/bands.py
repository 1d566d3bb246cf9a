"""Empty bands: the tallest run of rows of a slide picture with nothing drawn on them.

A row is empty when, between the side margins, no pixel stands out from the
row's own background (its median colour) by more than INK: a gradient, a faint
drafting grid or anti-aliasing noise is not content; text, rules and cards are.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy

from carrousel.dev.visual import open_image

INK = 40  # a channel this far from the row's background is something drawn
MARGIN = 0.05  # share of the width left out on each side (a sheet border, a bleed)
LIMIT = 1 / 3  # the largest empty band a slide may have, as a share of its height


@dataclass(frozen=True)
class Band:
    """An empty band: where it starts, how tall it is, and its share of the page height."""

    top: int
    height: int
    page: int

    @property
    def share(self) -> float:
        """The band's height as a share of the page's."""
        return self.height / self.page if self.page else 0.0


def ink_rows(png) -> numpy.ndarray:
    """For each row of a slide picture, whether something is drawn on it."""
    image = open_image(png)
    # Measured at half size, 2×2 pixels averaged (4× faster); each row of the answer stands for two.
    pixels = numpy.asarray(image.reduce(2), dtype=numpy.int16)
    margin = round(pixels.shape[1] * MARGIN)
    pixels = pixels[:, margin:pixels.shape[1] - margin]
    background = numpy.median(pixels[:, ::4], axis=1, keepdims=True).astype(numpy.int16)
    distance = numpy.abs(pixels - background)
    far = numpy.maximum(numpy.maximum(distance[..., 0], distance[..., 1]), distance[..., 2]) > INK
    drawn = far.sum(axis=1) >= 1
    return numpy.repeat(drawn, 2)[:image.height]


def largest_empty_band(png) -> Band:
    """The tallest run of empty rows of a slide picture (PNG bytes or an image)."""
    rows = ink_rows(png)
    best = (0, 0)
    start = None
    for y, drawn in enumerate(list(rows) + [True]):
        if not drawn and start is None:
            start = y
        elif drawn and start is not None:
            if y - start > best[1]:
                best = (start, y - start)
            start = None
    return Band(best[0], best[1], len(rows))
