"""HTML to PDF with WeasyPrint, reading only what the project allows."""

from __future__ import annotations

import logging
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlparse

from .errors import CarrouselError


class Refused(Exception):
    """A resource the fetcher would not load."""


def _fetcher_class():
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    class ProjectFetcher(URLFetcher):
        """data: URLs, and file: URLs whose real path lies under an allowed folder; nothing else."""

        def __init__(self, roots):
            super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False, fail_on_errors=True)
            self.roots = [Path(r).resolve() for r in roots]

        def fetch(self, url, headers=None):
            scheme = url.split(":", 1)[0].lower()
            if scheme == "file":
                path = Path(unquote(urlparse(url).path)).resolve()
                if not any(root == path or root in path.parents for root in self.roots):
                    raise FatalURLFetchingError(f"refused to read '{url}': outside the project")
                if not path.is_file():
                    raise FatalURLFetchingError(f"file not found: '{url}'")
            elif scheme != "data":
                raise FatalURLFetchingError(f"refused to fetch '{url}': only files inside the project are allowed")
            return super().fetch(url, headers)

    return ProjectFetcher


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@contextmanager
def _warnings_as_errors(where: str):
    """WeasyPrint logs failures (a missing image, a bad CSS rule): make them build errors."""
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
    if handler.messages:
        first = handler.messages[0].strip().splitlines()[0]
        more = f" (+{len(handler.messages) - 1} more)" if len(handler.messages) > 1 else ""
        raise CarrouselError(f"renderer: {first}{more}", file=where)


def render_document(html: str, base_url: Path, roots, where: str = "theme"):
    """Lay out the HTML; return WeasyPrint's Document."""
    import weasyprint
    from weasyprint.urls import FatalURLFetchingError

    try:
        with _warnings_as_errors(where):
            doc = weasyprint.HTML(string=html, base_url=base_url.as_uri() + "/", url_fetcher=_fetcher_class()(roots))
            return doc.render()
    except FatalURLFetchingError as err:
        raise CarrouselError(str(err.__cause__ or err), file=where, hint="images and fonts must be files inside the project")


class _DecorativeImages(logging.Filter):
    """WeasyPrint 70 logs an error for `alt=""`, which marks a decorative image on purpose.

    Images are checked before rendering (every <img> must carry an alt
    attribute), so the only ones left here are the deliberately empty ones.
    """

    def filter(self, record):
        return "has no required alt description" not in record.getMessage()


def write_pdf(document, where: str = "theme") -> bytes:
    """The laid-out document as a tagged PDF/UA-1 (fonts embedded and subset).

    PDF/UA-1 brings the structure tree, /Lang from <html lang> and the
    <title> shown as the document title (+~8% write time, +~11% size).
    """
    logger = logging.getLogger("weasyprint")
    decorative = _DecorativeImages()
    logger.addFilter(decorative)
    try:
        with _warnings_as_errors(where):
            return document.write_pdf(pdf_variant="pdf/ua-1")
    finally:
        logger.removeFilter(decorative)
