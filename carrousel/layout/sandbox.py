"""WeasyPrint in a sandbox: it reads only what the project allows, absurd sizes are refused, its warnings are errors."""

from __future__ import annotations

import logging
import re
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

from carrousel.errors import CarrouselError
from carrousel.html import marks
from carrousel.layout import csssize, images
from carrousel.paths import is_inside

_FONT_MAGIC = (b"\x00\x01\x00\x00", b"OTTO", b"true", b"wOFF", b"wOF2", b"ttcf")
MAX_FILE_BYTES = 20_000_000
# Pages bigger than this (CSS px) are refused before anything is rasterized.
MAX_PAGE_PX = 4000


def check_sizes(html: str, css: str, where: str) -> None:
    """Refuse absurd CSS sizes (csssize.py) in a stylesheet and in the <style> blocks and style attributes of a
    document."""
    csssize.check_document(html, css, where)


def check_pages(document, where: str) -> None:
    """Refuse pages larger than MAX_PAGE_PX a side (a theme's `@page { size: 20000px }`) before rasterizing."""
    for number, page in enumerate(document.pages, 1):
        if max(page.width, page.height) > MAX_PAGE_PX:
            raise CarrouselError(f"page {number} is {page.width:.0f}×{page.height:.0f} px; at most {MAX_PAGE_PX} px a "
                                 "side", file=where, hint="check '@page { size }' in the theme's CSS")


def _classify(data: bytes, path: Path) -> tuple[bytes, str]:
    """Checked bytes and MIME type of a file the renderer asked for; only images, fonts and CSS pass."""
    if data.startswith(_FONT_MAGIC):
        return data, "font/sfnt"
    if path.suffix.lower() == ".css" and images.sniff(data) is None:
        try:
            csssize.check_css(data.decode("utf-8"), path.name)
        except UnicodeDecodeError:
            raise CarrouselError(f"stylesheet '{path.name}' is not UTF-8 text") from None
        return data, "text/css"
    return images.check(data, path.name)


def fetcher_class():
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class ProjectFetcher(URLFetcher):
        """data: URLs, and file: URLs whose real path lies under an allowed folder; nothing else."""

        def __init__(self, roots):
            super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False, fail_on_errors=True)
            self.roots = [Path(r).resolve() for r in roots]
            self.refused: CarrouselError | None = None
            self.out_of_memory = False  # reading a file ran out of memory (WeasyPrint may only log it)
            self.svgs: dict[str, bytes] = {}  # SVG files fetched, by URL: a reference refused may be in one
            self.html = self.base = ""  # the document, to name the slide and the reference of a refusal

        def _refuse(self, url: str, error: CarrouselError):
            error.message += f" [{url[:200]}]"  # replaced by the reference as written, once located
            self.refused = error
            raise FatalURLFetchingError(error.message)

        def allows(self, url: str) -> bool:
            """Whether a file: URL names a file under one of the allowed folders."""
            real = Path(unquote(urlparse(url).path)).resolve()  # the roots are resolved already
            return any(is_inside(real, root, strict=False, real=False) for root in self.roots)

        def fetch(self, url, headers=None):
            scheme = url.split(":", 1)[0].lower()
            try:
                if scheme == "file":
                    real = Path(unquote(urlparse(url).path)).resolve()
                    if not self.allows(url):
                        raise CarrouselError("refused to read a file outside the project",
                                             hint="images, fonts and stylesheets must be files inside the project")
                    if not real.is_file():
                        raise CarrouselError("file not found", hint="paths are relative to the post file")
                    if real.stat().st_size > MAX_FILE_BYTES:
                        raise CarrouselError(f"file is over {MAX_FILE_BYTES / 1e6:g} MB")
                    data, mime = _classify(real.read_bytes(), real)
                    if mime == images.MIME["svg"]:
                        self.svgs[url] = data
                    return URLFetcherResponse(url, data, {"Content-Type": mime})
                if scheme == "data":
                    response = super().fetch(url, headers)
                    data = response.read()
                    response.close()
                    mime = response.content_type
                    if mime.startswith("image/"):
                        data, mime = images.check(data, "data: image")
                    elif mime not in ("text/css", "text/plain") and not data.startswith(_FONT_MAGIC):
                        raise CarrouselError(f"data: URL of type {mime} is not an image, font or stylesheet")
                    return URLFetcherResponse(url, data, {"Content-Type": mime})
                raise CarrouselError(f"refused to fetch a {scheme}: URL (no network access during builds)",
                                     hint="download the file into the project and refer to it by path")
            except CarrouselError as err:
                self._refuse(url, err)
            except MemoryError:
                self.out_of_memory = True
                raise FatalURLFetchingError("out of memory") from None
            except Exception as err:  # noqa: BLE001 - a bad data: URL and the like: a refusal, never a silent gap
                self._refuse(url, CarrouselError(f"cannot load: {err}"))

    return ProjectFetcher


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@contextmanager
def warnings_as_errors(where: str, fetchers=()):
    """WeasyPrint logs failures (a missing image, a bad CSS rule): make them build errors. A reference one of the
    fetchers refused, which WeasyPrint only logs (inside an SVG), is that refusal, naming its slide."""
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
    if any(getattr(fetcher, "out_of_memory", False) for fetcher in fetchers):
        raise MemoryError("a file the slide reads does not fit in the render's memory")
    if handler.messages:
        for fetcher in fetchers:
            if fetcher is not None and fetcher.refused is not None:
                raise refusal(fetcher, None, fetcher.html, fetcher.base, where)
        first = handler.messages[0].strip().splitlines()[0]
        for fetcher in fetchers:  # URLs as written, not this machine's paths
            first = first.replace(fetcher.base, "") if getattr(fetcher, "base", "") else first
        more = f" (+{len(handler.messages) - 1} more)" if len(handler.messages) > 1 else ""
        raise CarrouselError(f"renderer: {first}{more}", file=where)


_REFERENCE = re.compile(r"""(?:src|href|xlink:href)\s*=\s*["']([^"']*)["']|url\(\s*["']?([^"')]*)["']?\s*\)""")


def locate(html: str, base_url: str, url: str) -> tuple[int | None, str | None]:
    """Which slide refers to url, and how the reference is written there (None, None if not found)."""
    for match in _REFERENCE.finditer(html):
        written = match.group(1) if match.group(1) is not None else match.group(2)
        if not written:
            continue
        try:
            resolved = urljoin(base_url, written.replace("&amp;", "&"))
        except ValueError:
            continue
        if resolved == url or unquote(resolved) == unquote(url) or written == url:
            return marks.number_before(html, match.start()), written
    return None, None


def lay_out(html: str, base_url: Path, roots, where: str = "theme", fetcher=None):
    """Lay out a whole HTML document as it is (no fitting); return WeasyPrint's Document (pages checked against MAX_PAGE_PX)."""
    from carrousel.layout.weasy import weasyprint

    weasyprint = weasyprint()
    from weasyprint.urls import FatalURLFetchingError

    check_sizes(html, "", where)
    fetcher = fetcher or fetcher_class()(roots)
    base = base_url.as_uri() + "/"
    fetcher.html, fetcher.base = html, base  # to name the slide of a reference refused later (attachments)
    try:
        with warnings_as_errors(where, [fetcher]):
            document = weasyprint.HTML(string=html, base_url=base, url_fetcher=fetcher).render()
    except FatalURLFetchingError as err:
        raise refusal(fetcher, err, html, base, where) from None
    check_pages(document, where)
    return document


def refusal(fetcher, err, html: str, base: str, where: str) -> CarrouselError:
    """The fetcher's refusal as a build error naming the slide and the reference as written."""
    if fetcher.out_of_memory:  # past the render's memory limit: said as such by whoever runs the render
        raise MemoryError
    error = fetcher.refused or CarrouselError(str(err.__cause__ or err))
    url = re.search(r"\[(.*)\]$", error.message)
    if url:
        slide, written = locate(html, base, url.group(1))
        inside = _in_svg(fetcher, url.group(1)) if written is None else None
        if inside:  # the reference is in an SVG the slide shows: name both
            slide, svg = locate(html, base, inside[0])
            written = f"{inside[1]}' in the SVG '{svg or inside[0].rsplit('/', 1)[-1]}"
        if written is not None:
            error.message = error.message[:url.start()].rstrip() + f": '{written[:200]}'"
            error.slide = slide
            if slide is None:
                error.message += " in the theme's CSS or templates"
    return error.at(file=where)


def _in_svg(fetcher, url: str) -> tuple[str, str] | None:
    """(the SVG's URL, the reference as written in it) when an SVG fetched earlier refers to url."""
    for svg_url, data in getattr(fetcher, "svgs", {}).items():
        _, written = locate(data.decode("utf-8", "replace"), svg_url, url)
        if written is not None:
            return svg_url, written
    return None
