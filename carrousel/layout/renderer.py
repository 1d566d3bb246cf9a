"""The renderer: lay out slides one by one, then write the deck's PDF and rasterize pages.

Every slide is laid out as its own one-slide HTML document (slides are
independent pages), sharing one parsed stylesheet and one font configuration.
The PDF is written from the laid-out pages of all slides at once, so fonts are
subset once per deck. A warm Renderer (serve, pool workers) keeps laid-out
pages by slide key: an edited slide is the only one laid out again.
"""

from __future__ import annotations

import io
import json
import os
import shutil
from pathlib import Path

from carrousel.layout import sandbox as pdfmod
from carrousel.errors import CarrouselError

# zlib's run-length strategy suits flat slide colours: encoding takes 26 ms a slide instead of 40 at Pillow's
# default, for files 9% bigger.
PNG_OPTIONS = {"compress_level": 6, "compress_type": 3}  # 3: Z_RLE


class Renderer:
    """Imports WeasyPrint on creation; keeps stylesheets, fonts and laid-out slides for reuse."""

    def __init__(self, keep: int = 120):
        from carrousel.layout.weasy import weasyprint

        self._weasyprint = weasyprint()
        from weasyprint.text.fonts import FontConfiguration

        self._fonts = FontConfiguration()
        self._css: dict[str, object] = {}
        self._pages: dict[str, object] = {}  # slide key -> (Document, page)
        self._keep = keep
        self._pid = os.getpid()

    def _stylesheet(self, css: str, base_url: str, fetcher, where: str):
        key = base_url + "\0" + css
        sheet = self._css.get(key)
        if sheet is None:
            with pdfmod._warnings_as_errors(where):
                sheet = self._weasyprint.CSS(string=css, base_url=base_url, url_fetcher=fetcher,
                                             font_config=self._fonts)
            self._css = {key: sheet}  # one theme at a time is the common case; don't hoard
        return sheet

    def layout(self, key: str, document: str, css: str, base: Path, roots, where: str, floor: float):
        """Lay out one slide's HTML document, shrunk to fit (or reuse it by key): (one-page Document, SlideFit)."""
        known = self._pages.pop(key, None)
        if known is not None:
            self._pages[key] = known  # most recently used last: eviction takes the oldest
            return known
        from weasyprint.urls import FatalURLFetchingError

        from carrousel.layout import fit

        base_url = base.as_uri() + "/"
        pdfmod.check_sizes(document, css, where)  # absurd sizes crash Pango: refuse them before layout
        fetcher = pdfmod._fetcher_class()(roots)
        # To name the slide and the reference of a refusal (the CSS first: its references belong to no slide).
        fetcher.html, fetcher.base = f"<style>{css}</style>{document}", base_url

        def render(html: str):
            with pdfmod._warnings_as_errors(where):
                return self._weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
                    stylesheets=[sheet], font_config=self._fonts)

        try:
            sheet = self._stylesheet(css, base_url, fetcher, where)
            fitted = fit.autofit(document, render, floor)
        except FatalURLFetchingError as err:
            raise pdfmod.refusal(fetcher, err, fetcher.html, base_url, where) from None
        pdfmod.check_pages(fitted.document, where)
        if len(fitted.document.pages) != 1 or len(fitted.slides) != 1:
            raise CarrouselError(f"a slide came out as {len(fitted.document.pages)} pages", file=where,
                                 hint="a slide must fit one page; check the theme's CSS for page breaks")
        if len(self._pages) >= self._keep:
            self._pages.pop(next(iter(self._pages)))
        self._pages[key] = (fitted.document, fitted.slides[0])
        return self._pages[key]

    def close(self) -> None:
        """Remove the folder WeasyPrint copies font files into (its own clean-up runs only at garbage collection)."""
        folder = getattr(self._fonts, "_folder", None)
        if folder and os.getpid() == self._pid:  # a forked child leaves its parent's folder alone
            shutil.rmtree(folder, ignore_errors=True)
            self._fonts._folder = None

    def forget(self) -> None:
        """Drop the kept layouts (a batch build moves on to another post: they would only take memory)."""
        self._pages.clear()

    def write_pdf(self, laid_out: list, where: str, tagged: bool = True):
        """The deck of the given one-page Documents, in order, and its PDF (fonts subset once for the deck;
        untagged when it is only to be rasterized)."""
        deck = laid_out[0].copy([doc.pages[0] for doc in laid_out])
        return deck, pdfmod.write_pdf(deck, where, tagged)


def fit_to_json(slide_fit) -> bytes:
    """A slide's fit outcome (scale, overflow, smallest text), to keep beside its PNG in the cache."""
    overflow = slide_fit.overflow
    return json.dumps({"index": slide_fit.index, "scale": slide_fit.scale, "min_text": slide_fit.min_text,
                       "min_text_sample": slide_fit.min_text_sample, "contrast": slide_fit.contrast,
                       "overflow": None if overflow is None else
                       [overflow.down, overflow.right, overflow.element, overflow.pages]}).encode("utf-8")


def fit_from_json(data: bytes | None):
    """The SlideFit stored by fit_to_json, or None."""
    if data is None:
        return None
    from carrousel.layout import fit

    try:
        raw = json.loads(data)
        overflow = None if raw["overflow"] is None else fit.Overflow(*raw["overflow"])
        return fit.SlideFit(raw["index"], raw["scale"], overflow, raw["min_text"], raw["min_text_sample"],
                            raw.get("contrast") or [])
    except (ValueError, KeyError, TypeError):
        return None


def rasterize(pdf: bytes, width_px: int, pages: list[int]) -> dict[int, bytes]:
    """The given pages (0-based) of a PDF as PNG bytes, width_px wide (in this process: PDFium is not
    thread-safe; render.py spreads pages over processes)."""
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
