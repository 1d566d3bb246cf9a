"""Slide kinds as data: `templates/slides/<kind>.html` opens with its schema.

The schema lives in a Jinja comment at the top of the template, so a kind is
one file:

    {#- schema
    summary: One big statement
    fields:
      title: {type: inline, required: true}
    markdown: {heading: title}      # how a Markdown slide body fills the fields
    example: |                      # a YAML example of the slide (docs, tests, gallery)
      kind: statement
      title: Ship **small** changes
    -#}

`markdown` keys (see mdfill.py): heading, lead, body, list, code, fence, note, image,
sections. Without it, a leading `# heading` fills `title` and the rest the
first block field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from carrousel.errors import CarrouselError, choices_hint
from carrousel.load.fields import check_fields, normalize_spec
from carrousel.load.yamlload import parse_yaml

HEADER_KEYS = ("summary", "fields", "one_of", "markdown", "example")
_HEADER = re.compile(r"\A\{#-?\s*schema\s*\n(.*?)\n\s*-?#\}", re.S)


@dataclass(frozen=True)
class Kind:
    """A slide kind: its name, template, schema and field-group rules."""

    name: str
    template: str
    summary: str
    fields: dict
    one_of: tuple = ()
    markdown: dict = field(default_factory=dict)
    example: str | None = None  # YAML text of one example slide

    def check(self, data, convert=None) -> dict:
        """Validate a slide's fields (without `kind`) against this kind."""
        out = check_fields(data, self.fields, convert)
        if self.one_of:
            groups = [[g] if isinstance(g, str) else list(g) for g in self.one_of]
            given = [g for g in groups if all(out.get(name) is not None for name in g)]
            partial = [g for g in groups if any(out.get(name) is not None for name in g) and g not in given]
            if len(given) != 1 or partial:
                wanted = " or ".join("+".join(g) for g in groups)
                raise CarrouselError(f"give exactly one of: {wanted}", line=getattr(data, "line", None))
        return out


def load_kinds(templates_dirs) -> dict[str, Kind]:
    """Read every kind declared under <dir>/slides of the given templates folders (the first one wins: a
    project's kind replaces a built-in one; its template without a schema only overrides the look)."""
    kinds = {}
    for templates_dir in reversed([Path(d) for d in ([templates_dirs] if isinstance(templates_dirs, (str, Path))
                                                      else templates_dirs)]):
        kinds.update(_kinds_in(templates_dir))
    return dict(sorted(kinds.items()))


def _kinds_in(templates_dir: Path) -> dict[str, Kind]:
    kinds = {}
    for path in sorted((templates_dir / "slides").glob("*.html")):
        text = path.read_text(encoding="utf-8")
        match = _HEADER.match(text)
        if not match:
            continue  # a partial shared by kinds, not a kind
        rel = f"{path.parent.parent.name}/slides/{path.name}"
        try:
            meta = parse_yaml(match.group(1), first_line=2) or {}
            fields = {name: normalize_spec(spec) for name, spec in (meta.get("fields") or {}).items()}
            for key in meta:
                if key not in HEADER_KEYS:
                    raise CarrouselError(f"unknown schema key '{key}'", line=meta.key_lines[key] + 1,
                                         hint=choices_hint(key, HEADER_KEYS))
        except CarrouselError as err:
            raise err.at(file=rel)
        example = meta.get("example")
        kinds[path.stem] = Kind(path.stem, f"slides/{path.name}", str(meta.get("summary", "")), fields,
                                tuple(meta.get("one_of") or ()), dict(meta.get("markdown") or {}),
                                str(example) if example else None)
    return kinds


def get_kind(kinds: dict[str, Kind], name) -> Kind:
    """The kind called name, or an error listing the valid kinds."""
    if name not in kinds:
        raise CarrouselError(f"unknown kind '{name}'", field="kind", hint=choices_hint(str(name), kinds))
    return kinds[name]
