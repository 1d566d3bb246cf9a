"""A prepared post rendered on the cores allowed: each slide laid out and checked, the deck's PDF, the PNGs.

What the cache holds is taken from it; the rest is rendered. A page's PNG is
the same whether it is rasterized from the deck's PDF or from a PDF of some of
its pages (tested), so PNGs need not wait for the deck: with a second worker a
child rasterizes the first slides while the rest are laid out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

from carrousel.checks import contrast, glyphs
from carrousel.errors import CarrouselError
from carrousel.layout import boxes, fit, renderer
from carrousel.limits import mark
from carrousel.pdf.write import write as write_pdf
from carrousel.png.rasterize import check_raster, rasterize
from carrousel.png.sheet import contact_sheet

AHEAD_MIN = 4  # slides to render before a second process is worth its fork


@dataclass(frozen=True)
class SlideReport:
    """What a slide's layout says: how it was fitted, each text colour on its background, where its text is."""

    fit: fit.SlideFit
    contrast: tuple  # contrast.Pair
    text_boxes: tuple = ()  # (x, y, width, height, text) of each line outside the frame (safe-zone checks)
    unchained: tuple = ()  # glyphs.unchained() of the slide: characters its font lists cannot draw

    def to_json(self) -> bytes:
        """As bytes to keep beside the slide's PNG in the cache."""
        return json.dumps({"fit": self.fit.to_json(), "contrast": contrast.to_json(list(self.contrast)),
                           "text_boxes": self.text_boxes, "unchained": self.unchained}).encode()

    @classmethod
    def from_json(cls, data: bytes | None) -> "SlideReport | None":
        """The report that to_json gave, or None."""
        if data is None:
            return None
        try:
            raw = json.loads(data)
            return cls(fit.SlideFit.from_json(raw["fit"]), tuple(contrast.from_json(raw["contrast"])),
                       tuple(tuple(box) for box in raw["text_boxes"]), tuple(raw.get("unchained", ())))
        except (ValueError, KeyError, TypeError):
            return None


@dataclass(frozen=True)
class Deck:
    """A rendered post: its PDF, one PNG and one report per slide, the contact sheet and the slides' warnings."""

    pdf: bytes
    pngs: tuple
    reports: tuple  # SlideReport per slide
    warnings: tuple  # SlideWarning, slide by slide
    sheet: bytes | None = None  # the contact sheet, when it was drawn while PNGs were encoded
    rendered: tuple = ()  # numbers of the slides laid out and rasterized (none: everything came from the cache)
    rasterized: int = 0  # PNGs rasterized and encoded by this render (0: from the cache, or none asked for)


def render(prep, cache, executor, allow_overflow: bool = False, on_slide=None) -> Deck:
    """The post's deck: what the cache has, and the rest rendered (raises for a slide that does not fit).

    Without png in prep.exports (the service asked for the PDF alone) nothing is rasterized: no PNG, no sheet."""
    if "png" not in prep.exports:
        return _pdf_only(prep, cache, allow_overflow, on_slide)
    pdf_bytes = cache.get(prep.pdf_key, ".pdf")
    pngs = [cache.get(key, ".png") for key in prep.png_keys]
    reports = [SlideReport.from_json(cache.get(key, ".slide.json")) for key in prep.slide_keys]
    missing = [i for i, data in enumerate(pngs) if data is None or reports[i] is None]
    if pdf_bytes is not None and not missing:
        return Deck(pdf_bytes, tuple(pngs), tuple(reports), _warnings(prep, reports, allow_overflow))
    # With a second worker, a child rasterizes the first two thirds of the slides while this process lays out
    # the rest and writes the deck's PDF.
    first = missing[:2 * len(missing) // 3] if executor.workers >= 2 and len(missing) >= AHEAD_MIN else []
    ahead = rest = None

    def laid_out(i: int, laid: list) -> None:
        nonlocal ahead
        if first and i == first[-1]:
            ahead = executor.submit(pngs_of, [laid[j][0] for j in first], prep.width, prep.shown)

    try:
        laid = lay_out(prep, cache, on_slide, laid_out if first else None)
        reports = [report for _, report in laid]
        warnings = _warnings(prep, reports, allow_overflow)
        pdf_bytes = _deck_pdf(prep, laid, cache)
        todo = [i for i in missing if i not in first and pngs[i] is None]
        done = {}
        if todo:
            check_raster([document for document, _ in laid], prep.width, prep.shown)
            mark("rasterizing")
            # With a second process, a child rasterizes while this one draws the contact sheet. Alone, a render
            # rasterizes here, under the same limits: forking a warm worker costs more than the sheet it would
            # overlap (0.12 s of CPU for 9 slides in a service worker, 40% of their rasterizing).
            if executor.workers >= 2:
                rest = executor.submit(rasterize, pdf_bytes, prep.width, todo)
            else:
                done = rasterize(pdf_bytes, prep.width, todo)
        mark("drawing the contact sheet")
        sheet = contact_sheet(pdf_bytes, warnings)
        if rest:
            done = rest.result(where=prep.shown)
        if ahead:
            done.update(zip(first, ahead.result(where=prep.shown)))
    finally:
        for child in (ahead, rest):
            if child:
                child.cancel()
    for i, data in done.items():
        pngs[i] = data
        cache.put(prep.png_keys[i], ".png", data)
    return Deck(pdf_bytes, tuple(pngs), tuple(reports), warnings, sheet, tuple(i + 1 for i in missing), len(done))


def _pdf_only(prep, cache, allow_overflow: bool, on_slide) -> Deck:
    """The deck without PNGs: every slide laid out and checked, the PDF written (or taken from the cache)."""
    laid = lay_out(prep, cache, on_slide)
    reports = [report for _, report in laid]
    warnings = _warnings(prep, reports, allow_overflow)
    pdf_bytes = cache.get(prep.pdf_key, ".pdf") or _deck_pdf(prep, laid, cache)
    return Deck(pdf_bytes, (), tuple(reports), warnings, None, tuple(range(1, len(laid) + 1)))


def _deck_pdf(prep, laid: list, cache) -> bytes:
    """The deck's PDF from the laid-out slides, kept in the cache."""
    try:
        pdf_bytes = deck_pdf([document for document, _ in laid], prep.shown)
    except CarrouselError as err:  # an attachment refused while writing: point at its slide
        if err.slide and err.line is None and err.slide <= len(prep.post.slides):
            err.at(kind=prep.post.slides[err.slide - 1].kind, line=prep.post.slides[err.slide - 1].line)
        raise
    cache.put(prep.pdf_key, ".pdf", pdf_bytes)
    return pdf_bytes


def lay_out(prep, cache, on_slide=None, after=None) -> list[tuple]:
    """Every slide laid out, fitted and checked: [(one-page Document, SlideReport)]; a warm renderer has the
    unchanged ones already. after(index, laid so far) is called after each slide.

    With no slide kept and nothing to do between slides, they are laid out together (layout/renderer.py):
    ~4% less CPU for a post (measured over the load test's posts)."""
    laid = []
    renderer.current().new_deck()
    together = _together(prep) if after is None and not any(map(renderer.current().knows, prep.slide_keys)) else None
    for i, html_doc in enumerate(prep.documents):
        slide = prep.post.slides[i]
        if together is not None:
            document, slide_fit = together[i]
        else:
            mark("laying out", slide.number, slide.kind, slide.line)  # named if the render is stopped here
            try:
                document, slide_fit = renderer.current().layout(prep.slide_keys[i], html_doc, prep.css, prep.base,
                                                                prep.readable, prep.shown, prep.floor)
            except CarrouselError as err:
                raise err.at(slide=slide.number, kind=slide.kind, line=slide.line)
        text = next(iter(boxes.text_boxes(document).values()), [])  # the document holds this slide only
        gaps = tuple({**gap, "families": list(gap["families"])} for gap in glyphs.unchained(document))
        report = SlideReport(slide_fit, tuple(contrast.pairs(document)), tuple(text), gaps)
        cache.put(prep.slide_keys[i], ".slide.json", report.to_json())
        laid.append((document, report))
        if after:
            after(i, laid)
        if on_slide:
            on_slide(i + 1, len(prep.documents))
    return laid


def _together(prep) -> list[tuple] | None:
    """Every slide laid out in one document, or None where that fails: laid out one by one, the error then names
    its slide."""
    if len(prep.documents) < 2:
        return None
    mark("laying out the slides")
    try:
        return renderer.current().lay_out_together(list(prep.slide_keys), list(prep.documents), prep.css, prep.base,
                                                   prep.readable, prep.shown, prep.floor)
    except CarrouselError:
        return None


def subset(prep, indexes: list[int]):
    """The prepared post reduced to some of its slides (their documents and keys), to lay them out alone."""
    post = replace(prep.post, slides=tuple(prep.post.slides[i] for i in indexes))
    return replace(prep, post=post, documents=tuple(prep.documents[i] for i in indexes),
                   slide_keys=tuple(prep.slide_keys[i] for i in indexes),
                   png_keys=tuple(prep.png_keys[i] for i in indexes))


def deck_pdf(documents: list, where: str, tagged: bool = True) -> bytes:
    """The PDF of the given one-page Documents, in order (fonts subset once for the deck; untagged when it is
    only to be rasterized)."""
    mark("writing the PDF")
    deck = documents[0].copy([doc.pages[0] for doc in documents])
    return write_pdf(deck, where, tagged, [doc.url_fetcher for doc in documents])


def pngs_of(documents: list, width: int, where: str) -> list[bytes]:
    """The PNGs of some laid-out slides, rasterized from a PDF of just those pages (in this process)."""
    check_raster(documents, width, where)
    some = deck_pdf(documents, where, tagged=False)  # tags change no pixel
    mark("rasterizing")
    return [png for _, png in sorted(rasterize(some, width, list(range(len(documents)))).items())]


def _warnings(prep, reports: list, allow_overflow: bool) -> tuple:
    """Each slide's warnings (fit first, then contrast); raises for a slide that does not fit unless allowed."""
    found = fit.report([r.fit for r in reports], prep.post, prep.floor, prep.shown, allow_overflow)
    for i, report in enumerate(reports):
        slide = prep.post.slides[i]
        found += contrast.slide_warnings(list(report.contrast), slide.kind)
        found += glyphs.unchained_warnings(list(report.unchained), slide.number, slide.kind)
    return tuple(sorted(found, key=lambda w: w.slide or 0))
