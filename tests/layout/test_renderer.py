"""The renderer's record of a slide's fit, kept in the cache beside its PNG."""

from carrousel.layout import fit
from carrousel.layout.renderer import fit_from_json, fit_to_json


def test_a_slide_fit_survives_the_cache_as_it_was():
    contrast = [{"colour": "#2b2b2b", "background": "#0d1117", "ratio": 1.3, "required": 4.5, "sample": "Hi"}]
    for slide in (fit.SlideFit(2, 0.75, None, 25.5, "small words", contrast),
                  fit.SlideFit(0, 0.6, fit.Overflow(12.5, 3.0, 'li.item "x"', 1), 24.0, "x")):
        assert fit_from_json(fit_to_json(slide)) == slide


def test_a_missing_or_damaged_record_is_no_record():
    assert fit_from_json(None) is None
    assert fit_from_json(b"{not json") is None
    assert fit_from_json(b'{"index": 0}') is None
