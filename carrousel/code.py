"""Source code for slides: Pygments highlighting split into lines, and line diffs."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from markupsafe import Markup, escape
from pygments.lexers import get_lexer_by_name
from pygments.token import STANDARD_TYPES
from pygments.util import ClassNotFound


@dataclass(frozen=True)
class CodeLine:
    """One highlighted line and its change mark: '' (same), 'del' or 'add'."""

    html: Markup
    mark: str = ""


def _css_class(token_type) -> str:
    while token_type not in STANDARD_TYPES:
        token_type = token_type.parent
    return STANDARD_TYPES[token_type]


def highlight_lines(code: str, language: str) -> list[Markup]:
    """Highlight code with Pygments and return one HTML string per line."""
    try:
        lexer = get_lexer_by_name(language or "text", stripnl=False, ensurenl=False)
    except ClassNotFound:
        lexer = get_lexer_by_name("text", stripnl=False, ensurenl=False)
    lines, current = [], []
    for token_type, value in lexer.get_tokens(code.rstrip("\n")):
        css = _css_class(token_type)
        for i, part in enumerate(value.split("\n")):
            if i:
                lines.append(Markup("".join(current)))
                current = []
            if part:
                text = escape(part)
                current.append(f'<span class="{css}">{text}</span>' if css else str(text))
    lines.append(Markup("".join(current)))
    return lines


def code_lines(code: str, language: str) -> list[CodeLine]:
    """A code block as highlighted lines, none marked."""
    return [CodeLine(html) for html in highlight_lines(code, language)]


def diff_lines(before: str, after: str, language: str) -> tuple[list[CodeLine], list[CodeLine]]:
    """Highlighted lines of a before/after pair, with removed and added lines marked."""
    old, new = before.rstrip("\n").split("\n"), after.rstrip("\n").split("\n")
    old_html, new_html = highlight_lines(before, language), highlight_lines(after, language)
    old_marks, new_marks = [""] * len(old), [""] * len(new)
    matcher = difflib.SequenceMatcher(a=[l.strip() for l in old], b=[l.strip() for l in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            old_marks[i1:i2] = ["del"] * (i2 - i1)
        if tag in ("replace", "insert"):
            new_marks[j1:j2] = ["add"] * (j2 - j1)
    return ([CodeLine(h, m) for h, m in zip(old_html, old_marks)],
            [CodeLine(h, m) for h, m in zip(new_html, new_marks)])


def style_css(style: str, scope: str = ".code") -> str:
    """Pygments token colours for a style, scoped under one class."""
    from pygments.formatters import HtmlFormatter

    css = HtmlFormatter(style=style).get_style_defs(scope)
    # Keep only token rules: the formatter's own background/line rules would fight the theme.
    return "\n".join(line for line in css.splitlines() if line.startswith(f"{scope} .") and " .hll " not in line)
