"""Every kind's example, rendered by its template, in every format: its words on the page, its pictures drawn."""

import re

import pytest
import yaml
from helpers import colours, open_png, pdf_pages, pdf_texts

from carrousel.load.settings import FORMATS


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_kind_example_renders_in_every_format(gallery_sheets, gallery_project, fmt):
    kinds = gallery_project.kinds
    sheet = next(s for s in gallery_sheets if s.theme == "terminal" and s.format == fmt)  # in its own mode
    names, pdf = list(sheet.kinds), sheet.pdf
    assert set(names) == set(kinds)
    pages = pdf_pages(pdf)
    assert len(pages) == len(kinds)
    for name, (text, size) in zip(names, pages):
        example = yaml.safe_load(kinds[name].example)
        # The first words of the example's main field are on the page.
        main = str(example.get("title") or example.get("value") or example.get("text"))
        words = re.sub(r"[*`]", "", main).split()[:3]
        assert " ".join(words) in re.sub(r"\s+", " ", text), (name, text)
        assert size == tuple(round(px * 0.75, 1) for px in FORMATS[fmt])  # CSS px to points


def test_new_kinds_show_their_parts(portrait_sheets):
    sheet = portrait_sheets["terminal"]
    text = dict(zip(sheet.kinds, pdf_texts(sheet.pdf)))
    assert "83%" in text["stat"] and "source: internal incident review" in text["stat"]
    assert "Don’t" in text["compare"] and "Do" in text["compare"] and "backfill in batches" in text["compare"]
    assert "Every service reads from its own replica" in text["image"]
    # The image slide shows the picture: its colours (the orange box) are on the PNG, at the portrait size.
    image = open_png(sheet.pngs[sheet.kinds.index("image")])
    assert image.size == FORMATS["portrait"] and (255, 216, 168) in colours(image)
