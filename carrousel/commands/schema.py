"""`carrousel schema`: print the JSON Schema of the post format."""

from __future__ import annotations

import json
import sys

HELP = "print the JSON Schema of posts (from the kinds in templates/slides)"


def add_arguments(parser) -> None:
    """Options of `schema`: none besides --project."""


def render(project) -> str:
    """The schema as the text committed in schema/post.schema.json."""
    from carrousel.dev.schemagen import post_schema

    return json.dumps(post_schema(project.kinds), ensure_ascii=False, indent=2) + "\n"


def run(args) -> int:
    """Print the schema to stdout."""
    from carrousel import commands

    sys.stdout.write(render(commands.project(args)))
    return 0
