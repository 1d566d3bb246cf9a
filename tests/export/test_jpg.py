"""JPEG export read back with Pillow: RGB, baseline, no alpha, no EXIF, close to the PNG."""

from __future__ import annotations

import io

import pytest
from export_kit import (
    SIZE,
    close,
    png,
)
from PIL import Image, ImageChops, ImageStat, JpegImagePlugin

from carrousel.errors import CarrouselError
from carrousel.export import Slide, jpg


def decode(data: bytes) -> Image.Image:
    picture = Image.open(io.BytesIO(data))
    picture.load()
    return picture


def test_jpeg_is_rgb_baseline_without_metadata(slides):
    picture = decode(jpg.encode(slides[0]))
    assert picture.format == "JPEG" and picture.mode == "RGB" and picture.size == SIZE
    assert "progressive" not in picture.info and "progression" not in picture.info
    assert "exif" not in picture.info and "icc_profile" not in picture.info
    assert JpegImagePlugin.get_sampling(picture) == 0  # 4:4:4: coloured text keeps its edges


def test_jpeg_matches_the_png(slides):
    for slide in slides:
        original = Image.open(io.BytesIO(slide.png)).convert("RGB")
        picture = decode(jpg.encode(slide))
        assert max(ImageStat.Stat(ImageChops.difference(original, picture)).mean) < 2
        assert close(picture.getpixel((80, 150)), original.getpixel((80, 150)), 4)


def test_transparent_png_gives_an_opaque_white_jpeg():
    slide = Slide(png((0, 0, 0, 0), mode="RGBA", bar=False), *SIZE)
    picture = decode(jpg.encode(slide))
    assert picture.mode == "RGB"
    assert close(picture.getpixel((80, 100)), (255, 255, 255), 2)


def test_lower_quality_is_smaller():
    noisy = Image.effect_noise(SIZE, 60).convert("RGB")
    out = io.BytesIO()
    noisy.save(out, "PNG")
    slide = Slide(out.getvalue(), *SIZE)
    assert len(jpg.encode(slide, 60)) < len(jpg.encode(slide, 90)) < len(jpg.encode(slide, 100))


@pytest.mark.parametrize("quality", [0, 101, 9.5])
def test_quality_out_of_range_is_refused(slides, quality):
    with pytest.raises(CarrouselError, match="1 to 100"):
        jpg.encode(slides[0], quality)
