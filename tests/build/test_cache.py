"""Incremental builds: one edited slide re-renders one slide, an unchanged post renders nothing, and the
outputs are byte-for-byte those of a full build."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from conftest import POST, REPO, make_project, run_cli



def outputs(folder):
    """Every output file of a post folder: relative path -> bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A small project built once (cold), then with its second slide edited (incremental), then --force."""
    root = make_project(tmp_path_factory.mktemp("cache") / "project", {"content/demo.yaml": POST})
    cold = run_cli(root, "--jobs", "1")
    assert cold.returncode == 0, cold.stderr
    noop = run_cli(root, "--jobs", "1")
    (root / "content/demo.yaml").write_text(POST.replace("Only what changed", "Only the slide that changed"),
                                            encoding="utf-8")
    edit = run_cli(root, "--jobs", "1")
    assert edit.returncode == 0, edit.stderr
    incremental = outputs(root / "output/demo")
    force = run_cli(root, "--force", "--jobs", "1")
    assert force.returncode == 0, force.stderr
    return {"root": root, "cold": cold, "noop": noop, "edit": edit, "force": force, "incremental": incremental,
            "full": outputs(root / "output/demo")}


def test_cold_build_renders_every_slide(built):
    assert "demo: 3 slides (rendered)" in built["cold"].stdout


def test_unchanged_post_is_not_rendered(built):
    assert built["noop"].returncode == 0
    assert built["noop"].stdout.strip() == "✓ demo: unchanged"


def test_one_edited_slide_renders_one_slide(built):
    assert "demo: 3 slides (1 rendered)" in built["edit"].stdout


def test_incremental_outputs_are_byte_identical_to_a_full_build(built):
    assert "demo: 3 slides (rendered)" in built["force"].stdout
    assert sorted(built["incremental"]) == sorted(built["full"])
    assert any(name.endswith(".pdf") for name in built["full"])
    for name, data in built["full"].items():
        assert built["incremental"][name] == data, name


def test_edited_text_is_in_the_pdf(built):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(built["full"]["demo.pdf"])
    assert len(pdf) == 3
    assert "Only the slide that changed" in pdf[1].get_textpage().get_text_range().replace("\r\n", " ")


def test_noop_build_does_not_import_weasyprint(built):
    result = subprocess.run([sys.executable, "-X", "importtime", str(REPO / "build.py"), "--jobs", "1"],
                            cwd=built["root"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0
    assert "carrousel.build.cache" in result.stderr  # the import log is there…
    assert "weasyprint" not in result.stderr and "jinja2" not in result.stderr  # …without the renderer


def test_template_change_rerenders_and_deleted_outputs_come_back(tmp_path):
    root = make_project(tmp_path / "p", {"content/demo.yaml": POST})
    assert run_cli(root, "--jobs", "1").returncode == 0
    png = root / "output/demo/png/02.png"
    before = png.read_bytes()
    # A new file under templates/ may matter: the post is checked again, but its slides are the same.
    (root / "templates/notes.txt").write_text("unused", encoding="utf-8")
    again = run_cli(root, "--jobs", "1")
    assert "demo: 3 slides (unchanged)" in again.stdout
    # A theme change reaches every slide.
    css = root / "themes/terminal/theme.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n.slide { letter-spacing: 0 }\n", encoding="utf-8")
    assert "demo: 3 slides (rendered)" in run_cli(root, "--jobs", "1").stdout
    # Outputs removed by hand are written again from the cache.
    shutil.rmtree(root / "output")
    restored = run_cli(root, "--jobs", "1")
    assert restored.returncode == 0, restored.stderr
    assert png.read_bytes() == before


def test_broken_post_keeps_last_good_output(tmp_path):
    root = make_project(tmp_path / "p", {"content/demo.yaml": POST})
    assert run_cli(root, "--jobs", "1").returncode == 0
    pdf = (root / "output/demo/demo.pdf").read_bytes()
    (root / "content/demo.yaml").write_text(POST.replace("kind: end", "kind: nope"), encoding="utf-8")
    broken = run_cli(root, "--jobs", "1")
    assert broken.returncode == 1
    assert "demo.yaml" in broken.stderr and "slide 3" in broken.stderr
    assert (root / "output/demo/demo.pdf").read_bytes() == pdf


def test_parallel_build_of_several_posts(tmp_path):
    files = {f"content/post{i}.yaml": POST.replace("Cache test", f"Post {i}") for i in range(3)}
    root = make_project(tmp_path / "p", files)
    result = run_cli(root, "--jobs", "2")
    assert result.returncode == 0, result.stderr
    for i in range(3):
        assert f"✓ post{i}: 3 slides (rendered)" in result.stdout
        assert (root / f"output/post{i}/post{i}.pdf").stat().st_size > 10_000
    serial = make_project(tmp_path / "s", files)
    assert run_cli(serial, "--jobs", "1").returncode == 0
    for i in range(3):
        assert (serial / f"output/post{i}/post{i}.pdf").read_bytes() == \
            (root / f"output/post{i}/post{i}.pdf").read_bytes()


def test_progress_bar_on_a_terminal_plain_lines_otherwise(tmp_path):
    import os
    import pty

    root = make_project(tmp_path / "p", {"content/demo.yaml": POST})
    plain = run_cli(root, "--jobs", "1", "--force")
    assert plain.stdout.startswith("✓ demo: 3 slides") and "\x1b[" not in plain.stdout
    master, slave = pty.openpty()
    env = {**os.environ, "CARROUSEL_PROGRESS_DELAY": "0", "COLUMNS": "120", "TERM": "xterm"}
    proc = subprocess.Popen([sys.executable, str(REPO / "build.py"), "--jobs", "1", "--force"], cwd=root,
                            stdout=slave, stderr=slave, env=env)
    os.close(slave)
    screen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        screen += chunk
    assert proc.wait(timeout=120) == 0
    text = screen.decode("utf-8", "replace")
    assert "\x1b[" in text  # drawn with terminal controls…
    assert "demo · slide" in text and "/3" in text  # …naming the post and the slide
    assert "✓ demo: 3 slides (rendered)" in text


def test_one_post_on_two_processes_gives_the_bytes_of_one_process(tmp_path):
    # Six slides: with two processes, the first four are rasterized in a child from a PDF of just those pages,
    # while the parent lays out the rest and writes the deck's PDF; with one, every PNG comes from the deck's PDF.
    more = "".join(f"  - kind: cover\n    title: Extra {n}\n    subtitle: Slide {n + 3}\n" for n in range(1, 4))
    post = POST.replace("  - kind: end", more + "  - kind: end")
    two = make_project(tmp_path / "two", {"content/demo.yaml": post})
    one = make_project(tmp_path / "one", {"content/demo.yaml": post})
    assert run_cli(two, "--jobs", "2").returncode == 0
    assert run_cli(one, "--jobs", "1").returncode == 0
    parallel, serial = outputs(two / "output/demo"), outputs(one / "output/demo")
    assert len([name for name in serial if name.startswith("png/")]) == 6
    assert sorted(parallel) == sorted(serial)
    for name, data in serial.items():
        assert parallel[name] == data, name
