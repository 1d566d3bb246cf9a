"""The laid-out slides written as one PDF: tagged PDF/UA-1, fonts embedded and subset once for the deck."""

from __future__ import annotations

import logging

from carrousel.layout.sandbox import refusal, warnings_as_errors


class _DecorativeImages(logging.Filter):
    """WeasyPrint 70 logs an error for `alt=""`, which marks a decorative image on purpose.

    Images are checked before rendering (every <img> must carry an alt
    attribute), so the only ones left here are the deliberately empty ones.
    """

    def filter(self, record):
        return "has no required alt description" not in record.getMessage()


def write(document, where: str = "theme", tagged: bool = True, fetchers=()) -> bytes:
    """The laid-out document as a tagged PDF/UA-1 (fonts embedded and subset), or untagged (only to rasterize).

    PDF/UA-1 brings the structure tree, /Lang from <html lang> and the
    <title> shown as the document title (+~8% write time, +~11% size). fetchers: the slides' URL fetchers, so that a
    reference refused while drawing (inside an SVG) names its slide.
    """
    from weasyprint.urls import FatalURLFetchingError

    logger = logging.getLogger("weasyprint")
    decorative = _DecorativeImages()
    logger.addFilter(decorative)
    try:
        with warnings_as_errors(where, fetchers or [document.url_fetcher]):
            return document.write_pdf(pdf_variant="pdf/ua-1") if tagged else document.write_pdf()
    except FatalURLFetchingError as err:  # attachments are fetched while writing
        fetcher = document.url_fetcher
        raise refusal(fetcher, err, getattr(fetcher, "html", ""), getattr(fetcher, "base", ""), where) from None
    finally:
        logger.removeFilter(decorative)
