"""`carrousel build [POST…]`: build posts to PDF, PNGs and preview."""

from __future__ import annotations

import os
from pathlib import Path

from carrousel.errors import CarrouselError
from carrousel.load.settings import FORMATS

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
    parser.add_argument("--force", action="store_true", help="ignore the cache: render every slide again")
    parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1,
                        help="processes used at once: posts built side by side, or one post's PNGs (default: the number of cores)")


def run(args) -> int:
    """Build the given posts (or all); print one line per post; 0 if all succeeded."""
    from carrousel.build.cache import Cache
    from carrousel.build.options import BuildOptions
    from carrousel.build.progress import Progress

    options = BuildOptions(args.scale, args.format, args.allow_overflow, args.zip)
    key = options.key()
    cache = Cache(args.project.resolve(), enabled=not args.force)
    # Posts whose inputs and outputs are unchanged are skipped before anything heavy is imported.
    paths = args.posts or cache.known_posts()
    unchanged = {p: cache.up_to_date(p, key) for p in paths or ()}
    if paths and all(unchanged.values()):
        for entry in unchanged.values():
            _print_unchanged(entry)
        return 0

    from carrousel.build.batch import build_many
    from carrousel.build.pipeline import write_index
    from carrousel.build.project import Project

    project = Project.at(args.project)
    if not args.posts:
        paths = project.posts()
        cache.remember_posts(paths)
    if not paths:
        raise CarrouselError("no posts found", file="content/", hint="add a .yaml or .md post under content/")
    todo = []
    for path in paths:
        entry = unchanged.get(path) or cache.up_to_date(path, key)
        if entry:
            _print_unchanged(entry)
        else:
            todo.append(path)
    progress = Progress(len(todo))
    try:
        results = build_many(todo, project.root, options, args.force, args.jobs, progress)
    finally:
        progress.close()
    write_index(project)
    return 0 if all(r.ok for r in results) else 1


def _print_unchanged(entry: dict) -> None:
    print("\n".join([f"✓ {Path(entry['output']).name}: unchanged", *entry.get("notes", [])]))
