"""`carrousel build [POST…]`: build posts to PDF, PNGs and preview."""

from __future__ import annotations

import os
from pathlib import Path

from carrousel.errors import CarrouselError
from carrousel.layers import find_root
from carrousel.load.settings import FORMATS, MODES, RATIOS, format_name

HELP = "build posts (default: every post in content/)"
EXPORT_HELP = "what to write, a comma-separated list of pdf, png, jpg, gif, mp4, pptx, zip (default: the post's or " \
              "carrousel.yaml's export:, else pdf,png; png/ is always written: the preview shows it)"


def add_arguments(parser) -> None:
    """Options of `build`."""
    parser.add_argument("posts", nargs="*", type=Path, help="post files to build (default: every post in content/)")
    parser.add_argument("--scale", type=float, default=1, help="PNG scale: 1 gives 1080 px wide, 2 gives 2160 px")
    parser.add_argument("--format", choices=list(FORMATS) + list(RATIOS),
                        help="page format for every post built, by name or ratio (wins over the post and "
                             "carrousel.yaml; outputs go to output/<slug>/<format>/)")
    parser.add_argument("--mode", choices=list(MODES),
                        help="light or dark, for every post built (wins over the post and carrousel.yaml; "
                             "outputs go to output/<slug>/<mode>/)")
    parser.add_argument("--theme", help="theme for every post built (wins over the post and carrousel.yaml; "
                                        "outputs go to output/<slug>/<theme>/)")
    parser.add_argument("--allow-overflow", action="store_true",
                        help="build slides that do not fit even at the smallest text size, and mark them")
    parser.add_argument("--export", metavar="LIST", help=EXPORT_HELP)
    parser.add_argument("--platform", metavar="NAME",
                        help="build for one platform (linkedin, instagram, instagram-api, threads, tiktok, x, "
                             "mastodon, bluesky): its format and the exports that fit it, and warn about text under "
                             "its interface")
    parser.add_argument("--jpg-quality", type=int, metavar="N", help="JPEG quality from 1 to 100 (default 90)")
    parser.add_argument("--crossfade", type=float, metavar="SECONDS",
                        help="crossfade between slides in the MP4 (default 0.4; 0 cuts)")
    parser.add_argument("--zip", action="store_true", help="also write output/<slug>/<slug>-png.zip of the PNGs "
                                                           "(the same as adding zip to --export)")
    parser.add_argument("--force", action="store_true", help="ignore the cache: render every slide again")
    parser.add_argument("--shard", metavar="K/N", help="build only share K of N of the posts (one per CI machine; "
                                                       "a post's share depends only on its slug)")
    parser.add_argument("--shards", type=int, metavar="N", help="in a Kubernetes Indexed Job: N shares, this pod's "
                                                               "from JOB_COMPLETION_INDEX")
    parser.add_argument("--report", type=Path, metavar="FILE.jsonl",
                        help="write one JSON line per post: slug, status, slides, seconds, outputs, warnings, errors")
    parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1,
                        help="processes used at once: posts built side by side, or one post's PNGs (default: the "
                             "number of cores)")


def run(args) -> int:
    """Build the given posts (or all); print one line per post; 0 if all succeeded."""
    from carrousel.build import shards

    options = build_options(args)
    shard = shards.parse(args.shard) if args.shard else shards.from_environment(args.shards)
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
    results = [r for root, posts in groups.items() for r in build_project(root, posts, options, shard, args)]
    if args.report:
        from carrousel.build import report

        report.write(args.report, results)
    return 0 if all(r.ok for r in results) else 1


def build_options(args):
    """The BuildOptions of the command line (--export and --platform checked: one line for a mistake)."""
    from carrousel import commands
    from carrousel.build.options import BuildOptions

    if args.jpg_quality is not None and not 1 <= args.jpg_quality <= 100:
        raise CarrouselError(f"JPEG quality must be from 1 to 100, not {args.jpg_quality}", field="--jpg-quality",
                             hint="90 is the default; 80 makes files about half as big")
    if args.crossfade is not None and not 0 <= args.crossfade <= 10:
        raise CarrouselError(f"the crossfade must be from 0 to 10 seconds, not {args.crossfade:g}",
                             field="--crossfade", hint="0 cuts from slide to slide; the default is 0.4")
    exports = commands.exports(args.export)
    fmt = format_name(args.format)  # a ratio (4:5) names its format
    if args.platform is not None:
        from carrousel.export.platforms import profile

        fmt = fmt or profile(args.platform).format  # the format it shows best, unless --format says otherwise
    return BuildOptions(args.scale, fmt, args.theme, args.allow_overflow, args.zip, exports, args.platform,
                        args.jpg_quality, args.crossfade, args.mode)


def build_project(root: Path, posts: list[Path], options, shard, args) -> list:
    """Build posts of one project (all of them when none is given, or the shard's share): their Results."""
    from carrousel.build import shards
    from carrousel.build.cache import Cache

    cache = Cache(root, enabled=not args.force)
    key = options.key()
    # Posts whose inputs and outputs are unchanged are skipped before anything heavy is imported.
    paths = [p.resolve() for p in posts] or cache.known_posts()
    paths = shards.select(paths, shard) if paths is not None else None
    unchanged = _records(cache, paths or [], key)
    if paths and all(unchanged.values()):
        return [_unchanged(path, entry) for path, entry in unchanged.items()]

    from carrousel.build.batch import build_many
    from carrousel.build.pipeline import write_index
    from carrousel.build.progress import Progress
    from carrousel.build.project import Project

    project = Project.at(root)
    if not posts:
        found = project.posts()
        cache.remember_posts(found)
        paths = shards.select(found, shard)
        if not found:
            raise CarrouselError("no posts found", file="content/", hint="add a .yaml or .md post under content/")
    results, todo = [], []
    unchanged.update(_records(cache, [path for path in paths if path not in unchanged], key))
    for path in paths:
        entry = unchanged.get(path)
        if entry:
            results.append(_unchanged(path, entry))
        else:
            todo.append(path)
    progress = Progress(len(todo))
    try:
        results += build_many(todo, project.root, options, args.force, args.jobs, progress)
    finally:
        progress.close()
    write_index(project)
    return results


def _records(cache, paths: list[Path], key: str) -> dict:
    """{path: its cache record, or None to build it}, decided under output/'s lock against what is on disk: a build
    halfway through writing is waited for, and a set another build wrote since is not taken for this one's."""
    output = cache.root / "output"
    if not cache.enabled or not paths or not output.is_dir():
        return dict.fromkeys(paths)
    from carrousel.outputs.write import locked, sweep

    with locked(output):
        sweep(output)  # what killed builds left behind
        return {path: cache.up_to_date(path, key) for path in paths}


def _unchanged(path: Path, entry: dict):
    """Print an unchanged post's line (and its notes); its Result."""
    import json

    from carrousel.build.batch import Result

    folder = Path(entry["output"])
    name = f"{folder.parent.name}/{folder.name}" if folder.parent.parent.name == "output" else folder.name
    line = "\n".join([f"✓ {name}: unchanged", *entry.get("notes", [])])
    print(line)
    try:
        summary = json.loads((folder / "post.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        summary = {}
    return Result(str(path), True, line, summary.get("slug", folder.name), 0, "unchanged", summary.get("slides", 0),
                  0.0, str(folder), summary.get("warnings", []))
