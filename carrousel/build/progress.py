"""Build progress: a bar with the current post and slide on a terminal (after a second), plain lines otherwise."""

from __future__ import annotations

import os
import sys
import threading

# Seconds before a bar appears: quick builds just print their lines (tests set it to 0).
DELAY = float(os.environ.get("CARROUSEL_PROGRESS_DELAY", "1.0"))


class Progress:
    """Report posts and slides as they are built; safe to call from one thread at a time."""

    def __init__(self, posts: int, stream=None, delay: float | None = None):
        self.stream = stream or sys.stdout
        self.posts = posts
        self._bar = None
        self._task = None
        self._timer = None
        self._lock = threading.Lock()
        self._closed = False
        if posts and self.stream.isatty():
            self._timer = threading.Timer(DELAY if delay is None else delay, self._show)
            self._timer.daemon = True
            self._timer.start()

    def _show(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )
        from rich.progress import Progress as Bar

        with self._lock:
            if self._closed:
                return
            self._bar = Bar(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TimeElapsedColumn(), console=Console(file=self.stream), transient=True)
            self._task = self._bar.add_task(self._description, total=self.posts, completed=self._done)
            self._bar.start()

    _description = "building"
    _done = 0

    def slide(self, slug: str, number: int, total: int) -> None:
        """A slide of a post was laid out."""
        with self._lock:
            self._description = f"{slug} · slide {number}/{total}"
            if self._bar:
                self._bar.update(self._task, description=self._description)

    def line(self, text: str, error: bool = False) -> None:
        """A post finished: print its line (above the bar when there is one)."""
        with self._lock:
            self._done += 1
            if self._bar:
                self._bar.update(self._task, completed=self._done)
                self._bar.console.print(text, markup=False, highlight=False, soft_wrap=True)
            else:
                print(text, file=sys.stderr if error else self.stream, flush=True)

    def warn(self, text: str) -> None:
        """Print a warning about the whole build (on stderr, or above the bar)."""
        with self._lock:
            if self._bar:
                self._bar.console.print(text, markup=False, highlight=False, soft_wrap=True)
            else:
                print(text, file=sys.stderr, flush=True)

    def close(self) -> None:
        """Remove the bar."""
        with self._lock:
            self._closed = True
            if self._timer:
                self._timer.cancel()
            if self._bar:
                self._bar.stop()
                self._bar = None
