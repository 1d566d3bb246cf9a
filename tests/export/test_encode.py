"""`encode`: the files of each export under their output paths, on test slides and on the reference post."""

from __future__ import annotations

import io
import json

import av
import pytest
from PIL import Image, ImageChops, ImageSequence, ImageStat
from pptx import Presentation

from carrousel.errors import CarrouselError
from carrousel.export import ENCODED, EXPORTS, Meta, Slide, encode


def test_output_paths(slides, meta):
    assert list(encode("jpg", slides, meta)) == ["jpg/01.jpg", "jpg/02.jpg", "jpg/03.jpg"]
    assert list(encode("gif", slides, meta)) == ["cinq-patterns.gif"]
    assert list(encode("mp4", slides, meta)) == ["cinq-patterns.mp4"]
    assert list(encode("pptx", slides, meta)) == ["cinq-patterns.pptx"]
    assert set(ENCODED) < set(EXPORTS)


def test_options_reach_the_encoders(slides, meta):
    small = encode("jpg", slides, meta, quality=20)["jpg/01.jpg"]
    assert len(small) < len(encode("jpg", slides, meta)["jpg/01.jpg"])
    with av.open(io.BytesIO(encode("mp4", slides, meta, crossfade=0)["cinq-patterns.mp4"])) as video:
        pictures = [frame.to_image() for frame in video.decode(video=0)]
    assert pictures[29].getpixel((80, 150))[0] > 180 and pictures[30].getpixel((80, 150))[1] > 140  # a cut


def test_gif_reductions_are_reported(meta):
    noisy = io.BytesIO()
    Image.merge("RGB", [Image.effect_noise((300, 300), 90) for _ in range(3)]).save(noisy, "PNG")
    notes: list[str] = []
    files = encode("gif", [Slide(noisy.getvalue(), 300, 300)], meta, gif_max_bytes=60_000, notes=notes)
    assert len(files["cinq-patterns.gif"]) <= 60_000 and notes and "to stay under 60 KB" in notes[-1]


@pytest.mark.parametrize("name, message", [("pdf", "written by the build"), ("webm", "unknown export")])
def test_exports_encode_does_not_make(slides, meta, name, message):
    with pytest.raises(CarrouselError, match=message):
        encode(name, slides, meta)


@pytest.fixture(scope="module")
def reference_slides(reference) -> list[Slide]:
    """The reference post's nine rendered slides with their alt text, 0.5 s each."""
    alt = json.loads((reference / "alt.json").read_text(encoding="utf-8"))
    return [Slide((reference / entry["png"]).read_bytes(), 1080, 1350, 0.5, alt=entry["alt"], notes=entry["alt"])
            for entry in alt]


def test_reference_post_in_every_encoded_export(reference_slides):
    meta = Meta("5 patterns que tout CTO doit connaître", "5-patterns-cto", "Maxime Lenne", "fr")
    files = {**encode("jpg", reference_slides, meta), **encode("pptx", reference_slides, meta),
             # Three slides are enough to see real slides survive the palette and the video codec.
             **encode("gif", reference_slides[:3], meta), **encode("mp4", reference_slides[:3], meta)}
    originals = [Image.open(io.BytesIO(slide.png)).convert("RGB") for slide in reference_slides]
    for number, original in enumerate(originals, 1):
        picture = Image.open(io.BytesIO(files[f"jpg/{number:02d}.jpg"]))
        assert picture.mode == "RGB" and picture.size == (1080, 1350)
        assert max(ImageStat.Stat(ImageChops.difference(original, picture)).mean) < 1.5
    with Image.open(io.BytesIO(files["5-patterns-cto.gif"])) as animation:
        frames = [frame.convert("RGB") for frame in ImageSequence.Iterator(animation)]
    assert len(frames) == 3
    assert max(ImageStat.Stat(ImageChops.difference(originals[2], frames[2])).mean) < 4
    with av.open(io.BytesIO(files["5-patterns-cto.mp4"])) as video:
        pictures = [frame.to_image() for frame in video.decode(video=0)]
    assert len(pictures) == 45
    # Slide 2 is whole from 0.7 to 0.8 s, between its two crossfades.
    assert max(ImageStat.Stat(ImageChops.difference(originals[1], pictures[22])).mean) < 3
    deck = Presentation(io.BytesIO(files["5-patterns-cto.pptx"]))
    assert [page.shapes[0].element.nvPicPr.cNvPr.get("descr") for page in deck.slides] == \
        [slide.alt for slide in reference_slides]
