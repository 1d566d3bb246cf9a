"""`carrousel build [POST…]`: build posts to PDF, PNGs and preview."""

from __future__ import annotations

import os
from pathlib import Path

from carrousel.errors import CarrouselError
from carrousel.layers import find_root
from carrousel.load.settings import FORMATS

HELP = "build posts (default: every post in content/)"


def add_arguments(parser) -> None:
    """Options of `build`."""
    parser.add_argument("posts", nargs="*", type=Path, help="post files to build (default: every post in content/)")
    parser.add_argument("--scale", type=float, default=1, help="PNG scale: 1 gives 1080 px wide, 2 gives 2160 px")
    parser.add_argument("--format", choices=list(FORMATS),
                        help="page format for every post built (wins over the post and carrousel.yaml; "
                             "outputs go to output/<slug>/<format>/)")
    parser.add_argument("--theme", help="theme for every post built (wins over the post and carrousel.yaml; "
                                        "outputs go to output/<slug>/<theme>/)")
    parser.add_argument("--allow-overflow", action="store_true",
                        help="build slides that do not fit even at the smallest text size, and mark them")
    parser.add_argument("--zip", action="store_true", help="also write output/<slug>/<slug>-png.zip of the PNGs")
    parser.add_argument("--force", action="store_true", help="ignore the cache: render every slide again")
    parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1,
                        help="processes used at once: posts built side by side, or one post's PNGs (default: the "
                             "number of cores)")


def run(args) -> int:
    """Build the given posts (or all); print one line per post; 0 if all succeeded."""
    from carrousel.build.options import BuildOptions

    options = BuildOptions(args.scale, args.format, args.theme, args.allow_overflow, args.zip)
    if args.project:
        groups = {args.project.resolve(): args.posts}
    elif args.posts:  # a post given by path builds in its own project, wherever that is
        groups = {}
        for post in args.posts:
            root = find_root(post.parent)
            if root is None:
                raise CarrouselError("this post is in no carrousel project (no content/ folder above it)",
                                     file=str(post), hint="keep posts under a project's content/ folder")
            groups.setdefault(root, []).append(post)
    else:
        root = find_root(Path.cwd())
        if root is None:
            raise CarrouselError("no carrousel project here (no content/ folder in this folder or any above it)",
                                 file=Path.cwd().name, hint="run from a folder that holds content/, or create "
                                                            "one with: carrousel new DIR")
        groups = {root: []}
    codes = [build_project(root, posts, options, args) for root, posts in groups.items()]
    return max(codes)


def build_project(root: Path, posts: list[Path], options, args) -> int:
    """Build posts of one project (all of them when none is given); 0 if all succeeded."""
    from carrousel.build.cache import Cache

    cache = Cache(root, enabled=not args.force)
    key = options.key()
    # Posts whose inputs and outputs are unchanged are skipped before anything heavy is imported.
    paths = [p.resolve() for p in posts] or cache.known_posts()
    unchanged = _unchanged(cache, paths or [], key)
    if paths and all(unchanged.values()):
        for entry in unchanged.values():
            _print_unchanged(entry)
        return 0

    from carrousel.build.batch import build_many
    from carrousel.build.pipeline import write_index
    from carrousel.build.progress import Progress
    from carrousel.build.project import Project

    project = Project.at(root)
    if not posts:
        paths = project.posts()
        cache.remember_posts(paths)
    if not paths:
        raise CarrouselError("no posts found", file="content/", hint="add a .yaml or .md post under content/")
    todo = []
    unchanged.update(_unchanged(cache, [path for path in paths if path not in unchanged], key))
    for path in paths:
        entry = unchanged.get(path)
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


def _unchanged(cache, paths: list[Path], key: str) -> dict:
    """{path: its cache record, or None to build it}, decided under output/'s lock against what is on disk: a build
    halfway through writing is waited for, and a set another build wrote since is not taken for this one's."""
    output = cache.root / "output"
    if not cache.enabled or not paths or not output.is_dir():
        return dict.fromkeys(paths)
    from carrousel.outputs.write import locked, sweep

    with locked(output):
        sweep(output)  # what killed builds left behind
        return {path: cache.up_to_date(path, key) for path in paths}


def _print_unchanged(entry: dict) -> None:
    folder = Path(entry["output"])
    name = f"{folder.parent.name}/{folder.name}" if folder.parent.parent.name == "output" else folder.name
    print("\n".join([f"✓ {name}: unchanged", *entry.get("notes", [])]))
