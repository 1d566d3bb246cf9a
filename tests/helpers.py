"""What tests share: throwaway projects, the CLI (in a subprocess), the build pipeline (in this process), and
readers of what a user gets (PDF text, pages and fonts; PNG pixels).

Every in-process call into the build pipeline goes through this module, so that a change of its signature
(options, executors…) is adapted here once.
"""

from __future__ import annotations

import io
import re
import shutil
import struct
import subprocess
import sys
import zlib
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REFERENCE = "5-patterns-cto"

# --- projects --------------------------------------------------------------------------------------------

def make_project(root: Path, files: dict[str, str | bytes] | None = None, with_content: bool = False) -> Path:
    """A project at root with the repo's templates and themes, plus the given files (path -> text or bytes)."""
    root.mkdir(parents=True, exist_ok=True)
    for folder in ("templates", "themes"):
        shutil.copytree(REPO / folder, root / folder)
    if with_content:
        shutil.copytree(REPO / "content", root / "content")
    (root / "content").mkdir(exist_ok=True)
    write_files(root, files or {})
    return root


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    """Write each file (path relative to root -> text or bytes), making folders as needed."""
    for rel, data in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            target.write_text(data, encoding="utf-8")


def files_in(folder: Path) -> dict[str, bytes]:
    """Every file under folder: relative path -> bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- the command line, as a user runs it -----------------------------------------------------------------

def cli_command(*args: str, python: tuple = ()) -> list[str]:
    """The argv of `python [PYTHON OPTIONS] build.py ARGS`."""
    return [sys.executable, *python, str(REPO / "build.py"), *args]


def run_cli(project: Path, *args: str, python: tuple = (), timeout: float = 300) -> subprocess.CompletedProcess:
    """Run `python build.py ARGS` in project, in a new process, as a user would (python: interpreter options)."""
    return subprocess.run(cli_command(*args, python=python), cwd=project, capture_output=True, text=True,
                          timeout=timeout)


def run_cli_here(root: Path, command: str, *args: str) -> tuple[int, str, str]:
    """Run `build.py COMMAND --project root ARGS` in this process (its renderer warm), from root: exit code, stdout,
    stderr."""
    import contextlib

    from carrousel import cli

    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(root), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main([command, "--project", str(root), *args])
    return code, out.getvalue(), err.getvalue()


# --- the build pipeline, in this process -----------------------------------------------------------------

def project_at(root: Path):
    """The Project at root (kinds and carrousel.yaml read now)."""
    from carrousel.build.project import Project

    return Project.at(root)


def _project(where):
    """A Project, from a Project or a project root."""
    return project_at(where) if isinstance(where, Path) else where


def load(root: Path, rel: str, text: str | None = None):
    """The Post loaded from root/rel (written first when text is given), with the project's settings."""
    from carrousel.load.post import load_post

    path = root / rel
    if text is not None:
        write_files(root, {rel: text})
    project = project_at(root)
    return load_post(path, project.root, project.kinds, project.settings)


def render_html(root: Path, post, theme: str | None = None) -> str:
    """The post's HTML document with its theme (or the one named), as the HTML stage gives it."""
    from carrousel.html.document import to_html
    from carrousel.theme.themes import load_theme

    project = project_at(root)
    return to_html(post, load_theme(theme or post.theme, project.layers), project.kinds, project.layers)


def allowed_roots(project) -> list[Path]:
    """The folders the renderer may read for a project."""
    return _project(project).readable()


def prepare(path: Path, project=None, scale: float = 1, format: str | None = None):
    """Load, theme and render a post to per-slide HTML with its cache keys (pipeline.prepare)."""
    from carrousel.build.options import BuildOptions
    from carrousel.build.pipeline import prepare as prepare_post

    project = _project(project or path.parent.parent)
    return prepare_post(path, project, BuildOptions(scale=scale, format=format))


def build(path: Path, project=None, *, scale: float = 1, format: str | None = None, allow_overflow: bool = False,
          zip_pngs: bool = False, cache=None, processes: int = 1):
    """Build one post in memory (pipeline.build_post): a Built with its files; nothing is written."""
    from carrousel.build.options import BuildOptions
    from carrousel.build.pipeline import build_post
    from carrousel.limits import Executor

    project = _project(project or path.parent.parent)
    options = BuildOptions(scale=scale, format=format, allow_overflow=allow_overflow, zip_pngs=zip_pngs)
    return build_post(path, project, options, cache, Executor(processes))


def write(built, project, cache=None) -> Path:
    """Write a built post under output/<slug>/ (pipeline.write_built); its folder."""
    from carrousel.build.pipeline import write_built

    return write_built(built, _project(project), cache)


def build_and_write(path: Path, **options) -> tuple[object, Path]:
    """Build a post of the project it lives in (content/<post>) and write its outputs: (Built, output folder)."""
    project = project_at(path.parent.parent)
    built = build(path, project, **options)
    return built, write(built, project)


def build_one(root: Path, rel: str, force: bool = False, **options):
    """Build and write one post as `build` does for each post, with the cache (batch.build_one): a Result with the
    line the command prints."""
    from carrousel.build.batch import build_one as build_and_report
    from carrousel.build.options import BuildOptions
    from carrousel.build.supervisor import Supervisor

    supervisor = Supervisor()
    try:
        return build_and_report(str(root / rel), str(root), BuildOptions(**options), force, supervisor.run)
    finally:
        supervisor.close()


def options_key(scale: float = 1, format: str | None = None, allow_overflow: bool = False,
                zip_pngs: bool = False) -> str:
    """The cache's key of the build options (as the build command computes it)."""
    from carrousel.build.options import BuildOptions

    return BuildOptions(scale=scale, format=format, allow_overflow=allow_overflow, zip_pngs=zip_pngs).key()


def check(path: Path, project=None, format: str | None = None) -> dict:
    """The preflight of one post, as `check --json` reports it: {post, slug, rows}."""
    from carrousel.checks.preflight import PLATFORMS
    from carrousel.commands.check import check_post

    return check_post(path, _project(project or path.parent.parent), PLATFORMS, format)


def rows(result: dict) -> dict:
    """A check result's rows by `area · check`."""
    return {f"{r['area']} · {r['check']}": r for r in result["rows"]}


def error_of(function, *args, **kwargs):
    """The CarrouselError that function(*args) raises (fails the test if it raises none)."""
    import pytest

    from carrousel.errors import CarrouselError

    with pytest.raises(CarrouselError) as caught:
        function(*args, **kwargs)
    return caught.value


# --- reading what a user gets ----------------------------------------------------------------------------

def _pdf(data: bytes | Path):
    import pypdfium2 as pdfium

    return pdfium.PdfDocument(data.read_bytes() if isinstance(data, Path) else data)


def pdf_texts(data: bytes | Path, lines: bool = False) -> list[str]:
    """Each page's text, whitespace collapsed to single spaces unless lines (soft hyphens and PDFium's markers
    dropped)."""
    document = _pdf(data)
    try:
        texts = [page.get_textpage().get_text_range().replace("\ufffe", "").replace("\u00ad", "")
                 for page in document]
    finally:
        document.close()
    return texts if lines else [re.sub(r"\s+", " ", text) for text in texts]


def pdf_pages(data: bytes | Path) -> list[tuple[str, tuple]]:
    """Each page's text (stripped) and size in points (rounded to 0.1)."""
    document = _pdf(data)
    try:
        sizes = [tuple(round(x, 1) for x in page.get_size()) for page in document]
    finally:
        document.close()
    return [(text.strip(), size) for text, size in zip(pdf_texts(data), sizes)]


def pdf_metadata(data: bytes | Path) -> dict:
    """The PDF's document information (Title, Author…)."""
    document = _pdf(data)
    try:
        return document.get_metadata_dict()
    finally:
        document.close()


def pdf_fonts(path: Path) -> list[str]:
    """pdffonts' rows for the PDF (name, type, encoding, emb, sub, uni, object, ID), header dropped."""
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return out.splitlines()[2:]


def open_png(data: bytes | Path):
    """A PNG (bytes or file) as an RGB Pillow image, fully loaded."""
    from PIL import Image

    with Image.open(io.BytesIO(data) if isinstance(data, bytes) else data) as image:
        assert image.format == "PNG", image.format
        return image.convert("RGB")


def png_bytes(width: int, height: int, body: bytes | None = None) -> bytes:
    """A PNG declaring width×height; with body None the pixel data is a real (small) image only if it fits."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    if body is None:
        body = zlib.compress(b"".join(b"\0" + b"\x80\x40\x20" * width for _ in range(height)))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", body) + chunk(b"IEND", b""))


def colours(image) -> set:
    """Every RGB colour in an image."""
    return {rgb for _, rgb in image.getcolors(1 << 24)}


# --- another build writing -------------------------------------------------------------------------------

@contextmanager
def lock_held(output: Path):
    """Hold output/'s lock as a build writing there would. Yields attempts(n): it returns once other processes have
    tried to take the lock n times in all (each try opens the lock file; inotify reports it: no sleeping)."""
    from filelock import FileLock
    from inotify_simple import INotify, flags

    from carrousel.outputs.write import LOCK

    output.mkdir(parents=True, exist_ok=True)
    lock = output / LOCK
    with FileLock(str(lock)), INotify() as watch:
        watch.add_watch(lock, flags.OPEN)  # after taking it: our own opening is not counted
        seen = [0]

        def attempts(count: int, timeout: float = 120) -> None:
            while seen[0] < count:
                events = watch.read(timeout=int(timeout * 1000))
                assert events, f"no process tried to take {LOCK} within {timeout:g} s"
                seen[0] += len(events)
        yield attempts
