"""Fit or fail: grow each slide to fill its safe area, shrink what overflows down to the legibility floor.

The scale is `--fs` on the slide; the theme expresses its text sizes (and the
spacing around them) as `calc(Npx * var(--fs, 1))`. A search (layout/search.py)
finds the largest scale at which the slide fits, no text falls below the floor
and no code line breaks, up to the theme's limit (where it starts); every
slide still searching is laid out in the same renders. The space left is
then placed (layout/fill.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from carrousel.errors import CarrouselError, SlideWarning, gather
from carrousel.html import marks
from carrousel.layout import fill, pictures
from carrousel.layout.blame import Blame, blame
from carrousel.layout.boxes import TOLERANCE, Overflow, measure
from carrousel.layout.boxes import slides as slides_of
from carrousel.layout.search import Search

STEPS = 6  # renders after the first, at most, per slide
DENSE = 200  # characters of text from which a slide is laid out at scale 1 first (measured on the gallery)
_MARKUP = re.compile(r"<(script|style)\b.*?</\1>|<img\b[^>]*>|<[^>]+>", re.S)
_TEXT_GAPS = re.compile(r"\s+")
CODE_FIELDS = ("code", "before", "after")  # a code slide's panels (a Markdown body may hold code too)


@dataclass
class SlideFit:
    """The outcome for one slide: its final scale, and what is still wrong."""

    index: int
    scale: float = 1.0
    overflow: Overflow | None = None
    min_text: float = 0.0
    min_text_sample: str = ""
    blame: Blame | None = None  # too long: the block that takes the most height (at the smallest scale tried)

    def to_json(self) -> dict:
        """As plain data, kept beside the slide's PNG in the cache."""
        overflow = self.overflow
        return {"index": self.index, "scale": self.scale, "min_text": self.min_text,
                "min_text_sample": self.min_text_sample,
                "overflow": None if overflow is None else [overflow.down, overflow.right, overflow.element,
                                                           overflow.pages],
                "blame": None if self.blame is None else self.blame.to_json()}

    @classmethod
    def from_json(cls, raw: dict) -> "SlideFit":
        """The SlideFit that to_json gave."""
        overflow = None if raw["overflow"] is None else Overflow(*raw["overflow"])
        return cls(raw["index"], raw["scale"], overflow, raw["min_text"], raw["min_text_sample"],
                   Blame.from_json(raw["blame"]))


@dataclass
class FitResult:
    """The fitted document and each slide's outcome."""

    document: object
    slides: list = field(default_factory=list)  # SlideFit per slide


def scaled_html(document_html: str, scales: dict[int, float], only=None) -> str:
    """The document with `--fs` set per slide; with `only`, just those slides (by index: ids are kept)."""
    rules = "".join(marks.scale_rule(i, scale) for i, scale in sorted(scales.items()) if scale != 1)
    html = document_html
    if only is not None:
        head, blocks, tail = marks.pages(document_html)
        html = head + "".join(blocks[i] for i in sorted(only)) + tail
    if rules:
        html = html.replace("</head>", f"<style>{rules}</style>\n</head>", 1)
    return html


def autofit(document_html: str, render, floor_px: float, steps: int = STEPS) -> FitResult:
    """Render the document; fit each slide to its safe area: shrink what overflows, grow what leaves it empty.

    `render(html) -> weasyprint Document`. A slide grows up to the scale its
    theme allows (`data-grow`) and shrinks down to the legibility floor; what
    space is left is placed as the theme says. Slides that still overflow at
    the floor keep the smallest legible scale tried and are reported in the result.
    """
    def laid_out(html: str):
        document = render(html)
        pictures.contain(document)
        return document

    starts = _starts(document_html)
    document = laid_out(scaled_html(document_html, starts))
    searches = {i: Search(i, floor_px, measures, document, starts.get(i, 1.0))
                for i, measures in _measured(document).items()}
    for _ in range(steps):
        guesses = {i: g for i, search in searches.items() if (g := search.next()) is not None}
        if not guesses:
            break
        trial = laid_out(scaled_html(document_html, guesses, only=list(guesses)))
        for i, record in _measured(trial).items():
            if i in guesses:
                searches[i].add(guesses[i], trial, record)
    pages = list(document.pages)
    slides = {}
    for i, search in searches.items():
        scale, trial, (m, span) = search.result() or (search.start, document, search.first)
        page = trial.pages[m.page]
        if m.overflow is None:
            for index, box in slides_of(page):
                if index == i:
                    fill.place(box, span)
            page = type(page)(page._page_box)  # links and anchors gathered again where the boxes moved
        pages[searches[i].first[0].page] = page
        slides[i] = SlideFit(i, scale, m.overflow, m.min_text, m.min_text_sample)
    document = document.copy(pages)
    for i, fit in slides.items():
        if fit.overflow is not None and fit.overflow.down > TOLERANCE and fit.overflow.pages == 1:
            fit.blame = blame(document, i, fit.overflow.down)
    return FitResult(document, [slides[i] for i in sorted(slides)])


def _starts(document_html: str) -> dict[int, float]:
    """The scale each slide is laid out at first: its growth limit where it holds little text (most of them fit
    there at once), else 1 (a dense slide rarely grows far: measured at 1, the search aims from there)."""
    blocks = marks.pages(document_html)[1]
    return {i: grow for i, grow in marks.grow_limits(document_html).items()
            if grow > 1 and len(_TEXT_GAPS.sub(" ", _MARKUP.sub(" ", blocks[i])).strip()) < DENSE}


def _measured(document) -> dict:
    """index -> (boxes.Measure, fill.Span) of each slide of a laid-out document."""
    found = measure(document)
    spans = {index: fill.span(box) for page in document.pages for index, box in slides_of(page)}
    return {i: (m, spans[i]) for i, m in found.items() if i in spans}


def report(fits: list, post, floor_px: float, where: str, allow_overflow: bool = False) -> list[SlideWarning]:
    """Warnings for shrunk, overflowing and small-text slides; raise for every overflow unless it is allowed.

    Each error points at the field that takes the room (its line in the post), says how much of the height it
    takes, and for code how many lines fit.
    """
    warnings = []
    failures = []
    for fit in fits:
        slide = post.slides[fit.index] if fit.index < len(post.slides) else None
        number, kind = (slide.number, slide.kind) if slide else (fit.index + 1, None)
        if fit.overflow is not None:
            error = overflow_error(fit, slide, floor_px, where).at(slide=number, kind=kind)
            failures.append(error)
            warnings.append(SlideWarning(number, kind, "error", "overflow",
                                         f"overflows: {error.message} ({error.hint})"))
        elif fit.scale < 1:
            warnings.append(SlideWarning(number, kind, "warning", "shrunk", f"shrunk to {int(fit.scale * 100)}% to fit"))
        if fit.min_text < floor_px - 0.01:
            warnings.append(SlideWarning(number, kind, "warning", "small-text",
                                         f"text at {fit.min_text:g} px, below the theme's {floor_px:g} px floor "
                                         f"(\"{fit.min_text_sample[:40]}\")"))
    if failures and not allow_overflow:
        raise gather(failures)
    return warnings


def overflow_error(fit: SlideFit, slide, floor_px: float, where: str) -> CarrouselError:
    """The error for a slide that does not fit even at the floor: at the field that takes the room, with a hint
    that fits that field."""
    overflow, found = fit.overflow, fit.blame
    at = f" at {round(fit.scale * 100)}%" if fit.scale < 1 else ""
    floor = f"it does not fit even with text shrunk to the {floor_px:g} px floor"
    if found is None:  # too wide, or on two pages: what passes the edge is the culprit
        return CarrouselError(f"{overflow.describe()}{at}: {floor}", file=where, line=slide.line if slide else None,
                              hint="shorten the longest word or line, or split the slide in two")
    fields = slide.data if slide else {}
    field = next((name for name in found.names if name in fields and fields.get(name) is not None), None)
    line = (slide.lines.get(field) if slide and field else None) or (slide.line if slide else None)
    what = "the code" if found.lines and field in CODE_FIELDS else (f"the {field}" if field else found.element)
    takes = "take" if (field or "").endswith("s") else "takes"  # the items take, the code takes
    message = (f"{round(overflow.down)} px too long{at}: {floor}; {what} {takes} {round(found.share * 100)}% of "
               f"the height")
    return CarrouselError(message, file=where, line=line, field=field, hint=_hint(found, field))


def _hint(found: Blame, field: str | None) -> str:
    """What to do about the block that takes the room."""
    if found.lines and field == "code":
        return (f"the code is {len(found.lines)} lines; {found.fitting()} fit: split: true, or highlight the lines "
                f"that matter")
    if found.lines and field in CODE_FIELDS:
        return (f"before and after are {len(found.lines)} lines; {found.fitting()} fit: keep the lines around the "
                f"change, or show them on two slides")
    if found.items:
        return f"{found.items} items: split the slide in two or shorten its longest item"
    if field in ("title", "annotation", "eyebrow", "note", "caption", "subtitle"):
        return f"shorten the {field}"
    return "shorten it or split the slide in two"
