"""A `chart` block's data: checked field by field, and described in words for alt text."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from carrousel.errors import CarrouselError, choices_hint

TYPES = {"bar": "Bar chart", "hbar": "Horizontal bar chart", "stacked": "Stacked bar chart",
         "line": "Line chart", "area": "Area chart", "donut": "Donut chart"}
KEYS = {"type", "labels", "series", "unit", "highlight", "title"}


@dataclass(frozen=True)
class Series:
    """One named row of numbers, one per label."""

    name: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class Chart:
    """A checked chart: its type, category labels, series, unit and highlighted series (or None)."""

    type: str
    labels: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str = ""
    highlight: str | None = None
    title: str = ""


def parse(spec) -> Chart:
    """Check a chart mapping (as loaded from YAML) and return it as a Chart; errors name the field."""
    if isinstance(spec, Chart):
        return spec
    if not isinstance(spec, dict):
        raise CarrouselError("expected a mapping with type, labels and series", field="chart")
    unknown = sorted(set(spec) - KEYS)
    if unknown:
        raise CarrouselError(f"unknown key '{unknown[0]}'", field="chart", hint=choices_hint(unknown[0], KEYS))
    kind = spec.get("type", "bar")
    if kind not in TYPES:
        raise CarrouselError(f"unknown chart type '{kind}'", field="chart.type", hint=choices_hint(str(kind), TYPES))
    labels = spec.get("labels")
    if not isinstance(labels, list) or not labels:
        raise CarrouselError("expected a list of category labels", field="chart.labels",
                             hint="e.g. labels: [Mon, Tue, Wed]")
    series = spec.get("series")
    if not isinstance(series, list) or not series:
        raise CarrouselError("expected a list of series", field="chart.series",
                             hint="e.g. series: [{name: before, values: [1, 2, 3]}]")
    rows = tuple(parse_series(row, i, len(labels)) for i, row in enumerate(series))
    names = [row.name for row in rows]
    if len(set(names)) < len(names):
        raise CarrouselError("two series have the same name", field="chart.series", hint="give each a unique name")
    if kind == "donut" and len(rows) > 1:
        raise CarrouselError("a donut shows one series", field="chart.series", hint="keep one, or use type: stacked")
    if kind in ("donut", "stacked", "area") and any(v < 0 for row in rows for v in row.values):
        raise CarrouselError(f"a {kind} chart needs values of 0 or more", field="chart.series")
    highlight = spec.get("highlight")
    if highlight is not None and str(highlight) not in names:
        raise CarrouselError(f"no series named '{highlight}'", field="chart.highlight",
                             hint=choices_hint(str(highlight), names))
    return Chart(kind, tuple(str(label) for label in labels), rows, str(spec.get("unit") or ""),
                 None if highlight is None else str(highlight), str(spec.get("title") or ""))


def parse_series(row, index: int, count: int) -> Series:
    """One series: a name and exactly `count` finite numbers."""
    where = f"chart.series[{index}]"
    if not isinstance(row, dict) or "values" not in row:
        raise CarrouselError("expected {name: ..., values: [...]}", field=where)
    values = row["values"]
    if not isinstance(values, list):
        raise CarrouselError("expected a list of numbers", field=where + ".values")
    if len(values) != count:
        raise CarrouselError(f"{len(values)} values for {count} labels", field=where + ".values",
                             hint="give one value per label")
    values = [number_of(value) for value in values]
    for i, value in enumerate(values):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise CarrouselError(f"'{value}' is not a number", field=f"{where}.values[{i}]",
                                 hint="write plain numbers such as 120 or 3.5; the unit goes in chart.unit")
    return Series(str(row.get("name", f"series {index + 1}")), tuple(float(v) for v in values))


NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")


def number_of(value):
    """A number written as text (posts load every scalar as the text typed) as a number; anything else as is."""
    if isinstance(value, str) and NUMBER.fullmatch(value.strip()):
        number = float(value)
        return int(number) if number.is_integer() and "." not in value and "e" not in value.lower() else number
    return value


def read_numbers(spec) -> None:
    """Turn the values of a chart mapping's series into numbers, in place (lines kept)."""
    rows = spec.get("series") if isinstance(spec, dict) else None
    for row in rows if isinstance(rows, list) else ():
        values = row.get("values") if isinstance(row, dict) else None
        for index, value in enumerate(values if isinstance(values, list) else ()):
            values[index] = number_of(value)


def figure(value: float) -> str:
    """A number as a reader says it: 120, 3.5, 1,200."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.4g}"


def alt_text(spec, title: str | None = None) -> str:
    """The chart in words, from its data: type, title and unit, label range, each series' range."""
    chart = parse(spec)
    heading = TYPES[chart.type]
    subject = title or chart.title
    if subject:
        heading += f", {subject}"
    if chart.unit:
        heading += f" in {chart.unit}" if subject else f", in {chart.unit}"
    labels = chart.labels
    span = labels[0] if len(labels) == 1 else f"{labels[0]} to {labels[-1]}"
    if chart.type == "donut":
        total = sum(chart.series[0].values) or 1
        parts = [f"{label} {figure(v)} ({v / total:.0%})" for label, v in zip(labels, chart.series[0].values)]
        return f"{heading}: " + ", ".join(parts)
    rows = []
    for row in chart.series:
        low, high = min(row.values), max(row.values)
        rows.append(f"{row.name} {figure(low)}" + ("" if low == high else f" to {figure(high)}"))
    return f"{heading}, {span}: " + ", ".join(rows)
