"""Review artefacts: every slide on one contact sheet, and the PNGs zipped for Instagram."""

from __future__ import annotations

import io
import math
import zipfile

from carrousel.layout.renderer import PNG_OPTIONS

THUMB_WIDTH = 270  # a quarter of a slide: readable titles, whole deck at a glance
GAP = 24
BACKGROUND = (15, 17, 21)
MARKS = {"warning": (227, 179, 65), "error": (248, 81, 73)}  # amber: shrunk; red: overflows


def contact_sheet(pdf: bytes, marks: dict[int, str] | None = None) -> bytes:
    """All pages of the PDF in a grid (PNG); a slide with a warning gets a coloured frame.

    Rendered from the PDF at thumbnail size: faster than decoding and
    shrinking the full-size PNGs, and identical in content.
    """
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    marks = marks or {}
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
    buffer = io.BytesIO()
    sheet.save(buffer, format="PNG", **PNG_OPTIONS)
    return buffer.getvalue()


def png_zip(pngs: dict[str, bytes]) -> bytes:
    """The slide PNGs in one zip, stored (PNGs are compressed already), with fixed dates: same input, same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name in sorted(pngs):
            info = zipfile.ZipInfo(name.rsplit("/", 1)[-1], date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            archive.writestr(info, pngs[name])
    return buffer.getvalue()
