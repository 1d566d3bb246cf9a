"""Safe zones on laid-out slides: the lines of text a platform's interface would cover.

Only the slide's own text counts (the frame's byline and counter are left out by the layout's text_boxes): it is
what people read, and what a theme places the same way on every slide.
"""

from __future__ import annotations

from dataclasses import dataclass

from carrousel.errors import SlideWarning
from carrousel.export.zones import covered


@dataclass(frozen=True)
class Covered:
    """Text of one slide under one zone: the slide's number, the zone, the first line covered, how many lines."""

    slide: int
    zone: str
    text: str
    lines: int

    def describe(self) -> str:
        """`"Couplage fort…" (and 2 more lines) under TikTok caption, username and sound`."""
        more = f" (and {self.lines - 1} more line{'s' if self.lines > 2 else ''})" if self.lines > 1 else ""
        return f"\"{self.text}\"{more} under {self.zone}"


def covered_text(platform: str, reports, width: int, height: int) -> list[Covered]:
    """Each (slide, zone) where the platform's interface covers slide text, slide by slide; reports as the deck
    gives them (their text_boxes in CSS px), width and height the slide's size in the same px."""
    found = []
    for index, report in enumerate(reports):
        boxes = list(report.text_boxes)
        by_zone: dict[str, list[int]] = {}
        for hit in covered(platform, [box[:4] for box in boxes], width, height, cover=index == 0):
            lines = by_zone.setdefault(hit.zone.label, [])
            if hit.box not in lines:
                lines.append(hit.box)
        found += [Covered(index + 1, zone, boxes[min(lines)][4], len(lines)) for zone, lines in by_zone.items()]
    return found


def warnings(platform: str, reports, post, width: int, height: int) -> list[SlideWarning]:
    """A build warning for each slide whose text sits under the platform's interface (build --platform)."""
    return [SlideWarning(hit.slide, post.slides[hit.slide - 1].kind, "warning", "safe-zone",
                         f"safe zone: {hit.describe()} (move it, or shorten the slide)")
            for hit in covered_text(platform, reports, width, height)]
