"""Small edits on an SVG document tree: parse, serialize, read labels, drop what a slide can't use."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"


def tag(name: str) -> str:
    """The namespaced tag of an SVG element."""
    return f"{{{SVG}}}{name}"


def parse(svg: str) -> ET.Element:
    """The root element of an SVG string."""
    return ET.fromstring(svg)


def serialize(root: ET.Element) -> str:
    """An SVG string from a tree (same tree, same bytes)."""
    # The prefix map is global to ElementTree and other libraries (ziamath) register their own default.
    ET.register_namespace("", SVG)
    ET.register_namespace("xlink", XLINK)
    return ET.tostring(root, encoding="unicode")


def text_of(element: ET.Element) -> str:
    """All the text inside an element, tspans joined, spaces collapsed."""
    return re.sub(r"\s+", " ", "".join(element.itertext())).strip()


def labels(root: ET.Element) -> list[str]:
    """The non-empty text of every <text> element, in document order."""
    found = (text_of(t) for t in root.iter(tag("text")))
    return [label for label in found if label]


def set_style(element: ET.Element, **properties: str) -> None:
    """Set CSS properties in an element's style attribute (underscores in names become dashes)."""
    style = {}
    for part in element.get("style", "").split(";"):
        if ":" in part:
            key, value = part.split(":", 1)
            style[key.strip()] = value.strip()
    for key, value in properties.items():
        style[key.replace("_", "-")] = value
    element.set("style", ";".join(f"{k}:{v}" for k, v in style.items()))


def remove(root: ET.Element, predicate) -> None:
    """Remove every element for which predicate(element) is true."""
    for parent in list(root.iter()):
        for child in list(parent):
            if predicate(child):
                parent.remove(child)


def drop_unused_symbols(root: ET.Element) -> None:
    """Remove <symbol>, <marker> and <filter> definitions nothing refers to (icon sets, drop shadows)."""
    text = serialize(root)
    used = set(re.findall(r"url\(#([^)]+)\)", text)) | set(re.findall(r'href="#([^"]+)"', text))
    remove(root, lambda e: e.tag in (tag("symbol"), tag("marker"), tag("filter")) and e.get("id") not in used)
    remove(root, lambda e: e.tag == tag("defs") and len(e) == 0)


LONG_NUMBER = re.compile(r"-?\d+\.\d{3,}")
GEOMETRY = ("d", "points", "transform", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "width",
            "height", "viewBox")


def round_numbers(root: ET.Element, digits: int = 2) -> None:
    """Round long decimals in geometry attributes (merman writes 17 digits: half a flowchart's bytes)."""
    def short(match: re.Match) -> str:
        text = f"{float(match.group()):.{digits}f}".rstrip("0").rstrip(".")
        return "0" if text == "-0" else text

    for element in root.iter():
        for key in GEOMETRY:
            value = element.get(key)
            if value and "." in value:
                element.set(key, LONG_NUMBER.sub(short, value))


DATA_SVG = "data:image/svg+xml;base64,"


def from_data_uri(uri: str) -> ET.Element | None:
    """The root of an SVG given as a base64 data: URL (as html.graphics writes them), or None."""
    import base64
    import binascii

    if not uri.startswith(DATA_SVG):
        return None
    try:
        return parse(base64.b64decode(uri[len(DATA_SVG):], validate=True).decode("utf-8"))
    except (binascii.Error, UnicodeDecodeError, ET.ParseError):
        return None


def drawn_labels(root: ET.Element) -> list[tuple[str, str | None, float | None]]:
    """Each label as drawn: (text, fill colour, font size in the SVG's units); None where not written on it."""
    found = []
    for text in root.iter(tag("text")):
        label = text_of(text)
        if not label:
            continue
        style = dict(part.split(":", 1) for part in text.get("style", "").split(";") if ":" in part)
        style = {key.strip(): value.strip() for key, value in style.items()}
        fill = style.get("fill") or text.get("fill")
        size = re.match(r"[\d.]+", style.get("font-size") or text.get("font-size") or "")
        found.append((label, fill, float(size.group()) if size else None))
    return found
