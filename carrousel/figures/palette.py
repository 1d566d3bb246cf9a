"""What a theme gives a figure: font families, text sizes, colours and line width, as plain data."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Palette:
    """A theme's tokens as a figure sees them (sizes in px on a 1080 px wide slide)."""

    sans: str = "Inter"
    mono: str = "JetBrains Mono"
    font_px: float = 34  # the body text size: labels are drawn at or below it
    min_px: float = 24  # the legibility floor: no label is drawn smaller
    text: str = "#1f2328"
    muted: str = "#59636e"
    background: str = "#ffffff"
    surface: str = "#f6f8fa"  # node and box fill
    line: str = "#8c959f"  # edges, grid, borders
    accent: str = "#1f883d"
    green: str = "#1a7f37"
    red: str = "#cf222e"
    amber: str = "#9a6700"
    blue: str = "#0969da"
    line_width: float = 2.5
    fallback: tuple = ()  # the families after `sans` in the theme's chain, for characters it lacks

    @property
    def font_css(self) -> str:
        """The CSS font-family written into an SVG for labels: the theme's sans chain."""
        return ", ".join(f'"{name}"' for name in dict.fromkeys((self.sans, *self.fallback))) + ", sans-serif"

    @property
    def mono_css(self) -> str:
        """The CSS font-family for code-like labels."""
        return f'"{self.mono}", monospace'

    @property
    def dark(self) -> bool:
        """Whether the background is dark (light text on it)."""
        return luminance(self.background) < 0.4

    @classmethod
    def from_theme(cls, fonts: dict, tokens: dict, min_px: float = 24) -> Palette:
        """A palette from a theme.yaml's `fonts` and `tokens` (missing tokens keep the defaults)."""
        pick = {"text": "text", "muted": "muted", "background": "bg", "surface": "surface",
                "accent": "accent", "green": "green", "red": "red", "amber": "amber", "blue": "blue"}
        values = {field: tokens[token] for field, token in pick.items() if is_hex(tokens.get(token))}
        size = str(tokens.get("text-size", "")).removesuffix("px")
        if size.replace(".", "", 1).isdigit():
            values["font_px"] = float(size)
        for key in ("sans", "mono"):
            if fonts.get(key):
                values[key] = str(fonts[key])
        values["fallback"] = tuple(getattr(fonts.get("sans"), "families", ())[1:])
        # Edges and axes: the muted text colour, a little into the background (a card border is too faint).
        muted, background = values.get("muted", cls.muted), values.get("background", cls.background)
        line = tokens.get("figure-line")
        values["line"] = line if is_hex(line) else mix(muted, background, 0.75)
        return cls(min_px=min_px, **values)


def is_hex(value) -> bool:
    """Whether a token is a #rgb or #rrggbb colour (figures take no gradients or rgba())."""
    return isinstance(value, str) and re.fullmatch(r"#(?:[0-9a-fA-F]{3}){1,2}", value.strip()) is not None


def rgb(colour: str) -> tuple[float, float, float]:
    """A '#rgb' or '#rrggbb' colour as three floats in 0..1."""
    hex_digits = colour.strip().lstrip("#")
    if len(hex_digits) == 3:
        hex_digits = "".join(c * 2 for c in hex_digits)
    if len(hex_digits) != 6:
        raise ValueError(f"expected a #rrggbb colour, got {colour!r}")
    return tuple(int(hex_digits[i:i + 2], 16) / 255 for i in (0, 2, 4))


def luminance(colour: str) -> float:
    """Relative luminance (WCAG) of a hex colour."""
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def mix(colour: str, other: str, share: float) -> str:
    """colour blended with other: share 1 gives colour, 0 gives other (a hex colour either way)."""
    a, b = rgb(colour), rgb(other)
    return "#" + "".join(f"{round(255 * (share * x + (1 - share) * y)):02x}" for x, y in zip(a, b))
