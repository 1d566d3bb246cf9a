"""Render jobs in warm worker processes, each stopped from outside: a wall-clock deadline, a memory limit.

A Supervisor owns one worker process, forked on first use and kept alive
between jobs, so that WeasyPrint stays imported and laid-out slides stay known
(an edit in `serve` lays out one slide). The parent sends a job (a function and
its arguments); the worker sends back events (progress, an early PNG) and the
result. Past the deadline the parent kills the worker's whole process group
(its own children too) and the next job forks a fresh one; a worker that ran
out of memory is replaced too. The parent itself never reads a post or a theme.

A Pool holds several supervisors for jobs run side by side from threads (the
CLI's --jobs, serve's lanes, an HTTP service), preferring the worker that last
ran a job with the same key, since that one has the post's slides laid out.
"""

from __future__ import annotations

import atexit
import gc
import multiprocessing
import multiprocessing.util  # registers its exit handler first, so that ours (stopping workers) runs before it
import os
import signal
import threading
import time
import weakref
from functools import partial

from carrousel import limits

_LIVE: weakref.WeakSet = weakref.WeakSet()  # supervisors with a worker, stopped at exit
_SINK = None  # in a worker: where emit() sends events (the pipe, or the caller's on_event in-process)
_AFTER: list = []  # what to do once the current job's result is sent


def emit(*event) -> None:
    """Send an event to the parent waiting for the current job (nothing when there is none)."""
    if _SINK is not None:
        _SINK(*event)


def after_result(function) -> None:
    """Call function() once the current job's result is sent (tidying up out of the parent's way)."""
    _AFTER.append(function)


def collect_after_result() -> None:
    """No garbage collection until the current job's result is sent, then one: a collection over a render's
    laid-out slides (~0.1 s for a large post) lands after its answer, not in the middle of it."""
    gc.disable()
    after_result(_collect)


def _collect() -> None:
    gc.enable()
    gc.collect()


def _tidy() -> None:
    while _AFTER:
        _AFTER.pop(0)()


class Supervisor:
    """One warm worker process running one job at a time, within the time and memory limits."""

    def __init__(self, workers: int = 1, memory: int | None = None):
        self.workers = workers  # processes one job may use: the worker and its children
        self.memory = limits.memory_limit() if memory is None else memory
        self._process = None
        self._conn = None
        self._tracker = None
        self._busy = False  # a job is under way in the worker
        self.starts = 0  # worker processes started: more than one means it was replaced
        self._lock = threading.Lock()  # one job at a time

    @property
    def alive(self) -> bool:
        """Whether the worker process is running (a job forks one otherwise)."""
        return self._process is not None and self._process.is_alive()

    @property
    def pid(self) -> int | None:
        """The worker process's id (None when there is none)."""
        process = self._process
        return process.pid if process is not None else None

    def run(self, function, *args, where: str | None = None, on_event=None, limit: float | None = None):
        """function(*args) in the worker: its result, or its error raised here; events go to on_event(*event).

        Raises a CarrouselError naming `where` and the stage reached when the job takes longer than `limit`
        seconds (CARROUSEL_RENDER_TIMEOUT by default) or passes the memory limit."""
        limit = limits.timeout() if limit is None else limit
        with self._lock:
            if limit <= 0 or not limits.can_fork():
                return _in_process(function, args, on_event)
            if not self.alive:
                self._start()
            self._tracker.clear()
            try:
                return self._wait(function, args, where, on_event, time.monotonic() + limit, limit)
            except BaseException:
                if self._process is not None and self._busy:
                    self._stop()  # interrupted (Ctrl-C) or stopped: the job's result is not wanted any more
                raise

    def _wait(self, function, args, where, on_event, deadline: float, limit: float):
        self._busy = True
        self._conn.send((function, args))
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not self._conn.poll(remaining):
                stage = self._tracker.get()
                self._stop()
                raise limits.too_long(limit, where, stage)
            try:
                message = self._conn.recv()
            except (EOFError, OSError):
                stage = self._tracker.get()
                code = self._stop()
                raise limits.out_of_memory(where, stage, self.memory, how=_death(code)) from None
            if message[0] == "event":
                if on_event is not None:
                    on_event(*message[1])
                continue
            self._busy = False
            status, payload = message
            if status in ("memory", "crash"):
                self._stop()  # its heap may be in any state: the next job gets a fresh worker
            if status == "memory":
                raise limits.out_of_memory(where, self._tracker.get() if self._tracker else None, self.memory)
            return limits.unpack(status, payload, where)

    def _start(self) -> None:
        context = multiprocessing.get_context("fork")  # inherits loaded modules: no second import
        self._conn, theirs = context.Pipe()
        self._tracker = limits.Tracker()
        # Not a daemon: the worker forks children of its own (rasterizing beside layout).
        self._process = context.Process(target=_worker, args=(theirs, self._tracker, self.memory, self._conn),
                                        name="carrousel-render", daemon=False)
        self._process.start()
        try:
            os.setpgid(self._process.pid, self._process.pid)  # also done in the worker: whichever comes first
        except OSError:
            pass
        theirs.close()
        self._busy = False
        self.starts += 1
        _LIVE.add(self)

    def _stop(self) -> int | None:
        """Kill the worker and its children; return its exit code."""
        process, self._process = self._process, None
        self._busy = False
        if process is None:
            return None
        try:
            os.killpg(process.pid, signal.SIGKILL)  # the worker leads its own group: its children go too
        except (ProcessLookupError, PermissionError):
            pass
        process.kill()
        process.join()
        self._conn.close()
        return process.exitcode

    def interrupt(self) -> None:
        """Kill the worker now, from any thread: the job under way fails at once (Ctrl-C)."""
        process = self._process
        if process is not None and process.pid:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass

    def close(self) -> None:
        """Stop the worker (a later job starts a new one)."""
        self.interrupt()
        with self._lock:
            self._stop()


class Pool:
    """Supervisors for jobs run side by side from several threads; a job waits for a free one."""

    def __init__(self, size: int, workers: int = 1, memory: int | None = None):
        self.supervisors = [Supervisor(workers, memory) for _ in range(max(1, size))]
        self._free = list(self.supervisors)
        # job key -> the supervisor that last ran it; lane(i) is supervisor i's own key
        self._last: dict = {self.lane(i): supervisor for i, supervisor in enumerate(self.supervisors)}
        self._cond = threading.Condition()

    @staticmethod
    def lane(index: int) -> tuple:
        """The key that prefers the index-th supervisor (to warm each worker in turn)."""
        return ("lane", index)

    def run(self, function, *args, key=None, **options):
        """Supervisor.run on a free supervisor, the one that last ran `key` if it is free."""
        with self._cond:
            while not self._free:
                self._cond.wait()
            known = self._last.get(key)
            supervisor = known if known in self._free else self._free[0]
            self._free.remove(supervisor)
            if key is not None and not (isinstance(key, tuple) and key[:1] == ("lane",)):
                self._last[key] = supervisor
        try:
            return supervisor.run(function, *args, **options)
        finally:
            with self._cond:
                self._free.append(supervisor)
                self._cond.notify()

    def interrupt(self) -> None:
        """Kill every worker now: the jobs under way fail at once (Ctrl-C)."""
        for supervisor in self.supervisors:
            supervisor.interrupt()

    def close(self) -> None:
        """Stop every worker."""
        for supervisor in self.supervisors:
            supervisor.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _death(code: int | None) -> str:
    """How a worker died, for the message."""
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"crashed ({name}), most likely out of memory"
    return f"crashed (exit code {code}), most likely out of memory"


def _in_process(function, args, on_event):
    """No limits asked (CARROUSEL_RENDER_TIMEOUT=0) or no fork: run here, events straight to on_event."""
    global _SINK
    previous, _SINK = _SINK, on_event
    try:
        return function(*args)
    finally:
        _SINK = previous
        _tidy()


def _worker(conn, tracker, memory: int, parents_end) -> None:
    """The worker's loop: a job, its events and result, until the parent goes away."""
    global _SINK
    # Only the parent may hold the parent's ends of the pipes (this one's and its other workers'): the parent's exit,
    # even killed, is then the end of every worker's pipe, and every worker leaves.
    parents_end.close()
    for other in list(_LIVE):
        if other._conn is not None and not other._conn.closed:
            other._conn.close()
    try:
        os.setpgid(0, 0)  # its own group, killed as one; Ctrl-C at the terminal reaches the parent only
    except OSError:
        pass
    limits.confine(memory)
    limits.track(tracker)
    _SINK = partial(_send_event, conn)
    while True:
        try:
            function, args = conn.recv()
        except (EOFError, OSError):
            break
        try:
            conn.send(limits.pack(function, args))
        except MemoryError:
            conn.send(("memory", None))
        except (OSError, EOFError):
            break
        except Exception as err:  # noqa: BLE001 - a result that cannot be sent: said in one line
            conn.send(("crash", f"cannot send the result: {type(err).__name__}: {err}"))
        _tidy()
    conn.close()
    os._exit(0)  # nothing inherited from the parent (atexit handlers, buffers) runs here


def _send_event(conn, *event) -> None:
    conn.send(("event", event))


@atexit.register
def _stop_all() -> None:
    for supervisor in list(_LIVE):
        supervisor.close()
