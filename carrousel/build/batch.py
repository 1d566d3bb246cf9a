"""Build several posts, in worker processes when there are several (PDFium and Pango are not thread-safe)."""

from __future__ import annotations

import multiprocessing
import os
import queue as queues
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from carrousel.errors import CarrouselError


@dataclass
class Result:
    """What building one post gave, as the command prints it."""

    path: str
    ok: bool
    line: str
    slug: str = ""
    rendered: int = 0


_PROJECTS: dict = {}
_EVENTS = None  # the queue a worker reports slides on


def build_one(path: str, root: str, options: dict, force: bool, on_slide=None, processes: int = 1) -> Result:
    """Build and write one post (options: scale, format, allow_overflow, zip_pngs) with up to `processes`
    processes; errors become a failed Result, never an exception."""
    from carrousel.build.cache import Cache
    from carrousel.build.pipeline import Project, build_post, write_built
    from carrousel.build.deck import forget_layouts

    try:
        project = _PROJECTS.get(root)
        if project is None:
            project = _PROJECTS[root] = Project.at(Path(root))
        if not Path(path).is_file():
            raise CarrouselError("no such post file", file=path)
        cache = Cache(project.root, enabled=not force)
        built = build_post(Path(path), project, cache=cache, on_slide=on_slide, processes=processes, **options)
        notes = [warning_line(built.post.slug, w) for w in built.warnings]
        folder = write_built(built, project, cache, notes)
        rel = os.path.relpath(folder, Path.cwd())
        slides = len(built.post.slides)
        what = "unchanged" if built.rendered == 0 else (
            "rendered" if built.rendered == slides else f"{built.rendered} rendered")
        line = f"✓ {built.post.slug}: {slides} slides ({what}) in {built.seconds:.2f}s → {rel}/"
        return Result(path, True, "\n".join([line, *notes]), built.post.slug, built.rendered)
    except CarrouselError as err:
        return Result(path, False, f"✗ {err.format()}")
    except Exception as err:  # noqa: BLE001 - one post's crash must not hide the others' results
        if os.environ.get("CARROUSEL_DEBUG"):
            raise
        return Result(path, False, f"✗ {path}: internal error: {type(err).__name__}: {err} "
                                   "(set CARROUSEL_DEBUG=1 for details, and please report it)")
    finally:
        forget_layouts()  # a batch never comes back to this post


def warning_line(slug: str, warning: dict) -> str:
    """How a slide warning (shrunk, overflow) is printed under its post's line."""
    where = f"slide {warning['slide']} ({warning['kind']}): " if warning["slide"] else ""
    return f"  ! {slug}: {where}{warning['message']}"


def _init_worker(events) -> None:
    from multiprocessing.util import Finalize

    from carrousel.build.deck import close_renderer

    global _EVENTS
    _EVENTS = events
    Finalize(None, close_renderer, exitpriority=1)  # a pool worker ends with os._exit: nothing else cleans up


def _worker(path: str, root: str, options: dict, force: bool, processes: int) -> Result:
    slug = Path(path).stem
    return build_one(path, root, options, force, on_slide=lambda n, total: _EVENTS.put((slug, n, total)),
                     processes=processes)


def build_many(paths: list[Path], root: Path, options: dict, force: bool, jobs: int, progress) -> list[Result]:
    """Build every path with at most `jobs` processes at a time: several posts at once in worker processes, or
    one post rasterized on several. Report to progress."""
    results = []
    if jobs <= 1 or len(paths) <= 1:
        for path in paths:
            slug = path.stem
            result = build_one(str(path), str(root), options, force,
                               on_slide=lambda n, total, slug=slug: progress.slide(slug, n, total),
                               processes=max(1, jobs))
            progress.line(result.line, error=not result.ok)
            results.append(result)
        return results
    # fork: workers start at once, without importing carrousel again.
    context = multiprocessing.get_context("fork")
    events = context.Queue()
    workers = min(jobs, len(paths))
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker,
                             initargs=(events,)) as pool:
        pending = {pool.submit(_worker, str(p), str(root), options, force, jobs // workers) for p in paths}
        while pending:
            done, pending = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
            _drain(events, progress)
            for future in done:
                result = future.result()
                progress.line(result.line, error=not result.ok)
                results.append(result)
    _drain(events, progress)
    return results


def _drain(events, progress) -> None:
    while True:
        try:
            slug, number, total = events.get_nowait()
        except (queues.Empty, OSError, ValueError):
            return
        progress.slide(slug, number, total)
