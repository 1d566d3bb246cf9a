"""Shared by the figure tests: palettes, and a WeasyPrint page drawing SVGs as a slide would."""

from __future__ import annotations

import base64
import io

from carrousel.figures.palette import Palette

DARK = Palette(background="#0d1117", surface="#161b22", text="#e6edf3", muted="#9aa7b8", line="#8b949e",
               accent="#3fb950", green="#3fb950", red="#f85149", amber="#d29922", blue="#58a6ff")
LIGHT = Palette()
SLIDE = (1080, 1350)


def page_pdf(images: list[tuple[str, float, float]], background: str = "#ffffff", extra: str = "") -> bytes:
    """A 1080 x 1350 px PDF with each SVG as an <img> (data URL) at its size, fonts as the terminal theme's."""
    from carrousel.layout.weasy import weasyprint
    from carrousel.theme.fonts import font_face_css

    css = font_face_css({"sans": "Inter", "mono": "JetBrains Mono"}, (400, 600))
    tags = "".join(f'<img src="data:image/svg+xml;base64,{base64.b64encode(svg.encode()).decode()}" '
                   f'style="width:{w}px;height:{h}px;display:block;margin:0 0 40px">' for svg, w, h in images)
    html = (f"<style>{css} @page {{ size: {SLIDE[0]}px {SLIDE[1]}px; margin: 0 }} "
            f"body {{ margin: 0; padding: 60px 88px; background: {background} }}</style>{extra}{tags}")
    return weasyprint().HTML(string=html).write_pdf()


def pdf_text(pdf: bytes) -> str:
    """The text layer of the PDF's first page."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        return page.get_textpage().get_text_range()
    finally:
        document.close()


def pdf_fonts(pdf: bytes) -> set[str]:
    """The base font names used by the characters of the PDF's first page (subset prefixes dropped)."""
    import ctypes

    import pypdfium2 as pdfium
    from pypdfium2 import raw

    document = pdfium.PdfDocument(pdf)
    try:
        textpage = document[0].get_textpage()
        names = set()
        for index in range(textpage.count_chars()):
            buffer = ctypes.create_string_buffer(256)
            flags = ctypes.c_int()
            if raw.FPDFText_GetFontInfo(textpage, index, buffer, 256, ctypes.byref(flags)):
                names.add(buffer.value.decode().split("+")[-1])
        return names
    finally:
        document.close()


def pdf_image(pdf: bytes):
    """The PDF's first page as a 1080 px wide RGB Pillow image."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        return page.render(scale=SLIDE[0] / page.get_size()[0]).to_pil().convert("RGB")
    finally:
        document.close()


def png_bytes(image) -> bytes:
    """A Pillow image as PNG bytes."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
