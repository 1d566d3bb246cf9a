"""Shared by the diagram, chart and math tests: build a post in a throwaway project, read its PDF and PNGs."""

from __future__ import annotations

import io
import json
from pathlib import Path

from helpers import make_project

from carrousel.build.options import BuildOptions
from carrousel.build.pipeline import build_post, prepare
from carrousel.build.project import Project


def project_with(root: Path, files: dict[str, str]) -> Project:
    """A project (the repo's templates and themes) holding the given files."""
    return Project.at(make_project(root, files))


def build(project: Project, name: str, **options):
    """Build content/<name> in memory: the Built post (files: PDF, PNGs, alt.json…)."""
    return build_post(project.root / "content" / name, project, BuildOptions(**options))


def prepared(project: Project, name: str, **options):
    """Load and render content/<name> to HTML only (no layout): what fails before rendering fails here."""
    return prepare(project.root / "content" / name, project, BuildOptions(**options))


def pdf_of(built) -> bytes:
    """The built post's PDF bytes."""
    return next(data for rel, data in built.files.items() if rel.endswith(".pdf"))


def page_texts(pdf: bytes) -> list[str]:
    """The text layer of each page."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def raster_images(pdf: bytes) -> list[int]:
    """How many raster images each page draws (forms looked into), besides a theme's backdrop (one as large as the
    page: carrousel/theme/backdrop.py)."""
    import pypdfium2 as pdfium
    from pypdfium2 import raw

    document = pdfium.PdfDocument(pdf)
    try:
        counts = []
        for page in document:
            width, height = page.get_size()
            counts.append(sum(1 for image in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=20)
                              if not _page_wide(image.get_bounds(), width / height)))
        return counts
    finally:
        document.close()


def _page_wide(bounds: tuple, ratio: float) -> bool:
    left, bottom, right, top = bounds  # in the units of the form holding it (px in WeasyPrint's)
    return round(left) == round(bottom) == 0 and top > 0 and abs(right / top - ratio) < 0.01


def png(built, number: int):
    """Slide `number`'s PNG as an RGB Pillow image."""
    from PIL import Image

    return Image.open(io.BytesIO(built.files[f"png/{number:02d}.png"])).convert("RGB")


def alts(built) -> list[str]:
    """alt.json's text of each slide."""
    return [row["alt"] for row in json.loads(built.files["alt.json"])]
