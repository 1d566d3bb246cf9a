"""A theme's backdrop: the slides' page-wide linear gradient, painted as a small picture stretched to the page.

PDFium rasterizes a page-wide shading pixel by pixel: ~25 ms of each
1080 × 1350 PNG, half of a terminal slide's raster time. The same gradient as
a picture a quarter of the page's size, stretched, takes ~5 ms and differs by
at most a level per channel (a theme's gradient changes a level every ~70 px,
so no step shows). The picture is a few KB, embedded once per deck; text stays
vector. A theme declares it in theme.yaml, in CSS syntax:

    backdrop: linear-gradient(160deg, var(--bg-tint) 0%, var(--bg) 38%, var(--bg-2) 100%)
"""

from __future__ import annotations

import base64
import io
import math
from dataclasses import dataclass
from functools import lru_cache

import tinycss2
from coloraide import Color

from carrousel.errors import CarrouselError

SHRINK = 4  # CSS px of the page per pixel of the picture
RAMP = 512  # colours computed along the gradient line (PDFium samples a shading's function 256 times)
SIDES = {"top": (0, -1), "bottom": (0, 1), "left": (-1, 0), "right": (1, 0)}
ANGLE_UNITS = {"deg": 1, "grad": 0.9, "rad": 180 / math.pi, "turn": 360}
_HINT = "write it as CSS: linear-gradient(160deg, var(--bg-tint) 0%, var(--bg) 40%, #0c1220 100%)"


@dataclass(frozen=True)
class Gradient:
    """A parsed linear-gradient(): its direction and its colour stops (colour as written, position 0–1 or None)."""

    angle: float | None  # degrees, clockwise from up; None when `to` names sides
    sides: tuple  # the sides after `to` (top, right…)
    stops: tuple  # (colour text, position)

    def direction(self, width: float, height: float) -> tuple[float, float]:
        """The gradient line's unit direction in a box of this size (y down), as CSS defines it."""
        if self.angle is None:
            x = sum(SIDES[side][0] for side in self.sides)
            y = sum(SIDES[side][1] for side in self.sides)
            if x and y:  # a corner: perpendicular to the diagonal joining the two other corners
                x, y = x * height, y * width
            length = math.hypot(x, y)
            return x / length, y / length
        turn = math.radians(self.angle)
        return math.sin(turn), -math.cos(turn)


def parse(text: str, where: str) -> Gradient:
    """The theme's `backdrop` as a Gradient (a clear error for anything but a linear-gradient())."""
    def refuse(what: str):
        return CarrouselError(f"backdrop: {what}", file=where, field="backdrop", hint=_HINT)

    value = tinycss2.parse_one_component_value(str(text), skip_comments=True)
    if getattr(value, "type", "") != "function" or value.lower_name != "linear-gradient":
        raise refuse(f"expected linear-gradient(…), got {str(text)[:40]!r}")
    parts = _split(value.arguments)
    angle, sides = 180.0, ()
    first = parts[0] if parts else []
    if first and first[0].type == "dimension" and first[0].lower_unit in ANGLE_UNITS and len(first) == 1:
        angle = first[0].value * ANGLE_UNITS[first[0].lower_unit]
        parts = parts[1:]
    elif first and first[0].type == "ident" and first[0].lower_value == "to":
        sides = tuple(token.lower_value for token in first[1:] if token.type == "ident")
        if not sides or len(sides) != len(first) - 1 or not set(sides) <= set(SIDES) or len(sides) > 2 or \
                len({SIDES[side][0] != 0 for side in sides}) != len(sides):
            raise refuse("`to` takes a side or a corner (to bottom, to top right)")
        angle, parts = None, parts[1:]
    stops = []
    for part in parts:
        position = None
        if part and part[-1].type == "percentage":
            position, part = part[-1].value / 100, part[:-1]
        if len(part) != 1:
            raise refuse(f"expected a colour and a percentage, got {tinycss2.serialize(part).strip()!r}")
        stops.append((tinycss2.serialize(part).strip(), position))
    if len(stops) < 2:
        raise refuse("a gradient needs two colour stops at least")
    return Gradient(angle, sides, tuple(stops))


def _split(tokens) -> list[list]:
    """Comma-separated arguments, whitespace and comments left out."""
    parts = [[]]
    for token in tokens:
        if token.type == "literal" and token.value == ",":
            parts.append([])
        elif token.type not in ("whitespace", "comment"):
            parts[-1].append(token)
    return parts


def css(gradient: Gradient, tokens: dict, pages: dict, where: str) -> str:
    """A rule per format painting .slide with the gradient's picture (its colours from the theme's tokens)."""
    colours = colours_of(gradient, tokens, where)
    rules = []
    for name, page in pages.items():
        uri = _picture(gradient, colours, page["width"], page["height"])
        rules.append(f':where(.format-{name}) .slide {{ background-image: url("{uri}"); background-size: 100% 100%; '
                     f"background-repeat: no-repeat }}")
    return "\n".join(rules)


def colours_of(gradient: Gradient, tokens: dict, where: str) -> tuple:
    """((r, g, b, alpha), position) of each stop, its colour taken from the tokens (an error names a missing one)."""
    return tuple((_colour(text, tokens, where), position) for text, position in gradient.stops)


def _colour(text: str, tokens: dict, where: str) -> tuple:
    """(r, g, b, alpha), 0–1, of a stop's colour: var(--token) followed through the tokens."""
    seen = set()
    while text.startswith("var(") and text.endswith(")"):
        name = text[4:-1].split(",")[0].strip().removeprefix("--")
        if name in seen or name not in tokens:
            raise CarrouselError(f"backdrop: no colour token '{name}'", file=where, field="backdrop",
                                 hint="name one of the theme's tokens: var(--bg), var(--bg-2)…")
        seen.add(name)
        text = str(tokens[name]).strip()
    try:
        colour = Color(text).convert("srgb")
    except ValueError:
        raise CarrouselError(f"backdrop: '{text}' is not a colour", file=where, field="backdrop",
                             hint="a stop is a #hex, rgb(), rgba() or a colour token") from None
    return (*[min(1.0, max(0.0, c)) for c in colour.coords(nans=False)], colour.alpha(nans=False))


@lru_cache(maxsize=32)
def _picture(gradient: Gradient, colours: tuple, width: float, height: float) -> str:
    """The gradient over a width × height box, as a PNG data: URI a SHRINK-th of its size."""
    from PIL import Image

    columns, rows = max(1, round(width / SHRINK)), max(1, round(height / SHRINK))
    dx, dy = gradient.direction(width, height)
    length = abs(width * dx) + abs(height * dy)  # the gradient line: its ends' perpendiculars touch the corners
    positions = _positions([position for _, position in colours])
    opaque = all(c[3] >= 1 for c, _ in colours)
    # The colours along the gradient line (a ramp of RAMP pixels, three rows so that sampling the middle one never
    # reads past an edge), then each pixel of the picture takes the ramp's colour where its centre projects.
    ramp = _ramp(colours, tuple(positions), opaque)
    step_x, step_y, scale = width / columns, height / rows, (RAMP - 1) / length
    offset = ((step_x / 2 - width / 2) * dx + (step_y / 2 - height / 2) * dy) * scale + (RAMP - 1) / 2 + 0.5
    picture = ramp.transform((columns, rows), Image.Transform.AFFINE,
                             (step_x * dx * scale, step_y * dy * scale, offset, 0, 0, 1.5), Image.Resampling.BILINEAR)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", compress_level=6)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


@lru_cache(maxsize=8)
def _ramp(colours: tuple, positions: tuple, opaque: bool):
    """The colours along the gradient line, RAMP pixels long and three rows high."""
    from PIL import Image

    ramp = Image.new("RGB" if opaque else "RGBA", (RAMP, 3))
    ramp.putdata([_colour_at(i / (RAMP - 1), positions, colours, opaque) for i in range(RAMP)] * 3)
    return ramp


def _colour_at(t: float, positions: tuple, colours: tuple, opaque: bool) -> tuple:
    """The gradient's colour at t (0–1 along its line), 8 bits a channel, interpolated premultiplied as CSS does."""
    first, last = 0, len(positions) - 1
    while first < last - 1 and positions[first + 1] <= t:
        first += 1
    (start, start_at), (end, end_at) = (colours[first][0], positions[first]), (colours[first + 1][0], positions[first + 1])
    share = 0.0 if t <= start_at else 1.0 if t >= end_at or end_at <= start_at else (t - start_at) / (end_at - start_at)
    alpha = start[3] + (end[3] - start[3]) * share
    mixed = [(start[i] * start[3] + (end[i] * end[3] - start[i] * start[3]) * share) / max(alpha, 1e-6)
             for i in range(3)]
    return tuple(round(min(1.0, max(0.0, value)) * 255) for value in mixed + ([] if opaque else [alpha]))


def _positions(given: list) -> list[float]:
    """Every stop's position as CSS fixes them up: ends at 0 and 1, none before the last, gaps shared evenly."""
    found = list(given)
    found[0] = 0.0 if found[0] is None else found[0]
    found[-1] = 1.0 if found[-1] is None else found[-1]
    for i in range(1, len(found)):
        if found[i] is not None:
            found[i] = max(found[i], max(p for p in found[:i] if p is not None))
    i = 1
    while i < len(found):
        if found[i] is None:
            end = next(j for j in range(i, len(found)) if found[j] is not None)
            for k in range(i, end):
                found[k] = found[i - 1] + (found[end] - found[i - 1]) * (k - i + 1) / (end - i + 1)
            i = end
        i += 1
    return found
