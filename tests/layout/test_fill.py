"""Fit to fill: a sparse slide grows to its theme's limit, titles stop at theirs, and the space left is placed."""

from __future__ import annotations

import re

import pytest

from carrousel.build.options import BuildOptions
from carrousel.build.pipeline import prepare
from carrousel.build.project import Project
from carrousel.layout import fill, renderer, search
from carrousel.layout.boxes import slides as slides_of

from conftest import make_project

POST = """\
title: Fill
theme: {theme}
format: {format}
slides:
  - kind: list
    title: Two **items**
    items:
      - {{icon: 🔗, title: Tight coupling, text: "One change, a cascade"}}
      - {{icon: 🚧, title: Big deploys, text: No continuous shipping}}
  - kind: quote
    text: Short.
    cite: Someone
  - kind: code
    title: A long line
    language: python
    code: |
      total = compute(orders, discounts, taxes, shipping)
  - kind: steps
    title: Three steps
    steps:
      - {{title: One, text: first}}
      - {{title: Two, text: second}}
      - {{title: Three, text: third}}
"""


def _laid_out(tmp_path, theme="terminal", format_name="portrait", counter=None):
    root = make_project(tmp_path / "p", {"content/f.yaml": POST.format(theme=theme, format=format_name)})
    prep = prepare(root / "content" / "f.yaml", Project.at(root), BuildOptions())
    out = []
    for i, document in enumerate(prep.documents):
        laid, fitted = renderer.current().layout(f"fill-{tmp_path}-{i}", document, prep.css, prep.base, prep.readable,
                                                 prep.shown, prep.floor)
        box = next(b for _, b in slides_of(laid.pages[0]))
        out.append((fitted, box, prep.theme))
    return out


def _font_sizes(box, wanted: str, inside: bool = False) -> list[float]:
    """Font sizes of the text inside elements of class `wanted`."""
    from weasyprint.formatting_structure.boxes import TextBox

    found = []
    for child in getattr(box, "children", None) or ():
        element = getattr(child, "element", None)
        within = inside or (element is not None and wanted in (element.get("class") or "").split())
        if isinstance(child, TextBox):
            if child.text.strip() and within:
                found.append(child.style["font_size"])
        else:
            found += _font_sizes(child, wanted, within)
    return found


def test_a_sparse_slide_grows_to_the_themes_limit_and_its_title_stops_earlier(tmp_path):
    (lst, list_box, theme), (quote, quote_box, _) = _laid_out(tmp_path)[:2]
    grow = theme.grow("portrait")
    assert lst.scale == pytest.approx(grow) and quote.scale == pytest.approx(grow)
    # text grew with the scale…
    item_sizes = _font_sizes(list_box, "item-text")
    assert max(item_sizes) == pytest.approx(30 * grow, abs=0.5)
    # …but the title only up to the theme's title-max
    title_sizes = _font_sizes(list_box, "title")
    assert max(title_sizes) == pytest.approx(68 * float(theme.tokens["title-max"]), abs=0.5)


def test_centred_content_sits_in_the_middle_and_spread_rows_open_up(tmp_path):
    laid = _laid_out(tmp_path)
    _, quote_box, _ = laid[1]
    span = fill.span(quote_box)
    assert span.place == "center"
    assert abs(span.top + span.used / 2 - span.room / 2) < 3  # centred in the safe area
    steps, steps_box, theme = laid[3]
    span = fill.span(steps_box)
    assert span.place == "spread" and steps.scale == pytest.approx(theme.grow("portrait"))
    assert span.top < 5  # the title stays at the top of the safe area…
    rows = [box for box in _boxes(steps_box) if "step" in _classes(box)]
    tops = [row.border_box_y() for row in rows]
    gaps = [b - a - r.border_height() for a, b, r in zip(tops, tops[1:], rows)]
    assert len(rows) == 3 and min(gaps) > 20 and max(gaps) - min(gaps) < 1  # …and the rows open up evenly


def test_growing_never_breaks_a_code_line(tmp_path):
    fitted, box, theme = _laid_out(tmp_path)[2]
    assert fill.span(box).wraps == 0
    assert 1 < fitted.scale < theme.grow("portrait")  # it grew, but stopped before its line broke


def _classes(box) -> set:
    element = getattr(box, "element", None)
    return set((element.get("class") or "").split()) if element is not None else set()


def _boxes(box):
    for child in getattr(box, "children", None) or ():
        yield child
        yield from _boxes(child)


def test_the_search_predicts_instead_of_halving(tmp_path, monkeypatch):
    tries = []
    original = search.Search.add

    def counted(self, scale, document, measures):
        tries.append(self.index)
        return original(self, scale, document, measures)

    monkeypatch.setattr(search.Search, "add", counted)
    _laid_out(tmp_path, format_name="story")
    # four slides: one layout each at scale 1, then at most three more each to fill the page
    assert len(tries) <= 4 * 4


@pytest.mark.parametrize("theme", ["paper", "poster"])
def test_story_type_is_clearly_larger_than_portrait(tmp_path, theme):
    sizes = {}
    for format_name in ("portrait", "story"):
        root = make_project(tmp_path / format_name, {"content/f.yaml": POST.format(theme=theme, format=format_name)})
        prep = prepare(root / "content" / "f.yaml", Project.at(root), BuildOptions())
        css = prep.css
        sizes[format_name] = css
    # the theme's own rules come last: the last story rule and the :root token win
    story = re.findall(r"\.format-story \.slide \{[^}]*--title-size: (\d+)px", sizes["story"])[-1]
    portrait = re.search(r"--title-size: (\d+)px", sizes["portrait"]).group(1)
    assert int(story) >= 1.15 * int(portrait)
