"""Markdown in posts: inline text, block bodies and the component syntax.

Components in Markdown bodies:

    !!! annotation green            a code-annotation (tones: default green blue amber red)
        → the key result, indented under the marker

    [[plug & play]]  [[green: low risk]]   tag pills, optionally with a tone

    !!! callout amber               a callout box, same rules as annotation

    ![alt text](assets/x.png "Caption")    alone in its paragraph: a figure with a caption

    :lucide:database:               a vector icon (swapped in by the HTML stage)

Raw HTML in posts is escaped, never passed through, unless the project sets
`allow_html: true` (carrousel.yaml or the post); either way the result is sanitised with
nh3 before it reaches a template (PDF, PNGs and preview share that HTML).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

import markdown
import nh3
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape

from carrousel.errors import CarrouselError
from carrousel.load.fields import TONES

_RAW_HTML: ContextVar[bool] = ContextVar("raw_html", default=False)

_BOXES = ("annotation", "callout")
_BOX_START = re.compile(r"^!!! *(%s)(?: +(%s))? *(?:\n|$)" % ("|".join(_BOXES), "|".join(TONES)))


class _BoxProcessor(BlockProcessor):
    """`!!! annotation [tone]` followed by an indented (or directly following) body."""

    def test(self, parent, block):
        return bool(_BOX_START.match(block))

    def run(self, parent, blocks):
        block = blocks.pop(0)
        match = _BOX_START.match(block)
        body = block[match.end():]
        body, rest = self.detab(body) if body.startswith((" ", "\t")) else (body, "")
        while blocks and blocks[0].startswith("    "):
            more, _ = self.detab(blocks.pop(0))
            body += "\n\n" + more
        box = etree.SubElement(parent, "div")
        box.set("class", f"{match.group(1)} tone-{match.group(2) or 'default'}")
        self.parser.parseChunk(box, body)
        if rest:
            blocks.insert(0, rest)


class _TagProcessor(InlineProcessor):
    """`[[text]]` or `[[tone: text]]` -> a tag pill."""

    def handleMatch(self, m, data):
        text, tone = m.group(1).strip(), "default"
        head, sep, tail = text.partition(":")
        if sep and head.strip() in TONES:
            tone, text = head.strip(), tail.strip()
        el = etree.Element("span")
        el.set("class", f"tag tone-{tone}")
        el.text = text
        return el, m.start(0), m.end(0)


class _FigureProcessor(Treeprocessor):
    """A paragraph holding only an image becomes a figure; the image title is its caption."""

    def run(self, root):
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if child.tag != "p" or len(child) != 1 or child[0].tag != "img" or (child.text or "").strip() \
                        or (child[0].tail or "").strip():
                    continue
                image = child[0]
                figure = etree.Element("figure", {"class": "figure"})
                frame = etree.SubElement(figure, "div", {"class": "figure-frame"})
                caption = image.attrib.pop("title", None)
                image.tail = None
                frame.append(image)
                if caption:
                    etree.SubElement(figure, "figcaption", {"class": "figure-caption"}).text = caption
                parent.remove(child)
                parent.insert(index, figure)


class ComponentsExtension(Extension):
    """Annotation/callout boxes and tag pills; raw HTML turned off unless raw_html."""

    def __init__(self, raw_html: bool = False, **kwargs):
        self.raw_html = raw_html
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        if not self.raw_html:
            md.preprocessors.deregister("html_block")
            md.inlinePatterns.deregister("html")
        md.parser.blockprocessors.register(_BoxProcessor(md.parser), "carrousel-box", 105)
        md.inlinePatterns.register(_TagProcessor(r"\[\[(.+?)\]\]", md), "carrousel-tag", 180)
        md.treeprocessors.register(_FigureProcessor(md), "carrousel-figure", 5)


_ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "code", "pre", "span", "div", "ul", "ol", "li", "a",
                 "blockquote", "h1", "h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td", "hr", "del", "img",
                 "figure", "figcaption"}
_ALLOWED_ATTRS = {"*": {"class"}, "a": {"href", "title"}, "img": {"src", "alt", "title"}, "td": {"align"},
                  "th": {"align"}}


@lru_cache(maxsize=2)
def _md(raw_html: bool = False) -> markdown.Markdown:
    return markdown.Markdown(
        extensions=["fenced_code", "tables", "sane_lists", "codehilite", ComponentsExtension(raw_html)],
        extension_configs={"codehilite": {"css_class": "code", "guess_lang": False}},
    )


# Link targets a reader's click must never open from a carousel.
_DROPPED_LINKS = ("javascript:", "vbscript:", "file:", "data:")


def _filter(tag: str, attribute: str, value: str) -> str | None:
    """Drop javascript:/file:/data: links; images keep their src so the fetcher can refuse it loudly."""
    if tag == "a" and attribute == "href" and re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith(_DROPPED_LINKS):
        return None
    return value


def _clean(html: str) -> str:
    # file: and data: pass nh3 only for <img src>: the renderer's fetcher then refuses or checks them with an
    # error naming the slide, instead of the image silently disappearing.
    return nh3.clean(html, tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRS,
                     url_schemes={"http", "https", "mailto", "file", "data"}, link_rel=None, attribute_filter=_filter)


@contextmanager
def raw_html(allowed: bool):
    """Within the block, Markdown passes raw HTML through (still sanitised) when allowed."""
    token = _RAW_HTML.set(bool(allowed))
    try:
        yield
    finally:
        _RAW_HTML.reset(token)


def block(text: str) -> Markup:
    """Block Markdown (paragraphs, lists, code, components) to safe HTML.

    Emoji stay characters here; the HTML stage swaps them for images.
    """
    return _block(text, _RAW_HTML.get())


@lru_cache(maxsize=4096)  # serve renders the whole post again for each edit: unchanged fields are not converted again
def _block(text: str, raw_html: bool) -> Markup:
    md = _md(raw_html)
    md.reset()
    try:
        html = _clean(md.convert(text))
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


def inline(text: str) -> Markup:
    """One line of inline Markdown (bold, italic, code, links, emoji) to safe HTML."""
    html = block(text)
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


def plain(text: str) -> Markup:
    """Plain text, escaped."""
    return escape(text)


def convert(kind: str, value: str):
    """Schema field type -> rendered value (used while checking a slide)."""
    if kind == "inline":
        return inline(value)
    if kind == "block":
        return block(value)
    if kind == "text":
        return plain(value)
    return value  # code, path: raw
