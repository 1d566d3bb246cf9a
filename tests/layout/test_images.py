"""Images: the format comes from the bytes, bombs are refused, oversized pictures are downscaled."""

import io

import pytest
from PIL import Image

from carrousel.errors import CarrouselError
from carrousel.layout import images
from helpers import png_bytes


def encoded(fmt: str, size=(8, 6)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.mark.parametrize("fmt, name", [("PNG", "png"), ("JPEG", "jpeg"), ("GIF", "gif"), ("WEBP", "webp")])
def test_allowed_raster_formats_pass_unchanged(fmt, name):
    data = encoded(fmt)
    assert images.sniff(data) == name
    assert images.check(data, "x.bin") == (data, images.MIME[name])


def test_svg_passes_but_not_with_entities():
    svg = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>'
    assert images.check(svg, "a.svg") == (svg, "image/svg+xml")
    bomb = b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>'
    with pytest.raises(CarrouselError, match="declares XML entities"):
        images.check(bomb, "b.svg")


@pytest.mark.parametrize("data, what", [
    (b"%!PS-Adobe-3.0 EPSF-3.0\n", "PostScript/EPS"),
    (b"%PDF-1.7\n", "PDF"),
    (b"<html><script>x</script>", "unknown content"),
    (encoded("BMP"), "BMP"),
    (encoded("TIFF"), "TIFF"),
])
def test_other_formats_are_refused_whatever_their_name(data, what):
    with pytest.raises(CarrouselError, match=rf"'photo.png' is not an allowed image \({what}\)"):
        images.check(data, "photo.png")


def test_a_decompression_bomb_is_an_error_not_a_missing_image():
    with pytest.raises(CarrouselError, match="declares 20000×20000 px: too many pixels"):
        images.check(png_bytes(20000, 20000, body=b"\0" * 16), "huge.png")
    # Between Pillow's limit and twice it Pillow only warns: that is an error here too.
    with pytest.raises(CarrouselError, match="too many pixels"):
        images.check(png_bytes(10000, 10000, body=b"\0" * 16), "big.png")


def test_oversized_images_are_downscaled_before_rendering():
    data, mime = images.check(encoded("PNG", (4000, 300)), "wide.png")
    width, height = Image.open(io.BytesIO(data)).size
    assert mime == "image/png" and width == images.MAX_SIDE and height in (202, 203)
    data, mime = images.check(encoded("JPEG", (300, 5000)), "tall.jpg")
    assert mime == "image/jpeg" and Image.open(io.BytesIO(data)).size[1] == images.MAX_SIDE


@pytest.mark.parametrize("size", [(3000, 3000), (300, 300)])
def test_a_truncated_image_is_an_error(size):
    import weasyprint.images  # noqa: F401 - it turns Pillow's LOAD_TRUNCATED_IMAGES on for the process

    data = encoded("PNG", size)
    with pytest.raises(CarrouselError, match="cannot be read"):
        images.check(data[:len(data) // 2], "cut.png")
