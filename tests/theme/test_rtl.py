"""Right to left: an Arabic post mirrors its layout in every theme (measured on its PNGs), code stays left to
right; a Japanese post marks emphasis without italics."""

from __future__ import annotations

import pytest
from theme_kit import RTL, THEMES, boxes, build, pdf_chars, png


@pytest.fixture(scope="module")
def rtl(tmp_path_factory) -> dict:
    """The Arabic post built in every theme: {theme: Built}."""
    return {theme: build(tmp_path_factory, f"rtl-{theme}", RTL.format(theme=theme)) for theme in THEMES}


def _ink_columns(image, box, background) -> list[int]:
    """The x of every column of a box's area (in px) that has a pixel far from the background colour."""
    left, top = round(box.position_x), round(box.position_y)
    right, bottom = round(box.position_x + box.margin_width()), round(box.position_y + box.margin_height())
    crop = image.crop((left, top, right, bottom))
    width, height = crop.size
    pixels = crop.load()
    return [left + x for x in range(width)
            if any(sum(abs(a - b) for a, b in zip(pixels[x, y], background)) > 120 for y in range(height))]


def _rows_with_ink(image, x0, x1, y0, y1, background) -> int:
    pixels = image.load()
    return sum(any(sum(abs(a - b) for a, b in zip(pixels[x, y], background)) > 120 for x in range(x0, x1))
               for y in range(y0, y1))


@pytest.mark.parametrize("theme", THEMES)
def test_the_html_says_rtl_and_the_title_sits_on_the_right(rtl, theme):
    built = rtl[theme]
    (root,) = built.fitted.document.pages[0]._page_box.children
    assert (root.element.get("lang"), root.element.get("dir")) == ("ar", "rtl")  # from the post's lang
    image = png(built, 0)
    (title,) = boxes(built, 0, "title")
    ink = _ink_columns(image, title, image.getpixel((round(title.position_x) + 2, round(title.position_y) + 2)))
    content_left = title.position_x + title.padding_left + title.border_left_width
    content_right = content_left + title.width
    assert ink, "no title ink"
    assert content_right - 12 <= max(ink) <= content_right + 2  # flush right
    assert min(ink) > content_left + 150  # "خمسة أنماط" is short: the left of the line is empty


@pytest.mark.parametrize("theme", THEMES)
def test_the_swipe_hint_is_on_the_left_and_its_arrow_points_left(rtl, theme):
    built = rtl[theme]
    image = png(built, 0)
    (swipe,) = boxes(built, 0, "swipe")
    assert swipe.position_x + swipe.margin_width() < 540  # the left half of the page
    (arrow,) = boxes(built, 0, "arrow")
    x0, y0 = round(arrow.position_x), round(arrow.position_y)
    y1 = round(arrow.position_y + arrow.margin_height())
    background = image.getpixel((x0, y0))
    ink = _ink_columns(image, arrow, background)
    left, right = min(ink), max(ink)
    third = max(1, (right - left) // 3)
    # An arrow's head is taller than its shaft: drawn mirrored, the head (most rows inked) is on the left.
    head = _rows_with_ink(image, left, left + third, y0, y1, background)
    tail = _rows_with_ink(image, right - third + 1, right + 1, y0, y1, background)
    assert head > tail * 1.5, (head, tail)


@pytest.mark.parametrize("theme", THEMES)
def test_step_numbers_are_on_the_right_and_tags_on_the_left(rtl, theme):
    built = rtl[theme]
    (step,) = [box for box in boxes(built, 1, "step") if "حدد" in "".join(box.element.itertext())]
    (number,) = [box for box in boxes(built, 1, "step-number") if box.element in step.element.iter()]
    (tag,) = [box for box in boxes(built, 1, "step-tag") if box.element in step.element.iter()]
    middle = step.position_x + step.margin_width() / 2
    assert number.position_x > middle and tag.position_x + tag.margin_width() < middle


def test_code_stays_left_to_right(tmp_path_factory):
    post = ("title: شفرة\nlang: ar\nslides:\n  - kind: code\n    title: مثال\n    language: python\n"
            "    code: |\n      print('hi')  # تعليق\n  - kind: cover\n    title: نهاية\n")
    built = build(tmp_path_factory, "rtl-code", post)
    (line,) = boxes(built, 0, "line")[:1]
    (pre,) = [box for box in boxes(built, 0, "code-panel")]
    texts = [box for box in line.descendants() if type(box).__name__ == "TextBox"]
    (code,) = [box for box in texts if "print" in box.text]
    (comment,) = [box for box in texts if "#" in box.text]
    assert code.position_x < pre.position_x + pre.margin_width() / 2  # starts on the left
    assert comment.position_x > code.position_x  # and reads on to the right, its Arabic comment included


def test_japanese_emphasis_is_upright_and_dotted(tmp_path_factory):
    post = "title: 強調\nlang: ja\nslides:\n  - kind: cover\n    title: これは*とても*大事\n  - kind: cover\n    title: 次\n"
    built = build(tmp_path_factory, "ja-em", post)
    (emphasis,) = [box for box in boxes(built, 0, "title")[0].descendants()
                   if getattr(box, "element_tag", None) == "em" and type(box).__name__ == "InlineBox"]
    assert emphasis.style["font_style"] == "normal"
    assert "overline" in emphasis.style["text_decoration_line"]
    fonts_of_em = {font for char, font in pdf_chars(built.files["ja-em.pdf"])[0] if char in "とても"}
    assert fonts_of_em and not [font for font in fonts_of_em if "Italic" in font or "Oblique" in font]
