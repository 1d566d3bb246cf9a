"""The render workers a service holds, and who gets one: a bounded queue in front of a Pool of supervisors.

A request is admitted while fewer than workers + queue requests are held;
past that it is refused at once (429, with a Retry-After estimated from recent
renders) rather than waiting without bound. An admitted request renders in a
thread that waits for a free warm worker (carrousel/build/supervisor.py), which
kills a render at the deadline or the memory limit and forks a fresh worker for
the next one. A worker that died is warmed again in the background.
"""

from __future__ import annotations

import math
import threading
from collections import deque
from contextlib import contextmanager

import anyio

from carrousel import limits
from carrousel.build.supervisor import Pool
from carrousel.service import render
from carrousel.service.config import Config

DEFAULT_RENDER = 2.0  # seconds, the guess before any render was timed


class Busy(Exception):
    """Every worker is busy and the queue is full: come back after `retry_after` seconds."""

    def __init__(self, retry_after: int):
        super().__init__(retry_after)
        self.retry_after = retry_after


class Workers:
    """A Pool of warm render workers with a bounded queue in front of it."""

    def __init__(self, config: Config):
        self.config = config
        self.pool = Pool(config.workers, workers=1, memory=config.memory)
        self.held = 0  # requests admitted: reading their upload, waiting for a worker, or rendering
        self.in_pool = 0  # of those, the ones handed to the pool (rendering, or waiting for a worker)
        self.ready = False
        self.problem: str | None = None  # why the workers could not be started
        self._lock = threading.Lock()
        self._recent = deque([DEFAULT_RENDER], maxlen=32)  # seconds of recent renders
        self._limiter = anyio.CapacityLimiter(config.capacity + config.workers)  # + the warm-ups

    @property
    def rendering(self) -> int:
        """Renders under way in a worker now."""
        return min(self.in_pool, self.config.workers)

    @property
    def queued(self) -> int:
        """Requests admitted and not rendering yet (reading their upload, or waiting for a worker)."""
        return self.held - self.rendering

    @property
    def restarts(self) -> int:
        """Workers replaced since the service started (killed at a limit, or dead)."""
        return sum(max(0, supervisor.starts - 1) for supervisor in self.pool.supervisors)

    def pids(self) -> list[int | None]:
        """Each worker's process id (None for one not running now)."""
        return [supervisor.pid if supervisor.alive else None for supervisor in self.pool.supervisors]

    @contextmanager
    def admit(self):
        """Hold a place for one request, or raise Busy when none is left (the event loop's thread only)."""
        if self.held >= self.config.capacity:
            raise Busy(self.retry_after())
        self.held += 1
        try:
            yield
        finally:
            self.held -= 1

    def retry_after(self) -> int:
        """Seconds after which a refused request may find a place: the queue's expected wait, 1 to 60."""
        average = sum(self._recent) / len(self._recent)
        return max(1, min(60, math.ceil(average * (self.queued + 1) / self.config.workers)))

    async def render(self, root: str, post: str, options, pdf_only: bool = False) -> render.Rendered:
        """Render the post of a temporary project in a free worker (a CarrouselError for its errors and limits);
        pdf_only: no PNG is made."""
        return await anyio.to_thread.run_sync(self._render, root, post, options, pdf_only, limiter=self._limiter)

    def _render(self, root: str, post: str, options, pdf_only: bool) -> render.Rendered:
        with self._lock:
            self.in_pool += 1
        try:
            rendered = self.pool.run(render.render, root, post, options, self.config.max_slides, pdf_only,
                                     where=post, limit=self.config.timeout)
            self._recent.append(rendered.seconds)
            return rendered
        except (limits.TooLong, limits.OutOfMemory):
            self._recent.append(self.config.timeout)
            threading.Thread(target=self.warm, name="carrousel-rewarm", daemon=True).start()
            raise
        finally:
            with self._lock:
                self.in_pool -= 1

    def warm(self) -> None:
        """Start and warm every worker that is not running (at start, and after one was killed)."""
        cold = [i for i, supervisor in enumerate(self.pool.supervisors) if not supervisor.alive]
        threads = [threading.Thread(target=self._warm_one, args=(i,), daemon=True) for i in cold]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    def _warm_one(self, index: int) -> None:
        try:
            self.pool.run(render.warm, key=Pool.lane(index), where="warming a worker",
                          limit=max(60.0, self.config.timeout))
        except Exception as err:  # noqa: BLE001 - said by /readyz, in one line
            self.problem = f"a render worker could not start: {err}"

    def start(self) -> None:
        """Warm every worker; ready once they are (a problem is kept for /readyz). Blocks: run it in a thread."""
        self.warm()
        self.ready = self.problem is None

    def close(self) -> None:
        """Stop every worker."""
        self.ready = False
        self.pool.close()
