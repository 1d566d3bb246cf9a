"""The `mermaid` and `chart` field types: a diagram's source or a chart's data, drawn for the slide.

Errors say where: a Mermaid error's line inside the source, or the line of the chart key that is wrong,
given as `within` (a line of the field's text) when the data came as text (a Markdown fence), or as the
post's own line when it came as YAML (which keeps its lines).
"""

from __future__ import annotations

import re

from carrousel.errors import CarrouselError
from carrousel.html import graphics
from carrousel.load.yamlload import parse_yaml

WRAPPER = {"kind", "eyebrow", "title", "caption", "alt", "chart"}  # a chart slide's YAML, pasted in a body


def convert(kind: str, value, context: graphics.Context | None, fill: bool = True):
    """A field of type mermaid or chart as a Graphic; without a context (no theme yet) the value, checked."""
    if kind == "mermaid":
        if context is None:
            return value
        try:
            return graphics.diagram(str(value), context, fill)
        except CarrouselError as err:
            raise inside(err)
    spec, _ = chart_block(value)
    return graphics.chart(spec, context, fill) if context is not None else value


def inside(err: CarrouselError, first: int = 1) -> CarrouselError:
    """An error whose line counts from a text's line `first`, moved to `within` (a line of the field's text)."""
    if err.line is not None and err.within is None:
        err.within, err.line = first - 1 + err.line, None
    elif err.within is None:
        err.within = first
    return err


def chart_block(value) -> tuple:
    """(checked Chart, the wrapper's other fields) from a chart mapping, its YAML text, or a chart slide's YAML."""
    from carrousel.figures.chart_spec import parse

    as_text = isinstance(value, str)
    try:
        data = parse_yaml(value, as_text=True) if as_text else value
    except CarrouselError as err:
        raise inside(err) if as_text else err
    wrapped = isinstance(data, dict) and "chart" in data
    if wrapped:
        unknown = sorted(set(data) - WRAPPER)
        if unknown or str(data.get("kind", "chart")) != "chart":
            raise place(CarrouselError(f"unknown key '{unknown[0]}' next to chart" if unknown else
                                       "a chart block holds a chart", field="chart",
                                       hint="keys: " + ", ".join(sorted(WRAPPER))), data, as_text)
    try:
        checked = parse(data["chart"] if wrapped else data)
    except CarrouselError as err:
        path = err.field or "chart"
        raise place(err, data, as_text, path if wrapped else path.removeprefix("chart")) from None
    extra = {key: data.get(key) for key in ("title", "caption", "alt")} if wrapped else {}
    return checked, extra


def place(err: CarrouselError, data, as_text: bool, path: str = "") -> CarrouselError:
    """The error at the line of the key it names (a line of the text when the data was YAML text)."""
    line = locate(data, path)
    if as_text:
        err.within = line or 1
    elif err.line is None:
        err.line = line
    return err


def locate(data, path: str) -> int | None:
    """The line of a key path such as `series[0].values[2]` in YAML data (the nearest known one)."""
    line = getattr(data, "line", None)
    node = data
    for part in re.findall(r"\[\d+\]|[^.\[\]]+", path):
        if part.startswith("["):
            index = int(part[1:-1])
            if not isinstance(node, list) or index >= len(node):
                break
            line = (getattr(node, "item_lines", None) or [line] * len(node))[index]
            node = node[index]
        else:
            if not isinstance(node, dict) or part not in node:
                break
            line = getattr(node, "key_lines", {}).get(part, line)
            node = node[part]
    return line
