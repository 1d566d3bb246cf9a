"""Fit to fill, measured on the pictures: no gallery slide leaves a band of more than a third of its page empty."""

from __future__ import annotations

from PIL import Image, ImageDraw

from carrousel.dev import bands
from carrousel.dev.visual import png_bytes
from carrousel.load.settings import FORMATS


def test_every_gallery_slide_uses_its_page(gallery_sheets):
    combos = {(s.theme, s.mode, s.format) for s in gallery_sheets}
    assert {f for _, _, f in combos} == set(FORMATS) and {m for _, m, _ in combos} == {"light", "dark"}
    too_empty = []
    for sheet in gallery_sheets:
        for kind, png in zip(sheet.kinds, sheet.pngs):
            band = bands.largest_empty_band(png)
            if band.share > bands.LIMIT:
                too_empty.append(f"{sheet.name} {kind}: {band.height} px empty from y={band.top} "
                                 f"({band.share:.0%} of the page)")
    assert not too_empty, "\n".join(too_empty)


def _page(height: int, drawn: list[tuple[int, int]], background: str = "#0b0f14") -> bytes:
    image = Image.new("RGB", (1080, height), background)
    draw = ImageDraw.Draw(image)
    for top, bottom in drawn:
        draw.rectangle((100, top, 900, bottom), fill="#e6edf3")
    return png_bytes(image)


def test_the_measure_finds_the_tallest_empty_band():
    band = bands.largest_empty_band(_page(1350, [(0, 100), (300, 400), (1000, 1350)]))
    assert abs(band.top - 401) <= 2 and abs(band.height - 599) <= 2 and round(band.share, 2) == 0.44


def test_a_faint_grid_or_gradient_is_not_content():
    image = Image.linear_gradient("L").resize((1080, 1350)).point(lambda v: 40 + v // 10).convert("RGB")
    draw = ImageDraw.Draw(image)
    for y in range(0, 1350, 90):  # a drafting grid at 7 % over the page: faint lines
        draw.line((0, y, 1080, y), fill=(52, 55, 60))
    draw.rectangle((100, 600, 900, 640), fill="#ffffff")
    band = bands.largest_empty_band(png_bytes(image))
    assert band.height >= 600 - 1  # the grid lines did not cut the empty band above the text
