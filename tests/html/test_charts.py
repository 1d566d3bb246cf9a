"""Charts in posts: the chart kind and ```chart fences, drawn to scale, themed, described from their data."""

from __future__ import annotations

import pytest
from graphics_kit import (
    alts,
    build,
    page_texts,
    pdf_of,
    png,
    prepared,
    project_with,
    raster_images,
)

from carrousel.errors import CarrouselError
from carrousel.figures.palette import mix, rgb

POST = """title: Charts
theme: terminal
slides:
  - kind: chart
    eyebrow: Load test, 10k rps
    title: p95 latency **after** the cache
    chart:
      type: bar
      labels: [Mon, Tue, Wed, Thu, Fri]
      series:
        - {name: before, values: [120, 135, 128, 140, 131]}
        - {name: after, values: [41, 39, 44, 40, 38]}
      unit: ms
      highlight: after
    caption: Same traffic, same hardware
  - kind: content
    title: Hit rate
    body: |
      A week of traffic:

      ```chart
      type: line
      labels: [Mon, Tue, Wed, Thu, Fri]
      series:
        - {name: hit rate, values: [52, 71, 83, 88, 90]}
      unit: "%"
      ```
"""
TERMINAL = {"accent": "#3fb950", "muted": "#9aa7b8", "bg": "#0b0f14"}


@pytest.fixture(scope="module")
def charts(tmp_path_factory):
    project = project_with(tmp_path_factory.mktemp("charts") / "project", {"content/charts.yaml": POST})
    return build(project, "charts.yaml")


def test_values_labels_and_series_are_text_and_nothing_is_raster(charts):
    bars, line = (" ".join(text.split()) for text in page_texts(pdf_of(charts)))
    for word in ("Mon", "Fri", "before", "after", "120", "140", "38", "ms"):
        assert word in bars
    for word in ("Mon", "hit rate 90", "%"):
        assert word in line
    assert raster_images(pdf_of(charts)) == [0, 0]
    assert not [w for w in charts.warnings if w.code in ("small-text", "contrast", "overflow")]


def test_alt_text_comes_from_the_data(charts):
    described = alts(charts)
    assert "Bar chart, p95 latency after the cache in ms, Mon to Fri: before 120 to 140, after 38 to 44" in described[0]
    assert "Line chart, in %, Mon to Fri: hit rate 52 to 90" in described[1]


def bar_heights(image, colour: str) -> list[int]:
    """The height in px of each bar drawn in colour, left to right (the longest run in its middle column)."""
    target = rgb(colour)
    pixels = image.load()

    def near(x, y):
        return sum(abs(a - round(255 * b)) for a, b in zip(pixels[x, y], target)) < 30

    columns = [x for x in range(image.width) if sum(near(x, y) for y in range(0, image.height, 3)) > 10]
    runs, start = [], None
    for x, following in zip(columns, columns[1:] + [None]):
        start = x if start is None else start
        if following != x + 1:
            if x - start >= 8:  # a bar, not a stroke of text in the same colour (the eyebrow's `>`)
                runs.append((start + x) // 2)
            start = None
    return [longest([near(x, y) for y in range(image.height)]) for x in runs]


def longest(flags: list[bool]) -> int:
    """The longest run of True (a bar, not the anti-aliased edges of text in the same column)."""
    best = current = 0
    for flag in flags:
        current = current + 1 if flag else 0
        best = max(best, current)
    return best


def test_bar_heights_in_the_png_match_the_data(charts):
    image = png(charts, 1)
    after = bar_heights(image, TERMINAL["accent"])
    before = bar_heights(image, mix(TERMINAL["muted"], TERMINAL["bg"], 0.55))
    assert len(after) == len(before) == 5
    values = [120, 135, 128, 140, 131, 41, 39, 44, 40, 38]
    heights = before + after
    for value, height in zip(values, heights):
        assert abs(height / max(heights) - value / max(values)) <= 0.03, (values, heights)


MISTAKES = [
    ("title: T\nslides:\n  - kind: chart\n    chart:\n      type: pie\n      labels: [a]\n"
     "      series: [{name: x, values: [1]}]\n",
     "content/p.yaml:5: slide 1 (chart): chart.type: unknown chart type"),
    ("title: T\nslides:\n  - kind: chart\n    chart:\n      labels: [a, b]\n      series:\n"
     "        - {name: x, values: [1, 2]}\n        - name: y\n          values: [1, fast]\n",
     "content/p.yaml:9: slide 1 (chart): chart.series[1].values[1]: 'fast' is not a number"),
    ("---\ntitle: T\n---\n\n---\nkind: chart\n---\n# C\n```chart\nlabels: [a, b]\nseries:\n"
     "  - {name: x, values: [1, 2, 3]}\n```\n",
     "content/p.md:12: slide 1 (chart): chart.series[0].values: 3 values"),
    ("---\ntitle: T\n---\n\n---\n# Body\nWords.\n\n```chart\nlabels: [a, b]\nseries:\n"
     "  - {name: x, values: [1, 2]}\nhighlight: y\n```\n",
     "content/p.md:13: slide 1 (content): chart.highlight: no series"),
]


@pytest.mark.parametrize("post, where", MISTAKES)
def test_data_errors_name_the_field_and_the_line(tmp_path, post, where):
    name = "p.md" if post.startswith("---") else "p.yaml"
    project = project_with(tmp_path / "p", {f"content/{name}": post})
    with pytest.raises(CarrouselError) as caught:
        prepared(project, name)
    assert caught.value.format().startswith(where), caught.value.format()
