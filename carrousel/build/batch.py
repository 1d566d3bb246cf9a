"""Build several posts, in worker processes when there are several (PDFium and Pango are not thread-safe)."""

from __future__ import annotations

import multiprocessing
import os
import queue as queues
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from pathlib import Path

from carrousel.build.options import BuildOptions
from carrousel.errors import CarrouselError


@dataclass
class Result:
    """What building one post gave, as the command prints it (and --report writes it)."""

    path: str
    ok: bool
    line: str
    slug: str = ""
    rendered: int = 0
    status: str = "failed"  # built, unchanged or failed
    slides: int = 0
    seconds: float = 0.0
    folder: str = ""  # where its outputs are
    warnings: list = field(default_factory=list)  # SlideWarning fields
    errors: list = field(default_factory=list)  # CarrouselError fields: file, line, slide, kind, field, message, hint


_PROJECTS: dict = {}
_EVENTS = None  # the queue a worker reports slides on


def build_one(path: str, root: str, options: BuildOptions, force: bool, on_slide=None, workers: int = 1) -> Result:
    """Build and write one post with up to `workers` processes; errors become a failed Result, never an
    exception."""
    from carrousel.build.cache import Cache
    from carrousel.build.pipeline import build_post, write_built
    from carrousel.build.project import Project
    from carrousel.layout import renderer
    from carrousel.limits import Executor

    try:
        project = _PROJECTS.get(root)
        if project is None:
            project = _PROJECTS[root] = Project.at(Path(root))
        if not Path(path).is_file():
            raise CarrouselError("no such post file", file=path)
        cache = Cache(project.root, enabled=not force)
        built = build_post(Path(path), project, options, cache, Executor(workers), on_slide)
        notes = [w.line(built.post.slug) for w in built.warnings]
        folder = write_built(built, project, cache, notes)
        rel = os.path.relpath(folder, Path.cwd())
        slides = len(built.post.slides)
        what = "unchanged" if built.rendered == 0 else (
            "rendered" if built.rendered == slides else f"{built.rendered} rendered")
        if built.encoded:  # exports encoded now, each with its time (the others came from the cache)
            what += "; encoded " + ", ".join(f"{name} {seconds:.1f}s" for name, seconds in built.encoded)
        line = f"✓ {built.post.slug}: {slides} slides ({what}) in {built.seconds:.2f}s → {rel}/"
        return Result(path, True, "\n".join([line, *notes]), built.post.slug, built.rendered, "built", slides,
                      built.seconds, str(folder), [asdict(w) for w in built.warnings])
    except CarrouselError as err:
        return Result(path, False, f"✗ {err.format()}", errors=[asdict(err)])
    except Exception as err:  # noqa: BLE001 - one post's crash must not hide the others' results
        if os.environ.get("CARROUSEL_DEBUG"):
            raise
        error = CarrouselError(f"internal error: {type(err).__name__}: {err}", file=path,
                               hint="set CARROUSEL_DEBUG=1 for details, and please report it")
        return Result(path, False, f"✗ {error.format()}", errors=[asdict(error)])
    finally:
        renderer.forget()  # a batch never comes back to this post


def _init_worker(events) -> None:
    from multiprocessing.util import Finalize

    from carrousel.layout import renderer

    global _EVENTS
    _EVENTS = events
    Finalize(None, renderer.close, exitpriority=1)  # a pool worker ends with os._exit: nothing else cleans up


def _worker(path: str, root: str, options: BuildOptions, force: bool, workers: int) -> Result:
    slug = Path(path).stem
    return build_one(path, root, options, force, on_slide=lambda n, total: _EVENTS.put((slug, n, total)),
                     workers=workers)


def build_many(paths: list[Path], root: Path, options: BuildOptions, force: bool, jobs: int, progress) -> list[Result]:
    """Build every path with at most `jobs` processes at a time: several posts at once in worker processes, or
    one post rasterized on several. Report to progress."""
    results = []
    if jobs <= 1 or len(paths) <= 1:
        for path in paths:
            slug = path.stem
            result = build_one(str(path), str(root), options, force,
                               on_slide=lambda n, total, slug=slug: progress.slide(slug, n, total),
                               workers=max(1, jobs))
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
