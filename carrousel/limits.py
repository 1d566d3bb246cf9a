"""Limits for rendering, and the processes it runs in: a hostile theme or post cannot hang a build or eat the machine.

Everything that reads a post or a theme runs in a worker process (see
carrousel/build/supervisor.py) that its parent kills after the time limit, and
that cannot take more than the memory limit (RLIMIT_AS). Inside the worker, on
a second core, rasterizing and preparing a post run in forked children under
the same limits. A worker marks the stage it is in (`mark`) in memory its
parent can read, so that a render stopped from outside says where it stood.
"""

from __future__ import annotations

import json
import mmap
import multiprocessing
import os
import resource
import signal
from dataclasses import dataclass

from carrousel.errors import CarrouselError

DEFAULT_TIMEOUT = 120.0  # seconds per post; a 9-slide post renders in about 2 s
DEFAULT_MEMORY = 2 << 30  # bytes of address space per render process (a cold render maps about 0.4 GB)
_UNITS = {"": 1 << 20, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}  # a bare number is in MiB


def timeout() -> float:
    """The render time limit in seconds (CARROUSEL_RENDER_TIMEOUT; 0 renders in-process, without limits)."""
    try:
        return float(os.environ.get("CARROUSEL_RENDER_TIMEOUT", DEFAULT_TIMEOUT))
    except ValueError:
        return DEFAULT_TIMEOUT


def memory_limit() -> int:
    """The memory limit of a render process in bytes (CARROUSEL_RENDER_MEMORY: 2G, 512M, or MiB; 0: none)."""
    text = os.environ.get("CARROUSEL_RENDER_MEMORY", "").strip().lower().removesuffix("b").removesuffix("i")
    if not text:
        return DEFAULT_MEMORY
    unit = text[-1] if text[-1] in "kmg" else ""
    try:
        return int(float(text[:len(text) - len(unit)]) * _UNITS[unit])
    except ValueError:
        return DEFAULT_MEMORY


def size_text(n: int) -> str:
    """A byte count as people read it: 2 GiB, 512 MiB."""
    return f"{n / (1 << 30):g} GiB" if n >= 1 << 30 else f"{n / (1 << 20):.0f} MiB"


class TooLong(CarrouselError):
    """A render stopped at its time limit."""


class OutOfMemory(CarrouselError):
    """A render that passed its memory limit."""


class Died(OutOfMemory):
    """A render whose process died under it (killed, or crashed in a C library, most likely out of memory)."""


def too_long(limit: float, where: str | None, stage: dict | None = None) -> CarrouselError:
    """The error of a render stopped after `limit` seconds, naming the stage and slide it was at."""
    stage = stage or {}
    doing = f" while {stage['stage']}" if stage.get("stage") else ""
    return TooLong(f"rendering took longer than {limit:g} s and was stopped{doing}", file=where,
                   slide=stage.get("slide"), kind=stage.get("kind"), line=stage.get("line"),
                   hint="look for huge sizes, deep nesting, huge images or loops in the theme or the post; "
                        "CARROUSEL_RENDER_TIMEOUT sets the limit")


def out_of_memory(where: str | None, stage: dict | None = None, memory: int | None = None,
                  how: str = "ran out of memory") -> CarrouselError:
    """The error of a render that passed the memory limit (or died of it)."""
    stage = stage or {}
    doing = f" while {stage['stage']}" if stage.get("stage") else ""
    limit = memory_limit() if memory is None else memory
    error = OutOfMemory if how == "ran out of memory" else Died
    return error(f"rendering {how}{doing} (the limit is {size_text(limit)})" if limit else
                 f"rendering {how}{doing}", file=where, slide=stage.get("slide"), kind=stage.get("kind"),
                 line=stage.get("line"), hint="look for huge images, SVGs or loops in the theme or the post; "
                                              "CARROUSEL_RENDER_MEMORY sets the limit")


class Tracker:
    """A few hundred bytes shared with the forked workers: the stage the current render is at."""

    SIZE = 512

    def __init__(self):
        self._map = mmap.mmap(-1, self.SIZE)  # anonymous and shared: forked children write, the parent reads

    def set(self, stage: dict) -> None:
        """Record the current stage (one small dict)."""
        data = json.dumps(stage, ensure_ascii=True).encode()[:self.SIZE - 1]
        self._map[:len(data) + 1] = data + b"\0"

    def get(self) -> dict:
        """The last stage recorded ({} when none)."""
        data = self._map[:self.SIZE].split(b"\0", 1)[0]
        try:
            return json.loads(data) if data else {}
        except ValueError:
            return {}

    def clear(self) -> None:
        """Forget the stage (a new render starts)."""
        self._map[:1] = b"\0"


_TRACKER: Tracker | None = None


def track(tracker: Tracker | None) -> None:
    """Record stages in this tracker from now on (a worker calls it once started)."""
    global _TRACKER
    _TRACKER = tracker


def mark(stage: str, slide: int | None = None, kind: str | None = None, line: int | None = None) -> None:
    """Say what the render does now (in a worker; nothing elsewhere): named if it is stopped from outside."""
    if _TRACKER is not None:
        _TRACKER.set({"stage": stage, "slide": slide, "kind": kind, "line": line})


_CONFINED: int | None = None  # the memory limit this process was confined to (its children get the same)


def confine(memory: int | None = None) -> None:
    """In a freshly forked render process: bound its memory (what it maps may grow by `memory` bytes at most),
    leave Ctrl-C to the parent, silence C libraries."""
    global _CONFINED
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if not os.environ.get("CARROUSEL_DEBUG"):
        # Pango and friends print C-level criticals on absurd input; the error sent back says it in one line.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    memory = (_CONFINED if _CONFINED is not None else memory_limit()) if memory is None else memory
    _CONFINED = memory
    if memory > 0:
        try:
            hard = resource.getrlimit(resource.RLIMIT_AS)[1]
            # On top of what the process inherited mapped (a parent with many threads reserves address space it
            # never uses): the render itself may take `memory`.
            limit = _mapped() + memory
            resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
        except (ValueError, OSError):
            pass


def _mapped() -> int:
    """Bytes of address space this process maps now (0 where /proc does not say)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


def can_fork() -> bool:
    """Whether render processes can be forked here (not on Windows; not when CARROUSEL_RENDER_TIMEOUT=0)."""
    return "fork" in multiprocessing.get_all_start_methods() and timeout() > 0


class Child:
    """function(*args) running in a forked child process (or already run, where no child can be forked)."""

    def __init__(self, function, args):
        self._process, self._value = None, None
        if not can_fork() or multiprocessing.current_process().daemon:
            self._value = function(*args)  # no fork, a daemon process (which may not have children), or no limit
            return
        context = multiprocessing.get_context("fork")  # the child inherits loaded modules: no second import
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_child, args=(send, function, args), daemon=True)
        self._process.start()
        send.close()

    def result(self, where: str | None = None, limit: float | None = None):
        """Wait for the child: its result, its CarrouselError, or an error after `limit` seconds."""
        if self._process is None:
            return self._value
        limit = timeout() if limit is None else limit
        child = self._process
        try:
            if not self._receive.poll(limit):
                raise too_long(limit, where, _TRACKER.get() if _TRACKER else None)
            try:
                status, payload = self._receive.recv()
            except EOFError:
                child.join(5)
                raise out_of_memory(where, _TRACKER.get() if _TRACKER else None,
                                    how=f"crashed (exit code {child.exitcode}), perhaps out of memory") from None
        finally:
            self.cancel()
        return unpack(status, payload, where)

    def cancel(self) -> None:
        """Stop the child if it still runs (its result is no longer wanted)."""
        if self._process is None:
            return
        self._receive.close()
        if self._process.is_alive():
            self._process.kill()
        self._process.join()


@dataclass(frozen=True)
class Executor:
    """How a render may use processes: up to `workers` at once, each function submitted run in a forked child with
    the time and memory limits (in place where no child can be forked)."""

    workers: int = 1

    def submit(self, function, *args) -> Child:
        """Start function(*args); Child.result() waits for it."""
        return Child(function, args)


def pack(function, args) -> tuple:
    """Run function(*args) and give (status, payload) to send to a parent: ok, error (a CarrouselError), memory,
    crash."""
    try:
        return "ok", function(*args)
    except CarrouselError as err:
        return "error", (type(err), dict(vars(err)))
    except MemoryError:
        return "memory", None
    except OSError as err:  # a full disk while writing a cache, most likely: one line naming the file
        shown = str(err.filename or "").replace(os.path.expanduser("~"), "~", 1)
        message = f"{(err.strerror or type(err).__name__).lower()}" + (f" writing {shown}" if shown else "")
        return "error", (CarrouselError, {**vars(CarrouselError(message)), "hint": "free some disk space"})
    except RecursionError:
        return "crash", "nesting too deep"
    except Exception as err:  # noqa: BLE001 - reported by the parent as one line
        return "crash", f"{type(err).__name__}: {err}"


def unpack(status: str, payload, where: str | None):
    """The result packed by `pack`, or its error raised (as raised in the child: subclass and fields included)."""
    if status == "ok":
        return payload
    if status == "error":
        kind, fields = payload
        error = kind.__new__(kind)
        error.__dict__.update(fields)
        raise error.at(file=where)
    stage = _TRACKER.get() if _TRACKER else None
    if status == "memory":
        raise out_of_memory(where, stage)
    raise CarrouselError(f"the renderer failed: {payload}", file=where, hint="set CARROUSEL_RENDER_TIMEOUT=0 and "
                                                                           "CARROUSEL_DEBUG=1 to see the details")


def _child(send, function, args) -> None:
    confine()
    try:
        send.send(pack(function, args))
    finally:
        send.close()
        os._exit(0)  # skip the parent's atexit handlers and buffers inherited by fork
