"""One post from file to outputs: the reference post, as a user gets it."""

import shutil

import pytest

from helpers import REFERENCE, open_png, pdf_fonts, pdf_metadata, pdf_pages, pdf_texts

TITLES = [
    "5 patterns que tout CTO doit connaître",
    "Pourquoi ton monolithe ralentit",
    "Du couplage direct à l’event bus",  # a typographic apostrophe
    "Migrer vers les microservices sans downtime",
    "Les microservices ne résolvent pas les problèmes organisationnels.",
    "Mes voix préférées (et celles de mes enfants)",
    "Sauve ce post pour plus tard",
    "Annotations & tags",
    "Zone de contenu",
]


@pytest.fixture(scope="module")
def pdf(reference):
    """The reference post's PDF bytes."""
    return (reference / f"{REFERENCE}.pdf").read_bytes()


def page_text(pdf, index: int) -> str:
    """The text of one page, whitespace collapsed."""
    return pdf_texts(pdf)[index]


def test_one_page_per_slide_at_linkedin_size(pdf):
    assert [size for _, size in pdf_pages(pdf)] == [(810.0, 1012.5)] * 9


@pytest.mark.parametrize("index,title", list(enumerate(TITLES)))
def test_each_slide_title_is_searchable_text_with_accents(pdf, index, title):
    assert title in page_text(pdf, index)


def test_theme_words_follow_the_post_language(pdf):
    code_slide = page_text(pdf, 2)
    assert "Avant" in code_slide and "Après" in code_slide
    assert "Glisse" in page_text(pdf, 0)
    assert "Glisse" not in page_text(pdf, 8), "no swipe hint on the last slide"
    assert "3/9" in code_slide


def test_metadata(pdf):
    meta = pdf_metadata(pdf)
    assert meta["Title"] == "5 patterns que tout CTO doit connaître"
    assert meta["Author"] == "Maxime Lenne"


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils not installed")
def test_fonts_are_embedded_and_subset(reference):
    rows = pdf_fonts(reference / f"{REFERENCE}.pdf")
    assert any("Inter" in row for row in rows) and any("JetBrains-Mono" in row for row in rows)
    for row in rows:
        emb, sub = row.split()[-5:-3]
        assert (emb, sub) == ("yes", "yes"), row


def test_pngs_are_exactly_1080_by_1350(reference):
    pngs = sorted((reference / "png").glob("*.png"))
    assert [p.name for p in pngs] == [f"{i:02d}.png" for i in range(1, 10)]
    for png in pngs:
        assert open_png(png).size == (1080, 1350)


def test_dark_background_and_green_annotation_box(reference):
    cover = open_png(reference / "png" / "01.png")
    r, g, b = cover.getpixel((540, 1000))
    assert max(r, g, b) < 40, "terminal theme has a dark background"
    code = open_png(reference / "png" / "03.png")
    # The annotation sits under the code: find a row band with the green border on the left edge.
    column = [code.getpixel((90, y)) for y in range(700, 1180)]
    green = [p for p in column if p[1] > 150 and p[0] < 110 and p[2] < 120]
    assert len(green) > 40, "a green annotation border under the code"


def test_emoji_are_colour_images_not_tofu(reference):
    slide = open_png(reference / "png" / "02.png")
    icon = slide.crop((100, 250, 260, 1250))  # the icon column of the problem list (grown to fill it)
    colourful = [p for p in icon.get_flattened_data() if max(p) - min(p) > 80]
    assert len(colourful) > 500
