"""The JSON Schema of posts, generated from the kinds: committed in sync, and it validates what it should."""

import json

import jsonschema
import yaml

from carrousel.commands.schema import render as render_schema
from carrousel.load.kinds import load_kinds
from helpers import REPO, project_at

KINDS = load_kinds(REPO / "templates")


def examples_post(title="Every kind") -> dict:
    """A post holding every kind's example slide."""
    return {"title": title, "author": {"name": "Ada Example", "role": "Staff Engineer"},
            "slides": [yaml.safe_load(kind.example) for kind in KINDS.values()]}


def test_committed_schema_is_in_sync():
    committed = (REPO / "schema" / "post.schema.json").read_text(encoding="utf-8")
    assert committed == render_schema(project_at(REPO)), "run: python build.py schema > schema/post.schema.json"


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
