"""Contrast by construction: every Pygments token colour, on every surface code sits on, passes WCAG AA."""

import re

import pytest
from code_kit import THEMES, lay_out, prepared
from pygments.token import STANDARD_TYPES

from carrousel.checks import contrast
from carrousel.html import codestyle

SURFACES = {  # line class, mark around the words (or none)
    "plain": ("", None),
    "highlighted": ("hl", None),
    "removed": ("del", None),
    "added": ("add", None),
    "removed word": ("del", "wdel"),
    "added word": ("add", "wadd"),
}
CLASSES = sorted(css for css in STANDARD_TYPES.values() if css)
POST = """title: Every token
theme: {theme}
format: story
slides:
  - kind: code
    title: Tokens
    numbers: true
    code: |
      x = 1
"""


def sample_lines() -> str:
    """Lines holding one run of every token class (and plain text), each surface in turn, numbered."""
    lines, number = [], 0
    for line_class, mark in SURFACES.values():
        for start in range(0, len(CLASSES), 18):
            number += 1
            words = "".join(f'<span class="{css}">{css[:2]}</span> ' for css in CLASSES[start:start + 18])
            words = f"plain {words}"
            if mark:
                words = f'<mark class="{mark}">{words.strip()}</mark>'
            lines.append(f'<span class="line {line_class}"><span class="ln">{number}</span>{words}</span>')
    return "".join(lines)


@pytest.mark.parametrize("theme", THEMES)
def test_every_token_on_every_surface_passes_aa(tmp_path, theme):
    prep = prepared(tmp_path / "project", POST.format(theme=theme))
    html = re.sub(r"<pre>.*?</pre>", lambda _: f"<pre>{sample_lines()}</pre>", prep.documents[0], flags=re.DOTALL)
    document, fit = lay_out(prep, html)
    assert fit.overflow is None and fit.scale == 1, "the sample is laid out whole, at full size"
    pairs = contrast.pairs(document)
    code_colours = {pair.background for pair in pairs}
    # Every surface was drawn: six backgrounds under code text (the panel, hl, del, add and the two marks).
    assert len(set(codestyle.surfaces(prep.theme.tokens))) == 6
    assert len(code_colours) >= 6, code_colours
    failing = [f"{p.colour} on {p.background}: {p.ratio:.2f}:1 ({p.sample!r})" for p in pairs if not p.ok]
    assert failing == []


def test_a_failing_colour_is_replaced_by_the_nearest_passing_one():
    dark_green = codestyle.parse_colour("#276734")
    fixed = codestyle.readable(codestyle.parse_colour("#ff7b72"), dark_green)
    assert contrast.ratio(fixed, dark_green) >= 4.5
    assert fixed[0] > fixed[1] and fixed[0] > fixed[2], "still a red"
    kept = codestyle.parse_colour("#ffffff")
    assert codestyle.readable(kept, dark_green) == kept


@pytest.mark.parametrize("theme", THEMES)
def test_each_fixed_colour_gets_a_rule_for_its_surface(project, theme):
    """What `check` found before (#ff7b72 and #a5d6ff on terminal's added-word mark, #c41a16 on paper's): the
    stylesheet gives each failing colour a passing one, on that surface only."""
    from carrousel.layers import Layers
    from carrousel.theme.themes import load_theme

    loaded = load_theme(theme, Layers(project))
    css = codestyle.stylesheet(loaded.code_style, loaded.tokens)
    surfaces = codestyle.surfaces(loaded.tokens)
    fixed = re.findall(r"^\.code \.line\.add mark\.wadd \.(\w+) \{ color: (#[0-9a-f]{6}) \}$", css, re.MULTILINE)
    for css_class, colour in fixed:
        assert contrast.ratio(codestyle.parse_colour(colour), surfaces["wadd"]) >= 4.5, css_class
    if theme == "terminal":
        assert fixed, "github-dark's reds and blues need lighter shades on the added-word mark"
