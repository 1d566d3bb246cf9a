"""LaTeX math -> vector SVG (glyphs as paths, in a given colour and size), and finding $…$ in text.

Engine: ziamath 0.13 (MIT): LaTeX through latex2mathml, laid out with the OpenType MATH table of
its bundled STIX Two Math font, 5 to 20 ms a formula, no TeX install; every glyph is a path, so the
PDF needs no math font. Compared: matplotlib's mathtext (a smaller TeX subset, a 0.7 s import,
and its SVG lays glyphs out as <use> of shared defs), which is only worth it when a post already has
a chart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from carrousel.errors import CarrouselError, did_you_mean


def mistakes() -> tuple[type[Exception], ...]:
    """What latex2mathml and ziamath raise on a bad formula: their own classes, or a failed assertion deep in the
    layout."""
    from latex2mathml import exceptions

    own = tuple(v for v in vars(exceptions).values() if isinstance(v, type) and issubclass(v, Exception))
    return (*own, AssertionError, LookupError, ValueError, TypeError, ArithmeticError)


@dataclass(frozen=True)
class Formula:
    """A rendered formula: SVG, size in px, depth below the baseline (px), and its source as alt text."""

    svg: str
    width: float
    height: float
    depth: float  # inline math sits on the text's baseline with `vertical-align: -depth px`
    latex: str
    display: bool


@dataclass(frozen=True)
class MathSpan:
    """Where math sits in a text: [start, end) including the dollars, its LaTeX, and whether it is $$display$$."""

    start: int
    end: int
    latex: str
    display: bool


def render(latex: str, colour: str, size: float, display: bool = False) -> Formula:
    """Draw LaTeX math at size px in colour: display style (centred, big operators) or inline (text style)."""
    import ziamath

    check_commands(latex)
    known_mistakes = mistakes()
    previous = ziamath.config.svg2
    ziamath.config.svg2 = False  # glyphs as plain paths: no <symbol>/<use> ids to clash when inlined
    try:
        svg = ziamath.Latex(latex, size=size, color=colour, inline=not display).svg()
    except CarrouselError:
        raise
    except known_mistakes as error:  # one class per mistake, with no message
        raise latex_error(latex, error) from None
    finally:
        ziamath.config.svg2 = previous
    box = re.search(r'viewBox="([^"]+)"', svg).group(1).split()
    top, height = float(box[1]), float(box[3])
    return Formula(svg, round(float(box[2]), 3), round(height, 3), round(top + height, 3), latex, display)


def check_commands(latex: str) -> None:
    """Refuse a LaTeX command latex2mathml does not know (it would be drawn as its letters)."""
    from latex2mathml.converter import convert

    known_mistakes = mistakes()
    try:
        mathml = convert(latex)
    except known_mistakes as error:
        raise latex_error(latex, error) from None
    unknown = re.search(r">(\\[A-Za-z]+)<", mathml)
    if unknown:
        name = unknown.group(1)
        raise CarrouselError(f"unknown LaTeX command {name} in ${latex}$",
                             hint=did_you_mean(name, known_commands()) or "see the latex2mathml list of commands")


def latex_error(latex: str, error: Exception) -> CarrouselError:
    """A one-line error from a latex2mathml/ziamath exception (its class name says what is wrong)."""
    if type(error).__module__.startswith("latex2mathml"):
        words = re.sub(r"(?<!^)(?=[A-Z])", " ", type(error).__name__.removesuffix("Error")).lower()
        words += f": {error}" if str(error) else ""
    else:  # an assertion or index error deep in the layout: the formula is cut short
        words = "the formula is incomplete or malformed"
    return CarrouselError(f"LaTeX error in ${latex}$: {words}", hint="check the braces, ^ and _ of the formula")


def known_commands() -> set[str]:
    """Every command latex2mathml converts (for 'did you mean')."""
    from latex2mathml import commands, symbols_parser

    names = {value for value in vars(commands).values() if isinstance(value, str) and value.startswith("\\")}
    return names | {name for name in symbols_parser.parse_symbols() if name.startswith("\\")}


def find_math(text: str) -> list[MathSpan]:
    """The math in a text: $$display$$ and $inline$ (pandoc's rules, so "costs $5 and $10" stays text)."""
    spans = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2  # an escaped character (\$ is a literal dollar) is never a delimiter
            continue
        if char != "$":
            index += 1
            continue
        display = text.startswith("$$", index)
        opener = 2 if display else 1
        close = next_dollar(text, index + opener)
        if close is not None and display and text.startswith("$$", close) and text[index + 2:close].strip():
            spans.append(MathSpan(index, close + 2, text[index + 2:close].strip(), True))
            index = close + 2
        elif close is not None and not display and inline_ok(text, index, close):
            spans.append(MathSpan(index, close + 1, text[index + 1:close], False))
            index = close + 1
        else:
            index += opener  # not math: this dollar is text
    return spans


def next_dollar(text: str, start: int) -> int | None:
    """The index of the next unescaped $ from start, or None."""
    index = start
    while index < len(text):
        if text[index] == "\\":
            index += 2
        elif text[index] == "$":
            return index
        else:
            index += 1
    return None


def inline_ok(text: str, opening: int, closing: int) -> bool:
    """Whether $…$ at these dollars is inline math: non-space inside both ends, no digit after, one paragraph."""
    inner = text[opening + 1:closing]
    after = text[closing + 1:closing + 2]
    return bool(inner) and not inner[0].isspace() and not inner[-1].isspace() and not after.isdigit() \
        and "\n\n" not in inner


def split_math(text: str) -> list[str | MathSpan]:
    """The text cut into plain pieces (with \\$ turned into $) and math spans, in order."""
    pieces: list[str | MathSpan] = []
    last = 0
    for span in find_math(text):
        if span.start > last:
            pieces.append(text[last:span.start].replace("\\$", "$"))
        pieces.append(span)
        last = span.end
    if last < len(text):
        pieces.append(text[last:].replace("\\$", "$"))
    return pieces
