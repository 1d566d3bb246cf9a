"""The slide markup contract: how templates/base.html marks a page and a slide.

The only module that knows it. Every slide is `<div class="pg"><section
class="slide …" id="sN" data-number="N+1">`: the page block holds one slide,
`id` is its 0-based index (kept when a document holds only some slides of a
deck), `data-number` its number as people count.
"""

from __future__ import annotations

import re

from carrousel.errors import CarrouselError

PAGE_OPEN = '<div class="pg">'
SLIDE_OPEN = PAGE_OPEN + '<section class="slide'
_SLIDE_ID = re.compile(r'<section [^>]*\bid="s(\d+)"')
_SLIDE_NUMBER = re.compile(r'<section class="slide[^"]*"[^>]*data-number="(\d+)"')
_GROW = re.compile(r'<div class="body\b[^"]*"[^>]*\bdata-grow="([^"]*)"')


def split(document: str, count: int, where: str) -> list[str]:
    """One HTML document per slide: the head, that slide's page block, the tail."""
    head, *parts = document.split(SLIDE_OPEN)
    if len(parts) != count:
        raise CarrouselError(f"found {len(parts)} slide blocks for {count} slides", file=where,
                             hint=f'templates/base.html must wrap each slide as {SLIDE_OPEN} …')
    cut = parts[-1].rfind("</body>")
    tail, parts[-1] = parts[-1][cut:], parts[-1][:cut]
    return [head + SLIDE_OPEN + part + tail for part in parts]


def joined(documents: list[str]) -> str:
    """Slides' documents (made by split) as one again: the head, their page blocks in order, the tail."""
    head, _, tail = pages(documents[0])
    return head + "".join(block for document in documents for block in pages(document)[1].values()) + tail


def pages(document: str) -> tuple[str, dict[int, str], str]:
    """Head (up to the first page block), each page block by its slide's index, tail (from </body>)."""
    start = document.index(PAGE_OPEN)
    end = document.rindex("</body>")
    blocks = {}
    for part in document[start:end].split(PAGE_OPEN)[1:]:
        found = _SLIDE_ID.search(part)
        if found:
            blocks[int(found.group(1))] = PAGE_OPEN + part
    return document[:start], blocks, document[end:]


def scale_rule(index: int, scale: float) -> str:
    """The CSS that sets a slide's text scale (`--fs`, which the theme's sizes multiply)."""
    return f"#s{index}{{--fs:{scale:.4f}}}"


def is_slide(tag: str, classes: list[str], element_id: str | None) -> bool:
    """Whether an element opens a slide."""
    return tag == "section" and "slide" in classes and (element_id or "")[1:].isdigit()


def index_of(element_id: str) -> int:
    """A slide element's 0-based index, from its id."""
    return int(element_id[1:])


def number_before(document: str, position: int) -> int | None:
    """The number of the slide whose markup holds the given position of the document (None: before any slide)."""
    numbers = _SLIDE_NUMBER.findall(document, 0, position)
    return int(numbers[-1]) if numbers else None


# Fill: slide.html writes the theme's placement and growth limit on each slide's body,
# `<div class="body" data-place="center" data-grow="1.5">`; a kind marks the rows that
# `spread` placement opens up with the class `spread`.
PLACES = ("top", "center", "spread")
PLACE_DEFAULT = "top"


def is_body(classes: list[str]) -> bool:
    """Whether an element (a slide's child) is the slide's body."""
    return "body" in classes


def is_spread(classes: list[str]) -> bool:
    """Whether an element holds the rows that `spread` placement opens up."""
    return "spread" in classes


def is_bleed(classes: list[str]) -> bool:
    """Whether an element is drawn past the safe area's sides on purpose (a full-bleed picture)."""
    return "bleed" in classes


def is_code_line(tag: str, classes: list[str]) -> bool:
    """Whether an element is one line of a code block (growing text must not break it in two)."""
    return tag == "span" and "line" in classes


def placement(body) -> tuple[str, float]:
    """(place, largest text scale) written on a slide's body element; (top, 1) when it has none."""
    if body is None:
        return PLACE_DEFAULT, 1.0
    place = body.get("data-place") or PLACE_DEFAULT
    return (place if place in PLACES else PLACE_DEFAULT), _grow(body.get("data-grow"))


def grow_limits(document: str) -> dict[int, float]:
    """Each slide's largest text scale, by index, read from the markup before any layout."""
    limits = {}
    for index, block in pages(document)[1].items():
        found = _GROW.search(block)
        limits[index] = _grow(found.group(1) if found else None)
    return limits


def _grow(value: str | None) -> float:
    try:
        grow = float(value or 1)
    except ValueError:
        grow = 1.0
    return max(1.0, min(grow, 3.0))
