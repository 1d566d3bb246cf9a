"""`carrousel gallery`: every kind × theme × mode × format from the kinds' examples, and the visual baselines."""

from __future__ import annotations

import os
import sys
from pathlib import Path

HELP = "build every kind in every theme, mode and format into output/gallery/ (and check or update visual baselines)"


def add_arguments(parser) -> None:
    """Options of `gallery`."""
    parser.add_argument("--theme", action="append", help="only this theme (repeatable; default: all)")
    parser.add_argument("--format", action="append", help="only this format (repeatable; default: all)")
    parser.add_argument("--mode", action="append", help="only this mode, light or dark (repeatable; default: both)")
    parser.add_argument("--update-baselines", action="store_true",
                        help="rewrite tests/baselines/<theme>/<mode>/<kind>.png from the portrait slides")
    parser.add_argument("--scripts", action="store_true",
                        help="build the post of every script family (tests/data/scripts/) in each theme instead, "
                             "into output/gallery/scripts/; baselines under tests/baselines/scripts/")
    parser.add_argument("--docs", action="store_true", help="also write the README's gallery pictures under docs/")
    parser.add_argument("--check", action="store_true",
                        help="compare the portrait slides to tests/baselines/; exit 1 on a difference")
    parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1,
                        help="processes used at once (default: the number of cores)")


def run(args) -> int:
    """Build the gallery; with --update-baselines or --check, also handle the baselines."""
    from carrousel import commands
    from carrousel.dev.baselines import check_baselines, update_baselines
    from carrousel.dev.docs import docs_pictures
    from carrousel.dev.gallery import build_sheets, combinations, resolve, write_gallery
    from carrousel.outputs.write import write_atomic

    project = commands.project(args)
    themes, formats = resolve(project, args.theme, args.format, args.mode)
    if args.scripts:
        return _scripts(project, themes, args)
    if (args.update_baselines or args.check) and "portrait" not in formats:
        formats.append("portrait")  # baselines are portrait

    def show(sheet) -> None:
        print(f"✓ {sheet.theme} · {sheet.mode or '-'} · {sheet.format}: {len(sheet.kinds)} kinds in "
              f"{sheet.seconds:.2f}s", flush=True)
        for warning in sheet.warnings:
            print(f"  ! slide {warning.slide} ({warning.kind}): {warning.message}")

    sheets = build_sheets(project, combinations(project, themes, formats, args.mode), args.jobs, show)
    index = write_gallery(project, sheets)
    print(f"→ {os.path.relpath(index, Path.cwd())}")
    if args.docs:
        for name, data in docs_pictures(sheets).items():
            write_atomic(project.root / "docs" / name, data)
            print(f"✓ docs/{name}")
    status = 0
    if args.update_baselines:
        written = update_baselines(project, sheets)
        print(f"✓ {len(written)} baselines written under tests/baselines/")
    elif args.check:
        failures = check_baselines(project, sheets, project.output / "gallery" / "diff")
        for line in failures:
            print(f"✗ {line}", file=sys.stderr)
        status = 1 if failures else 0
        if not failures:
            print("✓ every slide matches its baseline")
    return status


def _scripts(project, themes: list, args) -> int:
    """`gallery --scripts`: each theme's post of every script, its slides and sheet, and their baselines."""
    from carrousel.dev import scripts

    sheets = []
    for theme in themes:
        sheet = scripts.build(project, theme)
        print(f"✓ {theme}: {len(sheet.kinds)} slides in {len(scripts.SCRIPTS)} scripts in {sheet.seconds:.2f}s",
              flush=True)
        for warning in sheet.warnings:
            print(f"  ! slide {warning.slide} ({sheet.kinds[warning.slide - 1]}): {warning.message}")
        sheets.append(sheet)
    print(f"→ {os.path.relpath(scripts.write(project, sheets), Path.cwd())}")
    if args.update_baselines:
        written = scripts.update_baselines(project, sheets)
        print(f"✓ {len(written)} baselines written under tests/baselines/scripts/")
    elif args.check:
        failures = scripts.check_baselines(project, sheets, project.output / "gallery" / "diff")
        for line in failures:
            print(f"✗ {line}", file=sys.stderr)
        if failures:
            return 1
        print("✓ every slide matches its baseline")
    return 0
