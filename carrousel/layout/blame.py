"""What takes the room on a slide that does not fit: the body's tallest block, its share, and for code its lines.

A fit error names this block, not the last one on the slide: the code panel
that takes two thirds of the height is what to split or cut, not the one-line
annotation under it. For code the height of each line is kept, so the error
can say how many lines fit, and a split can cut the block where it must.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from carrousel.layout.boxes import describe, slides


@dataclass
class Blame:
    """The block that takes the most height on an overflowing slide."""

    element: str  # `figure.code "…"`, as boxes.describe names it
    names: tuple  # what it may be called in the slide's fields: its data-field, then its classes
    share: float  # its share of the body's height, 0–1
    lines: tuple = ()  # code: the height of each of its lines (px, top to bottom), before and after together
    room: float = 0.0  # code: the height its lines may take for the slide to fit (px)
    items: int = 0  # a list: how many items it holds

    def fitting(self) -> int:
        """How many of its code lines fit, from the top."""
        used, count = 0.0, 0
        for height in self.lines:
            used += height
            if used > self.room + 0.5:
                break
            count += 1
        return count

    def to_json(self) -> dict:
        """As plain data, kept with the slide's fit in the cache."""
        return asdict(self)

    @classmethod
    def from_json(cls, raw: dict | None) -> Blame | None:
        """The Blame that to_json gave (None stays None)."""
        if raw is None:
            return None
        return cls(raw["element"], tuple(raw["names"]), raw["share"], tuple(raw["lines"]), raw["room"], raw["items"])


def _classes(box) -> list[str]:
    element = getattr(box, "element", None)
    return (element.get("class") or "").split() if element is not None else []


def _find(box, name: str):
    """The first box (depth first) whose element has the class `name`."""
    stack = [box]
    while stack:
        current = stack.pop()
        if name in _classes(current) and getattr(current, "pseudo_type", None) is None:
            return current
        stack.extend(reversed(getattr(current, "children", None) or ()))
    return None


def _code_lines(box) -> list[float]:
    """Heights of the code lines under a box (a `.line` block: all its rows)."""
    heights, stack = [], [box]
    while stack:
        current = stack.pop()
        if "line" in _classes(current) and getattr(current, "pseudo_type", None) is None \
                and type(current).__name__ == "BlockBox":
            heights.append(current.margin_height())
            continue
        stack.extend(reversed(getattr(current, "children", None) or ()))
    return heights


def blame(document, index: int, down: float) -> Blame | None:
    """The tallest block in the body of slide `index` (laid out in document) that is `down` px too long."""
    for page in document.pages:
        for found, slide in slides(page):
            if found == index:
                return _blame(slide, down)
    return None


def _blame(slide, down: float) -> Blame | None:
    body = _find(slide, "body")
    if body is None:
        return None
    blocks = [child for child in (body.children or ()) if getattr(child, "element", None) is not None
              and child.style["position"] not in ("absolute", "fixed") and child.element is not body.element]
    if not blocks:
        return None
    heights = [child.margin_height() for child in blocks]
    tallest = max(range(len(blocks)), key=heights.__getitem__)
    box = blocks[tallest]
    element = box.element
    # A block the template marked with the field it shows (data-field), or one inside it (the code panels).
    fields = [element.get("data-field")] + [inner.get("data-field") for inner in element.iter()
                                            if inner is not element]
    names = tuple(dict.fromkeys(name for name in fields + _classes(box) if name))
    lines = _code_lines(box)
    items = sum(1 for child in element if child.tag == "li")
    return Blame(describe(box), names, heights[tallest] / (sum(heights) or 1), tuple(lines),
                 max(sum(lines) - down, 0.0), items)
