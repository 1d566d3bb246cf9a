"""The contact sheet: every slide on one PNG, slides with a warning framed."""

from __future__ import annotations

import math

from carrousel.png import encode

THUMB_WIDTH = 270  # a quarter of a slide: readable titles, whole deck at a glance
GAP = 24
BACKGROUND = (15, 17, 21)
MARKS = {"warning": (227, 179, 65), "error": (248, 81, 73)}  # amber: shrunk; red: overflows


def contact_sheet(pdf: bytes, warnings=()) -> bytes:
    """All pages of the PDF in a grid (PNG); a slide with a warning gets a frame (amber: shrunk; red: overflows).

    Rendered from the PDF at thumbnail size: faster than decoding and
    shrinking the full-size PNGs, and identical in content.
    """
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    marks: dict = {}
    for warning in warnings:
        if warning.slide and marks.get(warning.slide) != "error":
            marks[warning.slide] = warning.level
    document = pdfium.PdfDocument(pdf)
    try:
        thumbs = []
        for page in document:
            width_pt, _ = page.get_size()
            thumbs.append(page.render(scale=THUMB_WIDTH / width_pt).to_pil().convert("RGB"))
            page.close()
    finally:
        document.close()
    if not thumbs:
        return b""
    columns = math.ceil(math.sqrt(len(thumbs)))
    rows = math.ceil(len(thumbs) / columns)
    cell_w, cell_h = thumbs[0].size
    sheet = Image.new("RGB", (GAP + columns * (cell_w + GAP), GAP + rows * (cell_h + GAP)), BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    for number, thumb in enumerate(thumbs, 1):
        row, column = divmod(number - 1, columns)
        x, y = GAP + column * (cell_w + GAP), GAP + row * (cell_h + GAP)
        sheet.paste(thumb, (x, y))
        colour = MARKS.get(marks.get(number, ""))
        if colour:
            draw.rectangle((x - 6, y - 6, x + cell_w + 5, y + cell_h + 5), outline=colour, width=6)
    return encode.from_image(sheet)
