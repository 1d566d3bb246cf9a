"""Newest source wins: a build whose post changed while it ran does not overwrite what a build of the newer version
decided, and "unchanged" is decided under output/'s lock against the set on disk."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys

import pytest

from helpers import REPO, make_project, run_cli

POST = "title: Newest\nslides:\n  - kind: cover\n    title: {title}\n"


def pdf_text(path) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return pdf[0].get_textpage().get_text_range()
    finally:
        pdf.close()


def build_here(root, *args) -> tuple[int, str, str]:
    """`build.py --project root ARGS` in this process: exit code, stdout, stderr."""
    from carrousel import cli
    from carrousel.build import batch

    batch.forget_projects()
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(root), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["build", "--project", str(root), "--jobs", "1", *args])
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def root(tmp_path):
    root = make_project(tmp_path / "project", {"content/p.yaml": POST.format(title="Version one")})
    assert run_cli(root, "--jobs", "1").returncode == 0
    return root


def test_a_build_of_an_older_version_does_not_overwrite_the_newer_decision(root, monkeypatch):
    """The race of the issue, made certain: build A reads version two; before A writes, the post goes back to
    version one and build B says it is unchanged. A must not leave version two on disk."""
    from carrousel.build import pipeline

    post = root / "content" / "p.yaml"
    post.write_text(POST.format(title="Version two"), encoding="utf-8")
    real, seen = pipeline.write_built, []

    def meanwhile(built, *args, **kwargs):
        if not seen:  # A has rendered version two: the author undoes the edit, another build runs
            post.write_text(POST.format(title="Version one"), encoding="utf-8")
            seen.append(subprocess.run([sys.executable, str(REPO / "build.py"), "--jobs", "1"], cwd=root,
                                       capture_output=True, text=True, timeout=120))
        return real(built, *args, **kwargs)

    monkeypatch.setattr(pipeline, "write_built", meanwhile)
    code, out, err = build_here(root)
    assert seen[0].returncode == 0 and "✓ p: unchanged" in seen[0].stdout, seen[0].stdout + seen[0].stderr
    assert code == 0, err
    text = pdf_text(root / "output" / "p" / "p.pdf")
    assert "Version one" in text and "Version two" not in text
    monkeypatch.undo()
    again = run_cli(root, "--jobs", "1")
    assert "✓ p: unchanged" in again.stdout and "Version one" in pdf_text(root / "output" / "p" / "p.pdf")


def test_a_post_edited_while_it_builds_is_built_again_before_anything_is_written(root, monkeypatch):
    from carrousel.build import pipeline

    post = root / "content" / "p.yaml"
    post.write_text(POST.format(title="Version two"), encoding="utf-8")
    real, calls = pipeline.write_built, []

    def edited(built, *args, **kwargs):
        calls.append(built.post.title)
        if len(calls) == 1:
            post.write_text(POST.format(title="Version three"), encoding="utf-8")
        return real(built, *args, **kwargs)

    monkeypatch.setattr(pipeline, "write_built", edited)
    code, out, err = build_here(root)
    assert code == 0, err
    assert calls == ["Newest", "Newest"]  # written once, by the second build of the post
    assert "Version three" in pdf_text(root / "output" / "p" / "p.pdf")


def test_unchanged_means_the_set_on_disk_is_this_builds(root):
    """Another build (here with --zip) wrote another set: the post is built again, not reported unchanged."""
    assert run_cli(root, "--jobs", "1", "--zip").returncode == 0
    assert (root / "output" / "p" / "p-png.zip").is_file()
    again = run_cli(root, "--jobs", "1")
    assert again.returncode == 0 and "✓ p: unchanged" not in again.stdout, again.stdout
    assert "✓ p: 1 slides" in again.stdout  # built again (from the cache: nothing to lay out)
    assert not (root / "output" / "p" / "p-png.zip").exists()
    assert "✓ p: unchanged" in run_cli(root, "--jobs", "1").stdout


def test_unchanged_is_decided_under_the_lock(root, monkeypatch):
    """While the quick check reads the record and the set on disk, no other build can be writing."""
    from filelock import FileLock, Timeout

    from carrousel.build.cache import Cache

    real, held = Cache.up_to_date, []

    def probed(self, post, options):
        try:
            with FileLock(str(root / "output" / ".carrousel.lock"), timeout=0):
                held.append(False)
        except Timeout:
            held.append(True)
        return real(self, post, options)

    monkeypatch.setattr(Cache, "up_to_date", probed)
    code, out, _ = build_here(root)
    assert code == 0 and "✓ p: unchanged" in out
    assert held and all(held)
