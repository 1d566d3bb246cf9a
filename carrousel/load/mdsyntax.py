"""The component syntax of Markdown bodies, one parser each; read by the loader and by the HTML stage.

    !!! callout amber          a box: a box name, then a tone; its body is the
        Drop **unused** ones.  indented lines under it (and lines right below it)

    [[green: low risk]]        a tag pill: `[[text]]`, or `[[tone: text]]`
"""

from __future__ import annotations

import re
from typing import NamedTuple

from carrousel.errors import CarrouselError, choices_hint

TONES = ("default", "green", "blue", "amber", "red")
BOXES = ("annotation", "callout")

TAG = re.compile(r"\[\[(.+?)\]\]")
_MARKER = re.compile(rf"^!!! *({'|'.join(BOXES)})(?=\s|$)(.*)$")
TAB = 4  # columns of a tab, and the most indentation a box body loses (Python-Markdown's tab_length)


class Tag(NamedTuple):
    """A tag pill: its text (inline Markdown) and tone."""

    text: str
    tone: str


class Box(NamedTuple):
    """A `!!!` box: its name (annotation, callout) and tone."""

    name: str
    tone: str


def tag(inner: str) -> Tag:
    """What is between `[[` and `]]`: `tone: text`, or text in the default tone."""
    text = inner.strip()
    head, sep, tail = text.partition(":")
    if sep and head.strip() in TONES:
        return Tag(tail.strip(), head.strip())
    return Tag(text, "default")


def trailing_tag(text: str) -> tuple[str, Tag] | None:
    """The text before a `[[tag]]` that ends it, and that tag; None when it does not end with one."""
    found = list(TAG.finditer(text))
    if not found or text[found[-1].end():].strip():
        return None
    return text[:found[-1].start()].rstrip(), tag(found[-1].group(1))


def names_box(line: str) -> bool:
    """Whether line opens a box (`!!! callout …`), its tone right or not."""
    return _MARKER.match(line) is not None


def box(line: str) -> Box | None:
    """The box a `!!! name [tone]` line opens, or None for any other line.

    A line naming a box with anything but one tone after it is an error, not text.
    """
    match = _MARKER.match(line)
    if match is None:
        return None
    words = match.group(2).split()
    if len(words) > 1:
        raise CarrouselError(f"'{line.strip()}' gives more than a tone after the box name",
                             hint=f"write !!! {match.group(1)} amber, then the text indented below")
    if words and words[0] not in TONES:
        raise CarrouselError(f"unknown tone '{words[0]}' in '{line.strip()}'", hint=choices_hint(words[0], TONES))
    return Box(match.group(1), words[0] if words else "default")


def box_extent(lines: list[str]) -> int:
    """How many of lines a box takes, its `!!!` line first.

    Its body: the indented lines under it, or the lines right below it up to a blank line; then any
    indented lines after blank lines.
    """
    end, count = 1, len(lines)
    lazy = end < count and bool(lines[end].strip()) and not _indented(lines[end])
    while end < count and (lines[end].strip() if lazy else _indented(lines[end])):
        end += 1
    while True:
        ahead = end
        while ahead < count and not lines[ahead].strip():
            ahead += 1
        if ahead == count or not _indented(lines[ahead]):
            return end
        end = ahead
        while end < count and _indented(lines[end]):
            end += 1


def _indented(line: str) -> bool:
    return bool(line.strip()) and line[:1] in (" ", "\t")


def box_body(lines: list[str]) -> str:
    """The Markdown inside a box (its lines after the `!!!` one), its indentation removed up to one tab.

    A body written right below the marker, unindented, is taken as it is.
    """
    widths = [_width(line) for line in lines if line.strip()]
    cut = min([width for width in widths if width] + [TAB]) if widths and widths[0] else 0
    return "\n".join(" " * max(_width(line) - cut, 0) + line.lstrip(" \t") if line.strip() else ""
                     for line in lines)


def _width(line: str) -> int:
    """Columns of a line's indentation, tabs expanded."""
    return len(line[:len(line) - len(line.lstrip(" \t"))].expandtabs(TAB))
