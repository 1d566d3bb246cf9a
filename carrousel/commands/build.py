"""`carrousel build [POST…]`: build posts to PDF, PNGs and preview."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..errors import CarrouselError
from ..settings import FORMATS

HELP = "build posts (default: every post in content/)"


def add_arguments(parser) -> None:
    """Options of `build`."""
    parser.add_argument("posts", nargs="*", type=Path, help="post files to build (default: every post in content/)")
    parser.add_argument("--scale", type=float, default=1, help="PNG scale: 1 gives 1080 px wide, 2 gives 2160 px")
    parser.add_argument("--format", choices=list(FORMATS),
                        help="page format for every post built (wins over the post and carrousel.yaml)")
    parser.add_argument("--allow-overflow", action="store_true",
                        help="build slides that do not fit even at the smallest text size, and mark them")
    parser.add_argument("--zip", action="store_true", help="also write output/<slug>/<slug>-png.zip of the PNGs")


def run(args) -> int:
    """Build the given posts (or all); print one line per post; 0 if all succeeded."""
    from ..pipeline import Project, build_post, write_built, write_index

    project = Project.at(args.project)
    paths = args.posts or project.posts()
    if not paths:
        raise CarrouselError("no posts found", file="content/", hint="add a .yaml or .md post under content/")
    failed = 0
    for path in paths:
        try:
            if not path.is_file():
                raise CarrouselError("no such post file", file=str(path))
            built = build_post(path, project, scale=args.scale, format=args.format,
                               allow_overflow=args.allow_overflow, zip_pngs=args.zip)
            folder = write_built(built, project)
            rel = os.path.relpath(folder, Path.cwd())
            print(f"✓ {built.post.slug}: {len(built.post.slides)} slides in {built.seconds:.2f}s → {rel}/")
            for warning in built.warnings:
                where = f"slide {warning['slide']} ({warning['kind']}): " if warning["slide"] else ""
                print(f"  ! {built.post.slug}: {where}{warning['message']}")
        except CarrouselError as err:
            failed += 1
            print(f"✗ {err.format()}", file=sys.stderr)
    write_index(project)
    return 1 if failed else 0
