"""Fill: how much of its safe area a slide's content takes, and where the space left over goes.

The theme declares, per kind, how the space is placed (`fill.place` in
theme.yaml, written on each slide's body by the HTML stage): `center` moves
the whole content to the middle of the safe area, `spread` keeps what comes
before the slide's `.spread` container (its title) at the top and opens the
gaps between the container's rows (up to a limit), then centres the rest,
`top` leaves it where it is. Placement moves laid-out boxes: no second layout.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from carrousel.html import marks

GAP_SHARE = 0.045  # `spread` opens each gap between rows by at most this share of the safe area's height


@dataclass
class Span:
    """The vertical extent of a slide's content in its safe area, and what the theme allows it."""

    top: float  # px from the top of the safe area to the first thing drawn
    used: float  # px from the first thing drawn to the last
    room: float  # px: the safe area's height
    wraps: int = 0  # code lines drawn on more than one line
    place: str = marks.PLACE_DEFAULT
    grow: float = 1.0  # the largest text scale the theme allows this slide
    width: float = 0.0  # px: the safe area's width
    slack: float = math.inf  # the room of the code line that takes the most of it, over its text's width

    @property
    def filled(self) -> float:
        """The share of the safe area the content takes."""
        return self.used / self.room if self.room > 0 else 1.0


def _paints(box) -> bool:
    """Whether a box draws something of its own: text, an image, a fill or a border."""
    from weasyprint.formatting_structure.boxes import ReplacedBox, TextBox

    if isinstance(box, TextBox):
        return bool(box.text.strip())
    if isinstance(box, ReplacedBox):
        return True
    style = box.style
    if style["background_color"].alpha > 0 or any(kind != "none" for kind, _ in style["background_image"]):
        return True
    return any(style[f"border_{side}_width"] > 0 and style[f"border_{side}_style"] not in ("none", "hidden")
               for side in ("top", "bottom"))


def _drawn(box, acc: list, wraps: list) -> None:
    """Top and bottom of every in-flow box that paints, under box (acc = [top, bottom]); code lines broken in two,
    and the least slack of the others (wraps = [broken, slack])."""
    from weasyprint.formatting_structure.boxes import LineBox

    for child in getattr(box, "children", None) or ():
        if child.style["position"] in ("absolute", "fixed") or child.style["visibility"] != "visible" \
                and not getattr(child, "children", None):
            continue
        element = getattr(child, "element", None)
        if element is not None and marks.is_code_line(child.element_tag, (element.get("class") or "").split()) \
                and not isinstance(child, LineBox):
            lines = [c for c in child.children if isinstance(c, LineBox)]
            wraps[0] += max(0, len(lines) - 1)
            if len(lines) == 1:
                wraps[1] = min(wraps[1], _slack(child, lines[0]))
        try:
            if _paints(child):
                top = child.border_box_y()
                acc[0] = min(acc[0], top)
                acc[1] = max(acc[1], top + child.border_height())
        except (TypeError, AttributeError):  # a box not laid out (an empty anonymous one)
            pass
        _drawn(child, acc, wraps)


def _slack(block, line) -> float:
    """How many times its one line of text the block's width is (inf for an empty line, or a block as wide as its
    text: one sized by its content says nothing of where the line would break)."""
    right = max((c.position_x + c.margin_width() for c in line.children), default=line.position_x)
    used = right - line.position_x
    return block.width / used if used > 0 and block.width > used * 1.01 else math.inf


def _body(slide):
    """The slide's body box (the block the kind's content lives in), or None."""
    for child in getattr(slide, "children", None) or ():
        element = getattr(child, "element", None)
        if element is not None and marks.is_body((element.get("class") or "").split()):
            return child
    return None


def span(slide) -> Span:
    """The content's extent in a laid-out slide box, with the theme's placement and growth limit for it."""
    top, room = slide.content_box_y(), slide.height
    acc, wraps = [float("inf"), float("-inf")], [0, math.inf]  # [code lines broken, least slack of the others]
    _drawn(slide, acc, wraps)
    body = _body(slide)
    place, grow = marks.placement(body.element if body is not None else None)
    if acc[0] == float("inf"):
        return Span(0.0, 0.0, room, wraps[0], place, grow, slide.width, wraps[1])
    return Span(acc[0] - top, acc[1] - acc[0], room, wraps[0], place, grow, slide.width, wraps[1])


def _spread_container(box):
    """The first box under box whose element is marked as the rows to spread."""
    for child in getattr(box, "children", None) or ():
        element = getattr(child, "element", None)
        if element is not None and marks.is_spread((element.get("class") or "").split()):
            return child
        found = _spread_container(child)
        if found is not None:
            return found
    return None


def _after(body, container) -> list:
    """The boxes of the body that come after the container (following siblings of it and its ancestors)."""
    out = []

    def walk(box) -> bool:
        children = list(getattr(box, "children", None) or ())
        for index, child in enumerate(children):
            if child is container or walk(child):
                out.extend(children[index + 1:])
                return True
        return False

    walk(body)
    return out


def place(slide, measured: Span) -> float:
    """Move the slide's content as its theme places it in the space left over; the px it moved the content by."""
    spare = measured.room - measured.used
    body = _body(slide)
    if body is None or spare <= 0.5 or measured.place == "top":
        return 0.0
    container = _spread_container(body) if measured.place == "spread" else None
    rows = [c for c in getattr(container, "children", None) or () if _has_extent(c)]
    if container is None or len(rows) < 2:
        shift = measured.room / 2 - measured.used / 2 - measured.top
        _move(body, shift)
        return shift
    gap = min(spare / (len(rows) + 1), GAP_SHARE * measured.room)
    rest = spare - gap * (len(rows) - 1)
    # What comes before the rows (the title) stays; the rows open up and sit in the middle of what is left.
    lead = rest / 2
    _move(container, lead)
    for index, row in enumerate(rows):
        _move(row, gap * index)
    for box in _after(body, container):
        _move(box, lead + gap * (len(rows) - 1))
    return lead


def _move(box, dy: float) -> None:
    """Move a laid-out box and everything in it down by dy, backgrounds included (layout placed them already)."""
    if not dy:
        return
    box.translate(0, dy)
    _move_backgrounds(box, dy)


def _move_backgrounds(box, dy: float) -> None:
    background = getattr(box, "background", None)
    if background is not None:
        box.background = background._replace(layers=[_moved_layer(layer, dy) for layer in background.layers])
    for child in box.all_children() if hasattr(box, "all_children") else ():
        _move_backgrounds(child, dy)


def _moved_layer(layer, dy: float):
    def shifted(rect):
        return (rect[0], rect[1] + dy, *rect[2:]) if isinstance(rect, tuple) and len(rect) >= 2 else rect
    return layer._replace(painting_area=shifted(layer.painting_area), positioning_area=shifted(layer.positioning_area),
                          clipped_boxes=[shifted(clip) for clip in layer.clipped_boxes or ()])


def _has_extent(box) -> bool:
    try:
        return box.border_height() > 0.5
    except (TypeError, AttributeError):
        return False
