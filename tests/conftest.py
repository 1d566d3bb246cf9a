"""Shared fixtures: throwaway projects, one build of the reference post per session, a running `serve`."""

from __future__ import annotations

import http.client
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from carrousel.layers import Layers

REPO = Path(__file__).resolve().parent.parent
REFERENCE = "5-patterns-cto"


def make_project(root: Path, files: dict[str, str] | None = None, with_content: bool = False) -> Path:
    """A project at root with the repo's templates and themes, plus the given files (path -> text)."""
    root.mkdir(parents=True, exist_ok=True)
    for folder in ("templates", "themes"):
        shutil.copytree(REPO / folder, root / folder)
    if with_content:
        shutil.copytree(REPO / "content", root / "content")
    (root / "content").mkdir(exist_ok=True)
    for rel, text in (files or {}).items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


def run_cli(project: Path, *args: str) -> subprocess.CompletedProcess:
    """Run `python build.py ARGS` in project, as a user would."""
    return subprocess.run([sys.executable, str(REPO / "build.py"), *args], cwd=project, capture_output=True,
                          text=True, timeout=300)


@pytest.fixture(scope="session", autouse=True)
def _renderer_cleaned_up():
    """Tests that build in this process leave no temporary font folder behind."""
    yield
    from carrousel.layout import renderer

    renderer.close()


@pytest.fixture
def project(tmp_path) -> Path:
    """An empty project (templates and themes, no posts)."""
    return make_project(tmp_path / "project")


@pytest.fixture(scope="session")
def reference(tmp_path_factory) -> Path:
    """The output folder of the reference post, built once through the CLI."""
    root = make_project(tmp_path_factory.mktemp("ref") / "project", with_content=True)
    result = run_cli(root, f"content/{REFERENCE}.yaml")
    assert result.returncode == 0, result.stderr
    return root / "output" / REFERENCE


@pytest.fixture(scope="session")
def gallery_project(tmp_path_factory):
    """A throwaway copy of the repo (templates, themes, baselines) for gallery builds."""
    from carrousel.build.project import Project

    root = make_project(tmp_path_factory.mktemp("gallery") / "project", with_content=True)  # examples use its assets
    shutil.copytree(REPO / "tests" / "baselines", root / "tests" / "baselines")
    return Project.at(root)


@pytest.fixture(scope="session")
def gallery_sheets(gallery_project):
    """The whole gallery (every theme × mode × format), built once per session on two processes: [gallery.Sheet]."""
    from carrousel.dev import gallery
    from carrousel.load.settings import FORMATS
    from carrousel.theme.themes import available

    themes = list(available(Layers(gallery_project.root)))
    return gallery.build_sheets(gallery_project, gallery.combinations(gallery_project, themes, list(FORMATS)), jobs=2)


@pytest.fixture(scope="session")
def portrait_sheets(gallery_sheets):
    """Every theme's portrait gallery sheet in its own mode (the first built): {theme: gallery.Sheet}."""
    found = {}
    for sheet in gallery_sheets:
        if sheet.format == "portrait":
            found.setdefault(sheet.theme, sheet)
    return found


# A small post (cover, list, end) for cache, serve and browser tests.
POST = """title: Cache test
lang: en
theme: terminal
author:
  name: Ada Lovelace
  role: Engineer
  handle: /in/ada
slides:
  - kind: cover
    title: Caching **slides**
    subtitle: One edit, one render
  - kind: list
    title: Why
    items:
      - icon: ⚡
        title: Fast
        text: Only what changed
      - title: Same bytes
        text: As a full build
  - kind: end
    title: Thanks
    text: See you soon
"""


class Serve:
    """A running `build.py serve --port 0` in a project."""

    def __init__(self, root):
        self.root = root
        self.proc = subprocess.Popen([sys.executable, str(REPO / "build.py"), "serve", "--port", "0"], cwd=root,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        deadline = time.time() + 120
        self.log = []
        while time.time() < deadline:
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
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`serve` running on a project with the demo post, one per test module."""
    root = make_project(tmp_path_factory.mktemp("serve") / "project", {"content/demo.yaml": POST})
    server = Serve(root)
    yield server
    server.stop()


# -- the export encoders' small slides (tests/export) ----------------------------------------

@pytest.fixture
def slides():
    """Three 160×200 slides of 1, 0.5 and 1.5 seconds."""
    from export_kit import make_slides

    return make_slides()


@pytest.fixture
def meta():
    """A post's metadata, with non-ASCII text."""
    from carrousel.export import Meta

    return Meta("Cinq patterns à connaître", "cinq-patterns", "Maxime Lenne", "fr")
