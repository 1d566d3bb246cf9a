"""Decoding slides and checking what every encoder needs: one size, usable durations."""

from __future__ import annotations

import io

import pytest
from export_kit import SIZE, make_slides, png
from PIL import Image, ImageCms

from carrousel.errors import CarrouselError
from carrousel.export import Slide
from carrousel.export.frames import check, image


def test_transparent_png_becomes_white_not_black():
    picture = Image.new("RGBA", SIZE, (0, 0, 0, 0))  # fully transparent black: what flattening got wrong
    picture.paste((20, 20, 20, 255), (0, 100, 160, 200))
    out = io.BytesIO()
    picture.save(out, "PNG")
    flat = image(Slide(out.getvalue(), *SIZE))
    assert flat.mode == "RGB"
    assert flat.getpixel((80, 50)) == (255, 255, 255)
    assert flat.getpixel((80, 150)) == (20, 20, 20)


def test_profile_and_metadata_are_not_carried_on():
    out = io.BytesIO()
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    Image.new("RGB", SIZE, (10, 120, 200)).save(out, "PNG", icc_profile=srgb)
    flat = image(Slide(out.getvalue(), *SIZE))
    assert flat.info == {}
    assert flat.getpixel((5, 5)) == (10, 120, 200)  # sRGB to sRGB changes nothing


def test_check_gives_the_shared_size():
    assert check(make_slides(), "video") == SIZE


@pytest.mark.parametrize("duration", [0, -1, 0.05, 61, float("nan"), float("inf"), "3", True])
def test_unusable_duration_names_the_slide(duration):
    slides = make_slides()
    slides[1] = Slide(slides[1].png, *SIZE, duration=duration)
    with pytest.raises(CarrouselError) as caught:
        check(slides, "video")
    assert caught.value.slide == 2 and caught.value.field == "duration"
    assert "\n" not in str(caught.value)


def test_slides_of_two_sizes_are_refused():
    slides = make_slides() + [Slide(png((0, 0, 0), (100, 100)), 100, 100)]
    with pytest.raises(CarrouselError, match="one size for every slide"):
        check(slides, "GIF")


def test_no_slides_is_refused():
    with pytest.raises(CarrouselError, match="at least one slide"):
        check([], "GIF")


def test_png_of_another_size_than_declared_is_refused():
    with pytest.raises(CarrouselError, match="render the PNGs again"):
        image(Slide(png((0, 0, 0), (100, 100)), *SIZE))
