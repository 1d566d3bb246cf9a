"""Shared fixtures: throwaway projects and one build of the reference post per session."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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
    from carrousel.pipeline import Project

    root = make_project(tmp_path_factory.mktemp("gallery") / "project", with_content=True)  # examples use its assets
    shutil.copytree(REPO / "tests" / "baselines", root / "tests" / "baselines")
    return Project.at(root)


@pytest.fixture(scope="session")
def portrait_sheets(gallery_project):
    """Every theme's gallery post in portrait, built once: {theme: gallery.Sheet}."""
    from carrousel import gallery
    from carrousel.themes import available

    return {theme: gallery.build_sheet(gallery_project, theme, "portrait")
            for theme in available(gallery_project.root / "themes")}
