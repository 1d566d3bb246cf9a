"""Pictures fitted back into their frame after layout.

A diagram or chart slide gives its picture the room its title and caption
leave (a flex item, `height: 100%`, `object-fit: contain`). WeasyPrint does
not take a percentage of a flex item's height as definite: it sizes the
picture from its width and proportions instead, so a chart as wide as the
slide comes out taller than its room and is drawn over its caption. After
each layout such a picture gets its frame's height (object-fit: contain draws
it inside, a little narrower), or its min-height (its labels at the floor)
if that is more. boxes.measure reports how much it was shrunk as squeezed:
text around it does not grow at the picture's expense.
"""

from __future__ import annotations

from carrousel.layout.boxes import TOLERANCE


def contain(document) -> None:
    """Give every `object-fit: contain` picture taller than the box holding it that box's height."""
    for page in document.pages:
        _fit(page._page_box)


def _fit(box) -> None:
    from weasyprint.formatting_structure.boxes import BlockReplacedBox

    for child in getattr(box, "children", None) or ():
        if isinstance(child, BlockReplacedBox) and child.style["object_fit"] == "contain" \
                and child.style["position"] == "static" and child.border_height() > box.height + TOLERANCE:
            least = child.min_height if isinstance(child.min_height, (int, float)) else 0
            before = child.height
            child.height = max(box.height - (child.border_height() - child.height), least)
            child.margin_top = child.margin_bottom = 0
            child.position_y = box.content_box_y()
            child.shrunk = before - child.height  # boxes.measure counts it squeezed: growing would shrink it more
        _fit(child)
