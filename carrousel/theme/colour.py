"""Colour tokens a theme leaves to the engine (`auto`), derived from its accent and surfaces so text stays readable.

The accent is drawn as text on the page and on tinted tag surfaces
(`accent-text`), and as a fill with text on it (`accent-fill` under
`accent-on`). Each variant keeps the accent's hue and chroma and moves only its
lightness in OKLCH until it passes WCAG AA (4.5:1) on every surface it sits on.
"""

from __future__ import annotations

import re

from coloraide import Color

AA = 4.6  # a little over WCAG AA's 4.5: rounding to #rrggbb must not tip a colour under it
AUTO = "auto"
ACCENT_DERIVED = ("accent-text", "accent-fill", "accent-on", "accent-soft", "accent-tint", "accent-line", "bg-tint")
_SIMPLE = re.compile(r"^\s*(#[0-9a-fA-F]{3,8}|rgba?\([^()]*\))\s*$")
INKS = ("#ffffff", "#111111")  # what can be written on an accent fill


def parse(value) -> Color | None:
    """A plain colour token (#hex, rgb(), rgba()) as a Color; None for anything else (a gradient, a var())."""
    if not isinstance(value, str) or not _SIMPLE.match(value):
        return None
    try:
        return Color(value.strip()).convert("srgb")
    except ValueError:
        return None


def opaque(colour: Color, under: Color) -> Color:
    """A translucent colour composited over an opaque one."""
    alpha = colour.alpha()
    mixed = [c * alpha + u * (1 - alpha) for c, u in zip(colour.coords(), under.coords())]
    return Color("srgb", mixed)


def contrast(first: Color, second: Color) -> float:
    """WCAG 2 contrast ratio of two opaque colours."""
    return first.contrast(second, method="wcag21")


def hex_of(colour: Color) -> str:
    """#rrggbb, in the sRGB gamut."""
    return colour.convert("srgb").fit("srgb").to_string(hex=True)


def readable(colour: Color, surfaces: list[Color], need: float = AA) -> Color:
    """The colour with its OKLCH lightness moved just enough to reach `need` on every surface (hue kept)."""
    if not surfaces or min(contrast(colour, s) for s in surfaces) >= need:
        return colour
    dark = sum(s.luminance() for s in surfaces) / len(surfaces) < 0.18
    base = colour.convert("oklch")
    low, high = (base["lightness"], 1.0) if dark else (0.0, base["lightness"])

    def at(lightness: float) -> Color:
        trial = base.clone()
        trial["lightness"] = lightness
        return trial.convert("srgb").fit("srgb")

    for _ in range(24):  # bisect the lightness: the closest one to the accent's own that passes
        middle = (low + high) / 2
        passes = min(contrast(at(middle), s) for s in surfaces) >= need
        if passes == dark:
            high = middle
        else:
            low = middle
    return at(high if dark else low)


def rgba(colour: Color, alpha: float) -> str:
    """A colour as rgba() with the given opacity."""
    red, green, blue = (round(c * 255) for c in colour.convert("srgb").fit("srgb").coords())
    return f"rgba({red}, {green}, {blue}, {alpha:g})"


def derive(tokens: dict, auto) -> dict:
    """The tokens with every `auto` one (named in auto) derived from `accent` and the surfaces."""
    tokens = dict(tokens)
    accent, bg = parse(tokens.get("accent")), parse(tokens.get("bg"))
    if accent is None or bg is None or not auto:
        return tokens
    accent = opaque(accent, bg)
    tints = {"accent-soft": 0.1, "accent-tint": 0.12, "accent-line": 0.55}
    for name, alpha in tints.items():
        if name in auto:
            tokens[name] = rgba(accent, alpha)
    if "bg-tint" in auto:
        mixed = bg.mix(accent, 0.1 if bg.luminance() < 0.18 else 0.07, space="srgb")
        tokens["bg-tint"] = hex_of(mixed)
    surfaces = text_surfaces(tokens)
    if "accent-text" in auto:
        tokens["accent-text"] = hex_of(readable(accent, surfaces))
    if "accent-fill" in auto or "accent-on" in auto:
        ink = max(INKS, key=lambda i: contrast(Color(i), accent))
        fill = readable(accent, [Color(ink)]) if "accent-fill" in auto else parse(tokens["accent-fill"]) or accent
        tokens["accent-fill"] = hex_of(fill)
        if "accent-on" in auto:
            tokens["accent-on"] = ink
    return tokens


def text_surfaces(tokens: dict) -> list[Color]:
    """Every surface accent-coloured text may sit on: the page and its gradient, cards, and tinted tags."""
    bg = parse(tokens["bg"])
    base = [bg]
    for name in ("bg-2", "bg-tint", "surface", "surface-2", "tag-bg", "code-bg"):
        colour = parse(tokens.get(name))
        if colour is not None:
            base.append(opaque(colour, bg))
    grid = parse(tokens.get("grid"))  # a drafting grid drawn over the page: its lines, and where two cross
    if grid is not None and grid.alpha() > 0:
        lines = [opaque(grid, under) for under in base]
        base += lines + [opaque(grid, line) for line in lines]
    found = list(base)
    for name in ("accent-soft", "accent-tint", "code-inline-bg"):  # translucent: laid over any one of the above
        tint = parse(tokens.get(name))
        if tint is not None:
            found += [opaque(tint, under) for under in base]
    return found
