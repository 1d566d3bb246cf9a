"""The preview web server: output/ as static files, plus server-sent events that reload the open tab.

Closed to other sites: only requests whose Host is this machine's loopback
name (or the --host given) are answered, so that a web page cannot rebind its
domain to 127.0.0.1 and read the posts (DNS rebinding); the event stream also
refuses another site's Origin. Dotfiles and folders without an index are not
served; a malformed request gets a 400; a slow or gone client costs nothing.
"""

from __future__ import annotations

import json
import mimetypes
import os
import posixpath
import queue
import re
import sys
import threading
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

from carrousel.paths import is_inside

PREFIX = "/_carrousel/"
LIVE_JS = Path(__file__).with_name("live.js")
INJECT = b'<script src="/_carrousel/live.js"></script>'
LOOPBACK = ("localhost", "127.0.0.1", "[::1]")
# Seconds a connection may stay silent (sending its request, or not reading the answer): CARROUSEL_SERVE_TIMEOUT.
TIMEOUT = float(os.environ.get("CARROUSEL_SERVE_TIMEOUT") or 20)
_EARLY = re.compile(r"^(.+)/png/(\d+)\.png$")  # a slide's PNG, perhaps shown early (hub.py)


def host_names(host: str) -> set[str]:
    """The Host names answered: the loopback names and the address serve listens on."""
    host = host.strip().lower()
    return {*LOOPBACK, f"[{host}]" if ":" in host and not host.startswith("[") else host}


class Handler(BaseHTTPRequestHandler):
    """Static files from output/ only (never outside it, never dotfiles), no caching, live-reload script in HTML
    pages, the early PNGs of edited slides, the event stream."""

    timeout = TIMEOUT
    server_version = "carrousel"

    def __init__(self, *args, hub, directory: str, hosts: set[str], **kwargs):
        self.hub, self.directory, self.hosts = hub, directory, hosts
        super().__init__(*args, **kwargs)

    def log_message(self, format, *args):  # quiet: the terminal shows builds, not requests
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def _host_allowed(self) -> bool:
        host = (self.headers.get("Host") or "").strip().lower()
        if host.startswith("["):  # [::1]:8000
            name = host.split("]", 1)[0] + "]"
        else:
            name = host.split(":", 1)[0]
        return name in self.hosts

    def _origin_allowed(self) -> bool:
        """Whether the event stream may be read: the page asking is one of ours (or no browser page at all)."""
        if self.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
            return False
        origin = self.headers.get("Origin")
        if origin is None:
            return True
        try:
            parts = urlsplit(origin.strip().lower())
            port = parts.port
        except ValueError:
            return False
        name = f"[{parts.hostname}]" if parts.hostname and ":" in parts.hostname else parts.hostname
        return parts.scheme == "http" and name in self.hosts and port == self.server.server_address[1]

    def do_GET(self):
        try:
            self._get()
        except (ConnectionError, TimeoutError):
            self.close_connection = True  # the client went away: nothing to say

    def _get(self) -> None:
        if not self._host_allowed():
            return self._refuse(403, "this server answers only http://localhost:PORT/ (Host not allowed; start "
                                     "serve with --host NAME to be reached as NAME)")
        split = urlsplit(self.path)
        try:
            path = unquote(split.path, errors="strict")
        except ValueError:  # a %-escape that is not UTF-8
            return self._refuse(400, "malformed path")
        if any(ord(c) < 32 or c == "\x7f" for c in path) or not path.startswith("/"):
            return self._refuse(400, "malformed path")
        if path == PREFIX + "events":
            return self._events() if self._origin_allowed() else self._refuse(403, "another site's page")
        if path == PREFIX + "live.js":
            return self._send(LIVE_JS.read_bytes(), "text/javascript; charset=utf-8")
        parts = [p for p in posixpath.normpath(path).split("/") if p]
        if any(part.startswith(".") for part in parts):
            return self._refuse(404, "not found")  # dotfiles: the manifest, the lock, temp files
        stamp = parse_qs(split.query).get("v", [""])[0]
        early = _EARLY.match("/".join(parts))
        if early and stamp:
            data = self.hub.early_png(early.group(1), int(early.group(2)), stamp)
            if data is not None:
                return self._send(data, "image/png")
        self._file(parts, path.endswith("/") or not parts)

    def _file(self, parts: list[str], slash: bool) -> None:
        target = Path(self.directory).joinpath(*parts)
        try:
            if target.is_dir():
                if not slash:  # so that the page's relative links resolve
                    self.send_response(301)
                    self.send_header("Location", "/" + "/".join(quote(part) for part in parts) + "/")
                    self.send_header("Content-Length", "0")
                    return self.end_headers()
                target = target / "index.html"  # no listing: a folder without an index is not found
            real = target.resolve()
            # A symlink inside output/ could still point outside it.
            if not is_inside(real, self.directory) or not real.is_file():
                return self._refuse(404, "not found")
            body = real.read_bytes()
        except (OSError, ValueError):  # a name too long, a file gone meanwhile
            return self._refuse(404, "not found")
        if real.suffix == ".html":
            cut = body.rfind(b"</body>")
            body = body[:cut] + INJECT + body[cut:] if cut >= 0 else body + INJECT
            return self._send(body, "text/html; charset=utf-8")
        kind = mimetypes.guess_type(real.name)[0] or "application/octet-stream"
        self._send(body, kind + ("; charset=utf-8" if kind.startswith("text/") or kind.endswith("json") else ""))

    def _refuse(self, code: int, message: str) -> None:
        self.send_error(code, message)

    def do_HEAD(self):
        self.send_error(405, "GET only")

    do_POST = do_PUT = do_DELETE = do_OPTIONS = do_HEAD

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
        except OSError:  # the tab closed, or stopped reading for TIMEOUT seconds
            self.close_connection = True
        finally:
            self.hub.unsubscribe(q)


class Server(ThreadingHTTPServer):
    """A threading HTTP server that keeps quiet about clients going away and says other failures in one line."""

    daemon_threads = True

    def handle_error(self, request, client_address):
        error = sys.exc_info()[1]
        if isinstance(error, (OSError, ValueError)):  # gone, reset, timed out, or a request line it cannot read
            return
        print(f"serve: a request failed: {type(error).__name__}: {error}", file=sys.stderr, flush=True)


def start(output: Path, hub, host: str, port: int) -> ThreadingHTTPServer:
    """Serve output/ on host:port in a background thread; return the server (its address has the real port)."""
    os.makedirs(output, exist_ok=True)
    server = Server((host, port), partial(Handler, hub=hub, directory=str(output.resolve()), hosts=host_names(host)))
    threading.Thread(target=server.serve_forever, name="carrousel-http", daemon=True).start()
    return server
