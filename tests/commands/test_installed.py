"""carrousel as an installed tool: the wheel in a fresh virtual environment, used in a folder of its own."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image

REPO = Path(__file__).resolve().parents[2]
BRAND_ACCENT = (0xFF, 0x5A, 0xD2)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The `carrousel` command of a fresh venv holding only the wheel built from this checkout (and its deps)."""
    root = tmp_path_factory.mktemp("installed")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(root / "dist"), str(REPO)],
                   check=True, capture_output=True, timeout=600)
    wheel = next((root / "dist").glob("carrousel-*.whl"))
    venv.create(root / "venv", with_pip=True)
    pip = root / "venv" / "bin" / "pip"
    subprocess.run([str(pip), "install", "-q", str(wheel)], check=True, capture_output=True, timeout=900)
    return root / "venv" / "bin" / "carrousel"


def run(carrousel: Path, *args, cwd: Path) -> subprocess.CompletedProcess:
    """Run the installed command in cwd, as a user would (no PYTHONPATH pointing at this checkout)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run([str(carrousel), *args], cwd=cwd, capture_output=True, text=True, timeout=600, env=env)


def pdf_text(path: Path) -> str:
    """All text of a PDF, pages joined."""
    pdf = pdfium.PdfDocument(path)
    return "\n".join(page.get_textpage().get_text_range() for page in pdf)


def test_new_build_check_in_an_empty_folder(installed, tmp_path):
    assert run(installed, "--version", cwd=tmp_path).stdout.startswith("carrousel ")
    made = run(installed, "new", "x", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    project = tmp_path / "x"
    assert "cd x" in made.stdout and "carrousel build" in made.stdout and "carrousel serve" in made.stdout
    for name in ("content/first-post.yaml", "content/second-post.md", "carrousel.yaml", ".gitignore",
                 ".vscode/settings.json", ".carrousel/post.schema.json"):
        assert (project / name).is_file(), name
    assert "$schema=../.carrousel/post.schema.json" in (project / "content/first-post.yaml").read_text()
    assert run(installed, "new", "x", cwd=tmp_path).returncode == 1  # a folder that is not empty is refused

    built = run(installed, "build", cwd=project / "content")  # found upwards, as git finds .git
    assert built.returncode == 0, built.stderr
    out = project / "output" / "first-post"
    pdf = pdfium.PdfDocument(out / "first-post.pdf")
    pngs = sorted((out / "png").glob("*.png"))
    assert len(pdf) == len(pngs) == 5
    assert Image.open(pngs[0]).size == (1080, 1350)
    assert "Ship smaller pull requests" in pdf_text(out / "first-post.pdf").replace("\r\n", " ")
    assert (out / "index.html").is_file() and (project / "output" / "index.html").is_file()
    assert (project / "output" / "second-post" / "second-post.pdf").is_file()
    checked = run(installed, "check", cwd=project)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "2 posts checked: 0 errors" in checked.stdout


def test_a_project_overrides_a_template_and_extends_a_builtin_theme(installed, tmp_path):
    project = tmp_path / "mine"
    files = {
        "carrousel.yaml": "theme: brandy\n",
        "themes/brandy/theme.yaml": "extends: terminal\ndescription: Terminal in our brand colour.\n"
                                    "tokens:\n  accent-text: \"#ff5ad2\"\n",
        "templates/slides/stat.html": '{% extends "!base/slides/stat.html" %}\n'
                                      '{% block body %}<h2 class="title">Overridden {{ slide.data.value }}</h2>'
                                      '{% endblock %}\n',
        "content/p.yaml": "title: Mine\nslides:\n  - kind: cover\n    title: Our **brand** at work\n"
                          "  - kind: stat\n    value: 42%\n    label: faster\n",
    }
    for name, text in files.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text, encoding="utf-8")
    listed = run(installed, "themes", cwd=project)
    assert "brandy" in listed.stdout and "project: themes/brandy/" in listed.stdout
    assert "terminal" in listed.stdout and "built-in" in listed.stdout
    built = run(installed, "build", cwd=project)
    assert built.returncode == 0, built.stderr
    out = project / "output" / "p"
    text = pdf_text(out / "p.pdf")
    assert "Overridden 42%" in text  # the project's template wins over the built-in one
    cover = Image.open(out / "png" / "01.png").convert("RGB")
    brand = sum(1 for pixel in cover.get_flattened_data() if all(abs(a - b) < 24 for a, b in zip(pixel, BRAND_ACCENT)))
    assert brand > 2000  # the bold word in the brand's accent

    variant = run(installed, "build", "--theme", "paper", cwd=project)
    assert variant.returncode == 0, variant.stderr
    assert (out / "paper" / "p.pdf").is_file() and (out / "p.pdf").is_file()  # side by side
    assert 'href="p/paper/index.html"' in (project / "output" / "index.html").read_text()


def test_a_post_given_by_path_builds_in_its_own_project(tmp_path):
    """From this checkout, a post elsewhere builds into its own project's output/, its assets next to it."""
    elsewhere = tmp_path / "posts"
    (elsewhere / "content" / "assets").mkdir(parents=True)
    Image.new("RGB", (400, 300), (200, 60, 60)).save(elsewhere / "content" / "assets" / "red.png")
    (elsewhere / "content" / "pic.yaml").write_text(
        "title: Pic\nslides:\n  - kind: image\n    title: A red box\n    src: assets/red.png\n    alt: a red box\n",
        encoding="utf-8")
    result = subprocess.run([sys.executable, str(REPO / "build.py"), str(elsewhere / "content" / "pic.yaml")],
                            cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert (elsewhere / "output" / "pic" / "pic.pdf").is_file()
    assert not (REPO / "output" / "pic").exists()
