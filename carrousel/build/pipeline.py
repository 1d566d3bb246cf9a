"""One post from file to outputs: load → theme → HTML → PDF → PNG → preview → write."""

from __future__ import annotations

import json
import os
import re
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import unquote, urlparse

from markupsafe import Markup

from carrousel.checks import alt

from carrousel.theme import brand

from carrousel.load import post as content

from carrousel.layout import renderer as engine

from carrousel.outputs import files as extras

from carrousel.layout import fit

from carrousel.checks import glyphs

from carrousel.html import document as html

from carrousel.outputs import write as outputs

from carrousel.outputs import preview

from carrousel.build import deck as render

from carrousel.load import settings

from carrousel import limits as worker
from carrousel.errors import CarrouselError
from carrousel.load.kinds import load_kinds
from carrousel.theme.themes import load_theme


@dataclass
class Project:
    """Where a project's folders are, and what it declares (kinds)."""

    root: Path
    kinds: dict = field(default_factory=dict)
    settings: dict = field(default_factory=dict)  # carrousel.yaml: defaults for every post

    @classmethod
    def at(cls, root: Path) -> "Project":
        """The project rooted at root, with its slide kinds loaded."""
        root = root.resolve()
        if not (root / "templates" / "base.html").is_file():
            raise CarrouselError("no carrousel project here (templates/base.html is missing)", file=str(root.name),
                                 hint="run from the folder that holds content/, templates/ and themes/")
        return cls(root, load_kinds(root / "templates"), settings.load(root))

    @property
    def output(self) -> Path:
        return self.root / "output"

    def posts(self) -> list[Path]:
        """Every post under content/."""
        return content.find_posts(self.root / "content")


@dataclass
class Built:
    """The in-memory result of building one post, before anything is written."""

    post: content.Post
    files: dict  # relative path -> bytes or str
    seconds: float = 0.0
    warnings: list = field(default_factory=list)  # {slide, kind, level, code, message}
    fitted: object = None  # fit.FitResult: each slide's scale (its document is None when all came from the cache)
    changed: tuple = ()  # numbers of the slides laid out and rasterized (none: everything came from the cache)
    inputs: tuple = ()  # (key of every input file, project files read besides post/templates/themes)
    theme: object = None  # the resolved Theme (fonts, floor) the post was built with

    @property
    def rendered(self) -> int:
        """How many slides were rendered."""
        return len(self.changed)


def allowed_roots(project: Project) -> list[Path]:
    """Folders the renderer may read: the project and the font cache."""
    from carrousel.theme.fonts import cache_dir

    return [project.root, cache_dir()]


SLIDE_MARK = '<div class="pg"><section class="slide'
_FILE_URL = re.compile(r"file://[^\s\"'()<>]+")


@dataclass
class Prepared:
    """A post turned into one HTML document per slide, with the cache keys of its slides and PDF."""

    post: content.Post
    theme: object
    shown: str
    css: str
    floor: float  # the theme's smallest text size, for auto-fit
    texts: list  # each slide's text and images (alt.json, caption)
    documents: list  # one HTML document per slide
    slide_keys: list
    png_keys: list
    pdf_key: str
    extra: list  # project files the HTML reads (images), relative to the project


def split_slides(document: str, count: int, where: str) -> list[str]:
    """One HTML document per slide: the head, that slide's page block, the tail."""
    head, *parts = document.split(SLIDE_MARK)
    if len(parts) != count:
        raise CarrouselError(f"found {len(parts)} slide blocks for {count} slides", file=where,
                             hint='templates/base.html must wrap each slide as <div class="pg"><section class="slide …')
    cut = parts[-1].rfind("</body>")
    tail, parts[-1] = parts[-1][cut:], parts[-1][:cut]
    return [head + SLIDE_MARK + part + tail for part in parts]


def prepare(path: Path, project: Project, scale: float = 1, format: str | None = None) -> Prepared:
    """Load, theme and render a post to per-slide HTML; compute what identifies each rendered slide."""
    from carrousel.build import cache

    post = content.load_post(path.absolute(), project.root, project.kinds, project.settings)
    path = path.resolve()
    if format:
        post = replace(post, format=format)
    shown = str(path.relative_to(project.root)) if project.root in path.parents else path.name
    try:
        theme = brand.apply(load_theme(post.theme, project.root), post.brand)
        alt.check_fields(post, project.kinds)
    except CarrouselError as err:
        raise err.at(file=shown)
    css = html.stylesheet(theme, project.root)
    try:
        document = html.render_html(post, theme, project.kinds, project.root, css="")
    except CarrouselError as err:
        raise err.at(file=shown)
    texts = alt.slide_texts(document)
    alt.check_images(texts, post, shown)
    glyphs.check(glyphs.missing(texts, theme.fonts.values()), post, theme.fonts.values(), shown)
    documents = split_slides(document, len(post.slides), shown)
    # Files the renderer will read that live in the project (fonts and emoji are versioned packages).
    extra, file_parts = set(), []
    for url in sorted(set(_FILE_URL.findall(css + document))):
        file = Path(unquote(urlparse(url).path))
        if project.root in file.parents:
            extra.add(str(file.relative_to(project.root)))
            file_parts += [url, cache.file_hash(file)]
    common = cache.digest(cache.engine_key(), path.parent.as_uri(), css, repr(theme.min_text_px), *file_parts)
    slide_keys = [cache.digest(common, doc) for doc in documents]
    png_keys = [cache.digest(key, repr(float(scale)), repr(engine.PNG_OPTIONS)) for key in slide_keys]
    return Prepared(post, theme, shown, css, theme.min_text_px, texts, documents, slide_keys, png_keys,
                    cache.digest(*slide_keys), sorted(extra))


def build_post(path: Path, project: Project, scale: float = 1, format: str | None = None,
               allow_overflow: bool = False, zip_pngs: bool = False, cache=None, on_slide=None,
               processes: int = 1, on_pngs=None) -> Built:
    """Build one post in memory: PDF, PNGs, preview page and a summary; render only what the cache lacks.

    `format` (from --format) wins over the post's and the project's. Slides
    that overflow are shrunk to fit, down to the theme's text floor; one that
    still does not fit fails the build unless allow_overflow. Each slide is laid
    out (and fitted) on its own; the PDF is written from all of them at once.
    With `processes` > 1, children prepare the post (in a fresh process) and
    rasterize slides while this process lays out the rest. `on_pngs` (serve)
    gets the PNGs of a few re-rendered slides (slug, {number: bytes}) before
    the deck's PDF is written.
    """
    from carrousel.build.cache import Cache, options_key

    start = time.perf_counter()
    content.check_inside(path, project.root)  # before resolving: a post linked from outside is refused
    path = path.resolve()
    cache = cache or Cache(project.root, enabled=False, store=False)
    if processes >= 2 and not render.warm() and not os.environ.get("CARROUSEL_DEBUG"):
        # A fresh process: a child reads and renders the post to HTML while this one imports WeasyPrint.
        child = worker.start(prepare, path, project, scale, format)
        render.renderer()
        prep = child.result(where=path.name)
    else:
        prep = prepare(path, project, scale, format)
    # Taken before rendering: an edit made meanwhile is not hidden behind this build's record.
    options = options_key(scale, format, allow_overflow, zip_pngs)
    inputs = (cache.input_key(path, options, prep.extra), prep.extra)
    post, count = prep.post, len(prep.documents)
    pdf_bytes = cache.get(prep.pdf_key, ".pdf")
    pngs = [cache.get(key, ".png") for key in prep.png_keys]
    fits = [engine.fit_from_json(cache.get(key, ".fit.json")) for key in prep.slide_keys]
    missing = [i for i, data in enumerate(pngs) if data is None or fits[i] is None]
    width = round(html.page_size(post.format)["width"] * scale)
    document, sheet_png = None, None
    if pdf_bytes is None or missing:
        document, pdf_bytes, sheet_png, warnings = render.render(prep, allowed_roots(project), path.parent, cache,
                                                                 fits, pngs, missing, width, processes, on_slide,
                                                                 on_pngs, allow_overflow)
    else:  # raises for a slide that does not fit, as _render does before writing any PDF
        warnings = fit.report(fit.FitResult(None, fits), post, prep.floor, prep.shown, allow_overflow)
    fitted = fit.FitResult(document, fits)
    files: dict = {f"{post.slug}.pdf": pdf_bytes}
    slides = []
    for number, data in enumerate(pngs, 1):
        name = f"png/{number:02d}.png"
        files[name] = data
        slides.append({"number": number, "png": name, "kind": post.slides[number - 1].kind,
                       "warnings": [w for w in warnings if w["slide"] == number]})
    files.update(extras.files(post, pdf_bytes, slides, prep.texts, warnings, zip_pngs,
                              {s["png"]: files[s["png"]] for s in slides}, sheet_png))
    title = Markup(html.markup.convert("inline", post.title)).striptags()
    files["index.html"] = preview.post_page(project.root, title, post.slug, post.lang, slides, f"{post.slug}.pdf")
    files["post.json"] = json.dumps({"title": title, "slug": post.slug, "slides": count,
                                     "source": prep.shown, "cover": slides[0]["png"] if slides else None,
                                     "warnings": warnings},
                                    ensure_ascii=False, indent=1)
    changed = tuple(i + 1 for i in missing)
    return Built(post, files, time.perf_counter() - start, warnings, fitted, changed=changed, inputs=inputs,
                 theme=prep.theme)


def write_built(built: Built, project: Project, cache=None, notes=()) -> Path:
    """Write a built post under output/<slug>/ (and tell the cache, so that an unchanged post is skipped next time,
    with the notes to print then)."""
    source = json.loads(built.files["post.json"])["source"]
    try:
        with outputs.locked(project.output):
            folder = outputs.check_target(project.output, built.post.slug, source)
            outputs.write_tree(folder, built.files)
    except CarrouselError as err:
        raise err.at(file=source)
    if cache is not None and built.inputs:
        cache.record(built.post.path, *built.inputs, folder, built.files, notes)
    return folder


def write_index(project: Project) -> Path:
    """Write output/index.html listing every post built so far."""
    posts = []
    for summary in sorted(project.output.glob("*/post.json")):
        try:
            posts.append(json.loads(summary.read_text(encoding="utf-8")))
        except ValueError:
            continue
    target = project.output / "index.html"
    with outputs.locked(project.output):
        outputs.write_atomic(target, preview.index_page(project.root, posts))
    return target
