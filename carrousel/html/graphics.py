"""Diagrams, charts and formulas as slide HTML: each drawn once per content (figures.store), shown as an SVG
image (a data: URL, so ids never clash and the sandbox checks it like any image) with its labels as real text.

A diagram or chart is drawn with its labels at 80% of the body text (never under the theme's floor), then
sized by CSS: a `diagram` or `chart` slide gives it all the room its title and caption leave (object-fit:
contain, up to GROW times its drawn size), a figure in a Markdown body keeps its drawn size or the column's
width. Either way a `min-width`/`min-height` stops it from being drawn smaller than its labels at the floor:
a figure with no room makes its slide overflow, so auto-fit shrinks the text around it or the build says so.
A formula is drawn at REFERENCE_PX and sized in em, so it follows the size of its text and auto-fit.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from carrousel.figures import store
from carrousel.figures.palette import Palette

REFERENCE_PX = 100.0  # formulas are drawn this size and scaled in em
GROW = 1.5  # a slide with room may draw a figure up to 1.5 times its drawn size (labels at 1.2x the body text)
TALL = 0.45  # a figure higher than 0.45 of its width is tall
BODY_SHARE = 0.55  # a figure inside a Markdown body is drawn at most this share of the slide's content height
RESERVE = 260  # px of a chart slide's content box left to its eyebrow, title and caption
# The only inline style the sanitiser lets through (on <img>): sizes written by this module.
SAFE_STYLE = re.compile(r"(?:(?:(?:min-|max-)?(?:width|height)|vertical-align):-?\d+(?:\.\d+)?(?:px|em);)*")
DIAGRAM_NAMES = {"flowchart": "Flowchart", "sequence": "Sequence diagram", "state": "State diagram",
                 "class": "Class diagram"}


@dataclass(frozen=True)
class Context:
    """What figures are drawn for: the theme's palette and the slide's content box (px)."""

    palette: Palette
    width: float
    height: float
    format: str = "portrait"

    @classmethod
    def of(cls, theme, page: dict, format_name: str) -> Context:
        """The context of a theme on a page ({width, height} in px): content box from its pad tokens."""
        tokens = theme.tokens

        def px(name: str, default: float) -> float:
            value = str(tokens.get(name, "")).strip().removesuffix("px")
            return float(value) if re.fullmatch(r"\d+(?:\.\d+)?", value) else default

        pad_x = px("pad-x", 0.08 * page["width"])
        height = page["height"] - px("pad-top", 0.11 * page["height"]) - px("pad-bottom", 0.12 * page["height"])
        palette = Palette.from_theme(theme.fonts, tokens, theme.min_text_px)
        return cls(palette, page["width"] - 2 * pad_x, height, format_name)


@dataclass(frozen=True)
class Graphic:
    """A drawn diagram or chart, ready for the `graphic` component: its SVG image and how CSS may size it."""

    kind: str  # diagram or chart
    uri: str  # data:image/svg+xml;base64,…
    width: float  # drawn size, px
    height: float
    alt: str  # described from its content (labels, data)
    text_px: float  # its smallest label as drawn
    floor_px: float
    data: object = None  # a chart's checked data (its alt text names the slide's title)

    @property
    def tall(self) -> bool:
        """Whether it is tall for a landscape slide (themes put it beside its title there)."""
        return self.height > TALL * self.width

    @property
    def smallest(self) -> float:
        """The smallest scale it may be shown at: its labels at the floor."""
        return min(1.0, self.floor_px / self.text_px) if self.text_px else 0.5

    def style(self, fill: bool = False) -> str:
        """The <img> sizes: filling its frame (a diagram or chart slide), or at its drawn size in a body."""
        w, h, low = self.width, self.height, self.smallest
        if fill:
            return (f"min-width:{w * low:.1f}px;min-height:{h * low:.1f}px;"
                    f"max-width:{w * GROW:.1f}px;max-height:{h * GROW:.1f}px;")
        return f"width:{w:.1f}px;min-width:{w * low:.1f}px;"

    def alt_for(self, title=None) -> str:
        """The alt text, with the slide's title as what the figure is about."""
        title = str(Markup(title or "").striptags()).strip()
        if self.data is not None:
            from carrousel.figures.chart_spec import alt_text

            return alt_text(self.data, title or None)
        if not title:
            return self.alt
        name, _, labels = self.alt.partition(": ")
        return f"{name}, {title}" + (f": {labels}" if labels else "")


def data_uri(svg: str) -> str:
    """An SVG as a data: URL."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def diagram(source: str, context: Context, fill: bool = True) -> Graphic:
    """A Mermaid diagram drawn for the context (the whole content box when fill, else a body's share)."""
    from carrousel.figures import mermaid

    kind, _ = mermaid.diagram_type(source)
    height = context.height if fill else context.height * BODY_SHARE
    palette = context.palette

    def draw() -> dict:
        figure = mermaid.render(source, palette, context.width, height)
        return {"svg": figure.svg, "width": figure.width, "height": figure.height, "labels": figure.labels,
                "text_px": figure.text_px}

    entry = store.fetch(store.key("mermaid", source, repr(palette), f"{context.width:.1f}x{height:.1f}"), draw)
    labels = list(dict.fromkeys(entry["labels"]))
    alt = DIAGRAM_NAMES[kind] + (": " + ", ".join(labels) if labels else "")
    surfaces = f"{palette.surface} {palette.background}"
    return Graphic("diagram", data_uri(with_surface(entry["svg"], surfaces)), entry["width"], entry["height"],
                   alt, entry["text_px"], palette.min_px)


def chart(spec, context: Context, fill: bool = True) -> Graphic:
    """A chart (a checked Chart or its mapping) drawn for the context."""
    from carrousel.figures.chart_spec import alt_text, parse

    checked = parse(spec)
    width = context.width  # a chart takes the column's width, and the height the slide leaves it
    tallest = 1.15 if context.format == "story" else 0.8  # a story's slide is tall: so are its charts
    height = min(width * tallest, context.height - RESERVE) if fill else min(width * 0.6, context.height * BODY_SHARE)
    palette = context.palette

    def draw() -> dict:
        from carrousel.figures import chart as charts

        figure = charts.render(checked, palette, width, height)
        return {"svg": figure.svg, "width": figure.width, "height": figure.height, "text_px": figure.text_px}

    entry = store.fetch(store.key("chart", repr(checked), repr(palette), f"{width:.1f}x{height:.1f}"), draw)
    return Graphic("chart", data_uri(entry["svg"]), entry["width"], entry["height"], alt_text(checked),
                   entry["text_px"], palette.min_px, checked)


def formula(latex: str, display: bool, colour: str) -> Markup:
    """A formula as an <img> sized in em (on the text's baseline), its LaTeX as alt text."""
    from carrousel.figures import math

    def draw() -> dict:
        drawn = math.render(latex, colour, REFERENCE_PX, display)
        return {"svg": drawn.svg, "width": drawn.width, "height": drawn.height, "depth": drawn.depth}

    entry = store.fetch(store.key("math", latex, colour, "display" if display else "inline"), draw)
    em = REFERENCE_PX
    style = (f"width:{entry['width'] / em:.3f}em;height:{entry['height'] / em:.3f}em;"
             f"vertical-align:{-entry['depth'] / em:.3f}em;")
    image = (f'<img class="math" src="{data_uri(entry["svg"])}" alt="{escape(latex)}" style="{style}">')
    return Markup(f'<span class="math-display">{image}</span>' if display else image)


def with_surface(svg: str, surfaces: str) -> str:
    """Mark on the SVG the fills its labels may sit on besides the slide (node boxes), for the contrast check."""
    return svg.replace("<svg ", f'<svg data-surface="{surfaces}" ', 1)
