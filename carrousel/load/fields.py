"""Field schemas: declared as data next to each slide template, checked here.

A schema maps field names to specs. A spec is a type name (`inline`) or a
mapping: `{type, required, choices, item, default}`. Types:

- `inline`: one line of text, inline Markdown allowed
- `block`:  text with block Markdown (paragraphs, lists, components)
- `text`:   plain text, no Markdown (a language name, a URL)
- `code`:   source code, kept verbatim
- `tone`:   a string, or `{text, tone}` with tone in TONES (tags, annotations)
- `list`:   a list of mappings, each checked against `item`
- `path`:   a file path relative to the post
- `flag`:   true or false
- `names`:  names from `choices`, as a list or one comma-separated line (`pdf,png`); a tuple, each once
- `mermaid`: a Mermaid diagram's source (drawn as a vector figure)
- `chart`:  a chart's data: a mapping (type, labels, series…), or its YAML text
"""

from __future__ import annotations

import difflib
from typing import Any, Callable

from carrousel.errors import CarrouselError, choices_hint, gather
from carrousel.load.mdsyntax import TONES

TYPES = ("inline", "block", "text", "code", "tone", "list", "path", "map", "flag", "names", "mermaid", "chart")

Convert = Callable[[str, Any], Any]


def normalize_spec(spec) -> dict:
    """Expand the short form `inline` into `{type: inline}` and check the spec."""
    if isinstance(spec, str):
        spec = {"type": spec}
    spec = dict(spec)
    if spec.get("type") not in TYPES:
        raise CarrouselError(f"unknown field type '{spec.get('type')}'", hint=choices_hint(spec.get("type"), TYPES))
    if spec["type"] in ("list", "map") and spec.get("item") is not None:
        spec["item"] = {name: normalize_spec(sub) for name, sub in spec["item"].items()}
    return spec


def check_fields(data, schema: dict, convert: Convert | None = None, path: str = "") -> dict:
    """Validate a mapping against a schema; return it normalized (and converted).

    Raises CarrouselError naming the field path and, when known, the line; every wrong field of the mapping at
    once (an ErrorGroup when there are several).
    """
    lines = getattr(data, "key_lines", {})
    if not isinstance(data, dict):
        raise CarrouselError(f"expected a mapping of fields, got {_what(data)}", field=path or None,
                             line=getattr(data, "line", None))
    unknown = [name for name in data if name not in schema]
    errors = [CarrouselError(f"unknown field '{name}'", field=_join(path, name) if path else None,
                             line=lines.get(name), hint=choices_hint(name, schema)) for name in unknown]
    # `titel:` is one mistake: its error suggests `title`, which is then not reported missing as well.
    meant = {close for name in unknown for close in difflib.get_close_matches(str(name), list(schema), n=1)}
    out = {}
    for name, spec in schema.items():
        field = _join(path, name)
        if name not in data or data[name] is None:
            if spec.get("required") and name not in meant:
                errors.append(CarrouselError(f"missing required field '{name}'", field=path or None,
                                             line=getattr(data, "line", None)))
            out[name] = spec.get("default")  # templates see every field, absent ones as None
            continue
        try:
            out[name] = _check_value(data[name], spec, convert, field)
        except CarrouselError as err:
            if err.within is not None and err.line is None:  # a line inside the value's text
                start = getattr(data, "value_lines", {}).get(name, lines.get(name))
                err.line = start + err.within - 1 if start is not None else None
            errors.append(err.at(line=lines.get(name), field=field))
    if errors:
        raise gather(errors)
    return out


def _check_value(value, spec: dict, convert: Convert | None, field: str):
    kind = spec["type"]
    if kind == "list":
        if not isinstance(value, list):
            raise CarrouselError(f"expected a list, got {_what(value)}")
        if spec.get("item") is None:
            return value  # checked by its owner (the post's slides)
        item_lines = getattr(value, "item_lines", [None] * len(value))
        items, errors = [], []
        for number, item in enumerate(value, 1):
            sub = f"{field}[{number}]"
            try:
                items.append(check_fields(item, spec["item"], convert, sub))
            except CarrouselError as err:
                errors.append(err.at(line=item_lines[number - 1], field=sub))
        if errors:
            raise gather(errors)
        return items
    if kind == "map":
        return check_fields(value, spec["item"], convert, field)
    if kind == "tone":
        value = _tone(value, field)
        text = convert("inline", value["text"]) if convert else value["text"]
        return {"text": text, "tone": value["tone"]}
    if kind == "chart":
        if not isinstance(value, (dict, str)):
            raise CarrouselError(f"expected a chart (type, labels, series), got {_what(value)}")
        return convert(kind, value) if convert else value
    if kind == "flag":
        if isinstance(value, str) and value.lower() in ("true", "false"):  # posts load every scalar as text
            value = value.lower() == "true"
        if not isinstance(value, bool):
            raise CarrouselError(f"expected true or false, got {_what(value)}")
        return value
    if kind == "names":
        return names(value, spec.get("choices", ()))
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise CarrouselError(f"expected text, got {_what(value)}")
    value = str(value)
    if "choices" in spec and value not in spec["choices"]:
        raise CarrouselError(f"'{value}' is not allowed", hint=choices_hint(value, spec["choices"]))
    return convert(kind, value) if convert else value


def names(value, choices) -> tuple[str, ...]:
    """Names given as a list or as one comma-separated line, each checked against choices; in order, each once."""
    if isinstance(value, str):
        value = [part.strip() for part in value.split(",")]
    if not isinstance(value, list) or not value:
        got = "an empty list" if value == [] else _what(value)
        raise CarrouselError(f"expected a list of names, got {got}",
                             hint=f"for example: {', '.join(list(choices)[:2])}")
    out = []
    for name in value:
        if isinstance(name, bool) or not isinstance(name, (str, int, float)) or str(name) not in choices:
            raise CarrouselError(f"'{name}' is not allowed", hint=choices_hint(str(name), choices))
        if str(name) not in out:
            out.append(str(name))
    return tuple(out)


def _tone(value, field: str) -> dict:
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return {"text": str(value), "tone": "default"}
    if isinstance(value, dict):
        check_fields(value, _TONE_FIELDS, None, field)
        tone = str(value.get("tone") or "default")
        if tone not in TONES:
            raise CarrouselError(f"unknown tone '{tone}'", field=_join(field, "tone"), hint=choices_hint(tone, TONES),
                                 line=value.key_lines.get("tone") if hasattr(value, "key_lines") else None)
        return {"text": str(value["text"]), "tone": tone}
    raise CarrouselError(f"expected text or {{text, tone}}, got {_what(value)}")


_TONE_FIELDS = {"text": {"type": "inline", "required": True}, "tone": {"type": "text"}}


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _what(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()}); quote it to keep it as text"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__
