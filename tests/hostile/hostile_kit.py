"""Shared by the hostile-input tests: a victim project built once, a canary, a recording HTTP server."""

from __future__ import annotations

import contextlib
import re
import shutil
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from helpers import png_bytes, run_cli_here

VICTIM = """title: Victim
slides:
  - kind: cover
    title: The previous build
  - kind: content
    title: Second
    body: |
      A picture from the project: ![ok](assets/ok.png)
"""
LOCK = ".carrousel.lock"


def build(root: Path, *args: str) -> tuple[int, str, str]:
    """Run the CLI in-process from root (as `build.py --project root ARGS`): exit code, stdout, stderr."""
    from carrousel.build import batch as jobs

    jobs._PROJECTS.clear()  # a project (and its carrousel.yaml) is remembered per process: each case is a new one
    return run_cli_here(root, "build", *args)


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under output/ (but the lock file), by relative path."""
    out = root / "output"
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file() and p.name != LOCK}


def pieces(data: bytes):
    """data, plus every zlib stream inside it (PDF streams, PNG chunks) decompressed."""
    yield data
    for match in re.finditer(rb"stream\r?\n", data):
        try:
            yield zlib.decompressobj().decompress(data[match.end():match.end() + 50_000_000])
        except zlib.error:
            pass
    if data.startswith(b"\x89PNG"):
        idat = b"".join(m.group(1) for m in re.finditer(rb"IDAT(.*?)(?=....(?:IDAT|IEND))", data, re.S))
        with contextlib.suppress(zlib.error):
            yield zlib.decompress(idat)


def leaks(root: Path, canary: bytes, *texts: str) -> list[str]:
    """Output files (and texts) in which the canary shows up, plain or compressed."""
    found = [f"text {i}" for i, text in enumerate(texts) if canary.decode() in text]
    for path in sorted((root / "output").rglob("*")):
        if path.is_file() and any(canary in piece for piece in pieces(path.read_bytes())):
            found.append(str(path.relative_to(root)))
    return found


class Recorder:
    """A loopback HTTP server that records every request it gets."""

    def __init__(self):
        self.requests: list[str] = []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's name
                recorder.requests.append(self.path)
                body = png_bytes(2, 2)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def copy_project(base: Path, target: Path, canary: bytes) -> Path:
    """A copy of the built victim project at target/project, with canary files next to it."""
    shutil.copytree(base, target / "project", symlinks=True)
    for name in ("secret", "secret.png", "secret.css"):
        (target / name).write_bytes(canary)
    return target / "project"
