"""The gallery: every slide kind, in every theme, mode and format, built from the kinds' `example:` headers.

One post per theme × mode × format holds one slide per kind (cover first, end
last). Its source is written under output/gallery/src/ so a look can be
reproduced with a plain `build`, and its slides become PNGs, a contact sheet
and a page. With two workers, a child builds half the sheets meanwhile.
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
from carrousel.limits import Executor
from carrousel.load.settings import FORMATS, MODES
from carrousel.outputs import write as outputs
from carrousel.theme.modes import available_modes
from carrousel.theme.themes import available, load_theme

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
    mode: str = ""  # light or dark

    @property
    def name(self) -> str:
        """`terminal-dark-portrait`: the sheet's name in file names."""
        return "-".join(part for part in (self.theme, self.mode, self.format) if part)


def kind_order(project: Project) -> list[str]:
    """Kinds that have an example, cover first and end last, the rest by name."""
    names = sorted(name for name, kind in project.kinds.items() if kind.example)
    rank = {"cover": 0, "end": 2}
    return sorted(names, key=lambda name: (rank.get(name, 1), name))


def post_source(project: Project, theme: str, format_name: str, mode: str | None = None) -> str:
    """The YAML text of the gallery post of one theme, format and mode (None: the theme's own)."""
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
            "format": format_name, **({"mode": mode} if mode else {}), "author": AUTHOR, "slides": slides}
    return yaml.safe_dump(post, allow_unicode=True, sort_keys=False, width=1000)


def source_dir(project: Project) -> Path:
    """Where the gallery posts are written."""
    return project.output / "gallery" / "src"


def build_sheet(project: Project, theme: str, format_name: str, mode: str | None = None, scale: float = 1) -> Sheet:
    """Build the gallery post of one theme, format and mode (its source is written under output/gallery/src/)."""
    source = source_dir(project) / f"{'-'.join(p for p in (theme, mode, format_name) if p)}.yaml"
    outputs.write_atomic(source, post_source(project, theme, format_name, mode))
    built = build_post(source, project, BuildOptions(scale=scale))
    pngs = tuple(data for name, data in sorted(built.files.items()) if name.startswith("png/"))
    pdf = built.files[f"{built.post.slug}.pdf"]
    return Sheet(theme, format_name, tuple(s.kind for s in built.post.slides), pngs, pdf, built.seconds,
                 tuple(built.warnings or ()), mode or "")


def build_sheets(project: Project, combos: list[tuple], jobs: int = 1, on_sheet=None) -> list[Sheet]:
    """Build (theme, format, mode) sheets in order; with jobs >= 2 a child process builds the first half."""
    if jobs < 2 or len(combos) < 4:
        return [_built(project, combo, on_sheet) for combo in combos]
    half = len(combos) // 2
    child = Executor(2).submit(_build_quietly, project, combos[:half])
    rest = [_built(project, combo, on_sheet) for combo in combos[half:]]
    first = child.result(where="gallery", limit=3600)
    for sheet in first:
        if on_sheet:
            on_sheet(sheet)
    return first + rest


def _built(project: Project, combo: tuple, on_sheet) -> Sheet:
    sheet = build_sheet(project, *combo)
    if on_sheet:
        on_sheet(sheet)
    return sheet


def _build_quietly(project: Project, combos: list[tuple]) -> list[Sheet]:
    return [build_sheet(project, *combo) for combo in combos]


def combinations(project: Project, themes: list[str], formats: list[str], modes: list[str] | None = None) -> list:
    """(theme, format, mode) of every sheet: each theme in each of its modes (or those asked) and each format."""
    combos = []
    for theme in themes:
        have = available_modes(load_theme(theme, project.layers)) or [None]
        for mode in [m for m in have if not modes or m in modes]:
            combos += [(theme, format_name, mode) for format_name in formats]
    return combos


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
    """Slide PNGs of one built sheet, relative to output/gallery/<theme>/<mode>/<format>/."""
    return {f"{number:02d}-{kind}.png": data for number, (kind, data) in enumerate(zip(sheet.kinds, sheet.pngs), 1)}


def index_page(project: Project, sheets: list[Sheet]) -> str:
    """output/gallery/index.html: one section per theme, one contact sheet and slide row per mode and format."""
    from carrousel.outputs.preview import environment

    groups = []
    for theme in dict.fromkeys(s.theme for s in sheets):
        rows = [{"format": s.format, "mode": s.mode, "sheet": f"{s.name}.png",
                 "slides": [{"kind": kind, "png": f"{folder(s)}/{n:02d}-{kind}.png"}
                            for n, kind in enumerate(s.kinds, 1)]}
                for s in sheets if s.theme == theme]
        groups.append({"theme": theme, "formats": rows})
    return environment(project.layers).get_template("gallery.html").render(groups=groups, sizes=FORMATS)


def folder(sheet: Sheet) -> str:
    """A sheet's folder under output/gallery/: <theme>/<mode>/<format>."""
    return "/".join(part for part in (sheet.theme, sheet.mode, sheet.format) if part)


def resolve(project: Project, themes: list[str] | None, formats: list[str] | None,
            modes: list[str] | None = None) -> tuple[list, list]:
    """The themes and formats asked for (default: all), checked (and the modes, when given)."""
    for name in modes or ():
        if name not in MODES:
            raise CarrouselError(f"unknown mode '{name}'", field="--mode", hint="choose from: " + ", ".join(MODES))
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
    root = project.output / "gallery"
    for sheet in sheets:
        # One tree per theme × format: a kind renamed or removed leaves no stale picture behind.
        outputs.write_tree(root / folder(sheet), slide_files(sheet))
        outputs.write_atomic(root / f"{sheet.name}.png", visual.png_bytes(grid(sheet.pngs)))
    outputs.write_atomic(root / "index.html", index_page(project, sheets))
    return root / "index.html"
