"""Formulas in the colour of their text: drawn in the theme's text colour, redrawn where the CSS says otherwise.

A formula is an SVG image (html/graphics.py), so it cannot inherit a colour; which colour its text has (a
caption's muted grey, a tag's tone, a title's accent) is only known once the slide is laid out. This reads
each formula's computed colour from the layout and gives back the slide's HTML with the formulas that
differ recoloured, to be laid out once more (only slides with such a formula pay for it).
"""

from __future__ import annotations

import base64
import binascii
import re

from carrousel.layout.boxes import slides as slide_boxes

PREFIX = "data:image/svg+xml;base64,"
_FILL = re.compile(r'fill="(#[0-9a-fA-F]{6})"')


def colours(document) -> list[tuple[str, str]]:
    """(src, wanted #rrggbb) of each formula image of the laid-out document, in document order."""
    found = []

    def walk(box):
        element = getattr(box, "element", None)
        if getattr(box, "element_tag", "") == "img" and "math" in (element.get("class") or "").split():
            found.append((element.get("src") or "", hex_of(box.style["color"])))
        for child in getattr(box, "children", None) or ():
            walk(child)

    for page in document.pages:
        for _, slide in slide_boxes(page):
            walk(slide)
    return found


def hex_of(color) -> str:
    """#rrggbb of a computed CSS colour (its alpha dropped: formulas are drawn opaque)."""
    srgb = color.to("srgb") if getattr(color, "space", "srgb") != "srgb" else color
    return "#" + "".join(f"{round(min(1.0, max(0.0, float(c))) * 255):02x}" for c in srgb.coordinates)


def recolour(src: str, colour: str) -> str | None:
    """The formula's data: URL drawn in colour, or None when it already is (or is not a formula of ours)."""
    try:
        svg = base64.b64decode(src[len(PREFIX):], validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    drawn = set(_FILL.findall(svg))
    if not src.startswith(PREFIX) or len(drawn) != 1:
        return None
    old = drawn.pop()
    if old.lower() == colour.lower():
        return None
    svg = svg.replace(f'fill="{old}"', f'fill="{colour}"')
    return PREFIX + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def recoloured(html: str, document) -> str | None:
    """The HTML with each formula in the colour of its text, or None when every formula already is."""
    changed, position, out = False, 0, []
    for src, colour in colours(document):
        at = html.find(src, position)
        if at < 0:
            continue
        new = recolour(src, colour)
        out.append(html[position:at] + (new or src))
        position = at + len(src)
        changed = changed or new is not None
    return "".join(out) + html[position:] if changed else None
