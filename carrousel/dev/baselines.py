"""Visual baselines: each kind's portrait slide in each theme and mode, small, under tests/baselines/.

`tests/baselines/<theme>/<mode>/<kind>.png`, downscaled to visual.THUMB_WIDTH;
a check compares a new build with a tolerance and writes a diff picture for
each slide that moved.
"""

from __future__ import annotations

from pathlib import Path

from carrousel.build.project import Project
from carrousel.dev import visual
from carrousel.outputs import write as outputs


def baseline_path(project: Project, theme: str, kind: str, mode: str = "") -> Path:
    """Where the baseline picture of a kind in a theme and mode (portrait) is kept."""
    folder = project.root / "tests" / "baselines" / theme
    return (folder / mode if mode else folder) / f"{kind}.png"


def portrait_slides(sheets: list):
    """(sheet, kind, png) for every slide of the portrait sheets: the ones with baselines."""
    for sheet in sheets:
        if sheet.format == "portrait":
            for kind, data in zip(sheet.kinds, sheet.pngs):
                yield sheet, kind, data


def update_baselines(project: Project, sheets: list) -> list[Path]:
    """Write the portrait sheets' slides as baselines (THUMB_WIDTH px wide); the paths written."""
    written = []
    for sheet, kind, data in portrait_slides(sheets):
        target = baseline_path(project, sheet.theme, kind, sheet.mode)
        outputs.write_atomic(target, visual.png_bytes(visual.thumbnail(data)))
        written.append(target)
    return written


def compare_one(name: str, target: Path, data: bytes, diff_dir: Path, command: str) -> str | None:
    """One slide's PNG against its baseline: None when it matches, else the failure line (a diff image written);
    `command` is what writes the missing baseline."""
    if not target.is_file():
        return f"{name}: no baseline (run: {command})"
    expected, actual = visual.open_image(target.read_bytes()), visual.thumbnail(data)
    result = visual.compare(expected, actual)
    if result.passed:
        return None
    diff = diff_dir / f"{name.replace('/', '-')}-diff.png"
    outputs.write_atomic(diff, visual.png_bytes(visual.diff_image(expected, actual)))
    return f"{name}: {result.describe()}; diff: {diff}"


def check_baselines(project: Project, sheets: list, diff_dir: Path) -> list[str]:
    """Compare portrait slides to their baselines; one line per failure (a diff image is written for each)."""
    found = (compare_one("/".join(part for part in (sheet.theme, sheet.mode, kind) if part),
                         baseline_path(project, sheet.theme, kind, sheet.mode), data, diff_dir,
                         "python build.py gallery --update-baselines")
             for sheet, kind, data in portrait_slides(sheets))
    return [line for line in found if line]
