"""The gallery: every kind × every theme × every format renders its example with no warnings, nothing clipped."""

from __future__ import annotations

import pytest

from carrousel.dev import gallery, visual
from carrousel.load.settings import FORMATS
from carrousel.theme.themes import available
from carrousel.layers import Layers
from helpers import REPO, pdf_pages

THEMES = list(available(Layers(REPO)))


@pytest.mark.parametrize("format_name", list(FORMATS))
@pytest.mark.parametrize("theme", THEMES)
def test_every_kind_renders_its_example(gallery_project, gallery_sheets, theme, format_name):
    examples = {name for name, kind in gallery_project.kinds.items() if kind.example}
    width, height = FORMATS[format_name]
    sheets = [s for s in gallery_sheets if s.theme == theme and s.format == format_name]
    assert len(sheets) == 2, "a theme has a light and a dark mode"
    for sheet in sheets:
        assert set(sheet.kinds) == examples, f"{sheet.name}: a kind has no example"
        # Built with fit: never shrunk, no text under the floor or under AA contrast, nothing cut, if and only if
        # the build has no warning; one page each, since the build refuses a slide that is not one page.
        assert not sheet.warnings, f"{sheet.name}: " + "; ".join(w.message for w in sheet.warnings)
        assert [size for _, size in pdf_pages(sheet.pdf)] == [(width * 0.75, height * 0.75)] * len(sheet.kinds)


def test_gallery_sources_start_with_the_cover_and_end_with_the_end(gallery_project):
    order = gallery.kind_order(gallery_project)
    assert order[0] == "cover" and order[-1] == "end"


def test_contact_sheet_and_index(portrait_sheets, gallery_project):
    sheet = portrait_sheets["paper"]
    image = gallery.grid(sheet.pngs, columns=4)
    rows = (len(sheet.pngs) + 3) // 4
    assert image.width == gallery.SHEET_GAP + 4 * (gallery.SHEET_THUMB + gallery.SHEET_GAP)
    assert image.height > rows * gallery.SHEET_THUMB  # portrait thumbnails, rows of them
    index = gallery.index_page(gallery_project, list(portrait_sheets.values()))
    for theme in THEMES:
        assert f'id="{theme}"' in index
    assert "paper/light/portrait/01-cover.png" in index


def test_docs_pictures_show_each_theme(portrait_sheets):
    from carrousel.dev.docs import docs_pictures

    files = docs_pictures(list(portrait_sheets.values()))
    grid = visual.open_image(files["gallery-themes.png"])
    assert grid.height > len(portrait_sheets) * 300  # one row of 300 px slides per theme
    # each row starts with that theme's cover: sample its background just inside the first slide
    tops = [gallery.SHEET_GAP + row * (300 + gallery.SHEET_GAP) + 150 for row in range(len(portrait_sheets))]
    colours = {grid.getpixel((gallery.SHEET_GAP + 8, y)) for y in tops}
    assert len(colours) == len(portrait_sheets)
