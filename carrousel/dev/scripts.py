"""The scripts gallery: a post per script family (tests/data/scripts/<lang>.yaml), built in every theme.

Each script's post is a real one (a cover, a list or steps with code and English in it, a stat or a quote)
and builds alone. For the gallery and the tests, one post per theme holds them all: each slide keeps its
post's language as its own `lang:` (so its direction, fonts, quotes and swipe hint follow it), and one build
per theme lays them out. Baselines: tests/baselines/scripts/<theme>/<script>-NN.png.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from carrousel.build.options import BuildOptions
from carrousel.build.pipeline import build_post
from carrousel.build.project import Project
from carrousel.dev import gallery, visual
from carrousel.dev.baselines import compare_one
from carrousel.errors import CarrouselError
from carrousel.outputs import write as outputs

# The script families, in the order the gallery shows them.
SCRIPTS = ("ja", "zh", "ko", "ar", "he", "hi", "th", "ru", "el")


def data_dir(project: Project) -> Path:
    """Where the script posts are kept."""
    return project.root / "tests" / "data" / "scripts"


def posts(project: Project) -> dict:
    """{script: its post as data}, from tests/data/scripts/."""
    out = {}
    for script in SCRIPTS:
        path = data_dir(project) / f"{script}.yaml"
        if not path.is_file():
            raise CarrouselError(f"no post for script '{script}'", file=str(path.relative_to(project.root)),
                                 hint="the scripts gallery runs in carrousel's own repository")
        out[script] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return out


def combined(project: Project, theme: str) -> tuple[str, tuple]:
    """The YAML text of the post holding every script's slides in a theme (its own mode, portrait), and the
    label of each slide (`ja-01`)."""
    slides, labels = [], []
    for script, post in posts(project).items():
        for number, slide in enumerate(post["slides"], 1):
            slides.append({**slide, "lang": post["lang"]})
            labels.append(f"{script}-{number:02d}")
    post = {"title": f"carrousel scripts: {theme}", "lang": "en", "theme": theme, "format": "portrait",
            "author": gallery.AUTHOR, "slides": slides}
    return yaml.safe_dump(post, allow_unicode=True, sort_keys=False, width=1000), tuple(labels)


def build(project: Project, theme: str) -> gallery.Sheet:
    """Build the scripts post of a theme (its source written under output/gallery/src/); a Sheet whose `kinds`
    are the slides' labels."""
    text, labels = combined(project, theme)
    source = gallery.source_dir(project) / f"scripts-{theme}.yaml"
    outputs.write_atomic(source, text)
    built = build_post(source, project, BuildOptions())
    pngs = tuple(data for name, data in sorted(built.files.items()) if name.startswith("png/"))
    return gallery.Sheet(theme, "portrait", labels, pngs, built.files[f"{built.post.slug}.pdf"], built.seconds,
                         tuple(built.warnings or ()))


def write(project: Project, sheets: list) -> Path:
    """The slides and a contact sheet per theme under output/gallery/scripts/; that folder."""
    root = project.output / "gallery" / "scripts"
    for sheet in sheets:
        outputs.write_tree(root / sheet.theme, {f"{label}.png": data for label, data in zip(sheet.kinds, sheet.pngs)})
        outputs.write_atomic(root / f"{sheet.theme}.png", visual.png_bytes(gallery.grid(sheet.pngs, columns=8)))
    return root


def baseline_path(project: Project, theme: str, label: str) -> Path:
    """Where the baseline of one scripts slide in a theme is kept."""
    return project.root / "tests" / "baselines" / "scripts" / theme / f"{label}.png"


def update_baselines(project: Project, sheets: list) -> list[Path]:
    """Write every scripts slide as a baseline (THUMB_WIDTH px wide); the paths written."""
    written = []
    for sheet in sheets:
        for label, data in zip(sheet.kinds, sheet.pngs):
            target = baseline_path(project, sheet.theme, label)
            outputs.write_atomic(target, visual.png_bytes(visual.thumbnail(data)))
            written.append(target)
    return written


def check_baselines(project: Project, sheets: list, diff_dir: Path) -> list[str]:
    """Compare every scripts slide to its baseline; one line per failure (a diff image is written for each)."""
    found = (compare_one(f"scripts/{sheet.theme}/{label}", baseline_path(project, sheet.theme, label), data, diff_dir,
                         "python build.py gallery --scripts --update-baselines")
             for sheet in sheets for label, data in zip(sheet.kinds, sheet.pngs))
    return [line for line in found if line]
