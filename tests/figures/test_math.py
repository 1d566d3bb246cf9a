"""Math: the dollar rules, vector formulas with a baseline, errors for people."""

from __future__ import annotations

import pytest
from figure_kit import page_pdf, pdf_image

from carrousel.errors import CarrouselError
from carrousel.figures.math import MathSpan, find_math, render, split_math


@pytest.mark.parametrize("text", ["costs $5 and $10", "from $20,000 to $30,000", "a lone $ sign",
                                  "$ x$ has a space after the opening", "$x $ has one before the closing",
                                  "$x$5 is followed by a digit", r"escaped \$x\$ stays text", "$$ $$"])
def test_dollars_that_are_not_math_stay_text(text):
    assert find_math(text) == []


def test_inline_and_display_math_are_found_with_their_latex():
    text = r"Energy $E = mc^2$ and $$C = \sum_i r_i$$ done"
    assert find_math(text) == [MathSpan(7, 17, "E = mc^2", False), MathSpan(22, 40, r"C = \sum_i r_i", True)]


def test_a_dollar_amount_before_math_does_not_swallow_it():
    assert [span.latex for span in find_math("pay $5 for $x^2$ tokens")] == ["x^2"]


def test_split_math_turns_escaped_dollars_into_dollars():
    pieces = split_math(r"a \$5 fee, $x$ units")
    assert pieces == ["a $5 fee, ", MathSpan(11, 14, "x", False), " units"]


def test_a_formula_is_paths_in_its_colour_with_no_text():
    formula = render(r"C = \sum_i r_i \cdot p \cdot 730", "#e6edf3", 34, display=True)
    assert "<path" in formula.svg and "<text" not in formula.svg and "<use" not in formula.svg
    assert "#e6edf3" in formula.svg and formula.latex == r"C = \sum_i r_i \cdot p \cdot 730"
    inline = render(r"C = \sum_i r_i \cdot p \cdot 730", "#e6edf3", 34)
    assert formula.height > inline.height  # display style: the sum is bigger, its index below it
    assert render("x", "#000", 34).svg == render("x", "#000", 34).svg


def test_depth_is_what_hangs_below_the_baseline():
    assert render("y", "#000", 40).depth > render("x", "#000", 40).depth + 5  # y's tail
    assert render(r"\frac{a}{b}", "#000", 40, display=True).depth > 10


@pytest.mark.parametrize("latex, words", [(r"\foo{x}", r"unknown LaTeX command \foo"),
                                          (r"\frca{a}{b}", r"did you mean '\frac'"),
                                          ("x_", "missing super script or subscript"),
                                          (r"\frac{a}", "incomplete or malformed")])
def test_bad_latex_is_one_line_for_people(latex, words):
    with pytest.raises(CarrouselError) as caught:
        render(latex, "#000", 34)
    assert words in str(caught.value) and "\n" not in str(caught.value)


def test_inline_math_sits_on_the_text_baseline():
    """An x of Inter then a math x lowered by its depth: the bottoms of their ink line up (within 1.5 px)."""
    formula = render("x", "#000000", 80)
    import base64

    image = (f'<img src="data:image/svg+xml;base64,{base64.b64encode(formula.svg.encode()).decode()}" '
             f'style="width:{formula.width}px;height:{formula.height}px;vertical-align:-{formula.depth}px">')
    html = f'<p style="font: 80px Inter; margin: 200px 100px; line-height: 1">x&#8195;&#8195;{image}</p>'
    picture = pdf_image(page_pdf([], extra=html)).convert("L")
    width = picture.width

    def ink_bottom(left: int, right: int) -> int:
        box = picture.crop((left, 0, right, picture.height)).point(lambda v: 255 if v < 128 else 0).getbbox()
        return box[3]

    text_x, math_x = ink_bottom(0, 260), ink_bottom(260, width)
    assert abs(text_x - math_x) <= 1.5
