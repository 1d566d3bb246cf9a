"""GIF export read back with Pillow: frames, durations, loop, colours, and the size limit."""

from __future__ import annotations

import io

import pytest
from export_kit import (
    COLOURS,
    SIZE,
    close,
)
from PIL import Image, ImageDraw, ImageSequence

from carrousel.errors import CarrouselError
from carrousel.export import Slide, gif


def frames(data: bytes) -> list[tuple[Image.Image, int]]:
    """Each frame of a GIF as RGB, with its duration in ms."""
    with Image.open(io.BytesIO(data)) as animation:
        assert animation.format == "GIF"
        return [(frame.convert("RGB"), frame.info["duration"]) for frame in ImageSequence.Iterator(animation)]


def test_one_frame_per_slide_for_its_duration(slides):
    result = gif.encode(slides)
    shown = frames(result.data)
    assert [duration for _, duration in shown] == [1000, 500, 1500]
    assert (result.width, result.height, result.colours, result.notes) == (*SIZE, 256, ())
    for (frame, _), colour in zip(shown, COLOURS):
        assert frame.size == SIZE
        assert close(frame.getpixel((80, 150)), colour, 6)
        assert close(frame.getpixel((80, 20)), (240, 240, 240), 6)


def test_loops_forever(slides):
    with Image.open(io.BytesIO(gif.encode(slides).data)) as animation:
        assert animation.info["loop"] == 0
        assert animation.n_frames == 3


def test_small_accent_colours_survive_the_shared_palette():
    # A dark gradient fills nearly every pixel; a few pixels of purple, red and blue text must keep their hue
    # (a palette chosen by pixel count turns them grey).
    picture = Image.linear_gradient("L").resize(SIZE).point(lambda v: 10 + v // 10).convert("RGB")
    accents = [(200, 120, 255), (255, 90, 80), (110, 180, 255)]
    draw = ImageDraw.Draw(picture)
    for number, accent in enumerate(accents):
        draw.rectangle((20 + 40 * number, 100, 27 + 40 * number, 104), fill=accent)
    out = io.BytesIO()
    picture.save(out, "PNG")
    frame, _ = frames(gif.encode([Slide(out.getvalue(), *SIZE)]).data)[0]
    for number, accent in enumerate(accents):
        assert close(frame.getpixel((23 + 40 * number, 102)), accent, 12)


def noisy_slides(count: int) -> list[Slide]:
    """Slides of random pixels: the worst case for GIF's compression."""
    slides = []
    for seed in range(count):
        out = io.BytesIO()
        Image.merge("RGB", [Image.effect_noise((200, 250), 80 + seed) for _ in range(3)]).save(out, "PNG")
        slides.append(Slide(out.getvalue(), 200, 250))
    return slides


def test_too_big_a_gif_is_reduced_step_by_step_and_says_so():
    slides = noisy_slides(2)
    full = len(gif.encode(slides).data)
    result = gif.encode(slides, max_bytes=full // 3)
    assert len(result.data) <= full // 3
    assert result.notes and all("to stay under" in note for note in result.notes)
    shown = frames(result.data)
    assert shown[0][0].size == (result.width, result.height)
    with Image.open(io.BytesIO(result.data)) as animation:
        assert len(animation.getpalette()) // 3 <= result.colours  # the colour table itself shrank
    assert any("without dithering" in note for note in result.notes)
    if (result.width, result.height) != (200, 250):
        assert any(f"{result.width}×{result.height} px" in note for note in result.notes)
    assert any(f"{result.colours} colours" in note for note in result.notes) == (result.colours < 256)


def test_a_gif_that_cannot_fit_is_an_error_with_a_way_out():
    with pytest.raises(CarrouselError) as caught:
        gif.encode(noisy_slides(1), max_bytes=1000)
    assert "over the 1 KB limit" in caught.value.message
    assert "mp4" in caught.value.hint
