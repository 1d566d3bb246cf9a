"""A slide's report (fit and contrast), kept in the cache beside its PNG."""

from carrousel.build.deck import SlideReport
from carrousel.checks.contrast import Pair
from carrousel.build.options import BuildOptions
from carrousel.build.pipeline import prepare
from carrousel.build.project import Project
from carrousel.layout import fit


def test_a_slide_report_survives_the_cache_as_it_was():
    pairs = (Pair("#2b2b2b", "#0d1117", 1.3, 4.5, [3], "Hi"),)
    for slide in (fit.SlideFit(2, 0.75, None, 25.5, "small words"),
                  fit.SlideFit(0, 0.6, fit.Overflow(12.5, 3.0, 'li.item "x"', 1), 24.0, "x")):
        report = SlideReport(slide, pairs)
        assert SlideReport.from_json(report.to_json()) == report


def test_a_missing_or_damaged_record_is_no_record():
    assert SlideReport.from_json(None) is None
    assert SlideReport.from_json(b"{not json") is None
    assert SlideReport.from_json(b'{"fit": {"index": 0}}') is None


KEPT = """\
title: Kept
theme: {theme}
slides:
  - kind: code
    title: A line of **code**
    language: rust
    code: |
      fn main() {{ let total: u64 = orders.iter().map(|o| o.cents).sum(); }}
"""


def test_a_kept_stylesheet_lays_out_as_a_fresh_one_after_other_themes(tmp_path):
    # Each kept stylesheet is laid out with its own fonts: a theme rendered after others (their faces registered,
    # their stylesheets parsed last) gives the pixels a fresh process gives.
    from carrousel.build.deck import pngs_of
    from carrousel.layout.renderer import Renderer

    from helpers import make_project

    root = make_project(tmp_path / "p")
    preps = {}
    for theme in ("terminal", "paper", "blueprint"):
        (root / "content" / f"{theme}.yaml").write_text(KEPT.format(theme=theme), encoding="utf-8")
        preps[theme] = prepare(root / "content" / f"{theme}.yaml", Project.at(root), BuildOptions())

    def png(renderer, theme, key):
        prep = preps[theme]
        document, _ = renderer.layout(key, prep.documents[0], prep.css, prep.base, prep.readable, prep.shown,
                                      prep.floor)
        return pngs_of([document], prep.width, prep.shown)[0]

    fresh = Renderer()
    first = png(fresh, "terminal", "a")
    warm = Renderer()
    for n, theme in enumerate(("paper", "terminal", "blueprint", "paper", "terminal")):
        shown = png(warm, theme, f"b{n}")
        if theme == "terminal":
            assert shown == first, f"terminal after {n} other layouts differs from a fresh one"
    assert png(warm, "paper", "c") != first
    fresh.close()
    warm.close()
