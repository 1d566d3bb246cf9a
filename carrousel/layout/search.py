"""The scale search of one slide: the largest text scale at which it fits, in as few layouts as possible.

Each layout costs ~60 ms, so the search does not halve an interval: it
predicts. A slide with little text is laid out first at the theme's growth
limit, where it (a quote, a stat, a short list: most slides) fits at once; a
dense one at scale 1 (layout/fit.py chooses). Content
height grows with the scale roughly as a power of it (text that wraps grows
faster than one line), so from the heights measured so far it aims straight
at a full safe area, then refines between the largest scale that fits and the
smallest that does not. It stops when the slide is full enough, at the
theme's limit, or when the two are close.
"""

from __future__ import annotations

import math

from carrousel.layout.boxes import TOLERANCE

LOWEST = 0.5  # never below half size, whatever the floor
FULL = 0.86  # content taking this share of the safe area is full enough: growing it more is not worth a layout
AIM = 0.985  # aim a little short of a full safe area: a prediction is never exact
CLOSE = 1.05  # stop when the largest fitting and the smallest failing scales are this close
GROW_TRIES = 3  # layouts spent growing a slide that fits, at most (shrinking one that overflows may take more)
EXPONENT = 1.4  # height ~ scale ** EXPONENT, until two measures tell better
GROW_EXPONENT = 1.15  # the same growing from a layout that fits (what does not scale, paddings, weighs more)


class Search:
    """One slide's search: feed it each layout's measures (add), ask it the next scale to try (next)."""

    def __init__(self, index: int, floor: float, first: tuple, document=None, start: float = 1.0):
        self.index, self.floor, self.start = index, floor, start
        self.first = first  # (boxes.Measure, fill.Span) at the first scale tried, start
        # Code lines drawn on two lines at scale 1, once known: growing must not break one more.
        self.plain_wraps = first[1].wraps if start <= 1 else None
        self.points: list[tuple] = []  # (scale, used height, fits)
        self.wide = False  # a layout failed for another reason than its height (too wide, a picture squeezed)
        self.narrow = None  # the scale at which the widest line would fit, from a layout too wide
        self.hopeless = False  # too long even where the text is too small to read: only the floor is left to show
        self.stretch = 1.0  # how much further the content reaches than it paints (measured where it overflowed)
        self.cap = math.inf  # the scale at which the widest code line would take its whole room
        self.best = None  # (scale, document, measures) of the largest scale that fits
        self.closest = None  # the same for the smallest legible scale that still overflowed
        self.failing = None  # the smallest scale known not to fit
        self.done = False
        self.lowest = LOWEST
        self.add(start, document, first)

    def _fits(self, scale: float, measure, span) -> tuple[bool, bool]:
        """(fits, legible) of a layout at scale."""
        legible = measure.min_text >= self.floor - 0.01
        if self.plain_wraps is None and (scale <= 1 or span.wraps == 0):
            self.plain_wraps = span.wraps  # none broken at a larger scale: none at scale 1 either
        # Growing must not break a code line (one broken where scale 1 is not known yet: scale 1 is tried next),
        # nor squeeze a picture into what follows it.
        grown_badly = scale > 1 and (span.wraps > (self.plain_wraps or 0) or measure.squeezed > TOLERANCE)
        return legible and measure.overflow is None and not grown_badly, legible

    def add(self, scale: float, document, measures: tuple) -> None:
        """Record the layout at scale."""
        measure, span = measures
        fits, legible = self._fits(scale, measure, span)
        if measure.overflow is not None and measure.overflow.pages > 1:
            # Split over pages: its height says nothing. Past scale 1, scale 1 is tried next; at it, it is final.
            self.failing = min(self.failing or scale, scale)
            if scale <= 1:
                self.done = True
                self.closest = (scale, document, measures)
            return
        over = measure.overflow
        if over is not None and over.right > TOLERANCE or measure.squeezed > TOLERANCE:
            self.wide = True  # too wide, or a picture squeezed: heights say nothing of the scale that fits
        if over is not None and over.right > TOLERANCE and span.width > 0:
            # A line's width follows the scale: where it would take the safe area's width, and no more.
            narrow = scale * span.width / (span.width + over.right)
            self.narrow = narrow if self.narrow is None else min(self.narrow, narrow)
        if measure.overflow is not None and measure.reach is not None and span.used > 0:
            # Past the bottom, what must fit reaches further than what is painted (a padding, a margin, a block
            # with no background): aim lower, in proportion.
            self.stretch = max(self.stretch, (measure.reach - span.top) / span.used)
        self.cap = min(self.cap, scale * span.slack)  # a line's width follows the scale (its room hardly does)
        self.points.append((scale, span.used, fits))
        if fits:
            if self.best is None or scale > self.best[0]:
                self.best = (scale, document, measures)
        elif legible or scale > 1:
            if self.failing is None or scale < self.failing:
                self.failing = scale
            if legible and (self.closest is None or scale < self.closest[0]):
                self.closest = (scale, document, measures)
        else:  # too small to read: the answer lies above, no lower than where the smallest text reaches the floor
            # (text sizes grow at most in proportion to the scale: this never passes a legible scale)
            self.lowest = max(self.lowest, scale * self.floor / measure.min_text if measure.min_text > 0 else scale)
            if measure.overflow is not None:
                self.hopeless = True  # too small to read and still too long: it will never fit

    def result(self):
        """(scale, document, measures) chosen: the largest that fits, else the smallest legible that overflowed."""
        return self.best or self.closest

    def next(self) -> float | None:
        """The next scale to lay out, or None when the search is over."""
        if self.done:
            return None
        tried = {round(s, 4) for s, _, _ in self.points}
        if self.hopeless:  # one layout at the floor, to say how far it is even there
            self.done = True
            floor = round(self.lowest, 4)
            return floor if floor not in tried and (self.closest is None or self.closest[0] > floor * 1.01) else None
        guess = self._guess()
        if self.start > 1 and 1.0 not in tried and self.best is None and (
                self.plain_wraps is None or self.wide or len(self.points) > 2 or guess is None or guess < 1):
            # Down from the growth limit, heights lead only while they explain the failure: not for a broken code
            # line, a line too wide, a layout split over pages, after two misses, or below the theme's size.
            return 1.0
        if guess is None or round(guess, 4) in tried:
            self.done = True
            return None
        return guess

    def _guess(self) -> float | None:
        span = self.first[1]
        room = span.room * AIM / self.stretch
        if self.best is not None:
            if len(self.points) > GROW_TRIES:
                return None
            low, (_, _, (_, best_span)) = self.best[0], self.best
            if low >= span.grow - 1e-4 or best_span.used >= FULL * span.room:
                return None  # at the theme's limit, or full enough
            high = min(self.failing or math.inf, span.grow)
            if high / low < CLOSE and self.failing is not None:
                return None
            guess = None if self.wide else self._predict(room)
            if guess is None or not low < guess < high:
                guess = math.sqrt(low * high) if self.failing is not None else high
            guess = min(max(guess, low * 1.01), high if self.failing is None else high / 1.01, self.cap / 1.01)
            return None if guess <= low * 1.005 else guess
        high = self.failing if self.failing is not None else 1.0
        if high <= self.lowest * 1.005 or self.closest is not None and high / self.lowest < CLOSE:
            return None  # nothing legible fits, as far as is worth looking
        guess = self.narrow / 1.01 if self.narrow is not None else self._predict(room)
        if guess is None or not self.lowest < guess < high:
            guess = math.sqrt(self.lowest * high)
        return max(self.lowest, min(guess, high / 1.01))

    def _predict(self, target: float) -> float | None:
        """The scale at which the content would be target px high, from the heights measured so far."""
        points = sorted({(s, used) for s, used, _ in self.points if used > 0})
        if not points:
            return None
        if len(points) == 1:
            scale, used = points[0]
            exponent = GROW_EXPONENT if used < target else EXPONENT
        else:  # the two measures closest to the target tell the exponent best
            near = sorted(points, key=lambda p: abs(math.log(p[1] / target)))[:2]
            (s1, h1), (s2, h2) = sorted(near)
            exponent = math.log(h2 / h1) / math.log(s2 / s1) if h2 > h1 and s2 > s1 else EXPONENT
            if exponent < 0.5:
                return None  # the height hardly follows the scale (a picture that takes the room left): no prediction
            exponent = min(exponent, 2.5)
            scale, used = near[0]
        return scale * (target / used) ** (1 / exponent)
