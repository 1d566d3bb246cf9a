"""`carrousel themes`: the themes a post can use, built-in and the project's own."""

from __future__ import annotations

HELP = "list the themes: name, look, and where each comes from"


def add_arguments(parser) -> None:
    """Options of `themes`: none besides --project."""


def run(args) -> int:
    """One line per theme: name, description, origin (built-in, or the project's folder)."""
    from carrousel import commands
    from carrousel.paths import is_inside
    from carrousel.theme.themes import available, describe

    project = commands.project(args)
    found = available(project.layers)
    width = max(map(len, found), default=0)
    for name, folder in found.items():
        origin = f"project: {folder.relative_to(project.root)}/" if is_inside(folder, project.root) else "built-in"
        print(f"{name:<{width}}  {describe(folder) or '—'}  ({origin})")
    return 0
