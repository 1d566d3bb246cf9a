"""`carrousel check [POST…]`: preflight posts against platform limits and legibility rules."""

from __future__ import annotations

import json
import os
from pathlib import Path

from carrousel.errors import CarrouselError
from carrousel.load.settings import FORMATS

HELP = "preflight posts: LinkedIn and Instagram limits, contrast, glyphs, text size, fit (nothing is written)"
MARK = {"ok": "✓", "warn": "!", "error": "✗"}


def add_arguments(parser) -> None:
    """Options of `check`."""
    from carrousel.checks.preflight import PLATFORMS

    parser.add_argument("posts", nargs="*", type=Path, help="post files to check (default: every post in content/)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--platform", choices=PLATFORMS, action="append",
                        help="check only this platform's limits (repeatable; default: all)")
    parser.add_argument("--format", choices=list(FORMATS), help="page format to check the posts in")
    parser.add_argument("--theme", help="theme to check the posts in")


def check_post(path: Path, project, platforms, format=None, theme=None) -> dict:
    """The preflight of one post: {post, slug, rows} (a post that cannot be built is one error row).

    What the build cache knows is used: after a build, nothing is laid out again."""
    from carrousel.build.cache import Cache
    from carrousel.build.options import BuildOptions
    from carrousel.build.pipeline import build_post
    from carrousel.checks.glyphs import MissingGlyphs
    from carrousel.checks.preflight import Row, as_dict, glyph_row, run
    from carrousel.limits import Executor

    shown = os.path.relpath(path, Path.cwd())
    try:
        if not path.is_file():
            raise CarrouselError("no such post file", file=str(path))
        built = build_post(path, project, BuildOptions(format=format, theme=theme, allow_overflow=True), Cache(project.root),
                           Executor(os.cpu_count() or 1))
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
    results = [check_post(path, project, tuple(args.platform or PLATFORMS), args.format, args.theme) for path in paths]
    statuses = [row["status"] for result in results for row in result["rows"]]
    errors, warnings = statuses.count("error"), statuses.count("warn")
    if args.json:
        print(json.dumps({"posts": results, "errors": errors, "warnings": warnings}, ensure_ascii=False, indent=1))
    else:
        print("\n\n".join(table(result) for result in results))
        print(f"\n{len(results)} post{'s' if len(results) != 1 else ''} checked: "
              f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}")
    return 1 if errors else 0
