"""Shared fixtures: throwaway projects, builds made once and read by many tests, a running `serve`.

Builds are in this process (through helpers.py) unless a test needs a whole process; the renderer stays warm
between them, and a slide laid out once is not laid out again.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from carrousel.layers import Layers

from helpers import (REFERENCE, REPO, build, build_and_write, make_project, project_at, write)
from samples import FAR, POST, SLIGHT
from serving import Serve


def pytest_ignore_collect(collection_path, config):
    """Collect tests/build/ (named after carrousel/build/), which pytest's default norecursedirs would skip."""
    if collection_path == Path(__file__).parent / "build":
        return False
    return None


def pytest_collection_finish(session):
    """A test module that imports WeasyPrint itself, before a build has, lets the machine's fonts into every later
    layout of this process (fontconfig reads its configuration once): refuse it, naming the way a build imports it."""
    from carrousel.theme.fonts import fontconfig_file

    if "weasyprint" in sys.modules and os.environ.get("FONTCONFIG_FILE") != str(fontconfig_file()):
        raise pytest.UsageError("WeasyPrint was imported while collecting tests, without a build's fonts: import it "
                                "with carrousel.layout.weasy.weasyprint()")


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
    """The output folder of the reference post (content/), built and written once."""
    root = make_project(tmp_path_factory.mktemp("ref") / "project", with_content=True)
    _, folder = build_and_write(root / "content" / f"{REFERENCE}.yaml")
    from carrousel.build.pipeline import write_index

    write_index(project_at(root))
    return folder


@pytest.fixture(scope="session")
def demo(tmp_path_factory):
    """The small demo post (helpers.POST) built once in memory: its Built."""
    root = make_project(tmp_path_factory.mktemp("demo") / "project", {"content/demo.yaml": POST})
    return build(root / "content" / "demo.yaml")


@pytest.fixture(scope="session")
def gallery_project(tmp_path_factory):
    """A throwaway copy of the repo (templates, themes, baselines) for gallery builds."""
    root = make_project(tmp_path_factory.mktemp("gallery") / "project", with_content=True)  # examples use its assets
    shutil.copytree(REPO / "tests" / "baselines", root / "tests" / "baselines")
    return project_at(root)


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


# --- a post that needs shrinking, and one that can never fit (read by fit, alt, caption, sheet, PDF tests) ----

@pytest.fixture(scope="session")
def slight(tmp_path_factory):
    """SLIGHT built with the PNG zip and written: (Built, output folder)."""
    root = make_project(tmp_path_factory.mktemp("fit") / "project", {"content/fit.yaml": SLIGHT})
    return build_and_write(root / "content" / "fit.yaml", zip_pngs=True)


@pytest.fixture(scope="session")
def far_project(tmp_path_factory) -> Path:
    """A project holding FAR, not built."""
    return make_project(tmp_path_factory.mktemp("far") / "project", {"content/far.yaml": FAR})


@pytest.fixture(scope="session")
def far_overflowing(far_project):
    """FAR built with --allow-overflow and written: (Built, output folder)."""
    project = project_at(far_project)
    built = build(far_project / "content" / "far.yaml", project, allow_overflow=True)
    return built, write(built, project)


# --- serve ------------------------------------------------------------------------------------------------

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
