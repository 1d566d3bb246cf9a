"""Filling a kind's fields from a Markdown body; its `!!!` boxes and `[[tags]]` read as the HTML stage reads them."""

import re

import pytest
from markupsafe import Markup

from carrousel.errors import CarrouselError
from carrousel.html import markup
from carrousel.html.document import environment
from carrousel.load.kinds import load_kinds
from carrousel.load.mdblocks import locdict
from carrousel.load.mdfill import fill
from carrousel.theme.themes import load_theme
from carrousel.layers import Layers
from helpers import REPO

KINDS = load_kinds(REPO / "templates")


def filled(kind: str, body: str, **given) -> dict:
    slide = locdict({"kind": kind, **given}, 1)
    return fill(slide, 2, body.split("\n"), KINDS, 1)


@pytest.fixture(scope="module")
def convert():
    """The HTML stage's block conversion with the repo's components.html."""
    components = environment(Layers(REPO), load_theme("paper", Layers(REPO))).get_template("components.html")
    return markup.Converter(components).block


BOXES = [
    "!!! annotation amber\n    → one index\n    serves both",  # indented
    "!!! annotation amber\n→ one index\nserves both",  # right below the marker
    "!!! annotation amber\n\tone index\n\tserves both",  # a tab
    "!!! annotation amber\n  one index\n\n  serves both",  # two spaces, a blank line inside
]


@pytest.mark.parametrize("box", BOXES)
def test_a_box_holds_the_same_text_for_the_loader_and_the_html_stage(box, convert):
    note = filled("code", f"# C\n```sql\nSELECT 1;\n```\n{box}")
    html = convert(f"{box}\n\nAfter the box.")  # and where the box ends
    inside = re.match(r'<div class="annotation tone-amber">(.*?)</div>\s*<p>After the box\.</p>$', html, re.DOTALL)
    assert inside, html
    assert note["annotation"]["tone"] == "amber"
    assert note["annotation"]["text"] == " ".join(Markup(inside.group(1)).striptags().split())


TAGS = ["[[amber: high cost]]", "[[ amber :high cost ]]", "[[purple: x]]", "[[default: x]]", "[[a]b]]",
        "[[green: **bold**]]"]


@pytest.mark.parametrize("tag", TAGS)
def test_a_tag_has_the_same_text_and_tone_for_the_loader_and_the_html_stage(tag, convert):
    item = filled("list", f"# L\n- **Title** — text {tag}")["items"][0]
    loaded = item["tag"] if isinstance(item["tag"], dict) else {"text": item["tag"], "tone": "default"}
    html = convert(tag)
    span = re.fullmatch(r'<p><span class="tag tone-(\w+)">(.*)</span></p>', html)
    assert span, html
    assert (loaded["tone"], str(markup.inline(loaded["text"]))) == (span.group(1), span.group(2))
    assert item["text"] == "text"


def test_a_callout_keeps_its_markdown_for_a_body_field(convert):
    data = filled("content", "# T\n!!! callout red\n    - one\n    - two\n\nEnd.")
    assert data["body"] == "!!! callout red\n    - one\n    - two\n\nEnd."
    assert convert(data["body"]).startswith('<div class="callout tone-red">\n<ul>\n<li>one</li>')


def test_fields_the_kind_lacks_are_refused_with_the_line():
    with pytest.raises(CarrouselError) as err:
        filled("cover", "# T\nSub\n\n- a list")
    assert (err.value.line, err.value.slide, err.value.kind) == (5, 1, "cover")
    assert "no place in a cover slide" in err.value.message


def test_a_diff_fence_fills_before_and_after_and_the_language():
    data = filled("code", "# D\n```diff sql\n-a\n+b\n c\n```")
    assert (data["before"], data["after"], data["language"]) == ("a\nc\n", "b\nc\n", "sql")
