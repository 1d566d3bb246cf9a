"""SVGs measured before they are drawn: elements (with every <use> expanded), nesting, text.

WeasyPrint draws an SVG element by element, in Python, and a <use> draws a
copy of what it points at: 16 levels of <use> doubling each other make 65,536
elements out of 1 KB. Such SVGs are refused up front, with the number found.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

from carrousel.errors import CarrouselError

MAX_ELEMENTS = 100_000  # after every <use> is expanded; a detailed diagram has a few thousand
MAX_DEPTH = 100  # nesting, <use> included (WeasyPrint draws recursively)
MAX_TEXT = 100_000  # characters of text, <use> included
_OPEN_TAG = re.compile(rb"<[A-Za-z_]")
_XLINK = "{http://www.w3.org/1999/xlink}href"
_HINT = "simplify the image, or export it as PNG"


def check(data: bytes, name: str) -> None:
    """Refuse an SVG that would take too long or too much memory to draw (CarrouselError naming the limit)."""
    raw = len(_OPEN_TAG.findall(data))  # quick, before parsing anything: a 7 MB file of rects is refused at once
    if raw > MAX_ELEMENTS:
        raise CarrouselError(f"SVG '{name}' has {raw:,} elements; at most {MAX_ELEMENTS:,}", hint=_HINT)
    try:
        root = _parse(data, name)
    except ET.ParseError as err:
        raise CarrouselError(f"SVG '{name}' is not well-formed XML: {err}", hint="re-export it") from None
    ids = {el.get("id"): el for el in root.iter() if el.get("id")}
    elements, depth, text = _expanded(root, ids, name)
    if elements > MAX_ELEMENTS:
        raise CarrouselError(f"SVG '{name}' has {_count(elements)} elements once its <use> references are expanded; "
                             f"at most {MAX_ELEMENTS:,}", hint=_HINT)
    if depth > MAX_DEPTH:
        raise CarrouselError(f"SVG '{name}' nests {_count(depth)} levels deep once its <use> references are "
                             f"expanded; at most {MAX_DEPTH}", hint=_HINT)
    if text > MAX_TEXT:
        raise CarrouselError(f"SVG '{name}' holds {_count(text)} characters of text once its <use> references are "
                             f"expanded; at most {MAX_TEXT:,}", hint=_HINT)


def _count(n: int) -> str:
    return f"more than {n - 1:,}" if n > 10 * max(MAX_ELEMENTS, MAX_TEXT) else f"{n:,}"


def _parse(data: bytes, name: str) -> ET.Element:
    """The element tree, refused while parsing once it is too deep or holds too much text."""
    depth = text = 0
    root = None
    for event, element in ET.iterparse(io.BytesIO(data), events=("start", "end")):
        if event == "start":
            depth += 1
            root = element if root is None else root
            if depth > MAX_DEPTH:
                raise CarrouselError(f"SVG '{name}' nests more than {MAX_DEPTH} levels deep; at most {MAX_DEPTH}",
                                     hint=_HINT)
        else:
            depth -= 1
            text += len(element.text or "") + len(element.tail or "")
            if text > MAX_TEXT:
                raise CarrouselError(f"SVG '{name}' holds more than {MAX_TEXT:,} characters of text; at most "
                                     f"{MAX_TEXT:,}", hint=_HINT)
    return root


def _target(element: ET.Element, ids: dict, name: str) -> ET.Element | None:
    """What a <use> draws (None: nothing, or not a <use>)."""
    if element.tag.rsplit("}", 1)[-1] != "use":
        return None
    href = (element.get("href") or element.get(_XLINK) or "").strip()
    if not href:
        return None
    if not href.startswith("#"):
        raise CarrouselError(f"SVG '{name}' has a <use> of another file ('{href[:100]}')",
                             hint="<use> may only point at an element of the same SVG")
    return ids.get(href[1:])


def _expanded(root: ET.Element, ids: dict, name: str) -> tuple[int, int, int]:
    """(elements, depth, characters of text) of the SVG as drawn, every <use> replaced by what it points at.

    Counted once per element (memoized, without recursion), each figure capped so that the numbers stay small."""
    cap = 10 * max(MAX_ELEMENTS, MAX_TEXT) + 1
    done: dict = {}  # element -> (elements, depth, text)
    open_ = set()  # elements whose parts are being counted: met again, a cycle
    stack = [(root, False)]
    while stack:
        element, ready = stack.pop()
        if element in done:
            continue
        parts = list(element)
        target = _target(element, ids, name)
        if target is not None:
            parts.append(target)
        if ready:
            open_.discard(element)
            counts = [done[part] for part in parts]
            done[element] = (min(cap, 1 + sum(c[0] for c in counts)), min(cap, 1 + max((c[1] for c in counts), default=0)),
                             min(cap, len(element.text or "") + len(element.tail or "") + sum(c[2] for c in counts)))
            continue
        open_.add(element)
        stack.append((element, True))
        for part in parts:
            if part in open_:
                raise CarrouselError(f"SVG '{name}' has <use> references that form a loop", hint=_HINT)
            if part not in done:
                stack.append((part, False))
    return done[root]
