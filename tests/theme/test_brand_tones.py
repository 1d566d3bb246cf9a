"""Brand without breaking meaning: any accent passes AA in every theme and mode, and tones stay themselves."""

from __future__ import annotations

import pytest
from coloraide import Color

from carrousel.build.project import Project
from carrousel.checks import contrast
from carrousel.html import document as html
from carrousel.layers import Layers
from carrousel.layout import sandbox
from carrousel.load.post import load_post
from carrousel.theme.brand import apply as apply_brand
from carrousel.theme.modes import available_modes, with_mode
from carrousel.theme.themes import available, load_theme

from helpers import REPO, make_project

# Eight hues, a yellow and a light cyan among them: the hard ones on light pages.
ACCENTS = ["#ff7a1a", "#ffd400", "#7fdbff", "#0033aa", "#8a2be2", "#e6007e", "#00a86b", "#8b5a2b"]
THEMES = list(available(Layers(REPO)))
HUES = {"green": (95, 175), "blue": (200, 275), "amber": (35, 100), "red": (-30, 35)}  # OKLCH hue, degrees
TONED = {"tag", "compare-label", "stat-value"}  # the parts drawn in their tone's colour

POST = """\
title: Brand check
theme: {theme}
mode: {mode}
author: {{name: Ada Lovelace, role: Engineer}}
brand: {{accent: "{accent}"}}
slides:
  - kind: cover
    kicker: Database tips
    title: Three **Postgres** mistakes
    subtitle: Why your queries are slow
  - kind: list
    eyebrow: Tones
    title: Good and **bad**
    items:
      - {{icon: 🔗, title: Good, text: "`green` stays green", tag: {{text: ok, tone: green}}}}
      - {{title: Bad, text: red stays red, tag: {{text: risk, tone: red}}}}
      - {{title: Info, text: blue, tag: {{text: 2 days, tone: blue}}}}
      - {{title: Warn, text: amber, tag: {{text: careful, tone: amber}}}}
  - kind: stat
    value: 83%
    label: of our **outages**
    tone: green
  - kind: compare
    title: Do and don't
    left: {{label: Don't, body: "- one", tone: red}}
    right: {{label: Do, body: "- two", tone: green}}
  - kind: steps
    title: Steps
    steps:
      - {{title: One, text: first, tag: {{text: low risk, tone: green}}}}
  - kind: end
    kicker: Your turn
    title: Thanks
    text: Which **one**?
    links: [{{label: blog, value: example.dev}}]
"""


@pytest.fixture(scope="module")
def brand_project(tmp_path_factory) -> Project:
    return Project.at(make_project(tmp_path_factory.mktemp("brand") / "project"))


def _hue(colour: str) -> float:
    hue = Color(colour).convert("oklch")["hue"]
    return hue - 360 if hue > 330 else hue


def _tone_colours(document) -> list[tuple[str, str]]:
    """(tone, text colour) of the text of every toned part: tags, compare labels, stat values."""
    from weasyprint.formatting_structure.boxes import TextBox

    found = []

    def walk(box, tone, part):
        element = getattr(box, "element", None)
        classes = set((element.get("class") or "").split()) if element is not None else set()
        tone = next((c[5:] for c in classes if c[5:] in HUES and c.startswith("tone-")), tone)
        part = part or bool(classes & TONED)
        for child in getattr(box, "children", None) or ():
            if isinstance(child, TextBox) and child.text.strip() and tone and part:
                found.append((tone, _hex(child.style["color"])))
            else:
                walk(child, tone, part)

    for page in document.pages:
        walk(page._page_box, None, False)
    return found


def _hex(colour) -> str:
    srgb = colour.to("srgb") if getattr(colour, "space", "srgb") != "srgb" else colour
    return contrast.hex_colour([min(1.0, max(0.0, float(c))) for c in srgb.coordinates])


@pytest.mark.parametrize("theme_name", THEMES)
def test_any_accent_reads_and_tones_keep_their_hue(brand_project, theme_name, tmp_path):
    project = brand_project
    base = load_theme(theme_name, project.layers)
    modes = available_modes(base)
    assert set(modes) == {"light", "dark"}, f"{theme_name} has modes {modes}"
    findings, drifted = [], []
    for mode in modes:
        plain = with_mode(base, mode)
        for accent in ACCENTS:
            source = project.root / "content" / f"{theme_name}-{mode}-{accent[1:]}.yaml"
            source.write_text(POST.format(theme=theme_name, mode=mode, accent=accent), encoding="utf-8")
            post = load_post(source, project.root, project.kinds, project.settings)
            theme = apply_brand(with_mode(base, mode), post.brand)
            document = sandbox.lay_out(html.to_html(post, theme, project.kinds, project.layers), source.parent,
                                       project.readable(), where=source.name)
            findings += [f"{mode} {accent}: {p.colour} on {p.background} is {p.ratio:.2f}:1 ('{p.sample}')"
                         for p in contrast.pairs(document) if not p.ok]
            seen = _tone_colours(document)
            assert {tone for tone, _ in seen} == set(HUES)
            for tone, colour in seen:
                low, high = HUES[tone]
                if not low <= _hue(colour) <= high or theme.tokens[f"{tone}-text"] != plain.tokens[f"{tone}-text"]:
                    drifted.append(f"{mode} {accent}: {tone} text drawn {colour}")
    assert not findings, "\n".join(sorted(set(findings)))
    assert not drifted, "\n".join(sorted(set(drifted)))
