"""The gallery: every slide kind, in every theme and format, built from the kinds' `example:` headers.

One post per theme × format holds one slide per kind (cover first, end last).
Its source is written under output/gallery/src/ so a look can be reproduced
with a plain `build`, and its slides become PNGs, a contact sheet and a page.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml
from PIL import Image

from carrousel.build.options import BuildOptions
from carrousel.build.pipeline import build_post
from carrousel.build.project import Project
from carrousel.dev import visual
from carrousel.errors import CarrouselError
from carrousel.load.settings import FORMATS
from carrousel.outputs import write as outputs
from carrousel.theme.themes import available

AUTHOR = {"name": "Ada Lovelace", "role": "Staff engineer", "handle": "/in/ada"}
SHEET_THUMB = 300  # px wide per slide on a contact sheet
SHEET_GAP = 24


@dataclass(frozen=True)
class Sheet:
    """One theme × format of the gallery, built."""

    theme: str
    format: str
    kinds: tuple  # kind of each slide, in order
    pngs: tuple  # PNG bytes of each slide
    pdf: bytes
    seconds: float
    warnings: tuple = ()  # fit warnings (shrunk or overflowing slides), as the build reports them


def kind_order(project: Project) -> list[str]:
    """Kinds that have an example, cover first and end last, the rest by name."""
    names = sorted(name for name, kind in project.kinds.items() if kind.example)
    rank = {"cover": 0, "end": 2}
    return sorted(names, key=lambda name: (rank.get(name, 1), name))


def post_source(project: Project, theme: str, format_name: str) -> str:
    """The YAML text of the gallery post of one theme and format."""
    slides = []
    for name in kind_order(project):
        try:
            example = yaml.safe_load(project.kinds[name].example)
        except yaml.YAMLError as err:
            raise CarrouselError(f"the example of kind '{name}' is not valid YAML: {err}",
                                 file=project.kinds[name].template, field="example") from None
        if not isinstance(example, dict):
            raise CarrouselError(f"the example of kind '{name}' must be a mapping", file=project.kinds[name].template,
                                 field="example")
        fields = {k: v for k, v in example.items() if k != "kind"}
        for field, spec in project.kinds[name].fields.items():
            # Example paths are written for a post in content/; the gallery post lives elsewhere.
            if spec.get("type") == "path" and isinstance(fields.get(field), str):
                fields[field] = os.path.relpath(project.root / "content" / fields[field], source_dir(project))
        slides.append({"kind": name, **fields})
    post = {"title": f"carrousel gallery: {theme}, {format_name}", "lang": "en", "theme": theme,
            "format": format_name, "author": AUTHOR, "slides": slides}
    return yaml.safe_dump(post, allow_unicode=True, sort_keys=False, width=1000)


def source_dir(project: Project) -> Path:
    """Where the gallery posts are written."""
    return project.output / "gallery" / "src"


def build_sheet(project: Project, theme: str, format_name: str, scale: float = 1) -> Sheet:
    """Build the gallery post of one theme and format (its source is written under output/gallery/src/)."""
    source = source_dir(project) / f"{theme}-{format_name}.yaml"
    outputs.write_atomic(source, post_source(project, theme, format_name))
    built = build_post(source, project, BuildOptions(scale=scale))
    pngs = tuple(data for name, data in sorted(built.files.items()) if name.startswith("png/"))
    pdf = built.files[f"{built.post.slug}.pdf"]
    return Sheet(theme, format_name, tuple(s.kind for s in built.post.slides), pngs, pdf, built.seconds,
                 tuple(built.warnings or ()))


def grid(pngs, columns: int = 5) -> Image.Image:
    """The slides side by side on a neutral grey, SHEET_THUMB px wide each, wrapped every `columns`."""
    thumbs = [visual.thumbnail(data, SHEET_THUMB) for data in pngs]
    columns = max(1, min(columns, len(thumbs)))
    rows = (len(thumbs) + columns - 1) // columns
    height = max(t.height for t in thumbs)
    sheet = Image.new("RGB", (SHEET_GAP + columns * (SHEET_THUMB + SHEET_GAP), SHEET_GAP + rows * (height + SHEET_GAP)),
                      "#8a8a8a")
    for index, thumb in enumerate(thumbs):
        row, col = divmod(index, columns)
        sheet.paste(thumb, (SHEET_GAP + col * (SHEET_THUMB + SHEET_GAP), SHEET_GAP + row * (height + SHEET_GAP)))
    return sheet


def slide_files(sheet: Sheet) -> dict:
    """Slide PNGs of one built sheet, relative to output/gallery/<theme>/<format>/."""
    return {f"{number:02d}-{kind}.png": data for number, (kind, data) in enumerate(zip(sheet.kinds, sheet.pngs), 1)}


def index_page(project: Project, sheets: list[Sheet]) -> str:
    """output/gallery/index.html: one section per theme, one contact sheet and slide row per format."""
    from carrousel.outputs.preview import environment

    groups = []
    for theme in dict.fromkeys(s.theme for s in sheets):
        rows = [{"format": s.format, "sheet": f"{s.theme}-{s.format}.png",
                 "slides": [{"kind": kind, "png": f"{s.theme}/{s.format}/{n:02d}-{kind}.png"}
                            for n, kind in enumerate(s.kinds, 1)]}
                for s in sheets if s.theme == theme]
        groups.append({"theme": theme, "formats": rows})
    return environment(project.layers).get_template("gallery.html").render(groups=groups, sizes=FORMATS)


def resolve(project: Project, themes: list[str] | None, formats: list[str] | None) -> tuple[list, list]:
    """The themes and formats asked for (default: all), checked."""
    known_themes = list(available(project.layers))
    for name in themes or ():
        if name not in known_themes:
            raise CarrouselError(f"unknown theme '{name}'", field="--theme", hint="choose from: " + ", ".join(known_themes))
    for name in formats or ():
        if name not in FORMATS:
            raise CarrouselError(f"unknown format '{name}'", field="--format", hint="choose from: " + ", ".join(FORMATS))
    return list(themes or known_themes), list(formats or FORMATS)


def write_gallery(project: Project, sheets: list[Sheet]) -> Path:
    """Write PNGs, contact sheets and index.html under output/gallery/; the index's path."""
    folder = project.output / "gallery"
    for sheet in sheets:
        # One tree per theme × format: a kind renamed or removed leaves no stale picture behind.
        outputs.write_tree(folder / sheet.theme / sheet.format, slide_files(sheet))
        outputs.write_atomic(folder / f"{sheet.theme}-{sheet.format}.png", visual.png_bytes(grid(sheet.pngs)))
    outputs.write_atomic(folder / "index.html", index_page(project, sheets))
    return folder / "index.html"


def baseline_path(project: Project, theme: str, kind: str) -> Path:
    """Where the baseline picture of a kind in a theme (portrait) is kept."""
    return project.root / "tests" / "baselines" / theme / f"{kind}.png"


def _portrait_slides(sheets: list[Sheet]):
    """(sheet, kind, png) for every slide of the portrait sheets: the ones with baselines."""
    for sheet in sheets:
        if sheet.format == "portrait":
            for kind, data in zip(sheet.kinds, sheet.pngs):
                yield sheet, kind, data


def update_baselines(project: Project, sheets: list[Sheet]) -> list[Path]:
    """Write the portrait sheets' slides as baselines (THUMB_WIDTH px wide); the paths written."""
    written = []
    for sheet, kind, data in _portrait_slides(sheets):
        target = baseline_path(project, sheet.theme, kind)
        outputs.write_atomic(target, visual.png_bytes(visual.thumbnail(data)))
        written.append(target)
    return written


def check_baselines(project: Project, sheets: list[Sheet], diff_dir: Path) -> list[str]:
    """Compare portrait slides to their baselines; one line per failure (a diff image is written for each)."""
    failures = []
    for sheet, kind, data in _portrait_slides(sheets):
        target = baseline_path(project, sheet.theme, kind)
        if not target.is_file():
            failures.append(f"{sheet.theme}/{kind}: no baseline (run: python build.py gallery --update-baselines)")
            continue
        expected = visual.open_image(target.read_bytes())
        actual = visual.thumbnail(data)
        result = visual.compare(expected, actual)
        if not result.passed:
            diff = diff_dir / f"{sheet.theme}-{kind}-diff.png"
            outputs.write_atomic(diff, visual.png_bytes(visual.diff_image(expected, actual)))
            failures.append(f"{sheet.theme}/{kind}: {result.describe()}; diff: {diff}")
    return failures


DOC_KINDS = ("cover", "code", "list", "stat", "compare")
FIGURE_KINDS = ("diagram", "chart", "content")  # content's example has math


def _strip(images, height: int, gap: int = SHEET_GAP, background: str = "#8a8a8a") -> Image.Image:
    """Pictures scaled to one height, side by side."""
    scaled = [image.resize((round(image.width * height / image.height), height), Image.LANCZOS) for image in images]
    strip = Image.new("RGB", (gap + sum(s.width + gap for s in scaled), height + 2 * gap), background)
    x = gap
    for image in scaled:
        strip.paste(image, (x, gap))
        x += image.width + gap
    return strip


def docs_pictures(sheets: list[Sheet]) -> dict:
    """The README's pictures: each theme's portrait slides of DOC_KINDS, and one theme's cover in every format."""
    by_key = {(s.theme, s.format): s for s in sheets}
    rows = []
    for sheet in (s for s in sheets if s.format == "portrait"):
        chosen = [visual.open_image(data) for kind, data in zip(sheet.kinds, sheet.pngs) if kind in DOC_KINDS]
        rows.append(_strip(chosen, 300))
    files = {}
    if rows:
        grid = Image.new("RGB", (max(r.width for r in rows), sum(r.height for r in rows) - SHEET_GAP * (len(rows) - 1)),
                         "#8a8a8a")
        y = 0
        for row in rows:
            grid.paste(row, (0, y))
            y += row.height - SHEET_GAP
        files["gallery-themes.png"] = visual.png_bytes(grid)
    figures = [_strip([visual.open_image(data) for kind, data in zip(s.kinds, s.pngs) if kind in FIGURE_KINDS], 300)
               for s in sheets if s.format == "portrait" and set(FIGURE_KINDS) <= set(s.kinds)]
    if figures:
        grid = Image.new("RGB", (max(r.width for r in figures),
                                 sum(r.height for r in figures) - SHEET_GAP * (len(figures) - 1)), "#8a8a8a")
        for index, row in enumerate(figures):
            grid.paste(row, (0, index * (row.height - SHEET_GAP)))
        files["figures-themes.png"] = visual.png_bytes(grid)
    for theme in ("paper", "blueprint"):
        formats = [by_key[(theme, f)] for f in FORMATS if (theme, f) in by_key]
        covers = [visual.open_image(s.pngs[s.kinds.index("code")]) for s in formats if "code" in s.kinds]
        if covers:
            files[f"gallery-formats-{theme}.png"] = visual.png_bytes(_strip(covers, 320))
    return files
