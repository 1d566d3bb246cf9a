"""The job a render worker runs for one request, and its outputs as the zip the service answers.

The job reads only the request's temporary project (and the built-in
templates, themes and fonts), builds in memory without a cache (nothing is
shared between requests) and hands the files back; it writes nothing.
"""

from __future__ import annotations

import gc
import io
import tempfile
import time
import zipfile
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from carrousel.build.options import BuildOptions
from carrousel.service.errors import TooManySlides

_STORED = (".png", ".pdf", ".zip")  # compressed already
WARM_THEMES = 4  # built-in themes a new worker renders a post in before its first request (the renderer keeps 8)
# The parts of a post most requests go through: a cover, a list, code.
WARM_POST = """title: Warming up
theme: {theme}
slides:
  - kind: cover
    title: Warming **up**
  - kind: list
    title: Why
    items: [{{title: Fonts, text: Loaded once}}, {{title: Stylesheet, text: Parsed once}}]
  - kind: code
    title: How
    language: python
    code: |
      def ready(worker):
          return worker.warm
"""


@dataclass(frozen=True)
class Rendered:
    """What a render gives back to the service: the post's files and what to say about them."""

    slug: str
    folder: str  # the folder of the files in the zip: <slug>, or <slug>/<variant> as `carrousel build` writes
    files: dict  # relative path -> bytes or str, as under output/<slug>/
    slides: int
    warnings: tuple  # each a dict: slide, kind, level, code, message
    seconds: float
    pngs: int = 0  # PNGs rasterized and encoded for this request (none for the PDF alone)

    @property
    def pdf(self) -> bytes:
        """The carousel's PDF."""
        return self.files[f"{self.slug}.pdf"]


def render(root: str, post: str, options: BuildOptions, max_slides: int, pdf_only: bool = False) -> Rendered:
    """Build the post at root/post in memory (run in a worker: see carrousel/build/supervisor.py).

    pdf_only (the client takes the PDF alone), or a post whose exports need no PNG: nothing is rasterized."""
    from carrousel.build.supervisor import collect_after_result

    collect_after_result()
    return _render(root, post, options, max_slides, pdf_only)


def _render(root: str, post: str, options: BuildOptions, max_slides: int, pdf_only: bool) -> Rendered:
    from carrousel.build import exports
    from carrousel.build.pipeline import build_prepared, prepare
    from carrousel.build.project import Project
    from carrousel.layout import renderer
    from carrousel.limits import Executor

    start = time.perf_counter()
    try:
        project = Project.at(Path(root))
        prep = prepare(Path(root) / post, project, options)
        slides = prep.post.slides
        if len(slides) > max_slides:
            raise TooManySlides(f"{len(slides)} slides; this service renders at most {max_slides}", file=prep.shown,
                                line=slides[max_slides].line, hint="split the post, or render it with the CLI")
        if pdf_only or not exports.needs_pngs(exports.asked(options, prep.post)):
            prep = replace(prep, exports=("pdf",))  # the CLI always makes PNGs (its preview shows them)
        built = build_prepared(prep, project, options, executor=Executor(1), start=start)
    finally:
        renderer.forget()  # no laid-out slide is kept for the next request
    folder = built.post.slug + (f"/{built.variant}" if built.variant else "")
    return Rendered(built.post.slug, folder, built.files, len(slides), tuple(asdict(w) for w in built.warnings),
                    time.perf_counter() - start, built.deck.rasterized)


def warm() -> int:
    """Get a worker ready (run once per new worker): WeasyPrint imported, and a small post rendered in each
    built-in theme, so that no request pays for parsing a theme's stylesheet and loading its fonts (~0.3 s each).
    Returns how many themes were warmed.

    What the warm-up leaves (modules, stylesheets, fonts) lasts as long as the worker: it is frozen out of the
    garbage collector's way, which would otherwise go over it again after every render."""
    from carrousel.layers import Layers
    from carrousel.layout import renderer
    from carrousel.theme.themes import available

    renderer.current()
    with tempfile.TemporaryDirectory(prefix="carrousel-warm-") as root:  # in the service's own temp folder
        themes = list(available(Layers(Path(root))))[:WARM_THEMES]
        (Path(root) / "content").mkdir()
        for theme in themes:
            (Path(root) / "content" / f"{theme}.yaml").write_text(WARM_POST.format(theme=theme), encoding="utf-8")
            _render(root, f"content/{theme}.yaml", BuildOptions(), 10, False)
    gc.collect()
    gc.freeze()
    return len(themes)


def archive(rendered: Rendered) -> bytes:
    """The outputs as a zip under <slug>/ (or <slug>/<variant>/), with fixed dates: same files, same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for name in sorted(rendered.files):
            data = rendered.files[name]
            info = zipfile.ZipInfo(f"{rendered.folder}/{name}", date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_STORED if name.endswith(_STORED) else zipfile.ZIP_DEFLATED
            out.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)
    return buffer.getvalue()

