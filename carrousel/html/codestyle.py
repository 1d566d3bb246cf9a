"""The CSS of code panels: token colours readable on every surface code sits on, hanging indents, drawn gutter marks.

A theme names its code surfaces as tokens: `code-bg` (the panel), and over it
`code-hl` (a highlighted line), `code-del` and `code-add` (removed and added
lines), `code-wdel` and `code-wadd` (changed words, over their line). Each
Pygments colour of the theme's `code_style` (and the text and line-number
colours) is checked on each surface with WCAG's ratio; where it would fall
below AA, a rule for that surface gives it the nearest colour of the same hue
that passes. Marks in the gutter and the continuation of a wrapped line are
drawn (SVG backgrounds), never text: copying code from the PDF gives the code.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote

import tinycss2.color3
from pygments.styles import get_style_by_name
from pygments.token import STANDARD_TYPES
from pygments.util import ClassNotFound

from carrousel.checks.contrast import NORMAL, hex_colour, ratio
from carrousel.html.code import MAX_INDENT

TARGET = NORMAL + 0.1  # a chosen colour keeps a margin over AA: renderers round colours
# Surface name -> (selector of the text on it, tokens painted from the panel up)
SURFACES = {
    "plain": (".code pre", ("code-bg",)),  # a Markdown code block (no .line) gets these colours too
    "hl": (".code .line.hl", ("code-bg", "code-hl")),
    "del": (".code .line.del", ("code-bg", "code-del")),
    "add": (".code .line.add", ("code-bg", "code-add")),
    "wdel": (".code .line.del mark.wdel", ("code-bg", "code-del", "code-wdel")),
    "wadd": (".code .line.add mark.wadd", ("code-bg", "code-add", "code-wadd")),
}
INHERITS = {"hl": "plain", "del": "plain", "add": "plain", "wdel": "del", "wadd": "add"}  # rules that also apply


def parse_colour(value) -> tuple | None:
    """(r, g, b, alpha) with channels 0–1 of a CSS colour token, or None when it is not a plain colour."""
    parsed = tinycss2.color3.parse_color(str(value or ""))
    if parsed is None or isinstance(parsed, str):
        return None
    return tuple(parsed)


def _over(top: tuple, bottom: tuple) -> tuple:
    alpha = top[3]
    return tuple(top[i] * alpha + bottom[i] * (1 - alpha) for i in range(3)) + (1.0,)


def surfaces(tokens: dict) -> dict[str, tuple]:
    """Each code surface the theme defines, as the opaque colour its tokens composite to."""
    out = {}
    for name, (_, stack) in SURFACES.items():
        colours = [parse_colour(tokens.get(token)) for token in stack]
        if any(c is None for c in colours):
            continue
        under = (1.0, 1.0, 1.0, 1.0)  # the page is white
        for colour in colours:
            under = _over(colour, under)
        out[name] = under
    return out


def readable(colour: tuple, background: tuple, target: float = TARGET) -> tuple:
    """colour itself when it reaches AA on background, else the least change towards white or black that does."""
    if ratio(colour, background) >= NORMAL:
        return colour
    best = None
    for end in ((1.0, 1.0, 1.0), (0.0, 0.0, 0.0)):
        for step in range(1, 101):
            mixed = tuple(round((c + (e - c) * step / 100) * 255) / 255 for c, e in zip(colour, end))
            if ratio(mixed, background) >= target:
                if best is None or step < best[0]:
                    best = (step, mixed)
                break
    return best[1] if best else colour


def _token_styles(style_name: str) -> dict[str, dict]:
    """css class -> Pygments style (color without '#', bold, italic, underline) of every standard token type."""
    try:
        style = get_style_by_name(style_name)
    except ClassNotFound:
        style = get_style_by_name("default")
    return {css: style.style_for_token(token) for token, css in STANDARD_TYPES.items() if css}


def _rule(selector: str, declarations: list[str]) -> str:
    return f"{selector} {{ {'; '.join(declarations)} }}" if declarations else ""


def _svg_uri(svg: str) -> str:
    return 'url("data:image/svg+xml,' + quote(svg, safe=" =:/;,'") + '")'


def marks_css(tokens: dict) -> list[str]:
    """The drawn marks: − and + on a changed line's first row, ↳ where a wrapped line continues."""
    red = tokens.get("code-del-mark", tokens.get("red", "#c00"))
    green = tokens.get("code-add-mark", tokens.get("green", "#080"))
    muted = tokens.get("code-muted", tokens.get("muted", "#888"))
    svg = "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16' width='16' height='16'>{}</svg>"
    bar = "<path d='{}' fill='none' stroke='{}' stroke-width='2.4' stroke-linecap='round'/>"
    minus = svg.format(bar.format("M3 8h10", red))
    plus = svg.format(bar.format("M3 8h10M8 3v10", green))
    # ↳ drawn in a box one character wide and one line high, repeated down the wrapped rows.
    arrow = ("<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 12 30' width='12' height='30'><path "
             f"d='M3 8v9h7m-3.5-3.5 3.5 3.5-3.5 3.5' fill='none' stroke='{muted}' stroke-width='1.7' "
             "stroke-linecap='round' stroke-linejoin='round'/></svg>")
    return [f".code .line.del::before {{ background-image: {_svg_uri(minus)} }}",
            f".code .line.add::before {{ background-image: {_svg_uri(plus)} }}",
            f".code .line::after {{ background-image: {_svg_uri(arrow)} }}"]


@lru_cache(maxsize=16)
def _stylesheet(style_name: str, token_items: tuple) -> str:
    tokens = dict(token_items)
    styles = _token_styles(style_name)
    text = parse_colour(tokens.get("code-text", tokens.get("text"))) or (0.0, 0.0, 0.0, 1.0)
    muted = parse_colour(tokens.get("code-muted", tokens.get("muted"))) or text
    colours = {css: (parse_colour("#" + s["color"]) if s["color"] else None) for css, s in styles.items()}
    rules = []
    for css, style in styles.items():
        declarations = [f"color: #{style['color']}"] if style["color"] else []
        declarations += ["font-weight: bold"] if style["bold"] else []
        declarations += ["font-style: italic"] if style["italic"] else []
        rules.append(_rule(f".code .{css}", declarations))
    rules.append(f".code .ln {{ color: {hex_colour(muted)} }}")
    # What each surface shows: the colour in effect there (a rule of the surface beneath it may apply), made
    # readable where it is not.
    found = surfaces(tokens)
    effective: dict[str, dict] = {}
    for name, (selector, _) in SURFACES.items():
        if name not in found:
            continue
        parent = effective.get(INHERITS.get(name), {})
        here = {}
        for css, original in [("", text), ("ln", muted)] + [(c, v) for c, v in colours.items() if v]:
            shown = parent.get(css, original)
            if ratio(shown, found[name]) < NORMAL:
                shown = readable(original, found[name])
                target = selector if not css else f"{selector} .{css}"
                rules.append(_rule(target, [f"color: {hex_colour(shown)}"]))
            here[css] = shown
        effective[name] = here
    rules += [f".code .line.i{n} {{ --i: {n} }}" for n in range(1, MAX_INDENT + 1)]
    return "\n".join(rule for rule in rules + marks_css(tokens) if rule)


def stylesheet(style_name: str, tokens: dict) -> str:
    """The code CSS of a theme: its Pygments colours, fixed where a surface needs it, indents and drawn marks."""
    return _stylesheet(style_name, tuple(sorted((str(k), str(v)) for k, v in tokens.items())))
