"""Carrousel's components in Python-Markdown, drawn by the theme's `components.html` macros.

The processors only read the syntax (carrousel/load/mdsyntax.py) and leave a
placeholder element carrying the component's data; the last tree step renders
each placeholder, innermost first, with the macro of the same name, so a theme
that overrides `components.html` changes Markdown bodies as it changes kinds.
Markdown tables are the `table` component. Raw HTML never becomes an element of
the tree (Python-Markdown stashes it), so text cannot forge a placeholder.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

import markdown
from jinja2.runtime import Macro
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from carrousel.errors import CarrouselError
from carrousel.html import typography
from carrousel.html.mdfigures import FiguresExtension
from carrousel.load.mdsyntax import TAG, box, box_body, box_extent, names_box, tag

COMPONENT = "data-component"  # marks a placeholder and names its macro
TONE = "data-tone"


class _BoxProcessor(BlockProcessor):
    """`!!! callout [tone]` and its body: a placeholder holding the parsed body."""

    def test(self, parent, block):
        return names_box(block.split("\n", 1)[0])

    def run(self, parent, blocks):
        text = "\n\n".join(blocks)  # the box may take several blocks: its own grammar cuts the text again
        lines = text.split("\n")
        found, end = box(lines[0]), box_extent(lines)
        placeholder = etree.SubElement(parent, "div", {COMPONENT: found.name, TONE: found.tone})
        self.parser.parseChunk(placeholder, box_body(lines[1:end]))
        rest = text[len("\n".join(lines[:end])):]
        rest = rest[2:] if rest.startswith("\n\n") else rest[1:]
        blocks[:] = rest.split("\n\n") if rest else []


class _TagProcessor(InlineProcessor):
    """`[[text]]` or `[[tone: text]]`: a placeholder whose text is still inline Markdown."""

    def handleMatch(self, m, data):
        found = tag(m.group(1))
        placeholder = etree.Element("span", {COMPONENT: "tag", TONE: found.tone})
        placeholder.text = found.text
        return placeholder, m.start(0), m.end(0)


class _FigureProcessor(Treeprocessor):
    """A paragraph holding only an image: a figure placeholder around that image."""

    def run(self, root):
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if child.tag != "p" or len(child) != 1 or child[0].tag != "img" or (child.text or "").strip() \
                        or (child[0].tail or "").strip():
                    continue
                placeholder = etree.Element("figure", {COMPONENT: "figure"})
                child[0].tail = None
                placeholder.append(child[0])
                parent.remove(child)
                parent.insert(index, placeholder)


class _RenderProcessor(Treeprocessor):
    """Last step: each placeholder and table becomes its macro's HTML (stashed, so Markdown leaves it as is)."""

    macros = None  # the theme's components.html module, set for one conversion; None: placeholders stay bare

    def run(self, root):
        if self.macros is not None:
            self._render_inside(root)

    def _render_inside(self, parent):
        for child in list(parent):
            self._render_inside(child)  # innermost first: a callout's tags are HTML by the time it is drawn
            html = self._html(child)
            if html is not None:
                _replace(parent, child, self.md.htmlStash.store(html))

    def _html(self, element) -> str | None:
        name = element.get(COMPONENT)
        if name == "tag":
            return self._call("tag", {"text": self._inner(element), "tone": element.get(TONE)})
        if name == "callout":
            return self._call("callout", self._inner(element), element.get(TONE))
        if name == "annotation":
            body = self._inner(element)
            return self._call("annotation", {"text": body, "tone": element.get(TONE)}, body=body)
        if name == "figure":
            image = element[0]
            return self._call("figure", image.get("src"), image.get("alt"), image.get("title"))
        if element.tag == "table" and name is None:
            header = [self._inner(cell) for cell in element.iterfind("thead/tr/th")]
            rows = [[self._inner(cell) for cell in row] for row in element.iterfind("tbody/tr")]
            align = [cell.get("align") for cell in element.iterfind("thead/tr/th")]
            if any(align):  # `|---:|`: only then, so a theme's older table(header, rows) macro still works
                return self._call("table", header, rows, align=align)
            return self._call("table", header, rows)
        return None

    def _inner(self, element) -> Markup:
        """The HTML inside element, as Markdown will write it."""
        wrapper = etree.Element("div")
        wrapper.text = element.text
        wrapper.extend(list(element))
        return Markup(self.md.serializer(wrapper)[len("<div>"):-len("</div>")])

    def _call(self, name: str, *args, **kwargs) -> str:
        macro = getattr(self.macros, name, None)
        if not isinstance(macro, Macro):
            raise CarrouselError(f"the theme's components.html has no macro '{name}'",
                                 hint=f"define it, or {{% set {name} = base.{name} %}} after "
                                      "{% import \"!base/components.html\" as base %}")
        takes = macro.arguments
        if len(args) > len(takes) and not macro.catch_varargs \
                or not set(kwargs) <= set(takes) and not macro.catch_kwargs:
            given = ", ".join([f"{len(args)} values"] + [f"{key}=" for key in kwargs])
            raise CarrouselError(f"the theme's macro {name}({', '.join(takes)}) cannot take what a Markdown body "
                                 f"gives it ({given})", hint="keep the arguments of templates/components.html")
        return str(macro(*args, **kwargs))


def _replace(parent, child, text: str) -> None:
    """Put text where child was, keeping the text that followed it."""
    index = list(parent).index(child)
    text += child.tail or ""
    if index == 0:
        parent.text = (parent.text or "") + text
    else:
        before = parent[index - 1]
        before.tail = (before.tail or "") + text
    parent.remove(child)


class ComponentsExtension(Extension):
    """Boxes, tags, figures and tables drawn by macros; raw HTML turned off unless raw_html."""

    def __init__(self, raw_html: bool = False, **kwargs):
        self.raw_html = raw_html
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        if not self.raw_html:
            md.preprocessors.deregister("html_block")
            md.inlinePatterns.deregister("html")
        md.parser.blockprocessors.register(_BoxProcessor(md.parser), "carrousel-box", 105)
        md.inlinePatterns.register(_TagProcessor(TAG.pattern, md), "carrousel-tag", 180)
        md.treeprocessors.register(_FigureProcessor(md), "carrousel-figure", 5)
        # After 'unescape' (0): the HTML handed to a macro is final.
        md.treeprocessors.register(_RenderProcessor(md), "carrousel-render", -10)


def converter(raw_html: bool, lang: str = "en") -> markdown.Markdown:
    """A Markdown converter with carrousel's components (code highlighted, tables, sane lists), diagrams,
    charts and math, and the quotes, apostrophes and dashes of the post's language."""
    figures = FiguresExtension()
    md = markdown.Markdown(
        extensions=["fenced_code", "tables", "sane_lists", "codehilite", "smarty", ComponentsExtension(raw_html),
                    figures],
        extension_configs={"codehilite": {"css_class": "code code-panel", "guess_lang": False},
                           "smarty": typography.smarty_config(lang), "tables": {"use_align_attribute": True}},
    )
    md.figure_state = figures.state
    return md


def to_html(md: markdown.Markdown, text: str, macros, figures=None) -> str:
    """text converted by md, its components drawn by macros (a components.html module; None: left bare) and
    its figures for the figure context (html.graphics.Context; None: fences stay code, math its LaTeX)."""
    render = md.treeprocessors["carrousel-render"]
    state = md.figure_state
    md.reset()
    render.macros = macros
    state.context, state.macros, state.source = figures, macros, text
    try:
        return md.convert(text)
    finally:
        render.macros = None
        state.context, state.macros, state.source = None, None, ""
