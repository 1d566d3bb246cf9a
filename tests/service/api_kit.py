"""Shared by the service tests (and bench/load.py): a running `carrousel api`, posts to send, its workers."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent.parent


def small_post(title: str = "Small", slides: int = 1) -> str:
    """A YAML post of a cover and (slides - 1) content slides."""
    body = [f"title: {title}", "slides:", "  - kind: cover", f"    title: {title}"]
    for n in range(2, slides + 1):
        body += ["  - kind: content", f"    title: Slide {n}", "    body: |",
                 f"      Point {n}: **bold**, `code` and a [[green: tag]]."]
    return "\n".join(body) + "\n"


class Api:
    """A `carrousel api` started in a subprocess on a free loopback port, stopped by stop()."""

    def __init__(self, *args: str, env: dict | None = None, cwd: Path | None = None, token: str | None = None):
        environment = {**os.environ, **(env or {})}
        environment.pop("CARROUSEL_API_TOKEN", None)
        if token:
            environment["CARROUSEL_API_TOKEN"] = token
        self.token = token
        self.proc = subprocess.Popen([sys.executable, str(REPO / "build.py"), "api", "--port", "0", *args],
                                     cwd=cwd or REPO, env=environment, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True, start_new_session=True)
        line = self.proc.stdout.readline()
        found = re.search(r"on http://([\d.]+):(\d+)/", line)
        if not found:
            self.stop()
            raise AssertionError(f"carrousel api did not start: {line}{self.proc.stdout.read()}")
        self.url = f"http://{found.group(1)}:{found.group(2)}"
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.client = httpx.Client(base_url=self.url, headers=headers, timeout=120)
        self.wait_until(lambda: self.client.get("/readyz").status_code == 200, 120, "the workers to be ready")

    def render(self, post: str | bytes, name: str = "post.yaml", assets=(), data=None, params=None,
               headers=None) -> httpx.Response:
        """POST /v1/render with the post (text or bytes) under `name`, and assets as (name, bytes) pairs."""
        files = [("post", (name, post.encode() if isinstance(post, str) else post))]
        files += [("assets", (asset, content)) for asset, content in assets]
        return self.client.post("/v1/render", files=files, data=data, params=params, headers=headers)

    def metric(self, name: str) -> float:
        """One value of /metrics (the first series of that name)."""
        text = self.client.get("/metrics").text
        found = re.search(rf"^{re.escape(name)}(?:{{[^}}]*}})? (\S+)$", text, re.M)
        return float(found.group(1)) if found else 0.0

    def workers(self) -> list[int]:
        """The process ids of the render workers: the service's children."""
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.proc.pid:
                found.append(int(stat.parent.name))
        return found

    @staticmethod
    def wait_until(condition, seconds: float, what: str) -> None:
        """Poll condition() until it holds, failing after `seconds`."""
        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}")
            time.sleep(0.02)

    def stop(self) -> str:
        """Stop the service (SIGTERM, as Kubernetes does); its output."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        if hasattr(self, "client"):
            self.client.close()
        return self.proc.stdout.read() if self.proc.stdout else ""


BRAND = "name: brand\ndescription: the project's own theme\nextends: terminal\ntokens:\n  text: '#ff00ff'\n"
TOKEN = "test-token-0123456789"


def roomy(tmp_path_factory) -> tuple[Api, Path]:
    """One worker, two places in the queue, small limits that tests reach on purpose (600 MiB per render on top
    of what its worker maps: about twice what a render adds, two thirds of what the huge picture of the memory test
    needs), and a project offering its theme `brand`; with the temp folder (TMPDIR) it was
    given, whose leftovers are checked."""
    offered = tmp_path_factory.mktemp("offered")
    (offered / "content").mkdir()
    (offered / "themes" / "brand").mkdir(parents=True)
    (offered / "themes" / "brand" / "theme.yaml").write_text(BRAND, encoding="utf-8")
    scratch = tmp_path_factory.mktemp("api-tmp")
    service = Api("--workers", "1", "--queue", "2", "--max-request", "3", "--max-assets", "3", "--max-asset", "1",
                  "--max-slides", "30", "--timeout", "60", "--memory", "600M", "--project", str(offered),
                  env={"TMPDIR": str(scratch)})
    return service, scratch


def tight(tmp_path_factory) -> Api:
    """One worker, one place in the queue, a 5 s render limit, a bearer token."""
    return Api("--workers", "1", "--queue", "1", "--timeout", "5", token=TOKEN,
               env={"TMPDIR": str(tmp_path_factory.mktemp("tight-tmp"))})
