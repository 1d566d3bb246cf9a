"""Rendering a prepared post on the cores allowed: lay out its slides, write the deck's PDF and the PNGs.

A process keeps one warm Renderer (WeasyPrint imported, stylesheet and fonts
loaded, slides laid out by key). A page's PNG is the same whether it is
rasterized from the deck's PDF or from a PDF of some of its pages (tested), so
PNGs need not wait for the deck: serve shows an edited slide first, and a
build of four slides or more rasterizes its first slides in a child while the
rest are laid out.
"""

from __future__ import annotations

from pathlib import Path

from carrousel.layout import renderer as engine

from carrousel.outputs import files as extras

from carrousel.layout import fit

from carrousel.layout import sandbox as pdf

from carrousel import limits as worker
from carrousel.errors import CarrouselError

EARLY_SLIDES = 2  # serve shows this many edited slides before writing the deck's PDF (more: a template edit)
AHEAD_MIN = 4  # slides to render before a second process is worth its fork (more than EARLY_SLIDES)

_RENDERER = None


def renderer():
    """This process's warm renderer (created, and WeasyPrint imported, on first use)."""
    global _RENDERER
    if _RENDERER is None:
        _RENDERER = engine.Renderer()
    return _RENDERER


def warm() -> bool:
    """Whether this process has its renderer already (WeasyPrint imported)."""
    return _RENDERER is not None


def close_renderer() -> None:
    """Release this process's renderer and the temporary files it made."""
    global _RENDERER
    if _RENDERER is not None:
        _RENDERER.close()
        _RENDERER = None


def forget_layouts() -> None:
    """Let this process's renderer drop the slide layouts it keeps for quick edits."""
    if _RENDERER is not None:
        _RENDERER.forget()


def render(prep, roots: list, base: Path, cache, fits: list, pngs: list, missing: list, width: int,
           processes: int, on_slide, on_pngs, allow_overflow: bool):
    """Lay out every slide, check they fit, write the deck's PDF and the missing PNGs (filled into pngs), and the
    contact sheet: (Document, PDF bytes, contact sheet, slide warnings)."""
    # With a second core, a child rasterizes the first two thirds of the slides while this process lays out
    # the rest and writes the deck's PDF.
    first = missing[:2 * len(missing) // 3] if processes >= 2 and len(missing) >= AHEAD_MIN else []
    ahead = rest = None

    def laid_out(i: int, laid: list) -> None:
        nonlocal ahead
        if first and i == first[-1]:
            ahead = worker.start(_pngs_of, [laid[j] for j in first], width, prep.shown)

    try:
        laid = _lay_out(prep, roots, base, cache, fits, on_slide, laid_out)
        warnings = fit.report(fit.FitResult(None, fits), prep.post, prep.floor, prep.shown, allow_overflow)
        todo = [i for i in missing if i not in first]
        if on_pngs and 0 < len(missing) <= EARLY_SLIDES:
            # serve: show the edited slides before writing the deck.
            for i, data in zip(missing, _pngs_of([laid[i] for i in missing], width, prep.shown)):
                pngs[i] = data
                cache.put(prep.png_keys[i], ".png", data)
            on_pngs(prep.post.slug, {i + 1: pngs[i] for i in missing})
            todo = []
        document, pdf_bytes = _write_pdf(laid, prep)
        cache.put(prep.pdf_key, ".pdf", pdf_bytes)
        if todo:
            pdf.check_raster(pdf_bytes, width, prep.shown)
            # C code: in a child process with a time and memory limit.
            rest = worker.start(engine.rasterize, pdf_bytes, width, todo)
        sheet_png = extras.contact_sheet(pdf_bytes, warnings)  # meanwhile
        done = rest.result(where=prep.shown) if rest else {}
        if ahead:
            done.update(zip(first, ahead.result(where=prep.shown)))
    finally:
        for child in (ahead, rest):
            if child:
                child.cancel()
    for i, data in done.items():
        pngs[i] = data
        cache.put(prep.png_keys[i], ".png", data)
    return document, pdf_bytes, sheet_png, warnings


def _lay_out(prep, roots: list, base: Path, cache, fits: list, on_slide, after) -> list:
    """Every slide laid out and fitted (fits filled in); a warm renderer has the unchanged ones already.
    after(index, laid so far) is called after each slide."""
    laid = []
    with worker.time_limit(where=prep.shown):  # layout stays here (check reads it) but cannot run forever
        for i, html_doc in enumerate(prep.documents):
            slide = prep.post.slides[i]
            try:
                one, fits[i] = renderer().layout(prep.slide_keys[i], html_doc, prep.css, base,
                                                 roots, prep.shown, prep.floor)
            except CarrouselError as err:
                raise err.at(slide=slide.number, kind=slide.kind, line=slide.line)
            cache.put(prep.slide_keys[i], ".fit.json", engine.fit_to_json(fits[i]))
            laid.append(one)
            after(i, laid)
            if on_slide:
                on_slide(i + 1, len(prep.documents))
    return laid


def _write_pdf(laid: list, prep):
    """The PDF of the given laid-out slides: (Document, bytes)."""
    slides = prep.post.slides
    with worker.time_limit(where=prep.shown):
        try:
            return renderer().write_pdf(laid, where=prep.shown)
        except CarrouselError as err:  # an attachment refused while writing: point at its slide
            if err.slide and err.line is None and err.slide <= len(slides):
                err.at(kind=slides[err.slide - 1].kind, line=slides[err.slide - 1].line)
            raise


def _pngs_of(laid: list, width: int, where: str) -> list[bytes]:
    """The PNGs of some laid-out slides, rasterized from a PDF of just those pages (in this process)."""
    _, some = renderer().write_pdf(laid, where=where, tagged=False)  # tags change no pixel
    pdf.check_raster(some, width, where)
    return [png for _, png in sorted(engine.rasterize(some, width, list(range(len(laid)))).items())]
