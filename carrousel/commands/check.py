"""`carrousel check [POST…]`: preflight posts against platform limits and legibility rules."""

from __future__ import annotations

import json
import os
from pathlib import Path

from carrousel.errors import CarrouselError
from carrousel.load.settings import FORMATS, MODES, RATIOS

HELP = "preflight posts: platform limits (LinkedIn and Instagram unless --platform), safe zones, contrast, glyphs, " \
       "text size, fit (nothing is written)"
MARK = {"ok": "✓", "warn": "!", "error": "✗"}


def add_arguments(parser) -> None:
    """Options of `check`."""
    from carrousel.commands.build import EXPORT_HELP
    from carrousel.export.platforms import PROFILES

    parser.add_argument("posts", nargs="*", type=Path, help="post files to check (default: every post in content/)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--platform", choices=list(PROFILES), action="append",
                        help="check this platform's limits and safe zones (repeatable; default: linkedin and "
                             "instagram)")
    parser.add_argument("--export", metavar="LIST", help=EXPORT_HELP + "; checked as built")
    parser.add_argument("--format", choices=list(FORMATS) + list(RATIOS), help="page format to check the posts in")
    parser.add_argument("--mode", choices=list(MODES), help="light or dark mode to check the posts in")
    parser.add_argument("--theme", help="theme to check the posts in")


def check_post(path: Path, project, platforms, format=None, theme=None, exports=None, supervisor=None,
               mode=None) -> dict:
    """The preflight of one post: {post, slug, rows} (a post that cannot be built is one error row), its exports
    (the post's, or these) built in memory.

    The post is built by a supervised worker (the supervisor given, else a new one), within the render limits.
    What the build cache knows is used: after a build, nothing is laid out again."""
    from carrousel.build import jobs
    from carrousel.build.cache import Cache
    from carrousel.build.options import BuildOptions
    from carrousel.build.supervisor import Supervisor
    from carrousel.checks.glyphs import MissingGlyphs
    from carrousel.checks.preflight import Row, as_dict, glyph_row
    from carrousel.checks.profiles import run
    from carrousel.paths import shown as shown_path

    shown = os.path.relpath(path, Path.cwd())
    supervisor = supervisor or Supervisor(os.cpu_count() or 1)
    try:
        if not path.is_file():
            raise CarrouselError("no such post file", file=str(path))
        options = BuildOptions(format=format, theme=theme, allow_overflow=True, exports=exports, mode=mode)
        built = supervisor.run(jobs.render, str(path), project, options, Cache(project.root),
                               supervisor.workers, where=shown_path(path, project.root))
        rows = run(built, platforms)
        slug = built.post.slug
    except MissingGlyphs as err:  # would render as tofu: nothing else can be measured
        rows, slug = [glyph_row(err.found, err.families)], None
    except CarrouselError as err:
        details = [error.format() for error in getattr(err, "errors", [err])]  # a post's errors, one line each
        rows, slug = [Row("Build", "builds", "error", "failed", "builds without errors", details)], None
    return {"post": shown, "slug": slug, "rows": [as_dict(r) for r in rows]}


def table(result: dict) -> str:
    """A post's rows as an aligned table, details indented under their row."""
    rows = result["rows"]
    names = [f"{r['area']} · {r['check']}" for r in rows]
    name_w = max(map(len, names), default=0)
    value_w = max((len(r["value"]) for r in rows), default=0)
    lines = [f"{result['post']}" + (f" → {result['slug']}" if result["slug"] else "")]
    for name, row in zip(names, rows):
        lines.append(f"  {MARK[row['status']]} {name:<{name_w}}  {row['value']:<{value_w}}  {row['limit']}")
        lines.extend(f"      {detail}" for detail in row["details"])
    return "\n".join(lines)


def run(args) -> int:
    """Check the given posts (or all); 1 if any check failed."""
    from carrousel import commands
    from carrousel.checks.preflight import PLATFORMS

    project = commands.project(args)
    paths = args.posts or project.posts()
    if not paths:
        raise CarrouselError("no posts found", file="content/", hint="add a .yaml or .md post under content/")
    from carrousel.build.supervisor import Supervisor

    exports = commands.exports(args.export)
    platforms = tuple(dict.fromkeys(args.platform or PLATFORMS))
    supervisor = Supervisor(os.cpu_count() or 1)
    try:
        results = [check_post(path, project, platforms, args.format, args.theme, exports, supervisor,
                               args.mode)
                   for path in paths]
    finally:
        supervisor.close()
    statuses = [row["status"] for result in results for row in result["rows"]]
    errors, warnings = statuses.count("error"), statuses.count("warn")
    if args.json:
        print(json.dumps({"posts": results, "errors": errors, "warnings": warnings}, ensure_ascii=False, indent=1))
    else:
        print("\n\n".join(table(result) for result in results))
        print(f"\n{len(results)} post{'s' if len(results) != 1 else ''} checked: "
              f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}")
    return 1 if errors else 0
