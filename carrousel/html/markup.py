"""Markdown in posts to safe HTML: inline text, block bodies and the components.

Components in Markdown bodies (syntax: carrousel/load/mdsyntax.py; drawn by the
theme's `components.html` macros: carrousel/html/mdext.py):

    !!! annotation green            a code-annotation (tones: default green blue amber red)
        → the key result, indented under the marker

    [[plug & play]]  [[green: low risk]]   tag pills, optionally with a tone

    !!! callout amber               a callout box, same rules as annotation

    ![alt text](assets/x.png "Caption")    alone in its paragraph: a figure with a caption

    | a | b |  a table                 drawn by the `table` macro

    :lucide:database:               a vector icon (swapped in by the HTML stage)

Raw HTML in posts is escaped, never passed through, unless the project sets
`allow_html: true` (carrousel.yaml or the post); either way the result, macros'
HTML included, is sanitised with nh3 before it reaches a template (PDF, PNGs and
preview share that HTML).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import jinja2
import markdown
import nh3
from markupsafe import Markup, escape

from carrousel.errors import CarrouselError
from carrousel.html import figurefields, graphics, mdext, typography


@dataclass(frozen=True)
class Converter:
    """Markdown to safe HTML for one post: components drawn by the theme's macros, raw HTML only when allowed.

    Without components (a title read for its text alone), components keep a bare element.
    """

    components: jinja2.Template | None = None  # the theme's components.html
    allow_html: bool = False
    figures: graphics.Context | None = None  # what diagrams, charts and math are drawn for (None: not drawn)
    lang: str = "en"  # the post's language: its quotes and spacing

    def block(self, text: str) -> Markup:
        """Block Markdown (paragraphs, lists, code, components) to safe HTML.

        Emoji stay characters here; the HTML stage swaps them for images.
        """
        return _block(text, self)

    def inline(self, text: str) -> Markup:
        """One line of inline Markdown (bold, italic, code, links, emoji) to safe HTML."""
        html = self.block(typography.inline_source(text))
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            html = html[3:-4]
        return Markup(html)

    def convert(self, kind: str, value: str):
        """Schema field type -> rendered value (used while checking a slide)."""
        if kind == "inline":
            return self.inline(value)
        if kind == "block":
            return self.block(value)
        if kind == "text":
            return plain(value)
        if kind in ("mermaid", "chart"):
            return figurefields.convert(kind, value, self.figures)
        return value  # code, path: raw


PLAIN = Converter()  # no theme, no raw HTML


_ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "code", "pre", "span", "div", "ul", "ol", "li", "a",
                 "blockquote", "h1", "h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td", "hr", "del", "img",
                 "figure", "figcaption"}
_ALLOWED_ATTRS = {"*": {"class"}, "a": {"href", "title"}, "img": {"src", "alt", "title", "style"}, "td": {"align"},
                  "th": {"align"}}


@lru_cache(maxsize=8)
def _md(raw_html: bool, lang: str) -> markdown.Markdown:
    return mdext.converter(raw_html, lang)


# Link targets a reader's click must never open from a carousel.
_DROPPED_LINKS = ("javascript:", "vbscript:", "file:", "data:")


def _filter(tag: str, attribute: str, value: str) -> str | None:
    """Drop javascript:/file:/data: links and any style but a figure's sizes; images keep their src for the fetcher."""
    if tag == "a" and attribute == "href" and re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith(_DROPPED_LINKS):
        return None
    if attribute == "style":  # only the sizes html.graphics writes on a figure's <img>
        return value if graphics.SAFE_STYLE.fullmatch(value) else None
    return value


def _clean(html: str) -> str:
    # file: and data: pass nh3 only for <img src>: the renderer's fetcher then refuses or checks them with an
    # error naming the slide, instead of the image silently disappearing.
    return nh3.clean(html, tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRS,
                     url_schemes={"http", "https", "mailto", "file", "data"}, link_rel=None, attribute_filter=_filter)


@lru_cache(maxsize=4096)  # serve renders the whole post again for each edit: unchanged fields are not converted again
def _block(text: str, converter: Converter) -> Markup:
    # The cache key holds the components template itself: Jinja compiles an edited components.html into a new one.
    macros = converter.components.module if converter.components is not None else None
    try:
        html = _clean(mdext.to_html(_md(converter.allow_html, typography.language(converter.lang)), text, macros,
                                    converter.figures))
        html = typography.finish(html, converter.lang)
    except RecursionError:
        raise CarrouselError("the Markdown nests too deeply (lists or quotes inside each other)",
                             hint="flatten the structure") from None
    depth = _depth(html)
    if depth > MAX_DEPTH:
        raise CarrouselError(f"the Markdown nests {depth} elements deep; at most {MAX_DEPTH}",
                             hint="flatten the lists or quotes")
    return Markup(html)


MAX_DEPTH = 40  # nested elements in one field: WeasyPrint's layout recurses per level
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)>")
_VOID = {"br", "hr", "img", "wbr"}


def _depth(html: str) -> int:
    """How deep elements nest in html (sanitised, so well-formed)."""
    depth = deepest = 0
    for match in _TAG.finditer(html):
        if match.group(2).lower() in _VOID or match.group(3):
            continue
        depth += -1 if match.group(1) else 1
        deepest = max(deepest, depth)
    return deepest


def block(text: str) -> Markup:
    """Block Markdown to safe HTML, without a theme and without raw HTML."""
    return PLAIN.block(text)


def inline(text: str) -> Markup:
    """Inline Markdown to safe HTML, without a theme and without raw HTML."""
    return PLAIN.inline(text)


def plain(text: str) -> Markup:
    """Plain text, escaped."""
    return escape(text)


def convert(kind: str, value: str):
    """Schema field type -> rendered value, without a theme and without raw HTML."""
    return PLAIN.convert(kind, value)
