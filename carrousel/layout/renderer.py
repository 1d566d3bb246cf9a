"""The renderer: lay out slides one by one with WeasyPrint, each fitted to its page.

Every slide is laid out as its own one-slide HTML document (slides are
independent pages), or a post's slides in one document where none is kept
(cheaper), sharing one parsed stylesheet and one font configuration.
A process keeps one warm Renderer (WeasyPrint imported, stylesheet and fonts
loaded, slides laid out by key): an edited slide is the only one laid out again.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from carrousel.errors import CarrouselError
from carrousel.html import marks
from carrousel.layout import fit, mathcolour, sandbox

SHEETS = 8  # parsed stylesheets kept, each with its fonts (themes, formats and modes in turn: the service's requests)
_FILE_URL = re.compile(r"file://[^\s\"'()<>]+")
# A url() or @import that is neither a file: nor a data: URL depends on the stylesheet's base URL.
_RELATIVE = re.compile(r"""url\(\s*(?!["']?\s*(?:file|data):)|@import""", re.IGNORECASE)


class Renderer:
    """Imports WeasyPrint on creation; keeps stylesheets, fonts and laid-out slides for reuse."""

    def __init__(self, keep: int = 120):
        from carrousel.layout.weasy import weasyprint

        self._weasyprint = weasyprint()
        from weasyprint.text.fonts import FontConfiguration

        self._spare = FontConfiguration()  # made while warming up: the first stylesheet's fonts
        self._css: dict[str, tuple] = {}  # key -> (stylesheet, folders it was read from, its FontConfiguration)
        self._pages: dict[str, object] = {}  # slide key -> (Document, SlideFit)
        self._images: dict = {}  # WeasyPrint's images by URL, shared by a deck's layouts (see new_deck)
        self._keep = keep
        self._pid = os.getpid()

    def _stylesheet(self, css: str, base_url: str, fetcher, where: str):
        # A stylesheet whose references are all absolute (file: and data: URLs, as the theme stage writes them)
        # parses the same from any project: the service's requests, each in its own folder, share it (~0.1 s a
        # post). Its files must still be ones this request may read.
        relative = _RELATIVE.search(css) is not None
        key = (base_url if relative else "") + "\0" + css
        sheet, roots, fonts = self._css.pop(key, (None, None, None))
        if sheet is not None and roots != fetcher.roots:
            if not all(fetcher.allows(url) for url in _FILE_URL.findall(css)):
                sheet = None
        if sheet is None:
            from weasyprint.text.fonts import FontConfiguration

            # Each stylesheet has fonts of its own and is always laid out with them: @font-face rules registered
            # for another theme or brand (a brand font at more weights) would otherwise be matched by this one's
            # fallbacks, and a layout would depend on what was rendered before it.
            fonts, self._spare = self._spare or FontConfiguration(), None
            with sandbox.warnings_as_errors(where, [fetcher]):
                sheet = self._weasyprint.CSS(string=css, base_url=base_url, url_fetcher=fetcher, font_config=fonts)
            while len(self._css) >= SHEETS:
                self._css.pop(next(iter(self._css)))  # the least recently used (its laid-out slides keep its fonts)
        self._css[key] = (sheet, fetcher.roots, fonts)  # the folders its files were found readable from
        return sheet, fonts

    def layout(self, key: str, document: str, css: str, base: Path, roots, where: str, floor: float):
        """Lay out one slide's HTML document, shrunk to fit (or reuse it by key): (one-page Document, SlideFit)."""
        known = self._pages.pop(key, None)
        if known is not None:
            self._pages[key] = known  # most recently used last: eviction takes the oldest
            return known
        return self.lay_out_together([key], [document], css, base, roots, where, floor)[0]

    def knows(self, key: str) -> bool:
        """Whether the slide laid out under key is kept."""
        return key in self._pages

    def lay_out_together(self, keys: list[str], documents: list[str], css: str, base: Path, roots, where: str,
                         floor: float) -> list[tuple]:
        """Lay out slides' HTML documents (of one post) as one document, each shrunk to fit, and keep them by key:
        [(one-page Document, SlideFit)]. One layout of several slides costs less than one each: a document costs
        ~8 ms of its own (its head, its style element, its page), and the fit search lays out together the
        slides still searching."""
        from weasyprint.urls import FatalURLFetchingError

        document = documents[0] if len(documents) == 1 else marks.joined(documents)

        base_url = base.as_uri() + "/"
        sandbox.check_sizes(document, css, where)  # absurd sizes crash Pango: refuse them before layout
        fetcher = sandbox.fetcher_class()(roots)
        # To name the slide and the reference of a refusal (the CSS first: its references belong to no slide).
        fetcher.html, fetcher.base = f"<style>{css}</style>{document}", base_url

        def render(html: str):
            with sandbox.warnings_as_errors(where, [fetcher]):
                return self._weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
                    stylesheets=[sheet], font_config=fonts, cache=self._images)

        try:
            sheet, fonts = self._stylesheet(css, base_url, fetcher, where)
            fitted = fit.autofit(document, render, floor)
            recoloured = mathcolour.recoloured(document, fitted.document)
            if recoloured is not None:  # a formula in a caption, a tag, a title's accent: once more in its colour
                fitted = fit.autofit(recoloured, render, floor)
        except FatalURLFetchingError as err:
            raise sandbox.refusal(fetcher, err, fetcher.html, base_url, where) from None
        except OverflowError:  # a size that passed the checks (computed by the layout) and overflows Pango
            raise CarrouselError("a size in the theme's CSS or the post is too large to lay out", file=where,
                                 hint="use reasonable sizes in the theme's CSS") from None
        sandbox.check_pages(fitted.document, where)
        pages = fitted.document.pages
        if len(pages) != len(documents) or len(fitted.slides) != len(documents):
            raise CarrouselError(f"{len(documents)} slides came out as {len(pages)} pages", file=where,
                                 hint="a slide must fit one page; check the theme's CSS for page breaks")
        laid = []
        for key, page, slide_fit in zip(keys, pages, fitted.slides):
            while len(self._pages) >= self._keep:
                self._pages.pop(next(iter(self._pages)))
            self._pages[key] = (fitted.document if len(pages) == 1 else fitted.document.copy([page]), slide_fit)
            laid.append(self._pages[key])
        return laid

    @property
    def sheets(self) -> int:
        """How many parsed stylesheets (each with its fonts) are kept."""
        return len(self._css)

    def new_deck(self) -> None:
        """Read pictures afresh from here on (a deck's layouts decode each picture once; the next build of a post
        sees its edited files). Laid-out slides keep the cache they were drawn from."""
        self._images = {}

    def close(self) -> None:
        """Remove the folders WeasyPrint copies font files into (its own clean-up runs only at garbage collection)."""
        if os.getpid() != self._pid:  # a forked child leaves its parent's folders alone
            return
        for fonts in [self._spare] + [fonts for _, _, fonts in self._css.values()]:
            folder = getattr(fonts, "_folder", None)
            if folder:
                shutil.rmtree(folder, ignore_errors=True)
                fonts._folder = None

    def forget(self) -> None:
        """Drop the kept layouts (a batch build moves on to another post: they would only take memory)."""
        self._pages.clear()


_CURRENT: Renderer | None = None


def current() -> Renderer:
    """This process's warm renderer (created, and WeasyPrint imported, on first use)."""
    global _CURRENT
    if _CURRENT is None:
        _CURRENT = Renderer()
    return _CURRENT


def is_warm() -> bool:
    """Whether this process has its renderer already (WeasyPrint imported)."""
    return _CURRENT is not None


def close() -> None:
    """Release this process's renderer and the temporary files it made."""
    global _CURRENT
    if _CURRENT is not None:
        _CURRENT.close()
        _CURRENT = None


def forget() -> None:
    """Let this process's renderer drop the slide layouts it keeps for quick edits."""
    if _CURRENT is not None:
        _CURRENT.forget()
