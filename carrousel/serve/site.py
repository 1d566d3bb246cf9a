"""The project as `serve` sees it: posts built in this process (a warm renderer), edited slides shown first.

An edit to one or two slides is shown before the rest of the build: those
slides alone are laid out and rasterized from a PDF of just their pages (the
same pixels as from the deck's PDF), their PNGs written and the tabs told; then
the deck is built as usual, finding those PNGs in the cache. While the author
is not editing, the renderer warms up (WeasyPrint imported, every post's
slides laid out), so that the first edit is as quick as the next ones.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

from carrousel.build import deck
from carrousel.build.cache import Cache
from carrousel.build.options import BuildOptions
from carrousel.build.pipeline import build_prepared, prepare, write_built, write_index
from carrousel.build.project import Project
from carrousel.errors import CarrouselError
from carrousel.layout import renderer
from carrousel.limits import Executor
from carrousel.load.files import POST_SUFFIXES, check_inside, slugify
from carrousel.outputs import write as outputs
from carrousel.paths import is_inside

EARLY_SLIDES = 2  # edited slides shown before the deck's PDF is written (more: a template edit, build it all)


class Site:
    """Builds the project's posts for the preview server and tells the hub what changed."""

    def __init__(self, root: Path, hub, options: BuildOptions = BuildOptions()):
        self.root, self.hub = root, hub
        self.options = options
        self.executor = Executor(os.cpu_count() or 1)
        self.cache = Cache(root)
        self.project = Project.at(root)
        self.cold: list[Path] = []  # posts whose slides the renderer has not laid out yet

    def reload_project(self) -> None:
        """Read the project's kinds and settings again (templates or carrousel.yaml may have changed)."""
        self.project = Project.at(self.root)

    def build(self, path: Path) -> bool:
        """Build one post; on failure keep its last good outputs and report the error."""
        slug = slugify(path.stem)
        start = time.perf_counter()
        shown = {}  # slide number -> when its new PNG was written and the tabs told (perf_counter)
        gc.disable()  # a full collection over the kept layouts would land in the middle of an edit's latency
        try:
            check_inside(path, self.root)
            prep = prepare(path.resolve(), self.project, self.options)
            shown = self.show_early(prep)
            built = build_prepared(prep, self.project, self.options, self.cache, self.executor, start=start)
            folder = self.project.output / built.post.slug
            same_page = _holds(folder / "index.html", built.files["index.html"].encode("utf-8"))
            # What the tab shows is what is on disk: a slide whose PNG came from the cache may differ too.
            changed = [number for number in range(1, len(built.post.slides) + 1) if number not in shown
                       and not _holds(folder / "png" / f"{number:02d}.png", built.files[f"png/{number:02d}.png"])]
            write_built(built, self.project, self.cache)
            write_index(self.project)
        except CarrouselError as err:
            self.hub.failed(slug, err.at(file=str(path.relative_to(self.root))))
            print(f"✗ {err.format()}", file=sys.stderr, flush=True)
            return False
        except Exception as err:  # noqa: BLE001 - the server keeps running; the tab shows what happened
            error = CarrouselError(f"internal error: {type(err).__name__}: {err}", file=str(path.name))
            self.hub.failed(slug, error)
            print(f"✗ {error.format()}", file=sys.stderr, flush=True)
            return False
        finally:
            gc.enable()
        # The same preview page: the open tab swaps the changed slides' images; otherwise it reloads.
        self.hub.built(built.post.slug, changed if same_page else None)
        first = f"slide {', '.join(map(str, sorted(shown)))} shown in {max(shown.values()) - start:.2f}s, " \
            if shown else ""
        print(f"✓ {built.post.slug}: {first}{len(shown) + built.rendered} of {len(built.post.slides)} slides "
              f"rendered in {time.perf_counter() - start:.2f}s", flush=True)
        gc.collect()  # now, while the author reads the slide
        return True

    def show_early(self, prep) -> dict:
        """Lay out and rasterize the post's edited slides alone, write their PNGs and tell the tabs: {number: when}.

        Nothing when the post was never built (the whole build comes first) or more slides changed."""
        missing = [i for i, key in enumerate(prep.png_keys)
                   if self.cache.get(key, ".png") is None or self.cache.get(prep.slide_keys[i], ".slide.json") is None]
        folder = self.project.output / prep.post.slug
        if not 0 < len(missing) <= EARLY_SLIDES or not (folder / "post.json").is_file():
            return {}
        laid = deck.lay_out(_only(prep, missing), self.cache)
        pngs = deck.pngs_of([document for document, _ in laid], prep.width, prep.shown)
        try:
            with outputs.locked(self.project.output):
                outputs.check_target(self.project.output, prep.post.slug, prep.shown)
                for i, data in zip(missing, pngs):
                    self.cache.put(prep.png_keys[i], ".png", data)
                    outputs.write_atomic(folder / "png" / f"{i + 1:02d}.png", data)
        except CarrouselError:
            return {}  # another post's folder: the full build reports it
        numbers = [i + 1 for i in missing]
        self.hub.slides(prep.post.slug, numbers)
        return dict.fromkeys(numbers, time.perf_counter())

    def warm_one(self) -> None:
        """Warm the renderer a step: import WeasyPrint first, then lay out one more post's slides."""
        if not renderer.is_warm():
            renderer.current()
            self.cold = self.project.posts()
            return
        path = self.cold.pop(0)
        try:
            deck.lay_out(prepare(path, self.project, self.options), self.cache)
        except Exception:  # noqa: BLE001 - warming is best effort: the post's own build reports its errors
            pass

    @property
    def warming(self) -> bool:
        """Whether the renderer has more to warm."""
        return not renderer.is_warm() or bool(self.cold)

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


def _only(prep, indexes: list[int]):
    """The prepared post reduced to some of its slides (their documents and keys), to lay them out alone."""
    post = replace(prep.post, slides=tuple(prep.post.slides[i] for i in indexes))
    return replace(prep, post=post, documents=tuple(prep.documents[i] for i in indexes),
                   slide_keys=tuple(prep.slide_keys[i] for i in indexes),
                   png_keys=tuple(prep.png_keys[i] for i in indexes))


def _holds(path: Path, data: bytes) -> bool:
    """Whether the file holds exactly data."""
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False
