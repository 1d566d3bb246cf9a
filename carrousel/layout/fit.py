"""Fit or fail: shrink each slide that overflows its safe area, down to the theme's legibility floor.

Shrinking sets `--fs` on the slide; the theme expresses its text sizes (and
the spacing around them) as `calc(Npx * var(--fs, 1))`. A binary search finds
the largest scale at which the slide fits and no text falls below the floor;
every overflowing slide is searched in the same renders.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from carrousel.errors import CarrouselError, SlideWarning
from carrousel.html import marks
from carrousel.layout.boxes import Overflow, measure

STEPS = 6  # 6 halvings of [0.5, 1]: the scale is known to within 0.008
LOWEST = 0.5  # never search below half size, whatever the floor


@dataclass
class SlideFit:
    """The outcome for one slide: its final scale, and what is still wrong."""

    index: int
    scale: float = 1.0
    overflow: Overflow | None = None
    min_text: float = 0.0
    min_text_sample: str = ""

    def to_json(self) -> dict:
        """As plain data, kept beside the slide's PNG in the cache."""
        overflow = self.overflow
        return {"index": self.index, "scale": self.scale, "min_text": self.min_text,
                "min_text_sample": self.min_text_sample,
                "overflow": None if overflow is None else [overflow.down, overflow.right, overflow.element,
                                                           overflow.pages]}

    @classmethod
    def from_json(cls, raw: dict) -> "SlideFit":
        """The SlideFit that to_json gave."""
        overflow = None if raw["overflow"] is None else Overflow(*raw["overflow"])
        return cls(raw["index"], raw["scale"], overflow, raw["min_text"], raw["min_text_sample"])


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
    for _ in range(steps):
        if not todo:
            break
        middle = {i: (low[i] + high[i]) / 2 for i in todo}
        trial = render(scaled_html(document_html, middle, only=todo))
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
    return FitResult(document, [slides[i] for i in sorted(slides)])


def report(fits: list, post, floor_px: float, where: str, allow_overflow: bool = False) -> list[SlideWarning]:
    """Warnings for shrunk, overflowing and small-text slides; raise for an overflow unless it is allowed.

    The error names the first slide that does not fit (and how many more).
    """
    warnings = []
    failures = []
    for fit in fits:
        slide = post.slides[fit.index] if fit.index < len(post.slides) else None
        number, kind = fit.index + 1, slide.kind if slide else None
        if fit.overflow is not None:
            how = fit.overflow.describe()
            at = f" at {round(fit.scale * 100)}%" if fit.scale < 1 else ""
            message = f"{how}{at}: it does not fit even with text shrunk to the {floor_px:g} px floor"
            failures.append(CarrouselError(message, file=where, line=slide.line if slide else None, slide=number,
                                           kind=kind, hint="split the slide in two or shorten its longest item"))
            warnings.append(SlideWarning(number, kind, "error", "overflow", f"overflows: {how}"))
        elif fit.scale < 1:
            warnings.append(SlideWarning(number, kind, "warning", "shrunk", f"shrunk to {int(fit.scale * 100)}% to fit"))
        if fit.min_text < floor_px - 0.01:
            warnings.append(SlideWarning(number, kind, "warning", "small-text",
                                         f"text at {fit.min_text:g} px, below the theme's {floor_px:g} px floor "
                                         f"(\"{fit.min_text_sample[:40]}\")"))
    if failures and not allow_overflow:
        first = failures[0]
        if len(failures) > 1:
            first.message += f" (+{len(failures) - 1} more slide{'s' if len(failures) > 2 else ''})"
        raise first
    return warnings
