"""What `serve` shares with the open tabs: build errors by post, a queue of events per tab, and the PNGs of edited
slides shown before their post is written."""

from __future__ import annotations

import queue
import threading


class Hub:
    """Build state shared with every open tab: errors by post, a queue of events per tab, early PNGs."""

    def __init__(self):
        self.errors: dict[str, dict] = {}  # slug -> {message, file, line, slide, text}
        self._clients: set[queue.Queue] = set()
        self._lock = threading.Lock()
        self._stamp = 0
        # folder under output/ -> {slide number: (stamp, png)}: an edited slide's new PNG, served to the tabs
        # (png/NN.png?v=stamp) before the post's new set of outputs is written, never written into the old set.
        self._early: dict[str, dict[int, tuple[int, bytes]]] = {}

    def subscribe(self) -> queue.Queue:
        """A new tab: its event queue, starting with the current state."""
        q: queue.Queue = queue.Queue()
        with self._lock:
            self._clients.add(q)
            q.put(self._state("state"))
        return q

    def unsubscribe(self, q: queue.Queue) -> None:
        """A tab went away."""
        with self._lock:
            self._clients.discard(q)

    def _state(self, kind: str, **extra) -> dict:
        return {"type": kind, "errors": list(self.errors.values()), **extra}

    def built(self, slug: str, changed: list[int] | None = None) -> None:
        """A post built: clear its error; its tabs swap the changed slides' images, or reload when `changed` is None
        (the preview page itself changed). The index reloads either way."""
        with self._lock:
            self.errors.pop(slug, None)
            self._drop(slug)
            if changed is None:
                self._send(self._state("reload", slug=slug))
            else:
                self._send(self._state("built", slug=slug, **self._slides(changed)))

    def early(self, slug: str, folder: str, pngs: dict[int, bytes]) -> None:
        """New PNGs of some slides, before the post is written: kept here for the tabs, which swap their images."""
        with self._lock:
            event = self._slides(sorted(pngs))
            self._early[folder] = {number: (event["stamp"], data) for number, data in pngs.items()}
            self._send(self._state("slides", slug=slug, **event))

    def early_png(self, folder: str, number: int, stamp: str) -> bytes | None:
        """The early PNG of a slide, if the tabs were told of it with this stamp."""
        with self._lock:
            found = self._early.get(folder, {}).get(number)
        return found[1] if found and str(found[0]) == stamp else None

    def _drop(self, slug: str) -> list[int]:
        """Forget a post's early PNGs (its outputs are written, or its build failed): their slide numbers."""
        numbers = set()
        for folder in [f for f in self._early if f == slug or f.startswith(slug + "/")]:
            numbers |= set(self._early.pop(folder))
        return sorted(numbers)

    def _slides(self, numbers: list[int]) -> dict:
        self._stamp += 1  # a new image URL each time, so the browser cannot show a stale one
        return {"slides": numbers, "stamp": self._stamp}

    def failed(self, slug: str, error) -> None:
        """A post failed: keep its last good outputs, show the error over the tabs showing it (slides shown early
        go back to the last good PNGs)."""
        with self._lock:
            self.errors[slug] = {"slug": slug, "message": error.message, "file": error.file, "line": error.line,
                                 "slide": error.slide, "text": error.format()}
            shown = self._drop(slug)
            self._send(self._state("error", slug=slug, **(self._slides(shown) if shown else {})))

    def _send(self, event: dict) -> None:
        for q in self._clients:
            q.put(event)
