"""The gallery: every kind × every theme × every format renders its example with no warnings, nothing clipped."""

from __future__ import annotations

import pytest

from carrousel.checks import contrast
from carrousel.dev import gallery, visual
from carrousel.errors import CarrouselError
from carrousel.layout import boxes
from carrousel.load.settings import FORMATS
from carrousel.theme.themes import available
from carrousel.layers import Layers
from helpers import REPO, pdf_pages

THEMES = list(available(Layers(REPO)))


def _problems(document, kinds: list[str], floor: float) -> list[str]:
    """Clipped slides, text under the theme's floor or under WCAG AA contrast, at full size."""
    found = []
    for index, measure in sorted(boxes.measure(document).items()):
        if measure.overflow is not None:
            found.append(f"{kinds[index]}: {measure.overflow.describe()}")
        if measure.min_text < floor:
            found.append(f"{kinds[index]}: {measure.min_text:g} px text '{measure.min_text_sample}'")
    for pair in contrast.pairs(document):  # WCAG AA, on every background the text is drawn over
        if not pair.ok:
            found.append(f"{pair.colour} on {pair.background} is {pair.ratio:.2f}:1 ('{pair.sample}')")
    return found


@pytest.mark.parametrize("format_name", list(FORMATS))
@pytest.mark.parametrize("theme", THEMES)
def test_every_kind_renders_its_example(gallery_project, gallery_document, portrait_sheets, theme, format_name):
    project = gallery_project
    if format_name == "portrait":
        # Built already, for the baselines. Unshrunk, no text under the floor or under AA contrast, if and only if
        # the build has no warning; one page each, since the build refuses a slide that is not one page.
        sheet = portrait_sheets[theme]
        assert set(sheet.kinds) == {name for name, kind in project.kinds.items() if kind.example}
        assert not sheet.warnings, f"{theme}/portrait: " + "; ".join(w.message for w in sheet.warnings)
        assert [size for _, size in pdf_pages(sheet.pdf)] == [(810.0, 1012.5)] * len(sheet.kinds)
        return
    try:  # the terminal theme's layouts are read again by html/test_kind_examples.py
        post, loaded, document_html, document = gallery_document(theme, format_name, keep=theme == "terminal")
    except CarrouselError as err:
        pytest.fail(f"{theme}/{format_name}: {err.format()}")
    kinds = [s.kind for s in post.slides]
    assert set(kinds) == {name for name, kind in project.kinds.items() if kind.example}, "a kind has no example"
    assert f"format-{format_name}" in document_html
    assert len(document.pages) == len(kinds), "a slide spilled onto another page"
    width, height = FORMATS[format_name]
    for page in document.pages:
        assert (round(page.width), round(page.height)) == (width, height)
    # Measured without auto-fit: an example must fit as designed, not shrunk.
    problems = _problems(document, kinds, loaded.min_text_px)
    assert not problems, f"{theme}/{format_name}: " + "; ".join(problems)


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
    assert "paper/portrait/01-cover.png" in index


def test_docs_pictures_show_each_theme(portrait_sheets):
    files = gallery.docs_pictures(list(portrait_sheets.values()))
    grid = visual.open_image(files["gallery-themes.png"])
    assert grid.height > len(portrait_sheets) * 300  # one row of 300 px slides per theme
    # each row starts with that theme's cover: sample its background just inside the first slide
    tops = [gallery.SHEET_GAP + row * (300 + gallery.SHEET_GAP) + 150 for row in range(len(portrait_sheets))]
    colours = {grid.getpixel((gallery.SHEET_GAP + 8, y)) for y in tops}
    assert len(colours) == len(portrait_sheets)
