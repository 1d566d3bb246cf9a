"""`build` as a process: a progress bar on a terminal, several posts on two processes, Ctrl-C."""

import os
import pty
import signal
import subprocess

from helpers import build, cli_command, lock_held, make_project, project_at, run_cli
from samples import POST


def test_progress_bar_on_a_terminal(tmp_path):
    root = make_project(tmp_path / "p", {"content/demo.yaml": POST})
    master, slave = pty.openpty()
    env = {**os.environ, "CARROUSEL_PROGRESS_DELAY": "0", "COLUMNS": "120", "TERM": "xterm"}
    proc = subprocess.Popen(cli_command("--jobs", "1"), cwd=root, stdout=slave, stderr=slave, env=env)
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
    os.close(master)
    assert proc.wait(timeout=120) == 0
    text = screen.decode("utf-8", "replace")
    assert "\x1b[" in text  # drawn with terminal controls…
    assert "demo · slide" in text and "/3" in text  # …naming the post and the slide
    assert "✓ demo: 3 slides (rendered)" in text


def test_parallel_build_of_several_posts(tmp_path):
    files = {f"content/post{i}.yaml": POST.replace("Cache test", f"Post {i}") for i in range(3)}
    root = make_project(tmp_path / "p", files)
    result = run_cli(root, "--jobs", "2")
    assert result.returncode == 0, result.stderr
    project = project_at(root)
    for i in range(3):
        assert f"✓ post{i}: 3 slides (rendered)" in result.stdout
        written = (root / f"output/post{i}/post{i}.pdf").read_bytes()
        assert len(written) > 10_000
        # The same bytes as one process building the post alone (the PNG scale changes no byte of the PDF).
        assert build(root / f"content/post{i}.yaml", project, scale=0.25).files[f"post{i}.pdf"] == written


def test_ctrl_c_stops_with_one_line_and_writes_nothing_half_done(tmp_path):
    root = make_project(tmp_path / "p", {"content/demo.yaml": POST})
    with lock_held(root / "output") as attempts:  # the build renders, then waits to write: interrupt it there
        # SIGINT restored: a shell that starts the suite in the background starts it with SIGINT ignored, and the
        # CLI would inherit that.
        proc = subprocess.Popen(cli_command("--jobs", "1"), cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        try:
            attempts(1)
            proc.send_signal(signal.SIGINT)
            out, err = proc.communicate(timeout=60)
        finally:
            proc.kill()
    assert proc.returncode == 130, err
    assert err == ("✗ interrupted; each post's outputs are its previous set or its new one, never a mix "
                   "(build again to finish)\n") and out == ""
    assert not (root / "output" / "demo").exists()
