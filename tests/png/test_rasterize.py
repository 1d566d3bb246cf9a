"""Rasterizing: a PNG too large to draw is refused from the laid-out page's size, before anything is drawn."""

from __future__ import annotations

import pytest

from carrousel.errors import CarrouselError
from carrousel.layout.weasy import weasyprint
from carrousel.png.rasterize import MAX_RASTER_PIXELS, check_raster


def page(width: int, height: int):
    """A real one-page Document of that size in CSS px (WeasyPrint imported as a build does: without the machine's
    fonts)."""
    return weasyprint().HTML(string=f"<style>@page {{ size: {width}px {height}px; margin: 0 }}</style><p>x</p>").render()


def test_a_slide_at_a_usual_scale_passes():
    check_raster([page(1080, 1350), page(1080, 1920)], 2 * 1080, "post.yaml")


def test_a_huge_scale_is_refused_with_the_pixels_it_would_take():
    width = 5940  # --scale 5.5 of a portrait slide: 44 M pixels
    with pytest.raises(CarrouselError) as caught:
        check_raster([page(1080, 1080), page(1080, 1350)], width, "post.yaml")
    assert caught.value.file == "post.yaml" and "lower --scale" in caught.value.hint
    assert f"{width * width * 1.25 / 1e6:.0f} M pixels" in caught.value.message
    assert width * width * 1.25 > MAX_RASTER_PIXELS > width * width  # the square page alone would pass


def test_a_page_made_very_tall_by_its_css_is_refused():
    with pytest.raises(CarrouselError, match="would hold"):
        check_raster([page(100, 10000)], 1080, "theme")
