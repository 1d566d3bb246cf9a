"""The JSON Schema of the post format, generated from the post fields and each kind's header.

Editors (YAML language server) use it to autocomplete and validate posts:
`# yaml-language-server: $schema=../schema/post.schema.json` at the top of a post.
"""

from __future__ import annotations

from carrousel.load.direction import DIRS
from carrousel.load.fields import TONES
from carrousel.load.kinds import Kind
from carrousel.load.settings import DURATIONS
from carrousel.load.yamlload import parse_yaml

DIALECT = "https://json-schema.org/draft/2020-12/schema"
_TEXT = {"inline": "one line, inline Markdown", "block": "Markdown text (paragraphs, lists, components)",
         "text": "plain text", "code": "source code, kept verbatim", "path": "a file path relative to the post",
         "mermaid": "a Mermaid diagram: flowchart, sequenceDiagram, stateDiagram or classDiagram"}


def field_schema(spec: dict) -> dict:
    """One field spec (schema.py) as JSON Schema."""
    kind = spec["type"]
    if kind == "flag":
        out: dict = {"type": "boolean"}
    elif kind == "tone":
        out = {"anyOf": [{"type": ["string", "number"]},
                         {"type": "object", "additionalProperties": False, "required": ["text"],
                          "properties": {"text": {"type": ["string", "number"]}, "tone": {"enum": list(TONES)}}}],
               "description": f"text, or {{text, tone}} with tone one of {', '.join(TONES)}"}
    elif kind == "list":
        out = {"type": "array"}
        if spec.get("item") is not None:
            out["items"] = object_schema(spec["item"])
    elif kind == "map":
        out = object_schema(spec.get("item") or {})
    elif kind == "names":
        choices = {"enum": list(spec.get("choices", ()))}
        out = {"anyOf": [{"type": "array", "minItems": 1, "items": choices}, {"type": "string"}],
               "description": f"a list, or one comma-separated line, of: {', '.join(spec.get('choices', ()))}"}
    elif kind == "chart":
        out = chart_schema()
    else:
        out = {"type": ["string", "number"], "description": _TEXT[kind]}
        if "choices" in spec:
            out = {"enum": list(spec["choices"])}
    if spec.get("default") is not None:
        out["default"] = spec["default"]
    return out


def chart_schema() -> dict:
    """The data of a chart: its type, category labels and series of numbers."""
    from carrousel.figures.chart_spec import TYPES

    series = {"type": "object", "additionalProperties": False, "required": ["values"],
              "properties": {"name": {"type": ["string", "number"]},
                             "values": {"type": "array", "items": {"type": "number"}}}}
    return {"type": "object", "additionalProperties": False, "required": ["labels", "series"],
            "description": "a chart's data: type, labels, series of numbers, unit, highlight",
            "properties": {"type": {"enum": list(TYPES), "default": "bar"},
                           "labels": {"type": "array", "minItems": 1, "items": {"type": ["string", "number"]}},
                           "series": {"type": "array", "minItems": 1, "items": series},
                           "unit": {"type": ["string", "number"]}, "highlight": {"type": ["string", "number"]},
                           "title": {"type": ["string", "number"]}}}


def object_schema(fields: dict, extra: dict | None = None) -> dict:
    """A mapping of field specs as a closed JSON Schema object."""
    props = dict(extra or {})
    props.update({name: field_schema(spec) for name, spec in fields.items()})
    out = {"type": "object", "additionalProperties": False, "properties": props}
    required = [name for name, spec in fields.items() if spec.get("required")]
    if required:
        out["required"] = required
    return out


def kind_schema(kind: Kind) -> dict:
    """One slide kind: its fields plus `kind: <name>`; `one_of` groups become oneOf."""
    duration = {"type": ["number", "string"], "minimum": DURATIONS[0], "maximum": DURATIONS[1],
                "description": "seconds the slide shows in a GIF or video (default 3)"}
    lang = {"type": "string", "description": "the slide's language when it is not the post's (ja, zh-Hans, ar…): "
                                             "its fonts, quotes, line breaks, swipe hint and direction follow it"}
    way = {"enum": list(DIRS), "description": "the slide's direction: ltr, rtl (mirrored), or auto (from its "
                                              "first letter); default: its lang's, then the post's"}
    out = object_schema(kind.fields, {"kind": {"const": kind.name}, "duration": duration, "lang": lang, "dir": way})
    out["required"] = ["kind", *out.get("required", [])]
    out["description"] = kind.summary
    if kind.one_of:
        groups = [[g] if isinstance(g, str) else list(g) for g in kind.one_of]
        out["oneOf"] = [{"required": group} for group in groups]
    if kind.example:
        out["examples"] = [_plain(parse_yaml(kind.example))]
    return out


def post_schema(kinds: dict[str, Kind]) -> dict:
    """The whole post format: post fields, then one schema per slide kind."""
    from carrousel.load.post import POST_FIELDS

    fields = {name: spec for name, spec in POST_FIELDS.items() if name != "slides"}
    out = object_schema(fields)
    slide = {
        "type": "object",
        "required": ["kind"],
        "properties": {"kind": {"enum": sorted(kinds)}},
        "allOf": [{"if": {"properties": {"kind": {"const": name}}, "required": ["kind"]},
                   "then": {"$ref": f"#/$defs/{name}"}} for name in sorted(kinds)],
    }
    out["properties"]["slides"] = {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/slide"}}
    out["required"] = [*out.get("required", []), "slides"]
    return {"$schema": DIALECT, "title": "carrousel post",
            "description": "A carousel post in YAML (content/*.yaml); Markdown posts use the same fields in "
                           "their front matter and slide blocks.",
            **out, "$defs": {"slide": slide, **{name: kind_schema(kinds[name]) for name in sorted(kinds)}}}


def _plain(value):
    """YAML data (LocDict/LocList) as plain JSON values."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
