"""PDF pages to PNGs with PDFium, within a size limit."""

from __future__ import annotations

import io

from carrousel.errors import CarrouselError

MAX_RASTER_PIXELS = 40_000_000  # per PNG: 2160×2700 at --scale 2 is 5.8 M
# zlib's run-length strategy suits flat slide colours: encoding takes 26 ms a slide instead of 40 at Pillow's
# default, for files 9% bigger.
PNG_OPTIONS = {"compress_level": 6, "compress_type": 3}  # 3: Z_RLE


def check_raster(pdf_bytes: bytes, width_px: int, where: str) -> None:
    """Refuse PNGs larger than MAX_RASTER_PIXELS (a huge --scale) before rasterizing anything."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf_bytes)
    try:
        for page in document:
            width, height = page.get_size()
            pixels = width_px * width_px * height / width
            if pixels > MAX_RASTER_PIXELS:
                raise CarrouselError(f"a {width_px} px wide PNG of this page would hold {pixels / 1e6:.0f} M pixels; "
                                     f"at most {MAX_RASTER_PIXELS / 1e6:.0f} M", file=where, hint="lower --scale")
    finally:
        document.close()


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
            image = page.render(scale=width_px / width_pt, rev_byteorder=True).to_pil()  # RGB: no channel swap
            buffer = io.BytesIO()
            image.save(buffer, format="PNG", **PNG_OPTIONS)
            out[index] = buffer.getvalue()
            page.close()
        return out
    finally:
        document.close()
