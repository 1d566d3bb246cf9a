"""Kinds are data: every kind's example renders in every format, a new kind needs no engine change,
and the committed JSON Schema matches the kinds."""

import json
import re

import jsonschema
import pypdfium2 as pdfium
import pytest
import yaml
from PIL import Image

from carrousel.commands.schema import render as render_schema
from carrousel.load.kinds import load_kinds
from carrousel.load.settings import FORMATS
from conftest import REPO, make_project, run_cli

KINDS = load_kinds(REPO / "templates")
NEW_KINDS = ("stat", "compare", "image")


def examples_post(title="Every kind") -> dict:
    return {"title": title, "author": {"name": "Ada Example", "role": "Staff Engineer"},
            "slides": [yaml.safe_load(kind.example) for kind in KINDS.values()]}


@pytest.fixture(scope="module")
def gallery(tmp_path_factory):
    """Every kind's example built once per format through the CLI."""
    root = make_project(tmp_path_factory.mktemp("kinds") / "project", with_content=True)
    post = examples_post()
    for fmt in FORMATS:
        (root / "content" / f"kinds-{fmt}.yaml").write_text(
            yaml.safe_dump({**post, "format": fmt}, allow_unicode=True), encoding="utf-8")
    result = run_cli(root, *(f"content/kinds-{fmt}.yaml" for fmt in FORMATS))
    assert result.returncode == 0, result.stderr
    return root / "output"


def test_every_kind_has_an_example_and_markdown_rules():
    assert set(NEW_KINDS) <= set(KINDS)
    for kind in KINDS.values():
        assert kind.example, f"{kind.name} has no example"
        assert yaml.safe_load(kind.example)["kind"] == kind.name


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_kind_example_renders_in_every_format(gallery, fmt):
    folder = gallery / f"kinds-{fmt}"
    document = pdfium.PdfDocument(folder / f"kinds-{fmt}.pdf")
    try:
        assert len(document) == len(KINDS)
        texts = [re.sub(r"\s+", " ", page.get_textpage().get_text_range()) for page in document]
    finally:
        document.close()
    for (name, kind), text in zip(KINDS.items(), texts):
        example = yaml.safe_load(kind.example)
        # The first words of the example's main field are on the page.
        main = str(example.get("title") or example.get("value") or example.get("text"))
        words = re.sub(r"[*`]", "", main).split()[:3]
        assert " ".join(words) in text, (name, text)
    width, height = FORMATS[fmt]
    pngs = sorted((folder / "png").glob("*.png"))
    assert [Image.open(p).size for p in pngs] == [(width, height)] * len(KINDS)


def test_new_kinds_show_their_parts(gallery):
    text = {}
    document = pdfium.PdfDocument(gallery / "kinds-portrait" / "kinds-portrait.pdf")
    for number, name in enumerate(KINDS):
        text[name] = re.sub(r"\s+", " ", document[number].get_textpage().get_text_range())
    document.close()
    assert "83%" in text["stat"] and "source: internal incident review" in text["stat"]
    assert "Don’t" in text["compare"]  # a typographic apostrophe and "Do" in text["compare"] and "backfill in batches" in text["compare"]
    assert "Every service reads from its own replica" in text["image"]
    # The image slide shows the picture: its colours (the orange box) are on the PNG.
    image = Image.open(gallery / "kinds-portrait" / "png" / f"{list(KINDS).index('image') + 1:02d}.png")
    assert (255, 216, 168) in {rgb for _, rgb in image.convert("RGB").getcolors(1 << 22)}


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
    result = run_cli(root, "content/a.yaml", "content/b.md")
    assert result.returncode == 0, result.stderr
    for name in ("a", "b"):
        document = pdfium.PdfDocument(root / "output" / name / f"{name}.pdf")
        # the title grows to fill the slide: it may wrap
        assert "Do not deploy on Friday" in " ".join(document[0].get_textpage().get_text_range().split())
        document.close()
    result = run_cli(root, "content/c.yaml")
    assert result.returncode == 1
    assert "content/c.yaml:5: slide 1 (warning): level: 'medium' is not allowed" in result.stderr
    schema = json.loads(run_cli(root, "schema").stdout)
    assert "warning" in schema["$defs"]["slide"]["properties"]["kind"]["enum"]


def test_committed_schema_is_in_sync():
    from carrousel.build.project import Project

    committed = (REPO / "schema" / "post.schema.json").read_text(encoding="utf-8")
    assert committed == render_schema(Project.at(REPO)), "run: python build.py schema > schema/post.schema.json"


def test_schema_accepts_the_examples_and_rejects_mistakes():
    schema = json.loads((REPO / "schema" / "post.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    jsonschema.Draft202012Validator.check_schema(schema)
    for path in sorted((REPO / "content").glob("*.yaml")):
        validator.validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        assert "yaml-language-server: $schema=../schema/post.schema.json" in path.read_text(encoding="utf-8")
    validator.validate(examples_post())
    bad = examples_post()
    bad["slides"][0]["titel"] = "typo"
    assert not validator.is_valid(bad)
    assert not validator.is_valid({"title": "T", "format": "a4", "slides": [{"kind": "cover", "title": "x"}]})


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
