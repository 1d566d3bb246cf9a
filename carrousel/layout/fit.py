"""Fit or fail: measure overflow on the real WeasyPrint layout, shrink slides that overflow.

Each slide is an inline-block inside a one-page-high block (base.css), so a
slide that is too long keeps its full extent in the box tree: in-flow content
must stay in the slide's content box (the padding is the safe area), absolutely
positioned parts (header, footer) in its border box.

Shrinking sets `--fs` on the slide; the theme expresses its text sizes (and
the spacing around them) as `calc(Npx * var(--fs, 1))`. A binary search finds
the largest scale at which the slide fits and no text falls below the theme's
legibility floor; every overflowing slide is searched in the same renders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

TOLERANCE = 0.5  # px: sub-pixel rounding is not an overflow
STEPS = 6  # 6 halvings of [0.5, 1]: the scale is known to within 0.008
LOWEST = 0.5  # never search below half size, whatever the floor


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


@dataclass
class SlideFit:
    """The outcome for one slide: its final scale, and what is still wrong."""

    index: int
    scale: float = 1.0
    overflow: Overflow | None = None
    min_text: float = 0.0
    min_text_sample: str = ""
    contrast: list = field(default_factory=list)  # text colours below WCAG AA here: {colour, background, ratio, …}


@dataclass
class FitResult:
    """The fitted document and each slide's outcome."""

    document: object
    slides: list = field(default_factory=list)  # SlideFit per slide
    renders: int = 1

    @property
    def shrunk(self) -> list:
        return [s for s in self.slides if s.scale < 1 and s.overflow is None]

    @property
    def overflowing(self) -> list:
        return [s for s in self.slides if s.overflow is not None]


def _is_slide(box) -> bool:
    element = getattr(box, "element", None)
    return (element is not None and getattr(box, "element_tag", None) == "section"
            and "slide" in (element.get("class") or "").split() and (element.get("id") or "")[1:].isdigit())


def _slides(page_box):
    """The outermost box of each slide on a page."""
    stack = [page_box]
    while stack:
        box = stack.pop()
        if _is_slide(box):
            yield box
            continue  # anonymous child boxes share the element: don't descend
        stack.extend(getattr(box, "children", None) or ())


def _describe(box) -> str:
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
            if right >= acc[key]["x"][0]:
                acc[key]["x"] = (right, child)
            # What is too wide is always content (text, an image): blocks just stretch around it.
            if not getattr(child, "children", None) and right >= acc[key]["leaf_x"][0]:
                acc[key]["leaf_x"] = (right, child)
        _extent(child, absolute, acc)


def _smallest_text(box, best):
    from weasyprint.formatting_structure.boxes import TextBox

    for child in getattr(box, "children", None) or ():
        if isinstance(child, TextBox):
            if child.text.strip() and child.style["font_size"] < best[0]:
                best[0], best[1] = child.style["font_size"], child.text.strip()
        else:
            _smallest_text(child, best)


def measure(document) -> dict[int, Measure]:
    """Each slide's overflow and smallest text size, by slide index (the `sN` id)."""
    out: dict[int, Measure] = {}
    for page_number, page in enumerate(document.pages):
        for slide in _slides(page._page_box):
            index = int(slide.element.get("id")[1:])
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
            out[index] = Measure(page_number, overflow, smallest[0], smallest[1])
    return out


def _element_of(box, slide) -> str:
    """Describe the culprit (text and line boxes carry the element that holds them)."""
    if box is None or getattr(box, "element", None) is None or box.element is slide.element:
        return ""
    return _describe(box)


# --- Rendering subsets of the document at chosen scales -------------------------------------

_PAGE_BLOCK = '<div class="pg">'


def _split(document_html: str) -> tuple[str, list[str], str]:
    """Head (up to the first slide), one chunk per slide, tail (from </body>)."""
    start = document_html.index(_PAGE_BLOCK)
    end = document_html.rindex("</body>")
    chunks = [_PAGE_BLOCK + part for part in document_html[start:end].split(_PAGE_BLOCK)[1:]]
    return document_html[:start], chunks, document_html[end:]


def scaled_html(document_html: str, scales: dict[int, float], only=None) -> str:
    """The document with `--fs` set per slide; with `only`, just those slides (ids kept)."""
    rules = "".join(f"#s{i}{{--fs:{scale:.4f}}}" for i, scale in sorted(scales.items()) if scale != 1)
    html = document_html
    if only is not None:
        head, chunks, tail = _split(document_html)
        # By the slide's id, not its position: a document may hold a single slide of a deck (incremental builds).
        by_id = {int(found.group(1)): chunk for chunk in chunks
                 for found in [re.search(r'<section [^>]*\bid="s(\d+)"', chunk)] if found}
        html = head + "".join(by_id[i] for i in sorted(only)) + tail
    if rules:
        html = html.replace("</head>", f"<style>{rules}</style>\n</head>", 1)
    return html


def autofit(document_html: str, render, floor_px: float, steps: int = STEPS) -> FitResult:
    """Render the document; shrink each overflowing slide to the largest scale that fits above the floor.

    `render(html) -> weasyprint Document`. Slides that still overflow at the
    floor keep the smallest legible scale tried and are reported in the result.
    """
    document = render(document_html)
    first = measure(document)
    slides = {i: SlideFit(i, 1.0, m.overflow, m.min_text, m.min_text_sample) for i, m in first.items()}
    todo = [i for i, m in first.items() if m.overflow is not None and m.overflow.pages == 1]
    low = {i: LOWEST for i in todo}
    high = {i: 1.0 for i in todo}
    best: dict[int, tuple] = {}  # index -> (scale, document, page, measure)
    closest: dict[int, tuple] = {}  # index -> smallest legible scale that still overflowed
    renders = 1
    for _ in range(steps):
        if not todo:
            break
        middle = {i: (low[i] + high[i]) / 2 for i in todo}
        trial = render(scaled_html(document_html, middle, only=todo))
        renders += 1
        measured = measure(trial)
        for i in list(todo):
            m = measured.get(i)
            if m is None:
                todo.remove(i)
                continue
            legible = m.min_text >= floor_px - 0.01
            if legible and m.overflow is None:
                low[i] = middle[i]
                best[i] = (middle[i], trial, m.page, m)
            elif legible:
                high[i] = middle[i]
                closest[i] = (middle[i], trial, m.page, m)
            else:
                low[i] = middle[i]
                if m.overflow is not None:
                    todo.remove(i)  # too small to read and still too long: it will never fit
    pages = list(document.pages)
    for i, fit in slides.items():
        if fit.overflow is None or fit.overflow.pages > 1:
            continue
        chosen = best.get(i) or closest.get(i)
        if chosen is None:
            continue
        scale, trial, page, m = chosen
        pages[first[i].page] = trial.pages[page]
        fit.scale, fit.overflow, fit.min_text, fit.min_text_sample = scale, m.overflow, m.min_text, m.min_text_sample
    if best or closest:
        document = document.copy(pages)
    _contrast(document, slides)
    return FitResult(document, [slides[i] for i in sorted(slides)], renders)


def _contrast(document, slides: dict) -> None:
    """Note on each slide the text colours that fail WCAG AA on their background (for the preview)."""
    from carrousel.checks import contrast

    for pair in contrast.pairs(document):
        if pair.ok:
            continue
        for number in pair.slides:
            fit = slides.get(number - 1)
            if fit is not None:
                fit.contrast.append({"colour": pair.colour, "background": pair.background,
                                     "ratio": round(pair.ratio, 2), "required": pair.required, "sample": pair.sample})


def report(result: FitResult, post, floor_px: float, where: str, allow_overflow: bool = False) -> list[dict]:
    """Warnings for shrunk and overflowing slides; raise for an overflow unless it is allowed.

    The error names the first slide that does not fit (and how many more).
    """
    from carrousel.errors import CarrouselError

    warnings = []
    failures = []
    for fit in result.slides:
        slide = post.slides[fit.index] if fit.index < len(post.slides) else None
        number, kind = fit.index + 1, slide.kind if slide else None
        if fit.overflow is not None:
            how = fit.overflow.describe()
            at = f" at {round(fit.scale * 100)}%" if fit.scale < 1 else ""
            message = f"{how}{at}: it does not fit even with text shrunk to the {floor_px:g} px floor"
            failures.append(CarrouselError(message, file=where, line=slide.line if slide else None, slide=number,
                                           kind=kind, hint="split the slide in two or shorten its longest item"))
            warnings.append({"slide": number, "kind": kind, "level": "error", "code": "overflow",
                             "message": f"overflows: {how}"})
        elif fit.scale < 1:
            warnings.append({"slide": number, "kind": kind, "level": "warning", "code": "shrunk",
                             "message": f"shrunk to {int(fit.scale * 100)}% to fit"})
        if fit.min_text < floor_px - 0.01:
            warnings.append({"slide": number, "kind": kind, "level": "warning", "code": "small-text",
                             "message": f"text at {fit.min_text:g} px, below the theme's {floor_px:g} px floor "
                                        f"(\"{fit.min_text_sample[:40]}\")"})
        for low in fit.contrast:
            warnings.append({"slide": number, "kind": kind, "level": "warning", "code": "contrast",
                             "message": f"low contrast: {low['colour']} on {low['background']} is "
                                        f"{low['ratio']:.2f}:1, needs {low['required']:g}:1 (\"{low['sample']}\")"})
    if failures and not allow_overflow:
        first = failures[0]
        if len(failures) > 1:
            first.message += f" (+{len(failures) - 1} more slide{'s' if len(failures) > 2 else ''})"
        raise first
    return warnings
