"""The preview web server: output/ as static files, plus server-sent events that reload the open tab."""

from __future__ import annotations

import json
import os
import queue
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from carrousel.paths import is_inside

PREFIX = "/_carrousel/"
LIVE_JS = Path(__file__).with_name("live.js")
INJECT = b'<script src="/_carrousel/live.js"></script>'


class Hub:
    """Build state shared with every open tab: errors by post, and a queue of events per tab."""

    def __init__(self):
        self.errors: dict[str, dict] = {}  # slug -> {message, file, line, slide, text}
        self._clients: set[queue.Queue] = set()
        self._lock = threading.Lock()
        self._stamp = 0

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
            if changed is None:
                self._send(self._state("reload", slug=slug))
            else:
                self._send(self._state("built", slug=slug, **self._slides(changed)))

    def slides(self, slug: str, numbers: list[int]) -> None:
        """New PNGs of some slides are written: the tabs showing the post swap their images."""
        with self._lock:
            self._send(self._state("slides", slug=slug, **self._slides(numbers)))

    def _slides(self, numbers: list[int]) -> dict:
        self._stamp += 1  # a new image URL each time, so the browser cannot show a stale one
        return {"slides": numbers, "stamp": self._stamp}

    def failed(self, slug: str, error) -> None:
        """A post failed: keep its last good outputs, show the error over the tabs showing it."""
        with self._lock:
            self.errors[slug] = {"slug": slug, "message": error.message, "file": error.file, "line": error.line,
                                 "slide": error.slide, "text": error.format()}
            self._send(self._state("error", slug=slug))

    def _send(self, event: dict) -> None:
        for q in self._clients:
            q.put(event)


class Handler(SimpleHTTPRequestHandler):
    """Static files from output/ only (never outside it), no caching, live-reload script in HTML pages."""

    hub: Hub

    def __init__(self, *args, hub: Hub, **kwargs):
        self.hub = hub
        super().__init__(*args, **kwargs)

    def log_message(self, format, *args):  # noqa: A002 - quiet: the terminal shows builds, not requests
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if path == PREFIX + "events":
            return self._events()
        if path == PREFIX + "live.js":
            return self._send(LIVE_JS.read_bytes(), "text/javascript; charset=utf-8")
        target = Path(self.translate_path(self.path))
        if target.is_dir():
            target = target / "index.html"
        real = target.resolve()
        # translate_path drops "..", but a symlink inside output/ could still point outside it.
        if not is_inside(real, self.directory, strict=False):
            return self.send_error(404, "not found")
        if real.suffix == ".html" and real.is_file():
            body = real.read_bytes()
            cut = body.rfind(b"</body>")
            body = body[:cut] + INJECT + body[cut:] if cut >= 0 else body + INJECT
            return self._send(body, "text/html; charset=utf-8")
        return super().do_GET()

    def do_HEAD(self):
        self.send_error(405, "GET only")

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Connection", "keep-alive")
        self.end_headers()
        q = self.hub.subscribe()
        try:
            while True:
                try:
                    event = q.get(timeout=15)
                    chunk = f"data: {json.dumps(event)}\n\n"
                except queue.Empty:
                    chunk = ": keep-alive\n\n"  # lets a closed tab be noticed
                self.wfile.write(chunk.encode("utf-8"))
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass
        finally:
            self.hub.unsubscribe(q)


def start(output: Path, hub: Hub, host: str, port: int) -> ThreadingHTTPServer:
    """Serve output/ on host:port in a background thread; return the server (its address has the real port)."""
    os.makedirs(output, exist_ok=True)
    server = ThreadingHTTPServer((host, port), partial(Handler, hub=hub, directory=str(output)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="carrousel-http", daemon=True).start()
    return server
