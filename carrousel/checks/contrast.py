"""WCAG contrast of every text colour on the background it is drawn on, read from the real layout.

The background of a piece of text is every background painted under it,
composited from the slide down (translucent tag fills over the card over the
slide). A gradient counts as each of its colour stops: the text must be
readable on the worst one.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from carrousel.errors import SlideWarning
from carrousel.figures.palette import rgb
from carrousel.layout.boxes import figure_labels
from carrousel.layout.boxes import slides as slide_boxes

NORMAL = 4.5  # WCAG 2 AA, body text
LARGE = 3.0  # WCAG 2 AA, large text
# WCAG's large text is 18 pt (24 CSS px), or 14 pt (18.7 px) bold, at reading size. A 1080 px
# slide is seen at about half size (a feed column or a phone held upright), so double both.
LARGE_PX = 48.0
LARGE_BOLD_PX = 37.3


def _rgba(color) -> tuple[float, float, float, float]:
    srgb = color.to("srgb") if getattr(color, "space", "srgb") != "srgb" else color
    red, green, blue = (min(1.0, max(0.0, float(c))) for c in srgb.coordinates)
    return red, green, blue, float(color.alpha)


def _over(top, bottom) -> tuple[float, float, float]:
    """Composite a translucent colour over an opaque one."""
    alpha = top[3]
    return tuple(top[i] * alpha + bottom[i] * (1 - alpha) for i in range(3))


def luminance(rgb) -> float:
    """Relative luminance of an sRGB colour (channels 0–1), as WCAG defines it."""
    def linear(c):
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    red, green, blue = (linear(c) for c in rgb[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def ratio(first, second) -> float:
    """WCAG contrast ratio between two opaque sRGB colours (1 to 21)."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def hex_colour(rgb) -> str:
    """#rrggbb of an sRGB colour with channels 0–1."""
    return "#" + "".join(f"{round(c * 255):02x}" for c in rgb[:3])


@dataclass
class Pair:
    """One text colour on one background, worst case over where it appears."""

    colour: str
    background: str
    ratio: float
    required: float
    slides: list = field(default_factory=list)
    sample: str = ""

    @property
    def ok(self) -> bool:
        return self.ratio + 1e-9 >= self.required


def _backgrounds(style, under: list) -> list:
    """The possible backgrounds under a box: its own fill composited over what lies beneath."""
    colour = _rgba(style["background_color"])
    out = [_over(colour, b) for b in under] if colour[3] > 0 else list(under)
    gradients = [image for kind, image in style["background_image"] if kind != "url" and hasattr(image, "colors")]
    for gradient in gradients:  # painted above the colour, each stop a possible background
        out = [_over(_rgba(stop), b) for stop in gradient.colors for b in out]
    return list(dict.fromkeys(tuple(round(c, 4) for c in b) for b in out))


def pairs(document) -> list[Pair]:
    """Every (text colour, background) pair in the document, with the slides it appears on."""
    from weasyprint.formatting_structure.boxes import TextBox

    found: dict[tuple, Pair] = {}

    def record(colour, size, weight, text, backgrounds, number):
        large = size >= LARGE_PX or (size >= LARGE_BOLD_PX and weight >= 700)
        required = LARGE if large else NORMAL
        for background in backgrounds:
            shown = _over(colour, background)
            key = (hex_colour(colour), hex_colour(background), required)
            value = ratio(shown, background)
            pair = found.get(key)
            if pair is None:
                pair = found[key] = Pair(key[0], key[1], value, required, sample=text[:40])
            if value < pair.ratio:
                pair.ratio, pair.sample = value, text[:40]
            if number not in pair.slides:
                pair.slides.append(number)

    def walk(box, under, number):
        backgrounds = _backgrounds(box.style, under) if box.element is not None else under
        for child in getattr(box, "children", None) or ():
            if isinstance(child, TextBox):
                text = child.text.strip()
                if not text or child.style["visibility"] != "visible":
                    continue
                record(_rgba(child.style["color"]), child.style["font_size"], child.style["font_weight"], text,
                       backgrounds, number)
            else:
                under_it = _backgrounds(child.style, backgrounds)
                for text, fill, size, surfaces in figure_labels(child):  # a diagram's or a chart's labels
                    on = list(dict.fromkeys(under_it + [rgb(colour) for colour in surfaces]))
                    record((*rgb(fill), 1.0), size, 400, text, on, number)
                walk(child, backgrounds, number)

    for page in document.pages:
        for index, slide in slide_boxes(page):
            walk(slide, [(1.0, 1.0, 1.0)], index + 1)  # the page is white
    return sorted(found.values(), key=lambda p: p.ratio / p.required)


def merge(groups) -> list[Pair]:
    """One list of pairs from several (each slide's): the worst ratio of each, every slide it appears on."""
    found: dict[tuple, Pair] = {}
    for group in groups:
        for pair in group:
            key = (pair.colour, pair.background, pair.required)
            seen = found.get(key)
            if seen is None:
                found[key] = Pair(pair.colour, pair.background, pair.ratio, pair.required, list(pair.slides),
                                  pair.sample)
                continue
            if pair.ratio < seen.ratio:
                seen.ratio, seen.sample = pair.ratio, pair.sample
            seen.slides += [n for n in pair.slides if n not in seen.slides]
    return sorted(found.values(), key=lambda p: p.ratio / p.required)


def to_json(pairs: list[Pair]) -> list[dict]:
    """Pairs as plain data, kept with a slide in the cache."""
    return [asdict(pair) for pair in pairs]


def from_json(raw: list[dict]) -> list[Pair]:
    """The pairs that to_json gave."""
    return [Pair(**item) for item in raw]


def slide_warnings(pairs: list[Pair], kind: str | None) -> list[SlideWarning]:
    """A warning for each text colour of one slide that fails WCAG AA (shown in the preview)."""
    return [SlideWarning(number, kind, "warning", "contrast",
                         f"low contrast: {pair.colour} on {pair.background} is {round(pair.ratio, 2):.2f}:1, "
                         f"needs {pair.required:g}:1 (\"{pair.sample}\")")
            for pair in pairs if not pair.ok for number in pair.slides]
