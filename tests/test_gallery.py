"""The gallery: every kind × every theme × every format renders its example with no warnings, nothing clipped."""

from __future__ import annotations

import pytest

from carrousel import gallery, html, pdf
from carrousel.content import load_post
from carrousel.errors import CarrouselError
from carrousel.outputs import write_atomic
from carrousel.pipeline import allowed_roots
from carrousel.settings import FORMATS
from carrousel.themes import available, load_theme

from conftest import REPO

THEMES = available(REPO / "themes")


def _overflows(document) -> list[str]:
    """Slides whose content leaves their safe area, when carrousel.fit can measure it."""
    try:
        from carrousel import fit
    except ImportError:
        return []  # page count and warnings below still catch a slide split over two pages
    found = []
    for number, measure in fit.measure(document).items():
        if getattr(measure, "overflows", None):
            found.append(f"slide {number}: {measure.overflows}")
    return found


@pytest.mark.parametrize("format_name", list(FORMATS))
@pytest.mark.parametrize("theme", THEMES)
def test_every_kind_renders_its_example(gallery_project, theme, format_name):
    project = gallery_project
    source = project.output / "gallery" / "src" / f"{theme}-{format_name}.yaml"
    write_atomic(source, gallery.post_source(project, theme, format_name))
    post = load_post(source, project.root, project.kinds, project.settings)
    kinds = [s.kind for s in post.slides]
    assert set(kinds) == {name for name, kind in project.kinds.items() if kind.example}, "a kind has no example"
    document_html = html.render_html(post, load_theme(theme, project.root), project.kinds, project.root)
    assert f"format-{format_name}" in document_html
    try:  # WeasyPrint warnings (unknown CSS, missing fonts…) are errors here
        document = pdf.render_document(document_html, source.parent, allowed_roots(project), where=source.name)
    except CarrouselError as err:
        pytest.fail(f"{theme}/{format_name}: {err.format()}")
    assert len(document.pages) == len(kinds), "a slide spilled onto another page"
    width, height = FORMATS[format_name]
    for page in document.pages:
        assert (round(page.width), round(page.height)) == (width, height)
    assert not _overflows(document), f"{theme}/{format_name}: clipped content"


def test_gallery_sources_start_with_the_cover_and_end_with_the_end(gallery_project):
    order = gallery.kind_order(gallery_project)
    assert order[0] == "cover" and order[-1] == "end"


def test_contact_sheet_and_index(portrait_sheets, gallery_project):
    sheet = portrait_sheets["paper"]
    image = gallery.contact_sheet(sheet.pngs, columns=4)
    rows = (len(sheet.pngs) + 3) // 4
    assert image.width == gallery.SHEET_GAP + 4 * (gallery.SHEET_THUMB + gallery.SHEET_GAP)
    assert image.height > rows * gallery.SHEET_THUMB  # portrait thumbnails, rows of them
    index = gallery.index_page(gallery_project, list(portrait_sheets.values()))
    for theme in THEMES:
        assert f'id="{theme}"' in index
    assert "paper/portrait/01-cover.png" in index
