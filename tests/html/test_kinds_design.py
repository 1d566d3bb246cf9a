"""Kinds people need: statements, full-width images, the swipe hint, compare columns neutral unless toned."""

from __future__ import annotations

import pypdfium2 as pdfium
from PIL import Image

from carrousel.dev import bands

from helpers import make_project, run_cli_here

POST = """\
title: Kinds
slides:
  - kind: content
    title: "Stop unwrapping. 🛑"
  - kind: end
    title: Not the last one
  - kind: image
    src: assets/example-diagram.png
    alt: A diagram
  - kind: image
    src: assets/example-diagram.png
    alt: A diagram
    fit: full-bleed
  - kind: compare
    title: Two options
    left: {label: A, body: "- one"}
    right: {label: B, body: "- two"}
  - kind: quote
    text: The last slide.
"""
MARKDOWN = """---
title: Kinds
---

---
# Stop unwrapping. 🛑

---
kind: compare
---
# Two options
## A
- one

## B [[green]]
- two
"""


def _build(tmp_path, files):
    root = make_project(tmp_path / "p", files, with_content=True)
    name = next(iter(files)).split("/")[-1].split(".")[0]
    code, out, err = run_cli_here(root, "build", next(iter(files)))
    assert code == 0, err
    out = root / "output" / name
    pdf = pdfium.PdfDocument(out / f"{name}.pdf")
    texts = [" ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf))]
    pngs = [Image.open(p).convert("RGB") for p in sorted((out / "png").glob("*.png"))]
    return texts, pngs


def test_a_title_only_content_slide_is_a_large_centred_statement(tmp_path):
    texts, pngs = _build(tmp_path, {"content/k.yaml": POST})
    assert "Stop unwrapping." in texts[0]
    band = bands.largest_empty_band(pngs[0])
    assert band.share < 1 / 3  # centred: neither half of the page is left empty
    rows = bands.ink_rows(pngs[0])
    drawn = [y for y in range(150, 1180) if rows[y]]
    assert abs((drawn[0] + drawn[-1]) / 2 - 665) < 80


def test_the_swipe_hint_shows_on_every_slide_but_the_last_whatever_its_kind(tmp_path):
    texts, _ = _build(tmp_path, {"content/k.yaml": POST})
    assert all("Swipe" in text for text in texts[:-1]), texts
    assert "Swipe" not in texts[-1]


def test_an_image_takes_the_width_and_full_bleed_the_whole_page_width(tmp_path):
    _, pngs = _build(tmp_path, {"content/k.yaml": POST})

    def drawn_width(image, y):
        row = [image.getpixel((x, y)) for x in range(image.width)]
        page = image.getpixel((3, 160))  # the page, under the frame's top bar
        inked = [x for x, rgb in enumerate(row) if sum(abs(a - b) for a, b in zip(rgb, page)) > 60]
        return (inked[-1] - inked[0]) if inked else 0

    contained = max(drawn_width(pngs[2], y) for y in range(300, 1100, 40))
    bleed = max(drawn_width(pngs[3], y) for y in range(300, 1100, 40))
    assert contained >= 880  # the text width (1080 − 2 × 88), no card around it
    assert bleed >= 1070  # edge to edge


def test_compare_columns_are_neutral_unless_given_tones(tmp_path):
    _, pngs = _build(tmp_path, {"content/k.md": MARKDOWN})
    image = pngs[1]
    colours = {image.getpixel((x, y)) for x in range(90, 1000, 3) for y in range(200, 1150, 3)}
    greens = [c for c in colours if c[1] > 150 and c[0] < 120 and c[2] < 140]
    reds = [c for c in colours if c[0] > 200 and c[1] < 110]
    assert greens and not reds  # the toned column is green; the other, untoned, is not red
