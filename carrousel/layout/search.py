"""The scale search of one slide: the largest text scale at which it fits, in as few layouts as possible.

Each layout costs ~60 ms, so the search does not halve an interval: it
predicts. Content height grows with the scale roughly as a power of it (text
that wraps grows faster than one line), so from the heights measured so far it
aims straight at a full safe area, then refines between the largest scale that
fits and the smallest that does not. It stops when the slide is full enough,
at the theme's limit, or when the two are close.
"""

from __future__ import annotations

import math

LOWEST = 0.5  # never below half size, whatever the floor
FULL = 0.86  # content taking this share of the safe area is full enough: growing it more is not worth a layout
AIM = 0.985  # aim a little short of a full safe area: a prediction is never exact
CLOSE = 1.05  # stop when the largest fitting and the smallest failing scales are this close
GROW_TRIES = 3  # layouts spent growing a slide that fits, at most (shrinking one that overflows may take more)
EXPONENT = 1.4  # height ~ scale ** EXPONENT, until two measures tell better


class Search:
    """One slide's search: feed it each layout's measures (add), ask it the next scale to try (next)."""

    def __init__(self, index: int, floor: float, first: tuple, document=None):
        self.index, self.floor = index, floor
        self.first = first  # (boxes.Measure, fill.Span) at scale 1
        self.points: list[tuple] = []  # (scale, used height, fits)
        self.best = None  # (scale, document, measures) of the largest scale that fits
        self.closest = None  # the same for the smallest legible scale that still overflowed
        self.failing = None  # the smallest scale known not to fit
        self.done = False
        self.lowest = LOWEST
        self.add(1.0, document, first)
        measure, span = first
        if measure.overflow is not None and measure.overflow.pages > 1:
            self.done = True  # split over pages: no scale is measured reliably

    def _fits(self, scale: float, measure, span) -> tuple[bool, bool]:
        """(fits, legible) of a layout at scale."""
        legible = measure.min_text >= self.floor - 0.01
        wraps_more = scale > 1 and span.wraps > self.first[1].wraps  # growing must not break a code line
        return legible and measure.overflow is None and not wraps_more, legible

    def add(self, scale: float, document, measures: tuple) -> None:
        """Record the layout at scale."""
        measure, span = measures
        fits, legible = self._fits(scale, measure, span)
        self.points.append((scale, span.used, fits))
        if fits:
            if self.best is None or scale > self.best[0]:
                self.best = (scale, document, measures)
        elif legible or scale > 1:
            if self.failing is None or scale < self.failing:
                self.failing = scale
            if legible and (self.closest is None or scale < self.closest[0]):
                self.closest = (scale, document, measures)
        else:
            self.lowest = max(self.lowest, scale)  # too small to read: the answer lies above
            if measure.overflow is not None:
                self.done = True  # too small to read and still too long: it will never fit

    def result(self):
        """(scale, document, measures) chosen: the largest that fits, else the smallest legible that overflowed."""
        return self.best or self.closest

    def next(self) -> float | None:
        """The next scale to lay out, or None when the search is over."""
        if self.done:
            return None
        guess = self._guess()
        tried = {round(s, 4) for s, _, _ in self.points}
        if guess is None or round(guess, 4) in tried:
            self.done = True
            return None
        return guess

    def _guess(self) -> float | None:
        span = self.first[1]
        room = span.room * AIM
        if self.best is not None:
            if len(self.points) > GROW_TRIES:
                return None
            low, (_, _, (_, best_span)) = self.best[0], self.best
            if low >= span.grow - 1e-4 or best_span.used >= FULL * span.room:
                return None  # at the theme's limit, or full enough
            high = min(self.failing or math.inf, span.grow)
            if high / low < CLOSE and self.failing is not None:
                return None
            guess = self._predict(room)
            if guess is None or not low < guess < high:
                guess = math.sqrt(low * high) if self.failing is not None else high
            guess = min(max(guess, low * 1.01), high if self.failing is None else high / 1.01)
            return None if guess <= low * 1.005 else guess
        high = self.failing if self.failing is not None else 1.0
        if high <= self.lowest * 1.005:
            return None
        guess = self._predict(room)
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
            exponent = EXPONENT
        else:  # the two measures closest to the target tell the exponent best
            near = sorted(points, key=lambda p: abs(math.log(p[1] / target)))[:2]
            (s1, h1), (s2, h2) = sorted(near)
            exponent = math.log(h2 / h1) / math.log(s2 / s1) if h2 > h1 and s2 > s1 else EXPONENT
            exponent = min(max(exponent, 0.5), 2.5)
            scale, used = near[0]
        return scale * (target / used) ** (1 / exponent)
