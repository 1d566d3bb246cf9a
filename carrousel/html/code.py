"""Source code for slides: Pygments highlighting split into lines, and line diffs."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from itertools import accumulate

from markupsafe import Markup, escape
from pygments.lexers import get_lexer_by_name
from pygments.token import STANDARD_TYPES
from pygments.util import ClassNotFound

from carrousel.errors import CarrouselError


@dataclass(frozen=True)
class CodeLine:
    """One highlighted line, its change mark ('' same, 'del', 'add', 'hl' highlighted) and number."""

    html: Markup
    mark: str = ""
    number: int = 0


def _css_class(token_type) -> str:
    while token_type not in STANDARD_TYPES:
        token_type = token_type.parent
    return STANDARD_TYPES[token_type]


def _tokens_by_line(code: str, language: str) -> list[list[tuple[str, str]]]:
    """Pygments tokens as (css class, text) pieces, one list per line."""
    try:
        lexer = get_lexer_by_name(language or "text", stripnl=False, ensurenl=False)
    except ClassNotFound:
        lexer = get_lexer_by_name("text", stripnl=False, ensurenl=False)
    lines: list[list[tuple[str, str]]] = [[]]
    for token_type, value in lexer.get_tokens(code.rstrip("\n")):
        css = _css_class(token_type)
        for i, part in enumerate(value.split("\n")):
            if i:
                lines.append([])
            if part:
                lines[-1].append((css, part))
    return lines


def _render(pieces: list[tuple[str, str]], changed: list[tuple[int, int]] = (), mark: str = "") -> Markup:
    """One line of tokens as HTML; characters in `changed` ranges are wrapped in <mark>."""
    out, pos = [], 0
    for css, text in pieces:
        cuts = sorted({0, len(text)} | {min(max(b - pos, 0), len(text)) for a, b in changed}
                      | {min(max(a - pos, 0), len(text)) for a, b in changed})
        for a, b in zip(cuts, cuts[1:]):
            part = str(escape(text[a:b]))
            if css:
                part = f'<span class="{css}">{part}</span>'
            if any(x <= pos + a and pos + b <= y for x, y in changed):
                part = f'<mark class="w{mark}">{part}</mark>'
            out.append(part)
        pos += len(text)
    return Markup("".join(out))


def highlight_lines(code: str, language: str) -> list[Markup]:
    """Highlight code with Pygments and return one HTML string per line."""
    return [_render(pieces) for pieces in _tokens_by_line(code, language)]


def parse_lines(spec, count: int) -> set[int]:
    """`2,4-6` -> {2, 4, 5, 6}; numbers outside 1..count are an error."""
    chosen: set[int] = set()
    for part in str(spec or "").replace(" ", "").split(","):
        if not part:
            continue
        first, _, last = part.partition("-")
        if not (first.isdigit() and (not last or last.isdigit())):
            raise CarrouselError(f"cannot read line numbers '{spec}'", field="highlight",
                                 hint="give line numbers like 2 or 2,4-6")
        lo, hi = int(first), int(last or first)
        if not 1 <= lo <= hi <= count:
            raise CarrouselError(f"line {hi if lo <= hi else lo} is outside the code (1-{count})", field="highlight")
        chosen.update(range(lo, hi + 1))
    return chosen


def code_lines(code: str, language: str, highlight=None) -> list[CodeLine]:
    """A code block as highlighted lines; lines listed in `highlight` (`2,4-6`) are marked 'hl'."""
    lines = highlight_lines(code, language)
    chosen = parse_lines(highlight, len(lines))
    return [CodeLine(html, "hl" if n in chosen else "", n) for n, html in enumerate(lines, 1)]


def _word_ranges(old: str, new: str) -> tuple[list, list]:
    """Character ranges that differ between two lines, compared word by word."""
    split = re.compile(r"\w+|\s+|[^\w\s]")
    a, b = split.findall(old), split.findall(new)
    offsets_a = [0] + list(accumulate(len(w) for w in a))
    offsets_b = [0] + list(accumulate(len(w) for w in b))
    del_ranges, add_ranges = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag in ("replace", "delete") and i2 > i1:
            del_ranges.append((offsets_a[i1], offsets_a[i2]))
        if tag in ("replace", "insert") and j2 > j1:
            add_ranges.append((offsets_b[j1], offsets_b[j2]))
    return del_ranges, add_ranges


def diff_lines(before: str, after: str, language: str) -> tuple[list[CodeLine], list[CodeLine]]:
    """Highlighted lines of a before/after pair: changed lines marked, changed words wrapped in <mark>."""
    old, new = before.rstrip("\n").split("\n"), after.rstrip("\n").split("\n")
    old_tokens, new_tokens = _tokens_by_line(before, language), _tokens_by_line(after, language)
    old_marks, new_marks = [""] * len(old), [""] * len(new)
    old_words: dict[int, list] = {}
    new_words: dict[int, list] = {}
    matcher = difflib.SequenceMatcher(a=[l.strip() for l in old], b=[l.strip() for l in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            old_marks[i1:i2] = ["del"] * (i2 - i1)
        if tag in ("replace", "insert"):
            new_marks[j1:j2] = ["add"] * (j2 - j1)
        if tag == "replace" and i2 - i1 == j2 - j1:
            # Line pairs that were edited, not rewritten: mark the words that changed.
            for i, j in zip(range(i1, i2), range(j1, j2)):
                if difflib.SequenceMatcher(a=old[i], b=new[j], autojunk=False).ratio() >= 0.5:
                    old_words[i], new_words[j] = _word_ranges(old[i], new[j])
    return ([CodeLine(_render(old_tokens[i], old_words.get(i, ()), "del"), old_marks[i], i + 1)
             for i in range(len(old))],
            [CodeLine(_render(new_tokens[j], new_words.get(j, ()), "add"), new_marks[j], j + 1)
             for j in range(len(new))])


def style_css(style: str, scope: str = ".code") -> str:
    """Pygments token colours for a style, scoped under one class."""
    from pygments.formatters import HtmlFormatter

    css = HtmlFormatter(style=style).get_style_defs(scope)
    # Keep only token rules: the formatter's own background/line rules would fight the theme.
    return "\n".join(line for line in css.splitlines() if line.startswith(f"{scope} .") and " .hll " not in line)
