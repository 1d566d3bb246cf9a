"""Fit or fail, on real output: shrunk slides keep every word on the page, hopeless ones fail in one line."""

import json
import re

import pypdfium2 as pdfium

from helpers import build, error_of, make_project, open_png, pdf_texts
from samples import LONG_LINE, SLIGHT


def test_slightly_long_slide_is_shrunk_with_a_warning(slight):
    built, out = slight
    [warning] = built.warnings
    match = re.fullmatch(r"  ! fit: slide 1 \(list\): shrunk to (\d+)% to fit", warning.line("fit"))
    assert match, warning
    assert 70 <= int(match.group(1)) < 100
    summary = json.loads((out / "post.json").read_text(encoding="utf-8"))
    assert [w["code"] for w in summary["warnings"]] == ["shrunk"]
    assert "shrunk to" in (out / "index.html").read_text(encoding="utf-8")


def test_last_word_is_in_the_pdf_text_and_visibly_inside_the_page(slight):
    _, out = slight
    assert "every single time, lastword" in pdf_texts(out / "fit.pdf")[0]
    pdf = pdfium.PdfDocument(out / "fit.pdf")
    try:
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
    png = open_png(out / "png" / "01.png").convert("L")
    ink = [p for p in png.crop(box).get_flattened_data() if p > 110]
    assert len(ink) > 10, "the last word is drawn in the PNG, not clipped"


def test_long_code_line_wraps_and_is_never_cut(slight):
    built, out = slight
    assert not [w for w in built.warnings if w.slide == 2], "a wrapped code line needs no shrinking"
    assert LONG_LINE.replace(" ", "") in pdf_texts(out / "fit.pdf")[1].replace(" ", "")


def test_far_too_long_fails_in_one_line(far_project):
    message = error_of(build, far_project / "content" / "far.yaml").format()
    assert "\n" not in message
    # At the field that takes the room (its line), not at the last item.
    assert re.match(r"content/far\.yaml:7: slide 2 \(list\): items: \d+ px too long( at \d+%)?: ", message), message
    assert "the items take 9" in message and "12 items" in message
    assert "24 px floor" in message and "split the slide" in message
    assert not (far_project / "output" / "far").exists()


def test_allow_overflow_builds_and_marks_the_slide(far_overflowing):
    built, out = far_overflowing
    [warning] = built.warnings
    assert re.fullmatch(r"  ! far: slide 2 \(list\): overflows: \d+ px too long( at \d+%)?: .*", warning.line("far"))
    summary = json.loads((out / "post.json").read_text(encoding="utf-8"))
    assert [(w["slide"], w["level"]) for w in summary["warnings"]] == [(2, "error")]
    sheet = open_png(out / "contact-sheet.png")
    # Two thumbnails side by side; the second has a red frame, the first none.
    assert sheet.getpixel((24 + 270 + 24 - 3, 200))[0] > 200
    assert sheet.getpixel((24 - 3, 200))[0] < 60


def test_floor_is_a_theme_setting(tmp_path):
    project = make_project(tmp_path / "project", {"content/slight.yaml": SLIGHT})
    theme = project / "themes" / "terminal" / "theme.yaml"
    theme.write_text(theme.read_text(encoding="utf-8").replace("min_text_px: 24", "min_text_px: 30"), encoding="utf-8")
    # The item text is 30 px: with a 30 px floor nothing can shrink, so the slide fails.
    assert "30 px floor" in error_of(build, project / "content" / "slight.yaml").format()


def test_an_unbreakable_word_too_wide_fails_never_cut(far_project):
    (far_project / "content" / "wide.yaml").write_text(
        "title: Wide\nslides:\n  - kind: cover\n    title: Supercalifragilisticexpialidociousnessbeyondwords\n",
        encoding="utf-8")
    message = error_of(build, far_project / "content" / "wide.yaml").format()
    assert re.search(r'slide 1 \(cover\): \d+ px too wide \(h1\.title "Supercalifragilistic', message), message
