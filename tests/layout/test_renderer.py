"""A slide's report (fit and contrast), kept in the cache beside its PNG."""

from carrousel.build.deck import SlideReport
from carrousel.checks.contrast import Pair
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
