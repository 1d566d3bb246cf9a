"""A running `serve`, as a user starts it, for the serve and browser tests."""

from __future__ import annotations

import http.client
import json
import re
import subprocess
import time
from pathlib import Path

from helpers import cli_command


class Serve:
    """A running `build.py serve --port 0` in a project."""

    def __init__(self, root: Path):
        self.root = root
        self.proc = subprocess.Popen(cli_command("serve", "--port", "0"), cwd=root, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + 120
        self.log = []
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            self.log.append(line)
            found = re.search(r"serving http://([\d.]+):(\d+)/", line)
            if found:
                self.host, self.port = found.group(1), int(found.group(2))
                return
        self.stop()
        raise AssertionError("serve did not start:\n" + "".join(self.log))

    def get(self, path: str) -> tuple[int, bytes]:
        """GET path: (status, body)."""
        conn = http.client.HTTPConnection(self.host, self.port, timeout=10)
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()

    def events(self):
        """An iterator over the server-sent events (dicts)."""
        conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        conn.request("GET", "/_carrousel/events")
        response = conn.getresponse()
        assert response.getheader("Content-Type") == "text/event-stream"

        def read():
            while True:
                line = response.fp.readline()
                if not line:
                    return
                if line.startswith(b"data: "):
                    yield json.loads(line[6:])
        return read()

    def stop(self):
        """Stop the server (as Ctrl-C would)."""
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
