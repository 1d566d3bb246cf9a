"""One post from file to outputs: load → theme → HTML → layout → PDF → PNG → outputs → write.

Each stage is a function from value to value: `prepare` gives a Prepared post
(per-slide HTML and cache keys), `deck.render` a Deck (PDF, PNGs, each slide's
fit and contrast), `outputs.files.post_files` the files of the post, and
`write_built` puts them on disk. Options travel as one frozen BuildOptions;
how processes are used is an Executor handed in.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import unquote, urlparse

from carrousel.build import deck, exports, split
from carrousel.build.cache import Cache, digest, engine_key, file_hash
from carrousel.build.options import BuildOptions, variant
from carrousel.build.project import Project
from carrousel.checks import alt, glyphs, safezones
from carrousel.errors import CarrouselError, gather
from carrousel.html import document as html
from carrousel.html import icons, marks
from carrousel.layout import renderer
from carrousel.limits import Executor, mark
from carrousel.load.files import check_inside
from carrousel.load.post import Post, load_post
from carrousel.load.settings import format_name
from carrousel.outputs import write as outputs
from carrousel.outputs.files import post_files
from carrousel.outputs.preview import index_page
from carrousel.paths import is_inside
from carrousel.paths import shown as shown_path
from carrousel.png.rasterize import PNG_OPTIONS
from carrousel.theme.brand import apply as apply_brand
from carrousel.theme.modes import with_mode
from carrousel.theme.themes import load_theme

_FILE_URL = re.compile(r"file://[^\s\"'()<>]+")


@dataclass(frozen=True)
class Prepared:
    """A post turned into one HTML document per slide, with the cache keys of its slides and PDF."""

    post: Post
    theme: object
    shown: str  # the post's file as messages show it
    base: Path  # the folder the post's relative references start from
    readable: tuple  # folders the renderer may read
    css: str
    texts: tuple  # each slide's text and images (alt.json, caption)
    documents: tuple  # one HTML document per slide
    slide_keys: tuple
    png_keys: tuple
    pdf_key: str
    extra: tuple  # project files the HTML reads (images), relative to the project
    width: int  # PNG width in px
    variant: str = ""  # '' for the post's own format and theme; else its folder under output/<slug>/
    exports: tuple = ("pdf", "png")  # what the build writes (see build/exports.py)
    problems: tuple = ()  # errors found so far, reported with the fit errors after layout (lenient prepare only)

    @property
    def floor(self) -> float:
        """The theme's smallest text size, for auto-fit."""
        return self.theme.min_text_px


@dataclass(frozen=True)
class Built:
    """The in-memory result of building one post, before anything is written."""

    post: Post
    source: str  # the post's file, relative to the project
    variant: str  # '' for the post's own format and theme; else its folder under output/<slug>/
    files: dict  # relative path -> bytes or str
    deck: deck.Deck
    warnings: tuple  # SlideWarning
    theme: object  # the resolved Theme (fonts, floor) the post was built with
    inputs: tuple = ()  # (options key, key of every input file, project files read besides post/templates/themes)
    seconds: float = 0.0
    encoded: tuple = ()  # (export, seconds) of the exports encoded by this build (the others came from the cache)
    cache_problem: str | None = None  # why the cache could not be written (the build went on without it)

    @property
    def rendered(self) -> int:
        """How many slides were laid out and rasterized (0: everything came from the cache)."""
        return len(self.deck.rendered)


def prepare(path: Path, project: Project, options: BuildOptions = BuildOptions(), lenient: bool = False) -> Prepared:
    """Load, theme and render a post to per-slide HTML; compute what identifies each rendered slide.

    `lenient`: slides with errors (fields, icons) are left out and their errors kept in `problems` with those of
    missing glyphs, so that the build lays out the rest and reports every error of the post in one run.
    """
    mark("reading the post")
    post = load_post(path.absolute(), project.root, project.kinds, project.settings, lenient=lenient)
    path = path.resolve()
    built_format = format_name(options.format) or post.format
    built_as = variant(post.format, post.theme, built_format, options.theme or post.theme, post.mode,
                       options.mode or post.mode)
    post = replace(post, format=built_format, theme=options.theme or post.theme, mode=options.mode or post.mode)
    shown = str(path.relative_to(project.root)) if is_inside(path, project.root) else path.name
    problems = list(post.problems)
    try:
        chosen = exports.chosen(options, post)
        mark("applying the theme, templates and Markdown")
        theme = apply_brand(with_mode(load_theme(post.theme, project.layers), post.mode), post.brand)
        alt.check_fields(post, project.kinds)
        css = html.stylesheet(theme, project.layers)
        if lenient:
            post, unknown = _without_unknown_icons(post)
            problems += unknown
        post = split.expand(post, lambda one: _fit_of(one, theme, css, project, path, shown))
        document = html.to_html(post, theme, project.kinds, project.layers, css="")
    except CarrouselError as err:
        raise gather(problems + [err.at(file=shown)]).at(file=shown) from None
    texts = alt.slide_texts(document)
    alt.check_images(texts, post, shown)
    gaps = glyphs.missing(texts, theme.fonts.values())
    if gaps and lenient:  # the slides that need a glyph no font has are left out (a .notdef fails their layout)
        problems.append(_glyph_error(gaps, post, theme, shown))
        left_out = {gap["slide"] for gap in gaps}  # counted as rendered, from 1
        post = replace(post, slides=tuple(s for i, s in enumerate(post.slides, 1) if i not in left_out))
        if not post.slides:
            raise gather(problems)
        document = html.to_html(post, theme, project.kinds, project.layers, css="")
        texts = alt.slide_texts(document)
    else:
        glyphs.check(gaps, post, theme.fonts.values(), shown)
    for problem in problems:
        problem.at(file=shown)
    documents = marks.split(document, len(post.slides), shown)
    # Files the renderer will read that live in the project (fonts and emoji are versioned packages).
    extra, file_parts = set(), []
    for url in sorted(set(_FILE_URL.findall(css + document))):
        file = Path(unquote(urlparse(url).path))
        if is_inside(file, project.root, real=False):
            extra.add(str(file.relative_to(project.root)))
            file_parts += [url, file_hash(file)]
    common = digest(engine_key(), path.parent.as_uri(), css, repr(theme.min_text_px), *file_parts)
    slide_keys = tuple(digest(common, doc) for doc in documents)
    png_keys = tuple(digest(key, repr(float(options.scale)), repr(PNG_OPTIONS)) for key in slide_keys)
    width = round(html.page_size(post.format)["width"] * options.scale)
    return Prepared(post, theme, shown, path.parent, tuple(project.readable()), css, tuple(texts), tuple(documents),
                    slide_keys, png_keys, digest(*slide_keys), tuple(sorted(extra)), width, built_as, chosen, tuple(problems))


def _without_unknown_icons(post: Post) -> tuple[Post, list]:
    """The post without the slides that name an unknown icon, and those errors (one of the post's own fields is
    raised at once: no slide can be left out for it)."""
    errors = icons.check_post(post)
    if any(error.slide is None for error in errors):
        raise gather(errors)
    bad = {error.slide for error in errors}
    kept = tuple(slide for slide in post.slides if slide.number not in bad)
    if not kept:
        raise gather(errors)
    return replace(post, slides=kept), errors


def _glyph_error(gaps: list, post: Post, theme, shown: str) -> CarrouselError:
    """The missing-glyph error, at the slide's number and the field's line (its slides are counted as rendered)."""
    try:
        glyphs.check(gaps, post, theme.fonts.values(), shown)
    except glyphs.MissingGlyphs as err:
        slide = post.slides[err.slide - 1] if err.slide and err.slide <= len(post.slides) else None
        if slide is not None:
            err.slide, err.line = slide.number, slide.lines.get(err.field) or err.line
        return err
    raise AssertionError("glyphs.check raises for any gap")


def _fit_of(one: Post, theme, css: str, project: Project, path: Path, shown: str):
    """A post of one slide laid out and fitted: its SlideFit (how split.expand measures a block)."""
    document = marks.split(html.to_html(one, theme, project.kinds, project.layers, css=""), 1, shown)[0]
    key = digest(engine_key(), path.parent.as_uri(), css, repr(theme.min_text_px), document)
    return renderer.current().layout(key, document, css, path.parent, tuple(project.readable()), shown,
                                     theme.min_text_px)[1]


def build_post(path: Path, project: Project, options: BuildOptions = BuildOptions(), cache: Cache | None = None,
               executor: Executor = Executor(), on_slide=None) -> Built:
    """Build one post in memory: PDF, PNGs, preview page and the rest; render only what the cache lacks.

    Slides that overflow are shrunk to fit, down to the theme's text floor; one
    that still does not fit fails the build unless options.allow_overflow.
    With two workers or more, a child prepares the post while this process
    imports WeasyPrint (a cold start), and the deck spreads PNGs over processes.
    """
    start = time.perf_counter()
    check_inside(path, project.root)  # before resolving: a post linked from outside is refused
    path = path.resolve()
    cache = cache or Cache(project.root, enabled=False, store=False)
    sources = cache.source_key(path, options.key())  # before reading them: an edit made meanwhile shows
    if executor.workers >= 2 and not renderer.is_warm():
        child = executor.submit(prepare, path, project, options, True)
        renderer.current()
        prep = child.result(where=path.name)
    else:
        prep = prepare(path, project, options, lenient=True)
    return build_prepared(prep, project, options, cache, executor, on_slide, start, sources)


def build_prepared(prep: Prepared, project: Project, options: BuildOptions = BuildOptions(),
                   cache: Cache | None = None, executor: Executor = Executor(), on_slide=None,
                   start: float | None = None, sources: str | None = None) -> Built:
    """Build a prepared post in memory (serve prepares first, to show an edited slide before the rest).

    sources: the cache's source_key of the post, taken before it was read (else now)."""
    start = time.perf_counter() if start is None else start
    cache = cache or Cache(project.root, enabled=False, store=False)
    # Taken before rendering: an edit made meanwhile is not hidden behind this build's record.
    inputs = (options.key(), cache.input_key(prep.post.path, options.key(), prep.extra, sources), prep.extra)
    try:
        made = deck.render(prep, cache, executor, options.allow_overflow, on_slide)
    except CarrouselError as err:
        raise gather(list(prep.problems) + [err]) from None
    if prep.problems:  # the slides left out, the missing glyphs: after every fit error was found too
        raise gather(prep.problems)
    encoded = exports.encode_all(prep, made.pngs, options, cache)
    zoned = []
    if options.platform:  # built for one platform: say which text its interface covers
        page = html.page_size(prep.post.format)
        zoned = safezones.warnings(options.platform, made.reports, prep.post, page["width"], page["height"])
    mark("writing the preview page")
    files, warnings = post_files(project.layers, prep, made, encoded.files, encoded.notes, zoned)
    return Built(prep.post, prep.shown, prep.variant, files, made, warnings, prep.theme, inputs,
                 time.perf_counter() - start, encoded.encoded, cache.problem)


class Outdated(CarrouselError):
    """A build whose post (or theme, templates, images) changed while it ran: its result is not written."""


def write_built(built: Built, project: Project, cache: Cache | None = None, notes=()) -> Path:
    """Write a built post under output/<slug>/ as one set (and tell the cache, so that an unchanged post is skipped
    next time, with the notes to print then).

    Under output/'s lock, the post's inputs are read again: when they changed while it was built, nothing is
    written (Outdated) and a build of the newer version has the last word."""
    try:
        with outputs.locked(project.output):
            if cache is not None and built.inputs and \
                    cache.input_key(built.post.path, built.inputs[0], built.inputs[2]) != built.inputs[1]:
                raise Outdated("the post, its theme or its images changed while it was built: not written",
                               hint="a build of the newer version writes it")
            folder = outputs.check_target(project.output, built.post.slug, built.source)
            folder = folder / built.variant if built.variant else folder
            manifest = outputs.write_tree(folder, built.files, shown_path(folder, project.root))
            if cache is not None and built.inputs:
                cache.record(built.post.path, *built.inputs, folder, built.files, notes, manifest)
    except CarrouselError as err:
        raise err.at(file=built.source)
    return folder


def write_index(project: Project) -> Path:
    """Write output/index.html listing every post built so far."""
    posts = {}
    for summary in sorted(project.output.glob("*/post.json")) + sorted(project.output.glob("*/*/post.json")):
        try:
            entry = json.loads(summary.read_text(encoding="utf-8"))
        except ValueError:
            continue
        entry["href"] = summary.parent.relative_to(project.output).as_posix()
        if summary.parent.parent == project.output:
            posts.setdefault(entry["slug"], {}).update(entry)
        else:
            posts.setdefault(entry["slug"], {}).setdefault("variants", []).append(entry)
    posts = [post for post in posts.values() if "title" in post]
    target = project.output / "index.html"
    page = index_page(project.layers, posts)
    with outputs.locked(project.output):
        outputs.sweep(project.output)  # what killed builds left behind
        with outputs.writing("output/index.html"):
            outputs.write_atomic(target, page)
    return target
