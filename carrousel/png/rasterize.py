"""PDF pages to PNGs with PDFium, within a size limit."""

from __future__ import annotations

from carrousel.errors import CarrouselError
from carrousel.png import encode

MAX_RASTER_PIXELS = 40_000_000  # per PNG: 2160×2700 at --scale 2 is 5.8 M
PNG_OPTIONS = encode.ENCODING  # what, besides the pixels, makes a PNG's bytes (part of its cache key)


def check_raster(pages, width_px: int, where: str) -> None:
    """Refuse PNGs larger than MAX_RASTER_PIXELS (a huge --scale) before rasterizing anything; pages: the laid-out
    one-page Documents (their sizes, without reading the PDF)."""
    for document in pages:
        page = document.pages[0]
        pixels = width_px * width_px * page.height / page.width
        if pixels > MAX_RASTER_PIXELS:
            raise CarrouselError(f"a {width_px} px wide PNG of this page would hold {pixels / 1e6:.0f} M pixels; "
                                 f"at most {MAX_RASTER_PIXELS / 1e6:.0f} M", file=where, hint="lower --scale")


def rasterize(pdf: bytes, width_px: int, pages: list[int]) -> dict[int, bytes]:
    """The given pages (0-based) of a PDF as PNG bytes, width_px wide (in this process: PDFium is not
    thread-safe; build/deck.py spreads pages over processes)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        out = {}
        for index in pages:
            page = document[index]
            width_pt, _ = page.get_size()
            bitmap = page.render(scale=width_px / width_pt, rev_byteorder=True)  # RGB: no channel swap
            if bitmap.mode == "RGB":  # encoded from PDFium's own buffer: no copy into a Pillow image
                out[index] = encode.png(bitmap.width, bitmap.height, bitmap.buffer, bitmap.stride)
            else:
                out[index] = encode.from_image(bitmap.to_pil())
            bitmap.close()
            page.close()
        return out
    finally:
        document.close()
