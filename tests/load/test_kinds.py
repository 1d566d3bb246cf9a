"""Kinds are data: each template declares its schema and an example, a new kind needs no engine change, and the
README documents each kind alike in YAML and Markdown."""

import json
import re

import pytest
import yaml

from carrousel.commands.schema import render as render_schema
from carrousel.errors import CarrouselError
from carrousel.load.kinds import get_kind, load_kinds
from carrousel.load.yamlload import parse_yaml
from helpers import REPO, build, error_of, load, make_project, pdf_texts, project_at

KINDS = load_kinds(REPO / "templates")
NEW_KINDS = ("stat", "compare", "image")


def test_every_kind_has_an_example_and_markdown_rules():
    assert set(NEW_KINDS) <= set(KINDS)
    for kind in KINDS.values():
        assert kind.example, f"{kind.name} has no example"
        assert yaml.safe_load(kind.example)["kind"] == kind.name


NEW_KIND = """{#- schema
summary: A single warning sign.
fields:
  title: {type: inline, required: true}
  level: {type: text, choices: [low, high], default: high}
markdown: {heading: title}
example: |
  kind: warning
  title: Do not deploy on Friday
-#}
{% extends "slide.html" %}
{% block body %}<h2 class="title warning-{{ slide.data.level }}">⚠️ {{ slide.data.title }}</h2>{% endblock %}
"""


def test_a_new_kind_needs_no_engine_change(tmp_path):
    root = make_project(tmp_path / "p", files={
        "templates/slides/warning.html": NEW_KIND,
        "content/a.yaml": "title: T\nslides:\n  - kind: warning\n    title: Do not deploy on Friday\n    level: low\n",
        "content/b.md": "---\ntitle: T\n---\n---\nkind: warning\nlevel: low\n---\n# Do not deploy on Friday\n",
        "content/c.yaml": "title: T\nslides:\n  - kind: warning\n    title: x\n    level: medium\n",
    })
    project = project_at(root)
    for name in ("a.yaml", "b.md"):
        built = build(root / "content" / name, project, scale=0.25)
        # the title grows to fill the slide: it may wrap
        assert "Do not deploy on Friday" in " ".join(pdf_texts(built.files[f"{built.post.slug}.pdf"])[0].split())
    err = error_of(load, root, "content/c.yaml")
    assert err.format().startswith("content/c.yaml:5: slide 1 (warning): level: 'medium' is not allowed")
    schema = json.loads(render_schema(project))
    assert "warning" in schema["$defs"]["slide"]["properties"]["kind"]["enum"]


def _readme_examples() -> dict:
    """`#### \\`kind\\`` sections of the README: (yaml text, markdown text) each."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    out = {}
    for match in re.finditer(r"^#### `(\w+)`\n\n```yaml\n(.*?)```\n\n````markdown\n(.*?)````\n", text, re.S | re.M):
        out[match.group(1)] = (match.group(2), match.group(3))
    return out


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.strip() if isinstance(value, str) else value


@pytest.mark.parametrize("name", list(KINDS))
def test_readme_documents_each_kind_in_yaml_and_markdown_alike(name):
    from carrousel.load.mdpost import parse_markdown_post

    examples = _readme_examples()
    assert name in examples, f"README has no '#### `{name}`' section with a YAML and a Markdown example"
    yaml_text, markdown = examples[name]
    assert _plain(yaml.safe_load(yaml_text)) == _plain(yaml.safe_load(KINDS[name].example))
    slide = parse_markdown_post("---\ntitle: T\n---\n" + markdown, KINDS)["slides"][0]
    assert _plain(json.loads(json.dumps(slide))) == _plain(yaml.safe_load(KINDS[name].example))


# --- schemas in templates, checked --------------------------------------------------------------------------

def kinds_of(tmp_path, *templates: str) -> dict:
    """Kinds loaded from a templates/slides folder holding the given templates (kind name -> text)."""
    folder = tmp_path / "templates" / "slides"
    folder.mkdir(parents=True)
    for number, text in enumerate(templates):
        (folder / f"k{number}.html").write_text(text, encoding="utf-8")
    return load_kinds(tmp_path / "templates")


def slide(text: str):
    """A slide's fields (without kind), parsed as a post's are."""
    return parse_yaml(text, as_text=True)


def test_a_template_without_schema_is_a_partial_not_a_kind(tmp_path):
    kinds = kinds_of(tmp_path, "{% macro x() %}{% endmacro %}", "{#- schema\nsummary: S\nfields: {title: inline}\n-#}")
    assert list(kinds) == ["k1"]
    kind = kinds["k1"]
    assert (kind.template, kind.summary, kind.fields) == ("slides/k1.html", "S", {"title": {"type": "inline"}})


def test_schema_mistakes_name_the_template_and_line(tmp_path):
    with pytest.raises(CarrouselError) as err:
        kinds_of(tmp_path, "{#- schema\nsummary: S\nfeilds: {}\n-#}")
    assert err.value.format().startswith("templates/slides/k0.html:3: unknown schema key 'feilds'")
    assert "did you mean 'fields'?" in err.value.format()


def test_an_unknown_field_type_is_refused(tmp_path):
    with pytest.raises(CarrouselError, match="unknown field type 'number'"):
        kinds_of(tmp_path, "{#- schema\nfields: {n: number}\n-#}")


def test_one_of_needs_exactly_one_group_whole():
    code = KINDS["code"]
    assert code.check(slide("title: C\ncode: x = 1\n"))["code"] == "x = 1"
    assert code.check(slide("title: C\nbefore: a\nafter: b\n"))["after"] == "b"
    for partial in ("title: C\n", "title: C\ncode: x\nbefore: a\nafter: b\n", "title: C\nafter: b\n"):
        assert "give exactly one of: code or before+after" in error_of(code.check, slide(partial)).message


def test_fields_get_their_defaults_and_choices_are_enforced():
    checked = KINDS["quote"].check(slide("text: Hello\n"))
    assert checked["text"] == "Hello" and checked["cite"] is None
    with pytest.raises(CarrouselError, match="unknown kind 'qoute'") as err:
        get_kind(KINDS, "qoute")
    assert err.value.field == "kind" and "did you mean 'quote'?" in err.value.hint
