"""Writing outputs: staged then renamed, a manifest of what carrousel wrote, a lock, and builds killed mid-write."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import textwrap

import pytest

from carrousel.errors import CarrouselError
from carrousel.outputs import write as outputs
from helpers import REPO, build_and_write, cli_command, files_in, lock_held, make_project

POST = "title: T\nslides:\n  - kind: cover\n    title: {title}\n"


def test_only_files_carrousel_wrote_and_left_unchanged_are_removed(tmp_path):
    folder = tmp_path / "out"
    outputs.write_tree(folder, {"a.pdf": b"pdf", "png/01.png": b"1", "png/02.png": b"2", "png/03.png": b"3"})
    (folder / "notes.txt").write_text("mine")  # the user's own file
    (folder / "png" / "02.png").write_bytes(b"edited by hand")  # carrousel's, changed since
    outputs.write_tree(folder, {"a.pdf": b"pdf2", "png/01.png": b"1"})
    assert files_in(folder) == {"a.pdf": b"pdf2", "png/01.png": b"1", "png/02.png": b"edited by hand",
                                "notes.txt": b"mine", outputs.MANIFEST: (folder / outputs.MANIFEST).read_bytes()}
    manifest = json.loads((folder / outputs.MANIFEST).read_text())
    assert manifest == {"a.pdf": hashlib.sha256(b"pdf2").hexdigest(), "png/01.png": hashlib.sha256(b"1").hexdigest()}


def test_a_forged_manifest_deletes_nothing_outside_or_foreign(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    (tmp_path / "precious").write_text("keep")
    (folder / "user.txt").write_text("keep")
    os.symlink(tmp_path / "precious", folder / "link")
    forged = {"../precious": hashlib.sha256(b"keep").hexdigest(), "user.txt": "0" * 64,
              "link": hashlib.sha256(b"keep").hexdigest()}
    (folder / outputs.MANIFEST).write_text(json.dumps(forged))
    outputs.write_tree(folder, {"a.pdf": b"x"})
    assert (tmp_path / "precious").read_text() == "keep" and (folder / "user.txt").read_text() == "keep"
    assert (folder / "link").is_symlink()
    # An old list-only manifest has no hashes: nothing is deleted on its word.
    (folder / outputs.MANIFEST).write_text(json.dumps(["user.txt"]))
    outputs.write_tree(folder, {"a.pdf": b"y"})
    assert (folder / "user.txt").read_text() == "keep"


def test_names_leading_out_of_the_folder_are_refused(tmp_path):
    with pytest.raises(CarrouselError, match="leads outside"):
        outputs.write_tree(tmp_path / "out", {"../escape.txt": b"x"})
    assert not (tmp_path / "escape.txt").exists()
    with pytest.raises(CarrouselError, match="leads outside output/"):
        outputs.check_target(tmp_path / "output", "..", "content/a.yaml")


def test_leftover_temp_files_of_a_killed_build_are_cleaned_but_not_the_users(tmp_path):
    folder = tmp_path / "out"
    outputs.write_tree(folder, {"a.pdf": b"1"})
    (folder / ".a.pdf.abcd1234.tmp").write_bytes(b"half")  # what a killed build leaves
    (folder / ".notes.abcd1234.tmp").write_bytes(b"user's")  # not a name carrousel writes
    outputs.write_tree(folder, {"a.pdf": b"2"})
    assert not (folder / ".a.pdf.abcd1234.tmp").exists()
    assert (folder / ".notes.abcd1234.tmp").read_bytes() == b"user's"


KILLER = textwrap.dedent("""
    import os, signal, sys
    sys.path.insert(0, {repo!r})
    from carrousel import cli
    from carrousel.outputs import write as outputs
    real, count = outputs._stage, [0]

    def stage(path, data):
        staged = real(path, data)
        count[0] += "output" in path.parts  # the build cache is written the same way: count outputs only
        if count[0] == 2:  # the PDF and one PNG are on disk as temp files: die now, mid-write
            os.kill(os.getpid(), signal.SIGKILL)
        return staged

    outputs._stage = stage
    sys.exit(cli.main(["build", "--project", {root!r}]))
""")


def test_a_build_killed_mid_write_leaves_the_previous_outputs_intact(tmp_path):
    root = make_project(tmp_path / "project", files={"content/p.yaml": POST.format(title="First")})
    _, folder = build_and_write(root / "content" / "p.yaml")
    before = files_in(folder)
    (root / "content" / "p.yaml").write_text(POST.format(title="Second"), encoding="utf-8")
    killed = subprocess.run([sys.executable, "-c", KILLER.format(repo=str(REPO), root=str(root))], cwd=root,
                            capture_output=True, text=True, timeout=300)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    after = {rel: data for rel, data in files_in(folder).items() if not rel.split("/")[-1].endswith(".tmp")}
    assert after == before
    assert any(p.name.endswith(".tmp") for p in folder.rglob("*"))  # it did die while writing
    build_and_write(root / "content" / "p.yaml")  # the next build cleans up after the killed one
    assert not any(p.name.endswith(".tmp") for p in folder.rglob("*"))
    assert files_in(folder)["p.pdf"] != before["p.pdf"]


def test_a_second_build_waits_for_the_first_to_finish_writing(tmp_path):
    root = make_project(tmp_path / "project", files={"content/p.yaml": POST.format(title="Locked")})
    pdf = root / "output" / "p" / "p.pdf"
    with lock_held(root / "output") as attempts:  # another build is writing
        build = subprocess.Popen(cli_command("--jobs", "1"), cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 text=True)
        try:
            # Two tries: the build has rendered the post, tried to take the lock, failed, and tries again.
            attempts(2)
            assert build.poll() is None, build.communicate()
            assert not pdf.exists(), "the build wrote while another held the lock"
        except BaseException:
            build.kill()
            raise
    out, err = build.communicate(timeout=120)  # the lock is free: the build goes on
    assert build.returncode == 0, err
    assert out.startswith("✓ p: 1 slides (rendered)") and pdf.stat().st_size > 1000
