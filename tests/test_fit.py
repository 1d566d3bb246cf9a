"""Fit or fail, on real output: shrunk slides keep every word on the page, hopeless ones fail in one line."""

import io
import json
import re
import zipfile
import zlib

import pypdfium2 as pdfium
import pytest
from PIL import Image

from conftest import make_project, run_cli

ITEMS = [
    ("🔗", "Coupling between modules", "One change means a cascade of regressions"),
    ("🚧", "All-or-nothing deploys", "No way to ship continuously"),
    ("📈", "Horizontal scaling impossible", "You scale everything even when one service is the bottleneck"),
    ("🧠", "Maximum cognitive load", "Onboarding takes three weeks"),
    ("📦", "Shared database", "Every team waits for the same migration"),
    ("🧪", "Slow test suite", "Forty minutes before anyone knows the result, every single time, lastword"),
]
LONG_LINE = "result = some_function(argument_one, argument_two, argument_three, argument_four, final_argument_zz)"
SLIGHT = (
    "title: Fit test\nlang: en-GB\nauthor:\n  name: Test Author\n"
    "caption: |\n  Five **patterns** for your [team](https://example.com).\n\n  - one\n  - two\n\n  #CTO #architecture\n"
    "slides:\n  - kind: list\n    title: Six items, slightly **too long**\n    items:\n"
    + "".join(f"      - icon: {icon}\n        title: {title}\n        text: {text}\n" for icon, title, text in ITEMS)
    + f"  - kind: code\n    title: One long line\n    language: python\n    code: |\n      {LONG_LINE}\n"
    + "  - kind: cover\n    title: The end\n"
)
FAR = ("title: Far\nslides:\n  - kind: cover\n    title: Fine\n  - kind: list\n    title: Far too long\n    items:\n"
       + "".join(f"      - title: Item {n}\n        text: Lorem ipsum dolor sit amet consectetur adipiscing elit sed do\n"
                 for n in range(12)))


@pytest.fixture(scope="module")
def slight(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("fit") / "project", {"content/fit.yaml": SLIGHT})
    result = run_cli(project, "content/fit.yaml", "--zip")
    assert result.returncode == 0, result.stderr
    return project / "output" / "fit", result


@pytest.fixture(scope="module")
def far(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("far") / "project", {"content/far.yaml": FAR})


def _text(pdf, index):
    return re.sub(r"\s+", " ", pdf[index].get_textpage().get_text_range().replace("\ufffe", ""))


def test_slightly_long_slide_is_shrunk_with_a_warning(slight):
    out, result = slight
    match = re.search(r"slide 1 \(list\): shrunk to (\d+)% to fit", result.stdout)
    assert match, result.stdout
    assert 70 <= int(match.group(1)) < 100
    summary = json.loads((out / "post.json").read_text(encoding="utf-8"))
    assert [w["code"] for w in summary["warnings"]] == ["shrunk"]
    assert "shrunk to" in (out / "index.html").read_text(encoding="utf-8")


def test_last_word_is_in_the_pdf_text_and_visibly_inside_the_page(slight):
    out, _ = slight
    pdf = pdfium.PdfDocument(out / "fit.pdf")
    try:
        assert "every single time, lastword" in _text(pdf, 0)
        page = pdf[0]
        searcher = page.get_textpage().search("lastword")
        first = searcher.get_next()
        assert first is not None
        left, bottom, right, top = page.get_textpage().get_charbox(first[0] + first[1] - 1)
        width_pt, height_pt = page.get_size()
    finally:
        pdf.close()
    scale = 1080 / width_pt
    box = (int(left * scale), int((height_pt - top) * scale), int(right * scale) + 1, int((height_pt - bottom) * scale) + 1)
    # Inside the safe area (above the footer at 1350 - 170 px), not just on the page.
    assert 0 < box[0] < box[2] < 1080 - 88 and 150 < box[1] < box[3] < 1350 - 170, box
    png = Image.open(out / "png" / "01.png").convert("L")
    ink = [p for p in png.crop(box).get_flattened_data() if p > 110]
    assert len(ink) > 10, "the last word is drawn in the PNG, not clipped"


def test_long_code_line_wraps_and_is_never_cut(slight):
    out, result = slight
    assert "slide 2" not in result.stdout, "a wrapped code line needs no shrinking"
    pdf = pdfium.PdfDocument(out / "fit.pdf")
    try:
        text = _text(pdf, 1).replace(" ", "")
    finally:
        pdf.close()
    assert LONG_LINE.replace(" ", "") in text


def test_far_too_long_fails_in_one_line(far):
    result = run_cli(far, "content/far.yaml")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    # At the field that takes the room (its line), not at the last item.
    assert re.match(r"✗ content/far\.yaml:7: slide 2 \(list\): items: \d+ px too long: ", lines[0]), lines[0]
    assert "the items take 9" in lines[0] and "12 items" in lines[0]
    assert "24 px floor" in lines[0] and "split the slide" in lines[0]
    assert not (far / "output" / "far").exists()


def test_allow_overflow_builds_and_marks_the_slide(far):
    result = run_cli(far, "content/far.yaml", "--allow-overflow")
    assert result.returncode == 0, result.stderr
    assert re.search(r"slide 2 \(list\): overflows: \d+ px too long", result.stdout)
    out = far / "output" / "far"
    summary = json.loads((out / "post.json").read_text(encoding="utf-8"))
    assert [(w["slide"], w["level"]) for w in summary["warnings"]] == [(2, "error")]
    sheet = Image.open(out / "contact-sheet.png").convert("RGB")
    # Two thumbnails side by side; the second has a red frame, the first none.
    assert sheet.getpixel((24 + 270 + 24 - 3, 200))[0] > 200
    assert sheet.getpixel((24 - 3, 200))[0] < 60


def test_floor_is_a_theme_setting(tmp_path):
    project = make_project(tmp_path / "project", {"content/slight.yaml": SLIGHT})
    theme = project / "themes" / "terminal" / "theme.yaml"
    theme.write_text(theme.read_text(encoding="utf-8").replace("min_text_px: 24", "min_text_px: 30"), encoding="utf-8")
    result = run_cli(project, "content/slight.yaml")
    # The item text is 30 px: with a 30 px floor nothing can shrink, so the slide fails.
    assert result.returncode == 1 and "30 px floor" in result.stderr, result.stderr


def _pdf_objects(data: bytes) -> bytes:
    """The PDF with its compressed streams inflated, to read the catalog."""
    out = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            out.append(zlib.decompress(match.group(1)))
        except zlib.error:
            pass
    return b"".join(out)


def test_pdf_is_tagged_with_language_and_title(slight):
    out, _ = slight
    data = (out / "fit.pdf").read_bytes()
    pdf = pdfium.PdfDocument(data)
    try:
        import pypdfium2.raw as raw

        assert raw.FPDFCatalog_IsTagged(pdf.raw)
        assert pdf.get_metadata_dict()["Title"] == "Fit test"
    finally:
        pdf.close()
    objects = _pdf_objects(data)
    assert b"/Lang (en-GB)" in objects
    assert b"/DisplayDocTitle true" in objects
    assert b'pdfuaid:part="1"' in objects
    assert b"/Alt <feff" in objects, "emoji images carry alternative text"


def test_alt_json_caption_sheet_and_zip(slight):
    out, _ = slight
    alts = json.loads((out / "alt.json").read_text(encoding="utf-8"))
    assert [a["png"] for a in alts] == ["png/01.png", "png/02.png", "png/03.png"]
    assert "🔗" in alts[0]["alt"] and "Slow test suite" in alts[0]["alt"]
    assert "Test Author" not in alts[0]["alt"], "the frame (byline, counter) is not part of the alt text"
    caption = (out / "caption.txt").read_text(encoding="utf-8")
    assert caption == ("Five patterns for your team (https://example.com).\n\n• one\n• two\n\n#CTO #architecture\n")
    sheet = Image.open(out / "contact-sheet.png")
    assert sheet.size == (24 + 2 * (270 + 24), 24 + 2 * (338 + 24))
    with zipfile.ZipFile(io.BytesIO((out / "fit-png.zip").read_bytes())) as archive:
        assert archive.namelist() == ["01.png", "02.png", "03.png"]
        assert archive.read("02.png") == (out / "png" / "02.png").read_bytes()


def test_an_unbreakable_word_too_wide_fails_never_cut(far):
    (far / "content" / "wide.yaml").write_text(
        "title: Wide\nslides:\n  - kind: cover\n    title: Supercalifragilisticexpialidociousnessbeyondwords\n",
        encoding="utf-8")
    result = run_cli(far, "content/wide.yaml")
    assert result.returncode == 1
    assert re.search(r'slide 1 \(cover\): \d+ px too wide \(h1\.title "Supercalifragilistic', result.stderr), result.stderr


PICTURE_KIND = """{#- schema
summary: A picture with its description.
fields:
  title: {type: inline, required: true}
  src: {type: path, required: true}
  alt: text
-#}
{% extends "slide.html" %}
{% block body %}<h2 class="title">{{ slide.data.title }}</h2>{% endblock %}
"""
NO_ALT_KIND = """{#- schema
summary: A template that forgets the alt attribute.
fields:
  title: {type: inline, required: true}
-#}
{% extends "slide.html" %}
{% block body %}<h2 class="title">{{ slide.data.title }}</h2>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="10" height="10">{% endblock %}
"""


def test_images_need_alt_text(tmp_path):
    project = make_project(tmp_path / "project", {
        "templates/slides/picture.html": PICTURE_KIND, "templates/slides/bare.html": NO_ALT_KIND,
        "content/pic.png": "not really a png",
        "content/picture.yaml": "title: P\nslides:\n  - kind: picture\n    title: Hi\n    src: pic.png\n",
        "content/bare.yaml": "title: B\nslides:\n  - kind: cover\n    title: Fine\n  - kind: bare\n    title: Hi\n",
        "content/md.yaml": "title: M\nslides:\n  - kind: content\n    title: Hi\n    body: \"See ![](pic.png)\"\n",
    })
    picture = run_cli(project, "content/picture.yaml")
    assert picture.returncode == 1
    assert picture.stderr.startswith("✗ content/picture.yaml:3: slide 1 (picture): alt: missing alt text for the image")
    bare = run_cli(project, "content/bare.yaml")
    assert bare.returncode == 1
    assert "content/bare.yaml: slide 2 (bare): an image has no alt attribute" in bare.stderr
    markdown = run_cli(project, "content/md.yaml")
    assert markdown.returncode == 1
    assert markdown.stderr.startswith("✗ content/md.yaml:3: slide 1 (content): body: missing alt text for the image")
