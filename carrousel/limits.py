"""Limits for rendering, and the processes it runs in: a hostile theme or post cannot hang a build.

Layout runs in this process (the fit and check stages read the laid-out
document) under an alarm; rasterizing (and, on a second core, preparing a
post) runs in forked child processes that are killed after the time limit
and cannot take more than MEMORY_LIMIT.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass

from carrousel.errors import CarrouselError

DEFAULT_TIMEOUT = 120.0  # seconds per post; a 9-slide post renders in about 2 s
MEMORY_LIMIT = 4 << 30  # bytes of address space for the child: a runaway layout fails instead of swapping


def timeout() -> float:
    """The render time limit in seconds (CARROUSEL_RENDER_TIMEOUT; 0 renders in-process, without a limit)."""
    try:
        return float(os.environ.get("CARROUSEL_RENDER_TIMEOUT", DEFAULT_TIMEOUT))
    except ValueError:
        return DEFAULT_TIMEOUT


def _too_long(limit: float, where: str | None) -> CarrouselError:
    return CarrouselError(f"rendering took longer than {limit:g} s and was stopped", file=where,
                          hint="look for huge sizes or deep nesting in the theme CSS or the post "
                               "(CARROUSEL_RENDER_TIMEOUT sets the limit)")


class _Expired(BaseException):
    """Raised by the alarm; a BaseException so that no `except Exception` in the renderer swallows it."""


@contextmanager
def time_limit(where: str | None = None, limit: float | None = None):
    """Stop the block with a CarrouselError after `limit` seconds (main thread only; elsewhere no limit)."""
    limit = timeout() if limit is None else limit
    if limit <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):
        raise _Expired()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        yield
    except _Expired:
        raise _too_long(limit, where) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class Child:
    """function(*args) running in a forked child process (or already run, where no child can be forked)."""

    def __init__(self, function, args):
        self._process, self._value = None, None
        if "fork" not in multiprocessing.get_all_start_methods() or multiprocessing.current_process().daemon \
                or timeout() <= 0:
            self._value = function(*args)  # no fork, a pool worker (which may not have children), or no limit asked
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
                raise _too_long(limit, where)
            try:
                status, payload = self._receive.recv()
            except EOFError:
                child.join(5)
                raise CarrouselError(f"the renderer crashed (exit code {child.exitcode})", file=where,
                                     hint="look for huge sizes in the theme CSS or the post") from None
        finally:
            self.cancel()
        if status == "ok":
            return payload
        if status == "error":  # the error as raised in the child, subclass and extra fields included
            kind, fields = payload
            error = kind.__new__(kind)
            error.__dict__.update(fields)
            raise error
        raise CarrouselError(f"the renderer failed: {payload}", file=where,
                             hint="set CARROUSEL_RENDER_TIMEOUT=0 and CARROUSEL_DEBUG=1 to see the details")

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
    """How a build may use processes: up to `workers` at once, each function submitted run in a forked child with
    the time and memory limits (in place where no child can be forked)."""

    workers: int = 1

    def submit(self, function, *args) -> Child:
        """Start function(*args); Child.result() waits for it."""
        return Child(function, args)


def _child(send, function, args) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if not os.environ.get("CARROUSEL_DEBUG"):
        # Pango and friends print C-level criticals on absurd input; the error sent back says it in one line.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    except (ValueError, OSError):
        pass
    try:
        try:
            send.send(("ok", function(*args)))
        except CarrouselError as err:
            send.send(("error", (type(err), dict(vars(err)))))
        except MemoryError:
            send.send(("crash", "out of memory"))
        except RecursionError:
            send.send(("crash", "nesting too deep"))
        except Exception as err:  # noqa: BLE001 - reported by the parent as one line
            send.send(("crash", f"{type(err).__name__}: {err}"))
    finally:
        send.close()
        os._exit(0)  # skip the parent's atexit handlers and buffers inherited by fork
