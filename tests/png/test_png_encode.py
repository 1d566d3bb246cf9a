"""The PNG encoder: the same pixels back, rows read across a padded stride, photographs through Pillow's filters."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from carrousel.png import encode


def _decoded(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_a_flat_slide_comes_back_pixel_for_pixel_and_small():
    slide = Image.new("RGB", (1080, 1350), (11, 15, 20))
    draw = ImageDraw.Draw(slide)
    draw.rectangle((88, 175, 478, 250), fill=(63, 185, 80))
    draw.text((100, 400), "Couplage fort entre modules", fill=(230, 237, 243))
    data = encode.from_image(slide)
    back = _decoded(data)
    assert (back.mode, back.size) == ("RGB", (1080, 1350))
    assert back.tobytes() == slide.tobytes()
    assert len(data) < 0.05 * 1080 * 1350  # flat colours: a few KiB, not the 4.4 MB of pixels


def test_rows_are_read_across_a_padded_stride():
    width, height, stride = 5, 3, 16  # 15 bytes of pixels, then a byte of padding, as PDFium aligns rows
    rows = [bytes(v for x in range(width) for v in (y * 40 + x, 255 - x, y)) for y in range(height)]
    padded = b"".join(row + b"\xee" for row in rows)
    back = _decoded(encode.png(width, height, padded, stride))
    assert back.tobytes() == b"".join(rows)


def test_a_photograph_is_encoded_with_filters_and_still_comes_back():
    glow = Image.radial_gradient("L").resize((320, 200))  # smooth shades, as in a photograph, and grain
    photo = Image.merge("RGB", (glow, Image.effect_noise((320, 200), 12).convert("L"), glow.rotate(90)))
    data = encode.from_image(photo)
    assert _decoded(data).tobytes() == photo.tobytes()
    unfiltered = len(encode.zlib.compress(photo.tobytes(), encode.LEVEL))
    assert len(data) < unfiltered  # Pillow's row filters did better than none
