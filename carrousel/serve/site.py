"""The project as `serve` sees it: posts rendered by warm supervised workers, edited slides shown first.

An edit to one or two slides is shown before the rest of the build: the worker
lays out and rasterizes those slides alone (the same pixels as from the deck's
PDF) and sends their PNGs, which the hub serves to the open tabs; nothing is
written into the post's outputs until its whole new set is ready. Builds run
on up to two lanes (a worker each), so that a post that takes long (up to the
time limit) does not hold up the others. While the author is not editing, the
workers warm up (WeasyPrint imported, every post's slides laid out), so that
the first edit is as quick as the next ones. Outputs another build writes are
noticed, and the open tabs reload.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from carrousel import limits
from carrousel.build import jobs
from carrousel.build.cache import Cache
from carrousel.build.options import BuildOptions
from carrousel.build.pipeline import Outdated, write_built, write_index
from carrousel.build.project import Project
from carrousel.build.supervisor import Pool
from carrousel.errors import CarrouselError
from carrousel.load.files import POST_SUFFIXES, check_inside, slugify
from carrousel.outputs import write as outputs
from carrousel.paths import is_inside, shown

LANES = 2  # workers building side by side (one per core at most)
NOTICE_EVERY = 0.5  # seconds between looks at the manifests, for outputs written by another build


class Site:
    """Builds the project's posts for the preview server and tells the hub what changed."""

    def __init__(self, root: Path, hub, options: BuildOptions = BuildOptions()):
        self.root, self.hub = root, hub
        self.options = options
        self.cache = Cache(root)
        self.project = Project.at(root)
        cores = os.cpu_count() or 1
        # In-process (no limits asked, or no fork) there is one lane: WeasyPrint is not thread-safe.
        self.pool = Pool(min(LANES, cores) if limits.can_fork() else 1, workers=cores)
        self.cold: list[Path] | None = None  # posts whose slides no worker has laid out yet (None: not started)
        self._lanes_warm = 0
        self._threads = ThreadPoolExecutor(max_workers=len(self.pool.supervisors), thread_name_prefix="serve-build")
        self._lock = threading.Condition()
        self._running: set[Path] = set()  # posts being built
        self._again: set[Path] = set()  # posts saved again while being built
        self._written: dict[str, tuple[str, str]] = {}  # folder under output/ -> (slug, sha256 of its manifest)
        self._noticed = 0.0

    def reload_project(self) -> None:
        """Read the project's kinds and settings again (templates or carrousel.yaml may have changed)."""
        self.project = Project.at(self.root)

    def request(self, paths: list[Path]) -> None:
        """Build these posts on the lanes, without waiting; a post saved again while it builds is built again."""
        for path in paths:
            with self._lock:
                if path in self._running:
                    self._again.add(path)
                    continue
                self._running.add(path)
            self._threads.submit(self._build_until_current, path)

    def build_all(self, paths: list[Path]) -> None:
        """Build these posts and wait for them all."""
        self.request(paths)
        with self._lock:
            self._lock.wait_for(lambda: not self._running)

    def _build_until_current(self, path: Path) -> None:
        again = True
        while again:
            try:
                self.build(path)
            finally:
                with self._lock:
                    again = path in self._again
                    self._again.discard(path)
                    if not again:
                        self._running.discard(path)
                        self._lock.notify_all()

    def build(self, path: Path) -> bool:
        """Build one post and write it; on failure keep its last good outputs and report the error."""
        slug = slugify(path.stem)
        start = time.perf_counter()
        early = {}  # slide number -> when its new PNG reached the hub (perf_counter)

        def event(kind, *rest):
            if kind == "early":
                slug_, folder, pngs = rest
                self.hub.early(slug_, folder, pngs)
                early.update(dict.fromkeys(pngs, time.perf_counter()))

        try:
            check_inside(path, self.root)
            built = self.pool.run(jobs.render_edit, str(path), self.project, self.options, self.cache,
                                  self.pool.supervisors[0].workers, key=str(path), where=shown(path, self.root),
                                  on_event=event)
            folder = self.project.output / built.post.slug
            folder = folder / built.variant if built.variant else folder
            same_page = _holds(folder / "index.html", built.files["index.html"].encode("utf-8"))
            # What the tab shows is what is on disk: a slide whose PNG came from the cache may differ too.
            changed = [number for number in range(1, len(built.post.slides) + 1) if number not in early
                       and not _holds(folder / "png" / f"{number:02d}.png", built.files[f"png/{number:02d}.png"])]
            write_built(built, self.project, self.cache)
            self._written[str(folder.relative_to(self.project.output))] = (
                built.post.slug, outputs.manifest_digest(folder, built.files))
            write_index(self.project)
        except Outdated:
            self.request([path])  # saved again meanwhile: the newer version is built next
            return False
        except CarrouselError as err:
            self.hub.failed(slug, err.at(file=shown(path, self.root)))
            _say(f"✗ {err.format()}", sys.stderr)
            return False
        except Exception as err:  # noqa: BLE001 - the server keeps running; the tab shows what happened
            error = CarrouselError(f"internal error: {type(err).__name__}: {err}", file=str(path.name))
            self.hub.failed(slug, error)
            _say(f"✗ {error.format()}", sys.stderr)
            return False
        # The same preview page: the open tab swaps the changed slides' images; otherwise it reloads.
        self.hub.built(built.post.slug, changed if same_page else None)
        first = f"slide {', '.join(map(str, sorted(early)))} shown in {max(early.values()) - start:.2f}s, " \
            if early else ""
        _say(f"✓ {built.post.slug}: {first}{len(early) + built.rendered} of {len(built.post.slides)} slides "
             f"rendered in {time.perf_counter() - start:.2f}s")
        return True

    def notice(self) -> None:
        """Tell the tabs to reload a post whose outputs another build (a `carrousel build`) has replaced."""
        now = time.monotonic()
        if now - self._noticed < NOTICE_EVERY:
            return
        self._noticed = now
        with self._lock:
            if self._running:
                return
        for folder, (slug, digest) in list(self._written.items()):
            found = outputs.manifest_digest(self.project.output / folder)
            if found is not None and found != digest:
                self._written[folder] = (slug, found)
                _say(f"↻ {slug}: outputs written by another build")
                self.hub.built(slug, None)

    def warm_one(self) -> None:
        """Warm the workers a step: import WeasyPrint in each, then lay out one more post's slides."""
        with self._lock:
            if self._running:
                return  # builds first
        if self._lanes_warm < len(self.pool.supervisors):
            self.pool.run(jobs.warm, None, self.project, self.options, self.cache, key=Pool.lane(self._lanes_warm))
            self._lanes_warm += 1
            return
        if self.cold is None:
            self.cold = self.project.posts()
            return
        path = self.cold.pop(0)
        try:
            self.pool.run(jobs.warm, str(path), self.project, self.options, self.cache, key=str(path))
        except CarrouselError:
            pass  # warming is best effort: the post's own build reports its errors

    @property
    def warming(self) -> bool:
        """Whether the workers have more to warm."""
        return self.cold is None or bool(self.cold)

    def affected(self, changes) -> list[Path]:
        """The posts to rebuild for a set of changed paths: the posts themselves, or all when shared files changed."""
        posts = []
        everything = False
        for _, name in changes:
            path = Path(name)
            rel = path.relative_to(self.root) if is_inside(path, self.root, real=False) else path
            top = rel.parts[0] if rel.parts else ""
            if top == "content" and len(rel.parts) == 2 and path.suffix in POST_SUFFIXES:
                if path.is_file():
                    posts.append(path)
            elif not any(part.startswith(".") for part in rel.parts):
                everything = True  # a template, theme, asset or the config
        return self.everything() if everything else sorted(set(posts))

    def everything(self) -> list[Path]:
        """Every post, with the project's kinds and settings read again (shared files changed)."""
        self.reload_project()
        return self.project.posts()

    def close(self) -> None:
        """Stop the workers and the build threads."""
        self.pool.interrupt()
        self._threads.shutdown(wait=False, cancel_futures=True)
        self.pool.close()


def _say(line: str, stream=None) -> None:
    """Print one line in one write: builds on two lanes print at the same time."""
    stream = stream or sys.stdout
    stream.write(line + "\n")
    stream.flush()


def _holds(path: Path, data: bytes) -> bool:
    """Whether the file holds exactly data."""
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False
