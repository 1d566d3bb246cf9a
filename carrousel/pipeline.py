"""One post from file to outputs: load → theme → HTML → PDF → PNG → preview → write."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from markupsafe import Markup

from . import alt, brand, content, extras, fit, glyphs, html, outputs, pdf, png, preview, settings
from .errors import CarrouselError
from .kinds import load_kinds
from .themes import load_theme


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
    fitted: object = None  # fit.FitResult: the laid-out document and each slide's scale
    theme: object = None  # the resolved Theme (fonts, floor) the post was built with


def allowed_roots(project: Project) -> list[Path]:
    """Folders the renderer may read: the project and the font cache."""
    from .fonts import cache_dir

    return [project.root, cache_dir()]


def build_post(path: Path, project: Project, scale: float = 1, format: str | None = None,
               allow_overflow: bool = False, zip_pngs: bool = False) -> Built:
    """Build one post in memory: PDF, PNGs, preview page and a summary.

    `format` (from --format) wins over the post's and the project's. Slides
    that overflow are shrunk to fit, down to the theme's text floor; one that
    still does not fit fails the build unless allow_overflow.
    """
    start = time.perf_counter()
    path = path.resolve()
    post = content.load_post(path, project.root, project.kinds, project.settings)
    if format:
        post = replace(post, format=format)
    shown = str(path.resolve().relative_to(project.root)) if project.root in path.resolve().parents else path.name
    try:
        theme = brand.apply(load_theme(post.theme, project.root), post.brand)
        alt.check_fields(post, project.kinds)
    except CarrouselError as err:
        raise err.at(file=shown)
    document_html = html.render_html(post, theme, project.kinds, project.root)
    texts = alt.slide_texts(document_html)
    alt.check_images(texts, post, shown)
    glyphs.check(glyphs.missing(alt.slide_texts(document_html, frames=True), theme.fonts.values()), post,
                 theme.fonts.values(), shown)
    fitted = fit.autofit(document_html, lambda doc: pdf.render_document(doc, path.parent, allowed_roots(project),
                                                                        where=shown), theme.min_text_px)
    warnings = fit.report(fitted, post, theme.min_text_px, shown, allow_overflow)
    pdf_bytes = pdf.write_pdf(fitted.document, where=shown)
    pngs = png.rasterize(pdf_bytes, width_px=round(html.page_size(post.format)["width"] * scale))
    files: dict = {f"{post.slug}.pdf": pdf_bytes}
    slides = []
    for number, data in enumerate(pngs, 1):
        name = f"png/{number:02d}.png"
        files[name] = data
        slides.append({"number": number, "png": name, "kind": post.slides[number - 1].kind
                       if number <= len(post.slides) else "",
                       "warnings": [w for w in warnings if w["slide"] == number]})
    files.update(extras.files(post, pdf_bytes, slides, texts, warnings, zip_pngs,
                              {s["png"]: files[s["png"]] for s in slides}))
    title = Markup(html.markup.convert("inline", post.title)).striptags()
    files["index.html"] = preview.post_page(project.root, title, post.slug, post.lang, slides, f"{post.slug}.pdf")
    files["post.json"] = json.dumps({"title": title, "slug": post.slug, "slides": len(pngs),
                                     "source": shown, "cover": slides[0]["png"] if slides else None,
                                     "warnings": warnings},
                                    ensure_ascii=False, indent=1)
    return Built(post, files, time.perf_counter() - start, warnings, fitted, theme)


def write_built(built: Built, project: Project) -> Path:
    """Write a built post under output/<slug>/."""
    folder = project.output / built.post.slug
    outputs.write_tree(folder, built.files)
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
    outputs.write_atomic(target, preview.index_page(project.root, posts))
    return target
