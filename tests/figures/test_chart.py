"""Charts: checked data, alt text from it, themed vector output whose bars measure as the data says."""

from __future__ import annotations

import re

import pytest
from figure_kit import DARK, LIGHT, page_pdf, pdf_fonts, pdf_image, pdf_text

from carrousel.errors import CarrouselError
from carrousel.figures import chart, svgtree
from carrousel.figures.chart_spec import alt_text, parse
from carrousel.figures.palette import rgb

LATENCY = {"type": "bar", "labels": ["Mon", "Tue", "Wed", "Thu", "Fri"],
           "series": [{"name": "before", "values": [120, 135, 128, 140, 131]},
                      {"name": "after", "values": [41, 39, 44, 40, 38]}],
           "unit": "ms", "highlight": "after"}
TREND = {"type": "line", "labels": ["Jan", "Feb", "Mar", "Apr"],
         "series": [{"name": "p95", "values": [180, 150, 96, 58]}, {"name": "p50", "values": [60, 52, 40, 30]}],
         "unit": "ms", "highlight": "p95"}


@pytest.mark.parametrize("change, field, words", [
    ({"type": "pie"}, "chart.type", "expected one of: area, bar, donut, hbar, line, stacked"),
    ({"series": [{"name": "a", "values": [1, 2]}]}, "chart.series[0].values", "2 values for 5 labels"),
    ({"series": [{"name": "a", "values": [1, 2, "fast", 4, 5]}]}, "chart.series[0].values[2]", "'fast' is not a number"),
    ({"series": [{"name": "a", "values": [1, 2, True, 4, 5]}]}, "chart.series[0].values[2]", "is not a number"),
    ({"highlight": "later"}, "chart.highlight", "no series named 'later'"),
    ({"labels": []}, "chart.labels", "expected a list of category labels"),
    ({"colour": "red"}, "chart", "unknown key 'colour'"),
])
def test_data_errors_name_the_field(change, field, words):
    with pytest.raises(CarrouselError) as caught:
        parse({**LATENCY, **change})
    assert caught.value.field == field and words in str(caught.value) and "\n" not in str(caught.value)


def test_alt_text_comes_from_the_data():
    assert alt_text(LATENCY, "p95 latency") == "Bar chart, p95 latency in ms, Mon to Fri: before 120 to 140, after 38 to 44"
    assert alt_text(TREND) == "Line chart, in ms, Jan to Apr: p95 58 to 180, p50 30 to 60"
    donut = {"type": "donut", "labels": ["compute", "storage"], "series": [{"name": "cost", "values": [3, 1]}]}
    assert alt_text(donut) == "Donut chart: compute 3 (75%), storage 1 (25%)"


@pytest.mark.parametrize("kind", ["bar", "hbar", "stacked", "line", "area", "donut"])
def test_every_type_draws_text_at_or_above_the_floor_and_no_raster(kind):
    spec = {**LATENCY, "type": kind}
    if kind == "donut":
        spec = {**spec, "series": spec["series"][1:], "highlight": None}
    figure = chart.render(spec, DARK, 904, 700)
    sizes = [float(s) for s in re.findall(r"font-size:([\d.]+)px", figure.svg)]
    assert sizes and min(sizes) >= DARK.min_px
    assert "<image" not in figure.svg and "Mon" in " ".join(figure.labels)
    assert (figure.width, figure.height) == (904, 700)
    assert figure.svg == chart.render(spec, DARK, 904, 700).svg  # same data, same bytes


def test_lines_are_named_at_their_ends_and_the_highlight_is_the_accent():
    figure = chart.render(TREND, LIGHT, 904, 700)
    assert "p95 58" in figure.labels and "p50 30" in figure.labels
    assert LIGHT.accent in figure.svg


def accent_runs(image, colour: str) -> list[tuple[int, int]]:
    """Each vertical bar of `colour` in the image: (its middle column, its height in px)."""
    target = tuple(round(255 * c) for c in rgb(colour))
    pixels = image.load()

    def near(x, y):
        return sum(abs(a - b) for a, b in zip(pixels[x, y], target)) < 40

    columns = [x for x in range(image.width) if any(near(x, y) for y in range(0, image.height, 2))]
    bars, start = [], None
    for x, following in zip(columns, columns[1:] + [None]):
        start = x if start is None else start
        if following != x + 1:
            bars.append((start + x) // 2)
            start = None

    def longest_run(x):  # a bar is one vertical run; the legend's swatch above it is another
        best = run = 0
        for y in range(image.height):
            run = run + 1 if near(x, y) else 0
            best = max(best, run)
        return best

    return [(x, longest_run(x)) for x in bars]


def test_bar_heights_in_the_png_match_the_data_within_3_percent():
    figure = chart.render(LATENCY, DARK, 904, 700)
    pdf = page_pdf([(figure.svg, figure.width, figure.height)], DARK.background)
    image = pdf_image(pdf)
    after = [v for v in LATENCY["series"][1]["values"]]
    bars = [height for _, height in accent_runs(image, DARK.accent)]
    assert len(bars) == len(after)
    scale = sum(bars) / sum(after)
    for height, value in zip(bars, after):
        assert abs(height - value * scale) <= 0.03 * value * scale, (bars, after)
    # and the tallest 'after' bar against the muted 'before' bars: 44 is about a third of 140
    assert max(bars) / scale == pytest.approx(44, rel=0.03)


def test_weasyprint_draws_chart_labels_as_text_in_the_theme_font():
    figure = chart.render(LATENCY, LIGHT, 904, 700)
    pdf = page_pdf([(figure.svg, figure.width, figure.height)])
    words = pdf_text(pdf).split()
    for word in ("Mon", "Fri", "before", "after", "ms", "41", "140"):
        assert word in words
    assert pdf_fonts(pdf) == {"Inter"}
    assert b"/Subtype /Image" not in pdf
    assert svgtree.labels(svgtree.parse(figure.svg)) == figure.labels
