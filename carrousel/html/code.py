"""Source code for slides: Pygments highlighting split into lines, and line diffs with runs of changed words."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from itertools import accumulate, pairwise

from markupsafe import Markup, escape
from pygments.lexers import get_lexer_by_name
from pygments.token import STANDARD_TYPES
from pygments.util import ClassNotFound

from carrousel.errors import CarrouselError

TAB = 4  # columns of a tab (base.css sets the same tab-size)
MAX_INDENT = 16  # a wrapped line hangs at its own indentation, up to this many columns
MOSTLY = 0.5  # a line whose changed words are more than this share of it is marked as a whole line
_WORDS = re.compile(r"\w+|\s+|[^\w\s]")
# Where a row may break inside a long run of code, besides spaces: after these, before a visible character.
# (WeasyPrint does not break a word made of several highlighted tokens where it passes the panel's edge; a <wbr>
# is a break that draws nothing and adds no text to the PDF.)
_BREAK_AFTER = re.compile(r"(::|->|=>|[.,;(\[{/])(?=[^\s.,;)\]}:>])")


@dataclass(frozen=True)
class CodeLine:
    """One highlighted line: its HTML, change mark ('' same, 'del', 'add', 'hl' highlighted), number, indentation."""

    html: Markup
    mark: str = ""
    number: int = 0
    indent: int = 0  # columns of leading whitespace, capped at MAX_INDENT: where a wrapped line continues


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


def _render(pieces: list[tuple[str, str]], changed=(), mark: str = "") -> Markup:
    """One line of tokens as HTML; characters in `changed` ranges are wrapped in <mark>, one per run."""
    breaks = {found.end(1) for found in _BREAK_AFTER.finditer("".join(text for _, text in pieces))}
    out, pos, run = [], 0, None  # run: the range whose <mark> is open
    for css, text in pieces:
        edges = {edge for span in changed for edge in span} | breaks
        cuts = sorted({0, len(text)} | {min(max(edge - pos, 0), len(text)) for edge in edges})
        for a, b in pairwise(cuts):
            part = str(escape(text[a:b]))
            if css:
                part = f'<span class="{css}">{part}</span>'
            inside = next((span for span in changed if span[0] <= pos + a and pos + b <= span[1]), None)
            if inside != run:
                out.append("</mark>" if run else "")
                out.append(f'<mark class="w{mark}">' if inside else "")
                run = inside
            out.append(part + ("<wbr>" if pos + b in breaks else ""))
        pos += len(text)
    if run:
        out.append("</mark>")
    return Markup("".join(out))


def indent_of(text: str) -> int:
    """Columns of leading whitespace (a tab is TAB columns), capped at MAX_INDENT."""
    columns = 0
    for char in text:
        if char == " ":
            columns += 1
        elif char == "\t":
            columns += TAB - columns % TAB
        else:
            break
    return min(columns, MAX_INDENT)


def highlight_lines(code: str, language: str) -> list[Markup]:
    """Highlight code with Pygments and return one HTML string per line."""
    return [_render(pieces) for pieces in _tokens_by_line(code, language)]


def parse_lines(spec, count: int, field: str = "highlight") -> set[int]:
    """`2,4-6` -> {2, 4, 5, 6}; numbers outside 1..count are an error."""
    chosen: set[int] = set()
    for part in str(spec or "").replace(" ", "").split(","):
        if not part:
            continue
        first, _, last = part.partition("-")
        if not (first.isdigit() and (not last or last.isdigit())):
            raise CarrouselError(f"cannot read line numbers '{spec}'", field=field,
                                 hint="give line numbers like 2 or 2,4-6")
        lo, hi = int(first), int(last or first)
        if not 1 <= lo <= hi <= count:
            raise CarrouselError(f"line {max(hi, lo)} is outside the code (1-{count})", field=field)
        chosen.update(range(lo, hi + 1))
    return chosen


def code_lines(code: str, language: str, highlight=None, part=None) -> list[CodeLine]:
    """A code block as highlighted lines; lines listed in `highlight` (`2,4-6`) are marked 'hl'.

    `part` (an object with `first` and `last`, 1-based) keeps only those lines: a block split over slides is
    highlighted whole (a string may span lines) and each slide shows its share, numbered as in the whole.
    """
    lines = highlight_lines(code, language)
    chosen = parse_lines(highlight, len(lines))
    texts = code.rstrip("\n").split("\n")
    first, last = (part.first, part.last) if part is not None else (1, len(lines))
    return [CodeLine(html, "hl" if n in chosen else "", n, indent_of(texts[n - 1]))
            for n, html in enumerate(lines, 1) if first <= n <= last]


def _runs(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Changed spans joined into runs: whitespace between two changes belongs to the run, whitespace at its ends
    (or alone) is never marked."""
    runs: list[list[int]] = []
    for start, end in sorted(spans):
        if runs and not text[runs[-1][1]:start].strip():
            runs[-1][1] = max(runs[-1][1], end)
        else:
            runs.append([start, end])
    out = []
    for start, end in runs:
        piece = text[start:end]
        start, end = start + len(piece) - len(piece.lstrip()), end - (len(piece) - len(piece.rstrip()))
        if end > start:
            out.append((start, end))
    return out


def _changed_share(text: str, runs: list[tuple[int, int]]) -> float:
    """The share of a line's visible characters that its runs cover."""
    visible = len("".join(text.split()))
    return sum(len("".join(text[a:b].split())) for a, b in runs) / visible if visible else 0.0


def word_runs(old: str, new: str) -> tuple[list, list] | None:
    """Runs of changed words in a pair of lines (removed, added), or None when a line is mostly changed."""
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    offsets_a = [0] + list(accumulate(len(w) for w in a))
    offsets_b = [0] + list(accumulate(len(w) for w in b))
    removed, added = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag in ("replace", "delete") and i2 > i1:
            removed.append((offsets_a[i1], offsets_a[i2]))
        if tag in ("replace", "insert") and j2 > j1:
            added.append((offsets_b[j1], offsets_b[j2]))
    removed, added = _runs(old, removed), _runs(new, added)
    if _changed_share(old, removed) > MOSTLY or _changed_share(new, added) > MOSTLY:
        return None
    return removed, added


def _pairs(old: list[str], new: list[str]) -> list[tuple[int, int]]:
    """Lines of a replaced block that are edits of each other: each old line with the closest new line after the
    last one paired, when they are at least half alike."""
    pairs, after = [], 0
    for i, line in enumerate(old):
        best, score = None, 0.5
        for j in range(after, len(new)):
            ratio = difflib.SequenceMatcher(a=line.strip(), b=new[j].strip(), autojunk=False).ratio()
            if ratio >= score:
                best, score = j, ratio
        if best is not None:
            pairs.append((i, best))
            after = best + 1
    return pairs


def diff_lines(before: str, after: str, language: str, compare: bool = True) -> tuple[list[CodeLine], list[CodeLine]]:
    """Highlighted lines of a before/after pair: changed lines marked, runs of changed words wrapped in <mark>.

    With compare false the two are shown as they are (code that is not an edit of the other).
    """
    old, new = before.rstrip("\n").split("\n"), after.rstrip("\n").split("\n")
    old_tokens, new_tokens = _tokens_by_line(before, language), _tokens_by_line(after, language)
    old_marks, new_marks = [""] * len(old), [""] * len(new)
    old_words: dict[int, list] = {}
    new_words: dict[int, list] = {}
    matcher = difflib.SequenceMatcher(a=[l.strip() for l in old], b=[l.strip() for l in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes() if compare else ():
        if tag in ("replace", "delete"):
            old_marks[i1:i2] = ["del"] * (i2 - i1)
        if tag in ("replace", "insert"):
            new_marks[j1:j2] = ["add"] * (j2 - j1)
        if tag == "replace":
            for i, j in _pairs(old[i1:i2], new[j1:j2]):
                runs = word_runs(old[i1 + i], new[j1 + j])
                if runs:
                    old_words[i1 + i], new_words[j1 + j] = runs
    return ([CodeLine(_render(old_tokens[i], old_words.get(i, ()), "del"), old_marks[i], i + 1, indent_of(old[i]))
             for i in range(len(old))],
            [CodeLine(_render(new_tokens[j], new_words.get(j, ()), "add"), new_marks[j], j + 1, indent_of(new[j]))
             for j in range(len(new))])
