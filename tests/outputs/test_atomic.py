"""All-or-nothing outputs: a build killed at any rename leaves the previous set or the new one (every PNG matching
its PDF page), never a mix; the next build clears what was left; a full disk or cache is one line, not a crash."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import textwrap

import pytest

from helpers import REPO, make_project, run_cli

POST = """title: Atomic
slides:
  - kind: cover
    title: {title}
  - kind: content
    title: Second
    body: Unchanged text
"""

KILLER = textwrap.dedent("""
    import os, signal, sys
    sys.path.insert(0, {repo!r})
    from carrousel import cli
    from carrousel.outputs import swap

    parent, count, kill_at = os.getpid(), [0], {kill_at}
    counting = [not {from_switch}]  # count every rename, or only from the switch of the post's folder on

    def counted(real, switch=False):
        def call(*args, **kwargs):
            counting[0] = counting[0] or switch
            if os.getpid() == parent and counting[0]:  # renames of this process: the workers only write the cache
                count[0] += 1
                if count[0] == kill_at:
                    os.kill(parent, signal.SIGKILL)
            return real(*args, **kwargs)
        return call

    os.rename, os.replace = counted(os.rename), counted(os.replace)
    swap.exchange = counted((lambda a, b: False) if {from_switch} else swap.exchange, switch=True)
    code = cli.main(["build", "--project", {root!r}, "--jobs", "1"])
    print("renames:", count[0])
    sys.exit(code)
""")


def build_here(root) -> int:
    """A build in this process (quicker than a new one), as `build.py --jobs 1` in root."""
    from carrousel import cli
    from carrousel.build import batch

    batch.forget_projects()
    with contextlib.chdir(root), contextlib.redirect_stdout(io.StringIO()):
        return cli.main(["build", "--project", str(root), "--jobs", "1"])


def files_in(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def temp_files(output):
    return [str(p.relative_to(output)) for p in output.rglob("*") if p.name.endswith(".tmp")]


def png_width(data: bytes) -> int:
    return int.from_bytes(data[16:20], "big")


def assert_consistent(folder):
    """Every PNG is its PDF page, the manifest lists exactly the set with its hashes, post.json counts the slides."""
    from carrousel.png.rasterize import rasterize

    files = {name: data for name, data in files_in(folder).items() if not name.endswith(".tmp")}
    pngs = sorted(name for name in files if name.startswith("png/"))
    summary = json.loads(files["post.json"])
    assert len(pngs) == summary["slides"]
    for i, name in enumerate(pngs):
        page = rasterize(files["p.pdf"], png_width(files[name]), [i])[i]
        assert page == files[name], f"{name} is not page {i + 1} of p.pdf"
    manifest = json.loads(files[".carrousel-manifest.json"])
    assert manifest == {name: hashlib.sha256(data).hexdigest() for name, data in files.items()
                        if name != ".carrousel-manifest.json"}


@pytest.fixture(scope="module")
def sets(tmp_path_factory):
    """A project whose outputs are the old set (first title) and whose cache also holds the new version's slides
    (so that the killed builds only write), and the files of the old and the new set."""
    base = tmp_path_factory.mktemp("atomic")
    root = make_project(base / "project", {"content/p.yaml": POST.format(title="First")})
    assert run_cli(root, "--jobs", "1").returncode == 0
    old = files_in(root / "output" / "p")
    saved = base / "saved"
    shutil.copytree(root / "output", saved / "output")
    shutil.copytree(root / ".carrousel-cache" / "posts", saved / "posts")
    (root / "content" / "p.yaml").write_text(POST.format(title="Second title"), encoding="utf-8")
    assert run_cli(root, "--jobs", "1").returncode == 0
    new = files_in(root / "output" / "p")
    for name in ("output", ".carrousel-cache/posts"):
        shutil.rmtree(root / name)
        shutil.copytree(saved / name.split("/")[-1], root / name)
    (root / "content" / "p.yaml").write_text(POST.format(title="First"), encoding="utf-8")
    return root, old, new


def killed_builds(sets, tmp_path, kills: list[int], fallback: bool = False) -> dict:
    """For each kill_at: a copy of the old project with the post edited, built by a process killed at its kill_at-th
    rename (with fallback: without exchanging folders, counting from the switch: the exchange tried, then its two
    renames). Four at a time. {kill_at: (root, CompletedProcess-like (returncode, stdout, stderr))}."""
    old, _, _ = sets
    done, running = {}, {}
    for kill_at in [*kills, None]:
        while running and (kill_at is None or len(running) >= 4):
            at, (root, proc) = next(iter(running.items()))
            out, err = proc.communicate(timeout=120)
            done[at] = (root, subprocess.CompletedProcess(proc.args, proc.returncode, out, err))
            del running[at]
        if kill_at is None:
            break
        root = tmp_path / f"kill-{kill_at}"
        shutil.copytree(old, root, symlinks=True)
        (root / "content" / "p.yaml").write_text(POST.format(title="Second title"), encoding="utf-8")
        script = KILLER.format(repo=str(REPO), root=str(root), kill_at=kill_at, from_switch=fallback)
        running[kill_at] = (root, subprocess.Popen([sys.executable, "-c", script], cwd=root, text=True,
                                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE))
    return done


def test_a_build_killed_at_any_rename_leaves_one_whole_set(sets, tmp_path):
    _, old, new = sets
    [(root, whole)] = killed_builds(sets, tmp_path, [0]).values()  # not killed: how many renames a build makes
    assert whole.returncode == 0, whole.stderr
    renames = int(whole.stdout.split("renames:")[1])
    assert renames >= len(new) - 1  # every staged file, the switch, the index and the cache record
    for kill_at, (root, result) in killed_builds(sets, tmp_path, list(range(1, renames + 1))).items():
        assert result.returncode == -signal.SIGKILL, (kill_at, result.stdout, result.stderr)
        folder = root / "output" / "p"
        seen = {rel: data for rel, data in files_in(folder).items() if not rel.split("/")[-1].endswith(".tmp")}
        assert seen in (old, new), f"killed at rename {kill_at}: a mix of two builds"
        assert_consistent(folder)
        # The next build puts the new set in place and clears every temp file the killed one left.
        assert build_here(root) == 0
        assert files_in(folder) == new
        assert not temp_files(root / "output"), kill_at


def test_without_an_exchange_a_set_left_aside_is_put_back(sets, tmp_path):
    """Where folders cannot be exchanged in one step (not Linux), the old set is moved aside then the new one moved
    in: killed in between, the next build puts the old one back before writing."""
    _, old, new = sets
    # Before the first rename of the switch, between the two, after them.
    for kill_at, (root, result) in killed_builds(sets, tmp_path, [2, 3, 4], fallback=True).items():
        assert result.returncode == -signal.SIGKILL
        folder = root / "output" / "p"
        if kill_at == 3:  # killed between the two renames: the old set waits next to it
            assert not folder.exists()
            [aside] = [p for p in (root / "output").iterdir() if p.name.endswith(".old.tmp")]
            assert files_in(aside) == old
        else:
            assert {k: v for k, v in files_in(folder).items() if not k.endswith(".tmp")} == \
                (old if kill_at == 2 else new)
        assert build_here(root) == 0
        assert files_in(folder) == new and not temp_files(root / "output")


WRITE_LIMITED = textwrap.dedent("""
    import resource, signal, sys
    sys.path.insert(0, {repo!r})
    from carrousel import cli
    from carrousel.build import pipeline

    real = pipeline.write_built

    def write_built(*args, **kwargs):  # from here on, in this process only (not its render worker), files are small
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG) instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
        return real(*args, **kwargs)

    pipeline.write_built = write_built
    sys.exit(cli.main(["build", "--project", {root!r}, "--jobs", "1"]))
""")


def test_a_write_that_fails_is_one_line_naming_the_file_and_the_old_set_stays(sets, tmp_path):
    old_root, old, _ = sets
    root = tmp_path / "full"
    shutil.copytree(old_root, root, symlinks=True)
    (root / "content" / "p.yaml").write_text(POST.format(title="Second title"), encoding="utf-8")
    script = WRITE_LIMITED.format(repo=str(REPO), root=str(root))
    result = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stdout
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("✗ content/p.yaml: file too large writing output/p/"), line
    assert line.endswith("(free some disk space and build again)"), line
    assert files_in(root / "output" / "p") == old
    assert not temp_files(root / "output")


@pytest.mark.skipif(shutil.which("unshare") is None, reason="needs unshare")
def test_a_full_disk_is_one_line_and_a_full_cache_is_a_warning(sets, tmp_path):
    """Real ENOSPC: output/ and the cache on tiny tmpfs mounts (in a user namespace, when the system allows one)."""
    old_root, old, _ = sets
    root = tmp_path / "disk"
    shutil.copytree(old_root, root, symlinks=True)
    (root / "content" / "p.yaml").write_text(POST.format(title="Second title"), encoding="utf-8")
    shutil.rmtree(root / ".carrousel-cache")
    (root / ".carrousel-cache").mkdir()
    room = sum(-(-p.stat().st_size // 4096) * 4096 for p in (root / "output").rglob("*") if p.is_file())
    script = textwrap.dedent(f"""
        set -e
        cp -a output saved
        mount -t tmpfs -o size={room + 64 * 1024} tmpfs output
        cp -a saved/. output/
        mount -t tmpfs -o size=4k tmpfs .carrousel-cache
        {sys.executable} {REPO / "build.py"} --jobs 1 || true
        cd output/p && sha256sum $(find . -type f | sort)
    """)
    result = subprocess.run(["unshare", "-rm", "sh", "-c", script], cwd=root, capture_output=True, text=True,
                            timeout=120)
    if result.returncode != 0 and ("unshare" in result.stderr or "mount" in result.stderr):
        pytest.skip("no user namespace with mounts here: " + result.stderr.strip().splitlines()[-1])
    lines = sorted(result.stderr.strip().splitlines())
    assert len(lines) == 2 and "Traceback" not in result.stderr, lines
    assert lines[0] == ("! the build cache could not be written (no space left on device: .carrousel-cache/); "
                        "building without it")
    assert lines[1].startswith("✗ content/p.yaml: no space left on device writing output/p/"), lines
    listed = {line.split()[1][2:]: line.split()[0] for line in result.stdout.strip().splitlines()}
    assert listed == {name: hashlib.sha256(data).hexdigest() for name, data in old.items()}


def test_a_cache_that_cannot_be_written_is_one_warning_and_the_build_goes_on(tmp_path):
    root = make_project(tmp_path / "project", {"content/p.yaml": POST.format(title="Cacheless")})
    (root / ".carrousel-cache").write_text("not a folder", encoding="utf-8")
    result = run_cli(root, "--jobs", "1")
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines() == [
        "! the build cache could not be written (not a directory: .carrousel-cache/); building without it"]
    assert (root / "output" / "p" / "p.pdf").stat().st_size > 0


def _limited(size: int):
    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG) instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
    return limit


def test_a_font_cache_that_cannot_be_written_leaves_no_empty_temp_file(tmp_path):
    root = make_project(tmp_path / "project", {"content/p.yaml": POST.format(title="Fonts")})
    cache = tmp_path / "cache"
    env = dict(os.environ, CARROUSEL_CACHE=str(cache))
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "--jobs", "1"], cwd=root, capture_output=True,
                            text=True, timeout=120, env=env, preexec_fn=_limited(20_000))
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("✗ content/p.yaml: file too large writing ") and line.endswith(
        ".ttf (the font cache) (free some disk space, or set CARROUSEL_CACHE to a writable folder)"), line
    assert not [p for p in cache.rglob("*") if p.name.endswith(".tmp")]
