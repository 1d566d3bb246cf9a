"""Shipped themes: they load, their fonts exist, their text is readable, and overrides work."""

from __future__ import annotations

import pytest

from carrousel.checks.contrast import luminance, ratio
from carrousel.theme import fonts
from carrousel.theme.themes import available, load_theme
from carrousel.layers import Layers
from helpers import REPO, build, pdf_texts

THEMES = list(available(Layers(REPO)))
TOKENS = ("bg", "surface", "text", "muted", "accent", "accent-text", "green", "blue", "amber", "red", "emoji-line")


def rgb(colour: str) -> tuple[float, float, float]:
    """A #rrggbb token as sRGB channels 0-1."""
    digits = colour.lstrip("#")
    return tuple(int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4))


def contrast(fg: str, bg: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours, by the checker's own formula."""
    return ratio(rgb(fg), rgb(bg))


def test_at_least_three_designed_themes_ship():
    assert {"terminal", "paper", "blueprint"} <= set(THEMES)


@pytest.mark.parametrize("name", THEMES)
def test_theme_has_the_tokens_and_installed_fonts(name):
    theme = load_theme(name, Layers(REPO))
    for token in TOKENS:
        assert token in theme.tokens, f"{name}: token {token} missing"
    for role, family in theme.fonts.items():
        assert fonts.family_files(family, (400,), styles=("normal",)), f"{name}: font {role}={family}"


@pytest.mark.parametrize("name", THEMES)
@pytest.mark.parametrize("fg,bg", [("text", "bg"), ("muted", "bg"), ("accent-text", "bg"), ("text", "surface"),
                                   ("muted", "surface")])
def test_body_text_meets_wcag_aa(name, fg, bg):
    tokens = load_theme(name, Layers(REPO)).tokens
    ratio = contrast(tokens[fg], tokens[bg])
    assert ratio >= 4.5, f"{name}: {fg} on {bg} is {ratio:.2f}:1"


@pytest.mark.parametrize("name", ["paper", "blueprint"])
@pytest.mark.parametrize("tone", ["green", "blue", "amber", "red"])
def test_tone_colours_are_readable_as_text(name, tone):
    tokens = load_theme(name, Layers(REPO)).tokens
    assert contrast(tokens[tone], tokens["bg"]) >= 4.5


def test_dark_themes_draw_light_emoji_outlines():
    for name in THEMES:
        tokens = load_theme(name, Layers(REPO)).tokens
        dark_page = luminance(rgb(tokens["bg"])) < 0.2
        light_line = luminance(rgb(tokens["emoji-line"])) > 0.5
        assert dark_page == light_line, f"{name}: emoji-line does not contrast with bg"


def test_blueprint_extends_paper_and_keeps_its_own_look():
    theme = load_theme("blueprint", Layers(REPO))
    assert [d.name for d in theme.dirs] == ["blueprint", "paper"]
    assert theme.css.index("paper: light and editorial") < theme.css.index("blueprint: paper's structure")
    assert theme.tokens["bg"] != load_theme("paper", Layers(REPO)).tokens["bg"]
    assert theme.fonts["display"] == "Space Grotesk"


COVER_POST = """\
title: Indexes that lie
theme: {theme}
author: {{name: Ada Lovelace}}
slides:
  - kind: cover
    kicker: Database tips
    title: Indexes that **lie**
"""


@pytest.mark.parametrize("theme", ["paper", "blueprint"])
def test_cover_override_replaces_only_the_kicker_block(project, theme):
    (project / "content" / "p.yaml").write_text(COVER_POST.format(theme=theme), encoding="utf-8")
    built = build(project / "content" / "p.yaml", scale=0.25)  # the PNGs are not looked at
    pdf = built.files["p.pdf"]
    text = pdf_texts(pdf)[0]
    # The override's kicker (uppercase by CSS: letter-spacing must stay small enough to extract as words).
    assert "DATABASE TIPS" in text
    assert "Indexes that lie" in " ".join(text.split())  # the cover title (grown to fill the slide: it may wrap)
    # Paper's running head: the title, formatting stripped…
    head = pdf_texts(pdf, lines=True)[0].split("INDEXES THAT LIE", 1)
    assert len(head) == 2 and "01" in head[1].splitlines()[0]  # …then the folio on the same line
    assert "DATABASE TIPS" in text.upper() and "window" not in text


def test_override_templates_extend_the_original(tmp_path):
    from carrousel.html.document import environment

    theme = load_theme("paper", Layers(REPO))
    env = environment(Layers(REPO), theme)
    cover = env.get_template("slides/cover.html")
    source = (REPO / "themes" / "paper" / "templates" / "slides" / "cover.html").read_text(encoding="utf-8")
    assert '{% extends "!base/slides/cover.html" %}' in source
    assert set(cover.blocks) == {"kicker"}  # replaces one block, inherits the rest
    html = cover.render(slide={"number": 1, "data": {"kicker": "K", "title": "T", "subtitle": None}},
                        slides=[1], author={"name": "", "handle": ""}, avatar_uri=None, logo_uri=None, title="T", t={"swipe": "Swipe"})
    assert '<p class="eyebrow kicker">K</p>' in html
    assert 'class="tag tone-green kicker"' not in html
    assert '<h1 class="title">T</h1>' in html  # the original title block is kept
    assert 'class="running-title"' in html and "window-dots" not in html
