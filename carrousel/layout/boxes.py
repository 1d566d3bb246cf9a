"""The box walker: each slide in WeasyPrint's laid-out boxes, how far its content reaches, its smallest text.

Each slide is an inline-block inside a one-page-high block (base.css), so a
slide that is too long keeps its full extent in the box tree: in-flow content
must stay in the slide's content box (the padding is the safe area), absolutely
positioned parts (header, footer) in its border box.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from carrousel.figures import svgtree
from carrousel.figures.palette import is_hex
from carrousel.html import marks

TOLERANCE = 0.5  # px: sub-pixel rounding is not an overflow
# The frame around every slide (slide.html): window chrome, handle, byline, counter. The same on every slide and
# placed by the theme, so text_boxes leaves it out: a platform's interface over it hides nothing of the post.
FRAME = ("frame-top", "frame-bottom")


@dataclass
class Overflow:
    """How far a slide's content passes its safe area, and the element that does."""

    down: float  # px past the bottom of the safe area
    right: float  # px past its right edge
    element: str  # e.g. `li.item "Charge cognitive…"`
    pages: int = 1  # a slide split over several pages is an overflow too

    def describe(self) -> str:
        """`312 px too long (li.item "…")`, or too wide, or both."""
        parts = []
        if self.down > TOLERANCE or self.pages > 1:
            parts.append(f"{round(self.down)} px too long")
        if self.right > TOLERANCE:
            parts.append(f"{round(self.right)} px too wide")
        return " and ".join(parts) + (f" ({self.element})" if self.element else "")


@dataclass
class Measure:
    """What one slide looks like on the layout: overflow (or None), smallest text."""

    page: int
    overflow: Overflow | None
    min_text: float  # px, smallest font size of any visible text
    min_text_sample: str = ""
    reach: float | None = None  # px from the safe area's top to the bottom of the content in flow (what must fit)
    squeezed: float = 0.0  # px a picture passes the bottom of the block that holds it (drawn over what follows)


def slides(page):
    """(index, outermost box) of each slide on a laid-out page."""
    stack = [page._page_box]
    while stack:
        box = stack.pop()
        element = getattr(box, "element", None)
        if element is not None and marks.is_slide(getattr(box, "element_tag", ""), (element.get("class") or "").split(),
                                                  element.get("id")):
            yield marks.index_of(element.get("id")), box
            continue  # anonymous child boxes share the element: don't descend
        stack.extend(getattr(box, "children", None) or ())


def describe(box) -> str:
    """A short name for the element a box belongs to: tag.class "text…"."""
    element = getattr(box, "element", None)
    if element is None:
        return ""
    classes = (element.get("class") or "").split()
    name = box.element_tag + (f".{classes[0]}" if classes else "")
    text = re.sub(r"\s+", " ", "".join(element.itertext())).strip()
    if len(text) > 40:
        text = text[:39].rstrip() + "…"
    return f'{name} "{text}"' if text else name


def _extent(box, in_abs, acc):
    """Furthest bottom and right edges of the descendants, in flow and absolute apart."""
    for child in getattr(box, "children", None) or ():
        absolute = in_abs or child.style["position"] in ("absolute", "fixed")
        key = "abs" if absolute else "flow"
        try:
            bottom = child.position_y + child.margin_height() - (child.margin_bottom or 0)
            right = child.position_x + child.margin_width() - (child.margin_right or 0)
        except (TypeError, AttributeError):
            bottom = right = None
        if bottom is not None:
            # >=: on a tie the deeper box wins, it names the culprit more precisely
            if bottom >= acc[key]["y"][0]:
                acc[key]["y"] = (bottom, child)
            element = getattr(child, "element", None)
            # A full-bleed picture reaches the page's edges on purpose: it is never too wide.
            bleeds = element is not None and marks.is_bleed((element.get("class") or "").split())
            if right >= acc[key]["x"][0] and not bleeds:
                acc[key]["x"] = (right, child)
            # What is too wide is always content (text, an image): blocks just stretch around it.
            if not getattr(child, "children", None) and right >= acc[key]["leaf_x"][0] and not bleeds:
                acc[key]["leaf_x"] = (right, child)
        _extent(child, absolute, acc)


def _squeezed(box):
    """(px, box) of a picture that passes the bottom of the block holding it (its min-height keeps its labels
    legible where there is no room: it would be drawn over what follows), or that was shrunk to stay inside it,
    else None."""
    from weasyprint.formatting_structure.boxes import BlockReplacedBox

    for child in getattr(box, "children", None) or ():
        element = getattr(child, "element", None)
        if isinstance(child, BlockReplacedBox) and element is not None and child.style["position"] == "static" \
                and not marks.is_bleed((element.get("class") or "").split()):
            past = child.border_box_y() + child.border_height() - (box.border_box_y() + box.border_height())
            past = max(past, getattr(child, "shrunk", 0.0))  # fitted back into its frame (layout/pictures.py)
            if past > TOLERANCE:
                return past, child
        found = _squeezed(child)
        if found is not None:
            return found
    return None


def _smallest_text(box, best):
    from weasyprint.formatting_structure.boxes import TextBox

    for child in getattr(box, "children", None) or ():
        if isinstance(child, TextBox):
            if child.text.strip() and child.style["font_size"] < best[0]:
                best[0], best[1] = child.style["font_size"], child.text.strip()
        else:
            for text, _, size, _ in figure_labels(child):  # a diagram's labels are text like any other
                if size < best[0]:
                    best[0], best[1] = size, text
            _smallest_text(child, best)


def figure_labels(box) -> list[tuple[str, str, float, list[str]]]:
    """The labels of a diagram or chart image box as drawn: (text, fill colour, size in px, the colours the
    figure paints under its labels besides what lies under the image: its `data-surface`)."""
    element = getattr(box, "element", None)
    if element is None or getattr(box, "element_tag", "") != "img" or not box.width:
        return []
    root = svgtree.from_data_uri(element.get("src") or "")
    try:
        width, height = float(root.get("width")), float(root.get("height"))
    except (TypeError, ValueError, AttributeError):
        return []
    scale = min(box.width / width, (box.height or height) / height)  # drawn with object-fit: contain
    surfaces = [colour for colour in root.get("data-surface", "").split() if is_hex(colour)]
    return [(text, fill, (size or 0) * scale, surfaces) for text, fill, size in svgtree.drawn_labels(root)
            if is_hex(fill) and size]


def measure(document) -> dict[int, Measure]:
    """Each slide's overflow and smallest text size, by slide index (the `sN` id)."""
    out: dict[int, Measure] = {}
    for page_number, page in enumerate(document.pages):
        for index, slide in slides(page):
            none = (-1e9, None)
            acc = {"flow": {"y": none, "x": none, "leaf_x": none}, "abs": {"y": none, "x": none, "leaf_x": none}}
            _extent(slide, False, acc)
            content_bottom = slide.content_box_y() + slide.height
            content_right = slide.content_box_x() + slide.width
            border_bottom = slide.border_box_y() + slide.border_height()
            border_right = slide.border_box_x() + slide.border_width()
            candidates_y = [(acc["flow"]["y"][0] - content_bottom, acc["flow"]["y"][1]),
                            (acc["abs"]["y"][0] - border_bottom, acc["abs"]["y"][1])]
            candidates_x = [(acc["flow"]["x"][0] - content_right, acc["flow"]["leaf_x"][1] or acc["flow"]["x"][1]),
                            (acc["abs"]["x"][0] - border_right, acc["abs"]["leaf_x"][1] or acc["abs"]["x"][1])]
            down, down_box = max(candidates_y, key=lambda c: c[0])
            right, right_box = max(candidates_x, key=lambda c: c[0])
            smallest = [float("inf"), ""]
            _smallest_text(slide, smallest)
            if index in out:  # the slide continues on another page: an overflow whatever the extents
                seen = out[index]
                pages = (seen.overflow.pages if seen.overflow else 1) + 1
                seen.overflow = Overflow(seen.overflow.down if seen.overflow else 0.0, 0.0,
                                         seen.overflow.element if seen.overflow else "", pages)
                continue
            overflow = None
            if down > TOLERANCE or right > TOLERANCE:
                culprit = down_box if down >= right else right_box
                overflow = Overflow(max(down, 0.0), max(right, 0.0), _element_of(culprit, slide))
            flow_bottom = acc["flow"]["y"][0]
            reach = flow_bottom - slide.content_box_y() if flow_bottom > -1e9 else None
            squeezed = _squeezed(slide)
            out[index] = Measure(page_number, overflow, smallest[0], smallest[1], reach,
                                 squeezed[0] if squeezed else 0.0)
    return out


def text_boxes(document) -> dict[int, list[tuple]]:
    """Each slide's lines of visible text outside the frame, by slide index: (x, y, width, height, text) in px
    from the slide's top left corner."""
    from weasyprint.formatting_structure.boxes import TextBox

    out: dict[int, list[tuple]] = {}

    def walk(box, left, top, found):
        for child in getattr(box, "children", None) or ():
            if isinstance(child, TextBox):
                text = child.text.strip()
                if text and child.style["visibility"] == "visible":
                    found.append((round(child.position_x - left, 1), round(child.position_y - top, 1),
                                  round(child.width, 1), round(child.height, 1), text[:40]))
            elif getattr(child, "element", None) is None \
                    or not set((child.element.get("class") or "").split()) & set(FRAME):
                walk(child, left, top, found)

    for page in document.pages:
        for index, slide in slides(page):
            walk(slide, slide.border_box_x(), slide.border_box_y(), out.setdefault(index, []))
    return out


def _element_of(box, slide) -> str:
    """Describe the culprit (text and line boxes carry the element that holds them)."""
    if box is None or getattr(box, "element", None) is None or box.element is slide.element:
        return ""
    return describe(box)
