"""CSS sizes bounded before layout: absurd ones make Pango overflow (font-size: 1e9px crashes the layout).

Values are read with tinycss2 (escapes decoded: `1e9p\\78` is 1e9px), and
calc(), min(), max(), clamp() and var() are bounded from above: the largest
size a declaration can come to is checked, whatever the element it lands on.
"""

from __future__ import annotations

import re
from functools import lru_cache

from carrousel.errors import CarrouselError

MAX_FONT_PX = 2000
MAX_LENGTH_PX = 100_000
PX = {"px": 1, "pt": 4 / 3, "pc": 16, "in": 96, "cm": 96 / 2.54, "mm": 96 / 25.4, "q": 96 / 101.6, "em": 16,
      "rem": 16, "ex": 8, "ch": 8, "vw": 10.8, "vh": 13.5, "vmin": 10.8, "vmax": 13.5, "%": 0.16}
_STYLES = re.compile(r"<style[^>]*>(.*?)</style>|\sstyle\s*=\s*\"([^\"]*)\"", re.DOTALL | re.IGNORECASE)
_DEPTH = 20  # var() within var(): deeper is a loop (invalid in CSS anyway)


def check_document(html: str, css: str, where: str) -> None:
    """check_css on a stylesheet and on the <style> blocks and style attributes of a document."""
    sheet = _declarations(css, False)
    extra = []
    for block, attribute in _STYLES.findall(html):
        extra += _declarations(block, False) if block else _declarations(attribute, True)
    if not extra:
        return _check_cached(css, where)
    if not any(name.startswith("--") for name, _, _ in extra):
        # The document sets no custom property: the stylesheet's own declarations come to what they came to when
        # it was checked; only the document's are (~5 ms a slide instead of checking the theme's again).
        _check(extra, _sheet_custom(css), where)
        return _check_cached(css, where)
    custom = _custom(sheet + extra)
    # The stylesheet's own declarations may take a custom property the document sets: those are checked again.
    _check(extra + [d for d in sheet if "var(" in d[1].lower()], custom, where)
    _check_cached(css, where)


def check_css(css: str, where: str) -> None:
    """Refuse font sizes over MAX_FONT_PX and any length over MAX_LENGTH_PX in a stylesheet."""
    declarations = _declarations(css, False)
    _check(declarations, _custom(declarations), where)


def _check_cached(css: str, where: str) -> None:
    problem = _problem(css)  # slides, and the service's requests, share their stylesheet: check it once
    if problem is not None:
        raise CarrouselError(problem.message, file=where, hint=problem.hint)


@lru_cache(maxsize=8)
def _problem(css: str) -> CarrouselError | None:
    try:
        check_css(css, "")
    except CarrouselError as err:
        return err
    return None


@lru_cache(maxsize=8)
def _sheet_custom(css: str) -> dict[str, list]:
    return _custom(_declarations(css, False))


@lru_cache(maxsize=64)
def _declarations(text: str, inline: bool) -> list[tuple]:
    """[(property, value as written, value tokens)] of a stylesheet (at-rules included) or a style attribute."""
    import tinycss2

    found = []

    def take(items) -> None:
        for item in items:
            if item.type == "declaration":
                written = tinycss2.serialize(item.value).strip() + (" !important" if item.important else "")
                found.append((item.lower_name if not item.name.startswith("--") else item.name, written, item.value))
            elif item.type in ("qualified-rule", "at-rule") and item.content is not None:
                nested = tinycss2.parse_blocks_contents(item.content, skip_comments=True, skip_whitespace=True)
                take(nested)
                # @media and the like hold rules, not declarations: read them as a stylesheet too.
                if any(n.type == "error" for n in nested):
                    take(tinycss2.parse_rule_list(item.content, skip_comments=True, skip_whitespace=True))

    if inline:
        take(tinycss2.parse_blocks_contents(text, skip_comments=True, skip_whitespace=True))
    else:
        take(tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True))
    return found


def _custom(declarations: list[tuple]) -> dict[str, list]:
    """Every value given to each custom property (--name), anywhere."""
    custom: dict[str, list] = {}
    for name, _, tokens in declarations:
        if name.startswith("--"):
            custom.setdefault(name, []).append(tokens)
    return custom


def _check(declarations: list[tuple], custom: dict, where: str) -> None:
    for name, written, tokens in declarations:
        if name.startswith("--"):
            continue  # checked where it is used
        sizes = [px for px, length in (_bound(token, custom, 0) for token in tokens) if length]
        if name == "font":  # the first size of the shorthand is the font size
            font = sizes[0] if sizes else 0.0
        else:
            font = max(sizes, default=0.0) if name == "font-size" else 0.0
        for px, limit in ((font, MAX_FONT_PX), (max(sizes, default=0.0), MAX_LENGTH_PX)):
            if px > limit:
                raise CarrouselError(f"CSS '{name}: {written[:60]}' is about {px:.3g} px; at most {limit} px",
                                     file=where, hint="use a reasonable size in the theme's CSS")


def _bound(token, custom: dict, depth: int) -> tuple[float, bool]:
    """(the largest magnitude a component value can come to, whether it is a size in px)."""
    kind = token.type
    if kind == "dimension":
        factor = PX.get(token.lower_unit)
        return (abs(float(token.value)) * factor, True) if factor else (0.0, False)
    if kind == "percentage":
        return abs(float(token.value)) * PX["%"], True
    if kind == "number":
        return abs(float(token.value)), False
    if kind == "function":
        return _function(token, custom, depth)
    if kind in ("() block", "[] block"):
        return _expression(token.content, custom, depth)
    return 0.0, False


def _function(token, custom: dict, depth: int) -> tuple[float, bool]:
    name = token.lower_name
    if name == "var":
        if depth >= _DEPTH:
            return 0.0, False
        args = _split(token.arguments)
        ref = next((t.value for t in args[0] if t.type == "ident"), "") if args else ""
        values = list(custom.get(ref, []))
        if len(args) > 1:
            values.append(args[1])
        return _largest([_expression(value, custom, depth + 1) for value in values])
    if name == "calc":
        return _expression(token.arguments, custom, depth)
    # min(), max(), clamp() and any other function: its largest argument.
    return _largest([_expression(arg, custom, depth) for arg in _split(token.arguments)])


def _largest(bounds: list[tuple[float, bool]]) -> tuple[float, bool]:
    return max((b[0] for b in bounds), default=0.0), any(b[1] for b in bounds)


def _split(tokens: list) -> list[list]:
    """Arguments separated by commas."""
    args, current = [], []
    for token in tokens:
        if token.type == "literal" and token.value == ",":
            args.append(current)
            current = []
        elif token.type not in ("whitespace", "comment"):
            current.append(token)
    return [*args, current] if current or args else []


def _expression(tokens: list, custom: dict, depth: int) -> tuple[float, bool]:
    """Upper bound of |expression|: terms add up (values side by side too), factors multiply, a division by a small
    number grows; a size if any factor is one."""
    total, product, length, operator, seen = 0.0, 1.0, False, None, False
    for token in tokens:
        if token.type in ("whitespace", "comment"):
            continue
        if token.type == "literal" and token.value in ("*", "/"):
            operator = token.value
            continue
        if token.type == "literal" and token.value in ("+", "-"):
            operator = "+"
            continue
        if token.type not in ("dimension", "percentage", "number", "function", "() block", "[] block"):
            continue  # an identifier, a string: no size
        value, is_length = _bound(token, custom, depth)
        length = length or is_length
        if seen and operator in ("*", "/"):
            try:
                product = product / value if operator == "/" else product * value
            except ZeroDivisionError:
                product = float("inf")
        else:
            total += product if seen else 0.0
            product = value
        operator, seen = None, True
    return total + (product if seen else 0.0), length
