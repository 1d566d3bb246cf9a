"""Build several posts: each rendered by a supervised worker process (supervisor.py), written by this one.

With --jobs N and several posts, N workers render side by side (PDFium and
Pango are not thread-safe: one post per process); with one post, its worker
may use N processes itself (rasterizing beside layout). Workers stay warm from
one post to the next.
"""

from __future__ import annotations

import os
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from pathlib import Path

from carrousel.build.options import BuildOptions
from carrousel.errors import CarrouselError

RETRIES = 2  # builds of a post that changed while it was built, before giving up


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
    cache_problem: str | None = None  # why the build cache could not be written


_PROJECTS: dict = {}


def forget_projects() -> None:
    """Forget the projects read so far (their kinds and carrousel.yaml): the next build reads them again."""
    _PROJECTS.clear()


def _project(root: str):
    from carrousel.build.project import Project

    project = _PROJECTS.get(root)
    if project is None:
        project = _PROJECTS[root] = Project.at(Path(root))
    return project


def build_one(path: str, root: str, options: BuildOptions, force: bool, run, on_slide=None, workers: int = 1) -> Result:
    """Build one post in a worker and write it; errors become a failed Result, never an exception.

    run(function, *args, where=, on_event=) runs a job in a worker (Supervisor.run, Pool.run). A post that
    changed while it was built is built again (the newest version is the one written)."""
    from carrousel.build import jobs
    from carrousel.build.cache import Cache
    from carrousel.build.pipeline import Outdated, write_built
    from carrousel.paths import shown

    cache = Cache(Path(root), enabled=not force)
    built = None
    events = (lambda kind, *rest: on_slide(*rest) if kind == "slide" else None) if on_slide else None
    try:
        project = _project(root)
        where = shown(path, project.root)
        for attempt in range(RETRIES + 1):
            built = run(jobs.render, path, project, options, cache, workers, where=where, on_event=events)
            notes = [w.line(built.post.slug) for w in built.warnings]
            try:
                folder = write_built(built, project, cache, notes)
                break
            except Outdated:
                if attempt == RETRIES:
                    raise
        rel = os.path.relpath(folder, Path.cwd())
        slides = len(built.post.slides)
        what = "unchanged" if built.rendered == 0 else (
            "rendered" if built.rendered == slides else f"{built.rendered} rendered")
        if built.encoded:  # exports encoded now, each with its time (the others came from the cache)
            what += "; encoded " + ", ".join(f"{name} {seconds:.1f}s" for name, seconds in built.encoded)
        line = f"✓ {built.post.slug}: {slides} slides ({what}) in {built.seconds:.2f}s → {rel}/"
        return Result(path, True, "\n".join([line, *notes]), built.post.slug, built.rendered, "built", slides,
                      built.seconds, str(folder), [asdict(w) for w in built.warnings],
                      cache_problem=built.cache_problem or cache.problem)
    except CarrouselError as err:
        return Result(path, False, f"✗ {err.format()}", errors=[asdict(err)],
                      cache_problem=(built and built.cache_problem) or cache.problem)
    except Exception as err:  # one post's crash must not hide the others' results
        if os.environ.get("CARROUSEL_DEBUG"):
            raise
        error = CarrouselError(f"internal error: {type(err).__name__}: {err}", file=path,
                               hint="set CARROUSEL_DEBUG=1 for details, and please report it")
        return Result(path, False, f"✗ {error.format()}", errors=[asdict(error)])


def build_many(paths: list[Path], root: Path, options: BuildOptions, force: bool, jobs: int, progress) -> list[Result]:
    """Build every path with at most `jobs` processes at a time: several posts at once in workers, or one post
    rasterized on several. Report to progress; print once that the cache could not be written, if so."""
    from carrousel import limits
    from carrousel.build.supervisor import Pool

    # In-process (no limits asked, or no fork) posts are built one at a time: WeasyPrint is not thread-safe.
    size = 1 if jobs <= 1 or len(paths) <= 1 or not limits.can_fork() else min(jobs, len(paths))
    results = []
    with Pool(size, workers=max(1, jobs // size)) as pool:
        def one(path: Path) -> Result:
            slug = path.stem
            return build_one(str(path), str(root), options, force, pool.run,
                             on_slide=lambda n, total: progress.slide(slug, n, total), workers=max(1, jobs // size))

        if size == 1:
            for path in paths:
                results.append(one(path))
                progress.line(results[-1].line, error=not results[-1].ok)
        else:
            with ThreadPoolExecutor(max_workers=size, thread_name_prefix="carrousel-build") as threads:
                pending = {threads.submit(one, path) for path in paths}
                try:
                    while pending:
                        done, pending = wait(pending, return_when=FIRST_COMPLETED)
                        for future in done:
                            results.append(future.result())
                            progress.line(results[-1].line, error=not results[-1].ok)
                except BaseException:  # Ctrl-C: stop the workers so that the threads waiting on them return
                    for future in pending:
                        future.cancel()
                    pool.interrupt()
                    raise
    problem = next((r.cache_problem for r in results if r.cache_problem), None)
    if problem:
        progress.warn(f"! {problem}")
    return results
