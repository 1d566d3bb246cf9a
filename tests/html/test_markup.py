"""Markdown bodies: components drawn by the theme's components.html macros, then sanitised."""

import os
import re

import pypdfium2 as pdfium
import pytest
from helpers import make_project, run_cli

from carrousel.errors import CarrouselError
from carrousel.html import markup
from carrousel.html.document import environment, to_html
from carrousel.layers import Layers
from carrousel.load import settings
from carrousel.load.kinds import load_kinds
from carrousel.load.post import load_post
from carrousel.theme.themes import load_theme

# A theme that redraws two components and keeps the others: `set` re-exports the originals.
KEPT = ("annotation", "icon", "eyebrow", "code_panel", "table", "figure", "stat", "author_badge")
STAMP_COMPONENTS = '{% import "!base/components.html" as base %}\n' + "".join(
    f"{{% set {name} = base.{name} %}}\n" for name in KEPT) + """
{% macro tag(value) -%}
<span class="tag stamp-tag tone-{{ value.tone }}" style="color: red" onclick="x()">#{{ value.text }}</span><script>x()</script>
{%- endmacro %}
{% macro callout(text, tone="default", title=none) -%}
<div class="callout stamp-callout tone-{{ tone }}"><p class="callout-title">Stamped</p>{{ text }}</div>
{%- endmacro %}
"""

POST = """---
title: Stamped
theme: stamp
---
---
# Body
Measure first. [[green: measure]] [[then **index**]]

!!! callout amber
    Drop **unused** indexes. [[red: now]]
"""


@pytest.fixture(scope="module")
def stamped(tmp_path_factory):
    """A project whose `stamp` theme overrides `tag` and `callout`, with a Markdown post using both."""
    root = make_project(tmp_path_factory.mktemp("stamp") / "project", files={
        "themes/stamp/theme.yaml": "name: stamp\nextends: paper\n",
        "themes/stamp/templates/components.html": STAMP_COMPONENTS,
        "content/stamped.md": POST,
    })
    return root


def rendered(root, name="stamped.md", theme="stamp"):
    kinds = load_kinds(root / "templates")
    post = load_post(root / "content" / name, root, kinds, settings.load(root))
    return to_html(post, load_theme(theme, Layers(root)), kinds, Layers(root))


def body_of(document: str) -> str:
    return document[document.index('<div class="prose">'):]


def test_a_themes_override_of_components_reaches_markdown_bodies(stamped):
    body = body_of(rendered(stamped))
    assert '<span class="tag stamp-tag tone-green">#measure</span>' in body
    assert '<span class="tag stamp-tag tone-default">#then<span class="sp"> </span><strong>index</strong></span>' in body
    # The callout is the theme's, and the tag inside it too: innermost components are drawn first.
    assert re.search(r'<div class="callout stamp-callout tone-amber"><p class="callout-title">Stamped</p>\s*'
                     r'<p>Drop<span class="sp"> </span><strong>unused</strong> indexes\.<span class="sp"> </span>'
                     r'<span class="tag stamp-tag tone-red">#now</span></p>',
                     body)


def test_what_a_theme_macro_writes_in_a_body_is_sanitised_like_the_body(stamped):
    body = body_of(rendered(stamped))
    assert body.count('class="tag stamp-tag') == 3
    assert "style=" not in body and "onclick" not in body and "<script" not in body


def test_the_override_reaches_the_pdf(stamped):
    result = run_cli(stamped, "content/stamped.md")
    assert result.returncode == 0, result.stderr
    pdf = pdfium.PdfDocument(stamped / "output" / "stamped" / "stamped.pdf")
    text = re.sub(r"\s+", " ", pdf[0].get_textpage().get_text_range())
    pdf.close()
    assert "#measure" in text and "#then index" in text and "Stamped" in text and "#now" in text


def test_an_edited_components_html_is_used_by_the_next_render(tmp_path):
    root = make_project(tmp_path / "project", files={"content/stamped.md": POST.replace("theme: stamp\n", "")})
    assert '<span class="tag tone-green">measure</span>' in rendered(root, theme="paper")
    path = root / "templates" / "components.html"
    path.write_text(path.read_text(encoding="utf-8").replace('<span class="tag tone-{{ value.tone }}">',
                                                             '<span class="tag edited tone-{{ value.tone }}">'),
                    encoding="utf-8")
    later = path.stat().st_mtime + 5
    os.utime(path, (later, later))  # Jinja reloads a template whose modification time changed
    assert '<span class="tag edited tone-green">measure</span>' in rendered(root, theme="paper")


def test_a_missing_macro_is_one_line_naming_it(stamped):
    path = stamped / "themes" / "stamp" / "templates" / "components.html"
    components = environment(Layers(stamped), load_theme("stamp", Layers(stamped))).from_string(
        path.read_text(encoding="utf-8").replace("{% set table = base.table %}", ""))
    with pytest.raises(CarrouselError) as err:
        markup.Converter(components).block("| a |\n|---|\n| 1 |")
    assert "has no macro 'table'" in err.value.format() and "\n" not in err.value.format()
    components = environment(Layers(stamped), load_theme("stamp", Layers(stamped))).from_string(
        '{% macro callout(text) %}{{ text }}{% endmacro %}')
    with pytest.raises(CarrouselError) as err:
        markup.Converter(components).block("!!! callout amber\n    x")
    assert "macro callout(text) cannot take what a Markdown body gives it (2 values)" in err.value.message


@pytest.fixture(scope="module")
def paper(tmp_path_factory):
    """The default components.html, as a Converter gets it."""
    root = make_project(tmp_path_factory.mktemp("paper") / "project")
    return environment(Layers(root), load_theme("paper", Layers(root))).get_template("components.html")


def test_default_components_write_what_the_theme_css_styles(paper):
    convert = markup.Converter(paper).block
    assert convert("[[green: low **risk**]] [[plain]]") == (
        '<p><span class="tag tone-green">low <strong>risk</strong></span> '
        '<span class="tag tone-default">plain</span></p>')
    assert convert("!!! callout amber\n    Drop **unused** indexes.\n\n    - one\n") == (
        '<div class="callout tone-amber">\n<p>Drop <strong>unused</strong> indexes.</p>\n<ul>\n<li>one</li>\n'
        '</ul>\n</div>')
    assert convert("!!! annotation\n    → the result") == (
        '<div class="annotation tone-default">\n<p>→ the result</p>\n</div>')
    assert convert("| a | b |\n|---|:-:|\n| 1 | [[red: 2]] |") == (  # `:-:` centres the column
        '<table>\n<thead>\n<tr>\n<th>a</th>\n<th class="align-center">b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n'
        '<td>1</td>\n<td class="align-center"><span class="tag tone-red">2</span></td>\n</tr>\n</tbody>\n</table>')
    assert convert('![A & B](assets/d.png "The path")') == (
        '<figure class="figure">\n  <div class="figure-frame"><img src="assets/d.png" alt="A &amp; B"></div>\n'
        '<figcaption class="figure-caption">The path</figcaption></figure>')


def test_raw_html_is_text_unless_allowed_and_then_still_sanitised(paper):
    text = '<b>bold</b> <span style="color:red" onclick="x()">s</span> <a href="javascript:x()">l</a> [[t]]'
    assert markup.Converter(paper).block(text) == (
        # escaped, raw HTML is text: its quotes are typographic like any other
        '<p>&lt;b&gt;bold&lt;/b&gt; &lt;span style=”color:red” onclick=”x()”&gt;s&lt;/span&gt; '
        '&lt;a href=”javascript:x()”&gt;l&lt;/a&gt; <span class="tag tone-default">t</span></p>')
    assert markup.Converter(paper, allow_html=True).block(text) == (
        '<p><b>bold</b> <span>s</span> <a>l</a> <span class="tag tone-default">t</span></p>')


def test_raw_html_cannot_pass_for_a_component(paper):
    forged = '<div data-component="callout" data-tone="red">x</div>'
    assert markup.Converter(paper, allow_html=True).block(forged) == "<div>x</div>"


def test_without_a_theme_components_keep_their_text(paper):
    assert markup.inline("Ship [[green: **small**]] changes") == "Ship <span><strong>small</strong></span> changes"
    assert markup.block("!!! callout\n    x") == "<div>\n<p>x</p>\n</div>"


def test_a_box_with_an_unknown_tone_is_an_error_with_the_choices(paper):
    with pytest.raises(CarrouselError) as err:
        markup.Converter(paper).block("!!! callout purpel\n    x")
    assert "unknown tone 'purpel'" in err.value.message and "green" in err.value.hint
    assert markup.Converter(paper).block("!!! Breaking news") == "<p>!!! Breaking news</p>"  # not a box name: text
