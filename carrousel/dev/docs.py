"""The README's pictures under docs/, cut from the gallery: themes, modes and formats side by side."""

from __future__ import annotations

from PIL import Image

from carrousel.dev import visual
from carrousel.load.settings import FORMATS

GAP = 24
GREY = "#8a8a8a"
DOC_KINDS = ("cover", "code", "list", "stat", "compare", "statement")
MODE_KINDS = ("cover", "list", "stat")
FIGURE_KINDS = ("diagram", "chart", "content")  # content's example has math


def strip(images, height: int, gap: int = GAP) -> Image.Image:
    """Pictures scaled to one height, side by side on grey."""
    scaled = [image.resize((round(image.width * height / image.height), height), Image.LANCZOS) for image in images]
    out = Image.new("RGB", (gap + sum(s.width + gap for s in scaled), height + 2 * gap), GREY)
    x = gap
    for image in scaled:
        out.paste(image, (x, gap))
        x += image.width + gap
    return out


def stack(rows: list[Image.Image]) -> Image.Image:
    """Strips one under the other (their gaps shared)."""
    out = Image.new("RGB", (max(r.width for r in rows), sum(r.height for r in rows) - GAP * (len(rows) - 1)), GREY)
    y = 0
    for row in rows:
        out.paste(row, (0, y))
        y += row.height - GAP
    return out


def _slides(sheet, kinds) -> list[Image.Image]:
    return [visual.open_image(data) for kind, data in zip(sheet.kinds, sheet.pngs) if kind in kinds]


def docs_pictures(sheets: list) -> dict:
    """gallery-themes.png (each theme's portrait slides, in its own mode), gallery-modes.png (light and dark side
    by side), figures-themes.png (diagram, chart, math per theme) and gallery-formats-<theme>.png (one slide in every format)."""
    own = {}  # theme -> its first mode in the gallery: the theme's own
    for sheet in sheets:
        own.setdefault(sheet.theme, sheet.mode)
    portrait = {(s.theme, s.mode): s for s in sheets if s.format == "portrait"}
    files = {}
    rows = [strip(_slides(portrait[(theme, mode)], DOC_KINDS), 300) for theme, mode in own.items()
            if (theme, mode) in portrait]
    if rows:
        files["gallery-themes.png"] = visual.png_bytes(stack(rows))
    rows = [strip(_slides(portrait[(theme, mode)], FIGURE_KINDS), 300) for theme, mode in own.items()
            if (theme, mode) in portrait and set(FIGURE_KINDS) <= set(portrait[(theme, mode)].kinds)]
    if rows:
        files["figures-themes.png"] = visual.png_bytes(stack(rows))
    rows = []
    for theme in own:
        pair = [portrait[(t, m)] for (t, m) in sorted(portrait) if t == theme]
        if len(pair) == 2:
            rows.append(strip(_slides(pair[0], MODE_KINDS) + _slides(pair[1], MODE_KINDS), 260))
    if rows:
        files["gallery-modes.png"] = visual.png_bytes(stack(rows))
    for theme in ("paper", "poster"):
        by_format = {s.format: s for s in sheets if s.theme == theme and s.mode == own.get(theme)}
        shown = [_slides(by_format[f], ("code",))[0] for f in FORMATS if f in by_format and "code" in by_format[f].kinds]
        if shown:
            files[f"gallery-formats-{theme}.png"] = visual.png_bytes(strip(shown, 320))
    return files
