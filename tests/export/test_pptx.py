"""PowerPoint export opened with python-pptx: slide count and size, one full-bleed picture, alt text, notes."""

from __future__ import annotations

import io
import zipfile

from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from carrousel.export import pptx

EMU_PER_PX = 9525


def test_one_slide_per_page_at_the_page_size(slides, meta):
    deck = Presentation(io.BytesIO(pptx.encode(slides, meta)))
    assert len(deck.slides) == 3
    assert (deck.slide_width, deck.slide_height) == (160 * EMU_PER_PX, 200 * EMU_PER_PX)
    assert deck.slide_width / deck.slide_height == 160 / 200


def test_each_slide_is_one_picture_covering_it_with_alt_text_and_notes(slides, meta):
    deck = Presentation(io.BytesIO(pptx.encode(slides, meta)))
    for number, (page, slide) in enumerate(zip(deck.slides, slides), 1):
        shapes = list(page.shapes)
        assert len(shapes) == 1 and shapes[0].shape_type == MSO_SHAPE_TYPE.PICTURE
        picture = shapes[0]
        assert (picture.left, picture.top, picture.width, picture.height) == (0, 0, deck.slide_width,
                                                                               deck.slide_height)
        assert picture.image.blob == slide.png  # the PNG itself, not a re-encoding
        assert picture.element.nvPicPr.cNvPr.get("descr") == f"Slide {number} alt"
        assert page.notes_slide.notes_text_frame.text == f"Slide {number} says this.\nSecond line."


def test_core_properties_carry_the_post(slides, meta):
    properties = Presentation(io.BytesIO(pptx.encode(slides, meta))).core_properties
    assert (properties.title, properties.author, properties.language) == ("Cinq patterns à connaître",
                                                                          "Maxime Lenne", "fr")
    assert properties.last_modified_by == "Maxime Lenne"  # not the template's author
    assert properties.created.year >= 2025


def test_slide_size_is_marked_custom(slides, meta):
    with zipfile.ZipFile(io.BytesIO(pptx.encode(slides, meta))) as package:
        presentation = package.read("ppt/presentation.xml").decode()
    assert 'cx="1524000" cy="1905000"' in presentation and "screen4x3" not in presentation
