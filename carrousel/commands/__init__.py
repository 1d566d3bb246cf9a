"""Subcommands of `carrousel` / `python build.py`: one module each.

A command module defines `HELP` (one line), `add_arguments(parser)` and
`run(args) -> exit code`. Register it in COMMANDS below.
"""

from importlib import import_module

COMMANDS = ("build", "check", "serve", "schema", "gallery")


def load(name: str):
    """The module of a subcommand."""
    return import_module(f"{__name__}.{name}")
