"""Command line: `carrousel [build] [POST…]` (the same as `python build.py`)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .errors import CarrouselError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="carrousel", description="Build LinkedIn-ready carousels from posts.")
    parser.add_argument("posts", nargs="*", type=Path, help="post files to build (default: every post in content/)")
    parser.add_argument("--scale", type=float, default=1, help="PNG scale: 1 gives 1080 px wide, 2 gives 2160 px")
    parser.add_argument("--project", type=Path, default=Path("."), help="project folder (default: current folder)")
    return parser


def build(args) -> int:
    """Build the given posts (or all); print one line per post; 0 if all succeeded."""
    from .pipeline import Project, build_post, write_built, write_index

    project = Project.at(args.project)
    paths = args.posts or project.posts()
    if not paths:
        raise CarrouselError("no posts found", file="content/", hint="add a .yaml post under content/")
    failed = 0
    for path in paths:
        try:
            if not path.is_file():
                raise CarrouselError("no such post file", file=str(path))
            built = build_post(path, project, scale=args.scale)
            folder = write_built(built, project)
            rel = os.path.relpath(folder, Path.cwd())
            print(f"✓ {built.post.slug}: {len(built.post.slides)} slides in {built.seconds:.2f}s → {rel}/")
        except CarrouselError as err:
            failed += 1
            print(f"✗ {err.format()}", file=sys.stderr)
    write_index(project)
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of `carrousel` and `python build.py`."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["build"]:
        argv = argv[1:]
    args = _parser().parse_args(argv)
    try:
        return build(args)
    except CarrouselError as err:
        print(f"✗ {err.format()}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("✗ interrupted; outputs already written are complete", file=sys.stderr)
        return 130
    except Exception as err:  # noqa: BLE001 - last resort: one line, not a traceback
        if os.environ.get("CARROUSEL_DEBUG"):
            raise
        print(f"✗ internal error: {type(err).__name__}: {err} (set CARROUSEL_DEBUG=1 for details, and please report it)",
              file=sys.stderr)
        return 2
