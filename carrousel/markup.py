"""Markdown in posts: inline text, block bodies and the component syntax.

Components in Markdown bodies:

    !!! annotation green            a code-annotation (tones: default green blue amber red)
        → the key result, indented under the marker

    [[plug & play]]  [[green: low risk]]   tag pills, optionally with a tone

    !!! callout amber               a callout box, same rules as annotation

    ![alt text](assets/x.png "Caption")    alone in its paragraph: a figure with a caption

    :lucide:database:               a vector icon (swapped in by the HTML stage)

Raw HTML in posts is escaped, never passed through, and the result is
sanitised with nh3 before it reaches a template.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from functools import lru_cache

import markdown
import nh3
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape

from .schema import TONES

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
    """Annotation/callout boxes and tag pills, with raw HTML turned off."""

    def extendMarkdown(self, md):
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


@lru_cache(maxsize=1)
def _md() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=["fenced_code", "tables", "sane_lists", "codehilite", ComponentsExtension()],
        extension_configs={"codehilite": {"css_class": "code", "guess_lang": False}},
    )


def _clean(html: str) -> str:
    html = nh3.clean(html, tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRS, url_schemes={"http", "https", "mailto"},
                     link_rel=None)
    return html


def block(text: str) -> Markup:
    """Block Markdown (paragraphs, lists, code, components) to safe HTML.

    Emoji stay characters here; the HTML stage swaps them for images.
    """
    md = _md()
    md.reset()
    return Markup(_clean(md.convert(text)))


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
