"""`--export jpg,gif,mp4,pptx` on the reference post, each file read back by a real consumer: Pillow for JPEG and
GIF, PyAV for the video, python-pptx for the presentation; an unchanged post is not encoded again."""

from __future__ import annotations

import io
import json
import re

import av
import pytest
from PIL import Image, ImageChops, ImageStat
from pptx import Presentation
from pptx.util import Emu

try:
    from helpers import REFERENCE, make_project, run_cli
except ImportError:  # before the tests' reorganisation into tests/<stage>/ (helpers.py)
    from conftest import REFERENCE, make_project, run_cli

EXPORTS = ("--export", "pdf,png,jpg,gif,mp4,pptx")
# Every slide 1 s and the third 2 s: a 10 s video (300 frames) keeps the encoding to a few seconds.
DURATIONS = [1, 1, 2, 1, 1, 1, 1, 1, 1]
FPS = 30
SIZE = (1080, 1350)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The reference post, with durations, built once with every export: (project root, output folder, stdout)."""
    root = make_project(tmp_path_factory.mktemp("exports") / "project", with_content=True)
    post = root / "content" / f"{REFERENCE}.yaml"
    parts = post.read_text(encoding="utf-8").split("\n  - kind: ")
    post.write_text(parts[0] + "".join(f"\n  - duration: {seconds}\n    kind: {part}"
                                       for seconds, part in zip(DURATIONS, parts[1:])), encoding="utf-8")
    result = run_cli(root, *EXPORTS, f"content/{REFERENCE}.yaml")
    assert result.returncode == 0, result.stderr
    return root, root / "output" / REFERENCE, result.stdout


def pngs(folder) -> list[Image.Image]:
    return [Image.open(path).convert("RGB") for path in sorted((folder / "png").glob("*.png"))]


def difference(first: Image.Image, second: Image.Image) -> float:
    """Mean absolute difference per channel, 0–255."""
    return sum(ImageStat.Stat(ImageChops.difference(first, second)).mean) / 3


def test_every_export_is_written_encoded_once_and_linked_from_the_preview(built):
    _, folder, stdout = built
    assert re.search(r"\(rendered; encoded jpg [\d.]+s, gif [\d.]+s, mp4 [\d.]+s, pptx [\d.]+s\)", stdout), stdout
    names = {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}
    assert {f"{REFERENCE}.{name}" for name in ("pdf", "gif", "mp4", "pptx")} <= names
    assert {f"jpg/{n:02d}.jpg" for n in range(1, 10)} | {f"png/{n:02d}.png" for n in range(1, 10)} <= names
    page = (folder / "index.html").read_text(encoding="utf-8")
    for href in (f"{REFERENCE}.pdf", f"{REFERENCE}.pptx", f"{REFERENCE}.mp4", f"{REFERENCE}.gif", "png/01.png",
                 "jpg/01.jpg"):
        assert f'href="{href}"' in page, href


def test_jpegs_are_opaque_untagged_slides(built):
    _, folder, _ = built
    for number, png in enumerate(pngs(folder), 1):
        with Image.open(folder / "jpg" / f"{number:02d}.jpg") as picture:
            assert (picture.format, picture.mode, picture.size) == ("JPEG", "RGB", SIZE)
            assert not {"icc_profile", "exif", "progressive", "transparency"} & set(picture.info)
            assert difference(picture.convert("RGB"), png) < 2.0  # quality 90, full colour resolution


def test_gif_shows_each_slide_for_its_duration_and_loops(built):
    _, folder, _ = built
    with Image.open(folder / f"{REFERENCE}.gif") as gif:
        assert (gif.format, gif.size, gif.n_frames, gif.info["loop"]) == ("GIF", SIZE, 9, 0)
        durations, frames = [], []
        for number in range(gif.n_frames):
            gif.seek(number)
            durations.append(gif.info["duration"])
            frames.append(gif.convert("RGB"))
    assert durations == [seconds * 1000 for seconds in DURATIONS]
    for frame, png in zip(frames, pngs(folder)):
        assert difference(frame, png) < 6.0  # 256 colours, dithered


def test_mp4_decodes_as_h264_yuv420p_at_30_fps_for_the_slides_durations(built):
    _, folder, _ = built
    slides = pngs(folder)
    with av.open(str(folder / f"{REFERENCE}.mp4")) as container:
        stream = container.streams.video[0]
        assert (stream.codec_context.name, stream.format.name, stream.width, stream.height) == \
            ("h264", "yuv420p", *SIZE)
        assert stream.average_rate == FPS
        assert float(stream.duration * stream.time_base) == pytest.approx(sum(DURATIONS), abs=0.05)
        assert container.metadata.get("title") == "5 patterns que tout CTO doit connaître"
        frames = {}
        count = 0
        for frame in container.decode(stream):
            if count in (15, 30, 75):
                frames[count] = frame.to_image()
            count += 1
    assert count == sum(DURATIONS) * FPS
    # Frame 15 (0.5 s) is slide 1 whole; frame 75 (2.5 s) is slide 3, shown from 2 s to 4 s.
    assert difference(frames[15], slides[0]) < 2.5
    assert difference(frames[75], slides[2]) < 2.5
    # Frame 30 is the middle of the 0.4 s crossfade at 1 s: it is neither slide, but their mix (54% of slide 2:
    # its centre is 1/60 s after the cut).
    mixed = frames[30]
    assert difference(mixed, slides[0]) > 4 and difference(mixed, slides[1]) > 4
    assert difference(mixed, Image.blend(slides[0], slides[1], 0.5 + (1 / 60) / 0.4)) < 2.5


def test_pptx_has_each_slide_full_bleed_with_alt_text_and_its_text_as_notes(built):
    _, folder, _ = built
    deck = Presentation(str(folder / f"{REFERENCE}.pptx"))
    alt = [entry["alt"] for entry in json.loads((folder / "alt.json").read_text(encoding="utf-8"))]
    assert (deck.slide_width, deck.slide_height) == (Emu(SIZE[0] * 9525), Emu(SIZE[1] * 9525))
    assert (deck.core_properties.title, deck.core_properties.author) == \
        ("5 patterns que tout CTO doit connaître", "Maxime Lenne")
    assert len(deck.slides) == 9
    for number, slide in enumerate(deck.slides, 1):
        (picture,) = slide.shapes
        assert (picture.left, picture.top, picture.width, picture.height) == \
            (0, 0, deck.slide_width, deck.slide_height)
        assert picture.image.blob == (folder / "png" / f"{number:02d}.png").read_bytes()
        assert picture.element.nvPicPr.cNvPr.get("descr") == alt[number - 1]
        assert slide.notes_slide.notes_text_frame.text == alt[number - 1]
    assert "Couplage fort entre modules" in deck.slides[1].notes_slide.notes_text_frame.text
    # Code reads as code: one line per line of the slide, not one per highlighted token.
    assert "\nEventBus.publish(\"order.created\", order)\n" in deck.slides[2].notes_slide.notes_text_frame.text


def test_an_unchanged_post_is_not_encoded_again_and_a_changed_option_encodes_only_its_export(built):
    root, folder, _ = built
    before = {path: path.read_bytes() for path in folder.rglob("*") if path.suffix in (".jpg", ".gif", ".mp4", ".pptx")}
    post = root / "content" / f"{REFERENCE}.yaml"
    post.write_text(post.read_text(encoding="utf-8").replace("#CTO #architecture", "#CTO #archi"), encoding="utf-8")
    again = run_cli(root, *EXPORTS, f"content/{REFERENCE}.yaml")
    assert again.returncode == 0, again.stderr
    assert "(unchanged)" in again.stdout and "encoded" not in again.stdout, again.stdout  # only the caption changed
    # The PPTX records when it was made: the same bytes mean the same file, not a new one.
    assert {path: path.read_bytes() for path in before} == before
    cut = run_cli(root, *EXPORTS, "--crossfade", "0", f"content/{REFERENCE}.yaml")
    assert cut.returncode == 0, cut.stderr
    assert re.search(r"\(unchanged; encoded mp4 [\d.]+s\)", cut.stdout), cut.stdout
    assert (folder / f"{REFERENCE}.mp4").read_bytes() != before[folder / f"{REFERENCE}.mp4"]
    assert (folder / f"{REFERENCE}.pptx").read_bytes() == before[folder / f"{REFERENCE}.pptx"]


def test_the_exports_are_the_posts_or_the_projects_and_png_is_always_written(tmp_path):
    post = "title: Two\nexport: jpg\nslides:\n  - kind: cover\n    title: One\n  - kind: end\n    title: Two\n"
    root = make_project(tmp_path / "p", {"content/two.yaml": post, "carrousel.yaml": "export: pdf,zip\n"})
    result = run_cli(root, "content/two.yaml")
    assert result.returncode == 0, result.stderr
    folder = root / "output" / "two"
    written = {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}
    assert {"jpg/01.jpg", "jpg/02.jpg", "png/01.png", "png/02.png"} <= written  # the post's export: wins
    assert not {"two.pdf", "two-png.zip"} & written
    # The command line wins over both; --zip is zip added to the list; the files of the previous build are removed.
    result = run_cli(root, "--export", "pdf", "--zip", "content/two.yaml")
    assert result.returncode == 0, result.stderr
    written = {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}
    assert {"two.pdf", "two-png.zip", "png/01.png"} <= written and not any(n.startswith("jpg/") for n in written)
    bad = run_cli(root, "--export", "pdf,webm", "content/two.yaml")
    assert bad.returncode == 1
    assert bad.stderr.strip() == \
        "✗ --export: 'webm' is not allowed (expected one of: gif, jpg, mp4, pdf, png, pptx, zip)"


def test_what_the_gif_gives_up_to_fit_its_limit_is_a_build_warning(tmp_path, monkeypatch):
    from carrousel.build.options import BuildOptions
    from carrousel.build.pipeline import build_post
    from carrousel.build.project import Project
    from carrousel.export import gif

    post = "title: Tiny\nslides:\n  - kind: cover\n    title: One\n  - kind: end\n    title: Two\n"
    root = make_project(tmp_path / "p", {"content/tiny.yaml": post})
    monkeypatch.setattr(gif, "MAX_BYTES", 40_000)  # the real encoder, with a limit this small post must meet
    made = build_post(root / "content" / "tiny.yaml", Project.at(root), BuildOptions(exports=("gif",)))
    notes = [w.message for w in made.warnings if w.code == "export"]
    assert notes and all(note.endswith("to stay under 40 KB") for note in notes), notes
    assert len(made.files["tiny.gif"]) <= 40_000
    with Image.open(io.BytesIO(made.files["tiny.gif"])) as picture:
        assert picture.n_frames == 2


def test_a_video_longer_than_any_platform_plays_is_refused_before_rendering(tmp_path):
    post = "title: Long\nslides:\n" + "".join(f"  - kind: cover\n    duration: 60\n    title: S{n}\n" for n in range(11))
    root = make_project(tmp_path / "p", {"content/long.yaml": post})
    result = run_cli(root, "--export", "mp4", "content/long.yaml")
    assert result.returncode == 1
    assert result.stderr.strip() == ("✗ content/long.yaml: export: the video would last 660 s; no platform plays more "
                                     "than 600 s (shorten the slides' durations, or leave mp4 out of the exports)")
    assert not (root / "output" / "long").exists()
