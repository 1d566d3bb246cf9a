"""WCAG contrast: the checker's maths against WCAG's published values, and low contrast found on real slides."""

import pytest

from carrousel.checks.contrast import hex_colour, luminance, ratio
from helpers import build


def rgb(hex_colour: str) -> tuple[float, float, float]:
    """#rrggbb as sRGB channels 0-1."""
    digits = hex_colour.lstrip("#")
    return tuple(int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4))


# Ratios on white as WebAIM's contrast checker and WCAG's examples publish them (rounded to 0.01).
@pytest.mark.parametrize("colour, published", [
    ("#000000", 21.0),
    ("#767676", 4.54),  # the lightest grey that passes AA on white
    ("#777777", 4.48),  # one step lighter: fails
    ("#0000FF", 8.59),
    ("#FF0000", 4.0),
    ("#00FF00", 1.37),
    ("#FFFFFF", 1.0),
])
def test_ratio_on_white_matches_the_published_values(colour, published):
    assert round(ratio(rgb(colour), rgb("#FFFFFF")), 2) == published
    assert ratio(rgb("#FFFFFF"), rgb(colour)) == ratio(rgb(colour), rgb("#FFFFFF"))  # order does not matter


def test_relative_luminance_as_wcag_defines_it():
    assert luminance(rgb("#FFFFFF")) == pytest.approx(1.0) and luminance(rgb("#000000")) == 0
    assert luminance(rgb("#808080")) == pytest.approx(0.2158605, abs=1e-7)  # sRGB mid grey
    # The channel weights: pure red, green and blue.
    assert [luminance(rgb(c)) for c in ("#FF0000", "#00FF00", "#0000FF")] == pytest.approx([0.2126, 0.7152, 0.0722])
    # Below sRGB's 0.04045 knee a channel is linear (an older WCAG text gave 0.03928; 0.04 tells them apart).
    assert luminance((0.04, 0.04, 0.04)) == pytest.approx(0.04 / 12.92, rel=1e-12)
    assert luminance((0.05, 0.05, 0.05)) == pytest.approx(((0.05 + 0.055) / 1.055) ** 2.4, rel=1e-12)


def test_hex_colour_rounds_each_channel():
    assert hex_colour((1.0, 0.5, 0.0)) == "#ff8000" and hex_colour(rgb("#2b2b2b")) == "#2b2b2b"


def test_build_warns_about_low_contrast_on_the_slide_and_in_the_preview(project):
    (project / "themes" / "dim").mkdir(parents=True)
    (project / "themes" / "dim" / "theme.yaml").write_text(  # a theme's own accent text, unreadable on its page
        "extends: terminal\ntokens: {accent-text: \"#2b2b2b\"}\n", encoding="utf-8")
    (project / "content" / "dim.yaml").write_text(
        "title: Dim\ntheme: dim\nslides:\n  - kind: cover\n    kicker: Dim kicker\n    title: Hi\n",
        encoding="utf-8")
    built = build(project / "content" / "dim.yaml", scale=0.25)
    lines = [w.line("dim") for w in built.warnings]
    assert any(line.startswith("  ! dim: slide 1 (cover): low contrast: #2b2b2b on #") for line in lines), lines
    assert "low contrast: #2b2b2b" in built.files["index.html"]
