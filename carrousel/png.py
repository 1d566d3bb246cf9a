"""Rasterize the PDF to one PNG per page: the PNGs can never disagree with the PDF."""

from __future__ import annotations

import io


def rasterize(pdf: bytes, width_px: int, compress_level: int = 6) -> list[bytes]:
    """Each PDF page as PNG bytes, width_px wide (height follows the page)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        pngs = []
        for page in document:
            width_pt, _ = page.get_size()
            image = page.render(scale=width_px / width_pt).to_pil()
            buffer = io.BytesIO()
            image.save(buffer, format="PNG", compress_level=compress_level)
            pngs.append(buffer.getvalue())
            page.close()
        return pngs
    finally:
        document.close()
