"""Subcommands of `carrousel` / `python build.py`: one module each.

A command module defines `HELP` (one line), `add_arguments(parser)` and
`run(args) -> exit code`. Register it in COMMANDS below.
"""

from importlib import import_module
from pathlib import Path

COMMANDS = ("build", "check", "serve", "api", "new", "themes", "kinds", "schema", "gallery")


def load(name: str):
    """The module of a subcommand."""
    return import_module(f"{__name__}.{name}")


def project(args):
    """The project a command works on: --project DIR, else the nearest folder with content/ from here upwards."""
    from carrousel.build.project import Project

    return Project.at(args.project) if args.project else Project.find(Path.cwd())


def exports(text: str | None):
    """The --export list of the command line, checked (None when not given)."""
    if text is None:
        return None
    from carrousel.errors import CarrouselError
    from carrousel.load.fields import names
    from carrousel.load.settings import EXPORTS

    try:
        return names(text, EXPORTS)
    except CarrouselError as err:
        raise err.at(field="--export")
