"""Code too long for one slide, continued on the next: `split: true` on a code slide (or on the post, or in
carrousel.yaml).

A slide that allows it is laid out once with its whole block, as the last part
would be ("(2/2)" in the title, the annotation under it). If it fits, even
shrunk, it stays one slide. If not, the fit's blame gives the height of each
line and the room the lines may take at the floor: the block is cut into as few
parts as fit, of even heights, and each part becomes a slide showing its lines,
numbered as in the whole block, "(1/3)" in its title, the annotation under the
last. Nothing is cut silently: a part that still does not fit fails like any
slide, at the source slide's line.
"""

from __future__ import annotations

from dataclasses import replace

from carrousel.load.post import Part, Post, Slide


def wanted(post: Post, slide: Slide) -> bool:
    """Whether a slide's code may continue on the next slides: its own `split`, else the post's."""
    data = slide.data
    if not data.get("code") or "split" not in data:
        return False
    return bool(data["split"]) if data["split"] is not None else post.split


def cuts(heights: list[float], room: float) -> list[tuple[int, int]]:
    """The lines (1-based, first..last) of each part: as few parts as fit `room`, then their heights evened out.
    Empty when even one line does not fit."""
    if not heights or max(heights) > room + 0.5:
        return []
    count = len(_pack(heights, room))
    low, high = max(heights), room + 0.5  # the smallest capacity that still packs into `count` parts
    for _ in range(40):
        middle = (low + high) / 2
        if len(_pack(heights, middle)) <= count:
            high = middle
        else:
            low = middle
    return _pack(heights, high)


def _pack(heights: list[float], capacity: float) -> list[tuple[int, int]]:
    """Lines packed in order into parts of at most `capacity`: [(first, last)] (1-based)."""
    parts, first, used = [], 1, 0.0
    for number, height in enumerate(heights, 1):
        if used + height > capacity and number > first:
            parts.append((first, number - 1))
            first, used = number, 0.0
        used += height
    parts.append((first, len(heights)))
    return parts


def expand(post: Post, fit_of) -> Post:
    """The post with each slide that asks to split and does not fit replaced by its parts.

    fit_of(post) lays out a post of one slide and gives its SlideFit (with the blame of an overflow).
    """
    if not any(wanted(post, slide) for slide in post.slides):
        return post
    slides, extra = [], 0
    for slide in post.slides:
        slide = replace(slide, number=slide.number + extra)
        lines = slide.data["code"].rstrip("\n").count("\n") + 1 if wanted(post, slide) else 0
        found = None
        if lines > 1:
            fit = fit_of(replace(post, slides=(replace(slide, part=Part(2, 2, 1, lines)),)))
            found = fit.blame if fit.overflow is not None else None
        parts = cuts(list(found.lines), found.room) if found is not None and len(found.lines) == lines else []
        if len(parts) < 2:
            slides.append(slide)  # it fits, or cannot be cut to fit: the fit check says so
            continue
        slides += [replace(slide, number=slide.number + i, part=Part(i + 1, len(parts), first, last))
                   for i, (first, last) in enumerate(parts)]
        extra += len(parts) - 1
    return replace(post, slides=tuple(slides))
