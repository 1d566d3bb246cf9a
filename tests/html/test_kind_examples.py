"""Every kind's example, rendered by its template, in every format: its words on the page, its pictures drawn."""

import re

import pytest
import yaml

from carrousel.load.settings import FORMATS
from helpers import colours, open_png, pdf_texts


@pytest.fixture(scope="module")
def kind_sheets(gallery_project, portrait_sheets):
    """Every kind's example in the terminal theme, built once per format (portrait shared with the gallery)."""
    from carrousel.dev import gallery

    return {fmt: portrait_sheets["terminal"] if fmt == "portrait" else
            gallery.build_sheet(gallery_project, "terminal", fmt) for fmt in FORMATS}


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_kind_example_renders_in_every_format(kind_sheets, gallery_project, fmt):
    sheet = kind_sheets[fmt]
    kinds = gallery_project.kinds
    assert set(sheet.kinds) == set(kinds)
    texts = pdf_texts(sheet.pdf)
    assert len(texts) == len(kinds)
    for name, text in zip(sheet.kinds, texts):
        example = yaml.safe_load(kinds[name].example)
        # The first words of the example's main field are on the page.
        main = str(example.get("title") or example.get("value") or example.get("text"))
        words = re.sub(r"[*`]", "", main).split()[:3]
        assert " ".join(words) in text, (name, text)
    assert [open_png(png).size for png in sheet.pngs] == [FORMATS[fmt]] * len(kinds)


def test_new_kinds_show_their_parts(kind_sheets):
    sheet = kind_sheets["portrait"]
    text = dict(zip(sheet.kinds, pdf_texts(sheet.pdf)))
    assert "83%" in text["stat"] and "source: internal incident review" in text["stat"]
    assert "Don't" in text["compare"] and "Do" in text["compare"] and "backfill in batches" in text["compare"]
    assert "Every service reads from its own replica" in text["image"]
    # The image slide shows the picture: its colours (the orange box) are on the PNG.
    image = open_png(sheet.pngs[sheet.kinds.index("image")])
    assert (255, 216, 168) in colours(image)
