"""The jobs a render worker runs (carrousel/build/supervisor.py): everything that reads a post or a theme.

Each job builds in memory and hands its result back to the parent, which
writes it: a worker never touches output/ (it reads and fills the cache).
Progress and the PNGs of edited slides are sent as events while the job runs.
"""

from __future__ import annotations

import time
from pathlib import Path

from carrousel.build import deck
from carrousel.build.pipeline import build_post, build_prepared, prepare
from carrousel.build.supervisor import collect_after_result, emit
from carrousel.errors import CarrouselError
from carrousel.layout import renderer
from carrousel.limits import Executor
from carrousel.load.files import check_inside
from carrousel.outputs.write import check_target

EARLY_SLIDES = 2  # edited slides shown before the deck's PDF is written (more: a template edit, build it all)


def render(path: str, project, options, cache, workers: int = 1, keep: bool = False):
    """Build one post in memory (pipeline.Built), reporting each slide laid out as an event ("slide", n, total).

    keep: let the renderer keep the post's laid-out slides (serve edits the post again; a batch moves on)."""
    try:
        if not Path(path).is_file():
            raise CarrouselError("no such post file", file=path)
        return build_post(Path(path), project, options, cache, Executor(workers),
                          on_slide=lambda number, total: emit("slide", number, total))
    finally:
        if not keep:
            renderer.forget()


def render_edit(path: str, project, options, cache, workers: int = 1):
    """Build one post as `serve` does: the PNGs of one or two edited slides first, sent as the event
    ("early", slug, folder under output/, {number: png}), then the whole post in memory (pipeline.Built)."""
    start = time.perf_counter()
    collect_after_result()  # a collection over the kept layouts would land in the middle of an edit's latency
    check_inside(Path(path), project.root)
    sources = cache.source_key(Path(path), options.key())  # before reading them: an edit made meanwhile shows
    prep = prepare(Path(path).resolve(), project, options)
    early = early_pngs(prep, project, cache)
    if early:
        folder = prep.post.slug + (f"/{prep.variant}" if prep.variant else "")
        emit("early", prep.post.slug, folder, early)
    return build_prepared(prep, project, options, cache, Executor(workers), start=start, sources=sources)


def early_pngs(prep, project, cache) -> dict:
    """The PNGs of the post's edited slides, laid out and rasterized alone: {number: png}.

    Nothing when the post was never built (the whole build comes first), belongs to another post's folder,
    or more slides changed."""
    missing = [i for i, key in enumerate(prep.png_keys)
               if cache.get(key, ".png") is None or cache.get(prep.slide_keys[i], ".slide.json") is None]
    if not 0 < len(missing) <= EARLY_SLIDES:
        return {}
    try:
        folder = check_target(project.output, prep.post.slug, prep.shown)
    except CarrouselError:
        return {}  # another post's folder: the full build reports it
    folder = folder / prep.variant if prep.variant else folder
    if not (folder / "post.json").is_file():
        return {}
    laid = deck.lay_out(deck.subset(prep, missing), cache)
    pngs = deck.pngs_of([document for document, _ in laid], prep.width, prep.shown)
    for i, data in zip(missing, pngs):
        cache.put(prep.png_keys[i], ".png", data)
    return {i + 1: data for i, data in zip(missing, pngs)}


def warm(path: str | None, project, options, cache) -> None:
    """Warm the worker: import WeasyPrint (no path), or lay out a post's slides (errors are left to its build)."""
    renderer.current()
    if path is None:
        return
    try:
        deck.lay_out(prepare(Path(path), project, options), cache)
    except CarrouselError:
        pass
