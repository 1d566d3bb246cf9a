"""Command line: `carrousel [COMMAND] [ARGS…]`; `python build.py` is the same, and COMMAND defaults to build."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from carrousel import __version__, commands
from carrousel.errors import CarrouselError


def _parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line parser: every command's (for --help), or only the one asked for (its imports cost)."""
    parser = argparse.ArgumentParser(prog="carrousel", description="Build LinkedIn-ready carousels from posts.")
    parser.add_argument("--version", action="version", version=f"carrousel {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in [only] if only else commands.COMMANDS:
        module = commands.load(name)
        command = sub.add_parser(name, help=module.HELP, description=module.HELP)
        command.add_argument("--project", type=Path, default=None,
                             help="project folder (default: the nearest folder with content/, from here upwards)")
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of `carrousel` and `python build.py`."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0] not in commands.COMMANDS and argv[0] not in ("-h", "--help", "--version")):
        argv = ["build", *argv]
    args = _parser(argv[0] if argv[0] in commands.COMMANDS else None).parse_args(argv)
    try:
        return args.run(args)
    except CarrouselError as err:
        print(f"✗ {err.format()}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        # True whenever it comes: a post's files are switched in as one set (outputs/swap.py).
        done = "; each post's outputs are its previous set or its new one, never a mix (build again to finish)" \
            if args.command in (None, "build") else ""
        print(f"✗ interrupted{done}", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `carrousel kinds | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so that the final flush is quiet
        return 0
    except Exception as err:  # noqa: BLE001 - last resort: one line, not a traceback
        if os.environ.get("CARROUSEL_DEBUG"):
            raise
        print(f"✗ internal error: {type(err).__name__}: {err} (set CARROUSEL_DEBUG=1 for details, and please report it)",
              file=sys.stderr)
        return 2


def entry() -> None:
    """The `carrousel` command: main(), then a quick exit (tearing down Pango's objects one by one takes 0.2 s)."""
    code = main()
    renderer = sys.modules.get("carrousel.layout.renderer")
    if renderer is not None:
        renderer.close()  # the one clean-up that matters: WeasyPrint's temporary font folder
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
