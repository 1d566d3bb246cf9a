"""The command line as a user meets it: one line per post, exit codes, no tracebacks."""

import pytest

from helpers import make_project, run_cli

GOOD = "title: Good\nslides:\n  - kind: cover\n    title: Bonjour à tous\n"
BAD = "title: Bad\nslides:\n  - kind: covr\n    title: x\n"


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """A project with a good post and a bad one, built once by `python build.py`: (project, result)."""
    project = make_project(tmp_path_factory.mktemp("cli") / "project",
                           {"content/a-good.yaml": GOOD, "content/b-bad.yaml": BAD})
    return project, run_cli(project)


def test_a_bad_post_fails_alone_and_the_others_still_build(mixed):
    project, result = mixed
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout.startswith("✓ a-good: 1 slides (rendered) in ")
    assert "\x1b[" not in result.stdout, "plain lines when the output is not a terminal"
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1 and errors[0].startswith("✗ content/b-bad.yaml:3: slide 1: kind: unknown kind 'covr'")
    assert (project / "output" / "a-good" / "a-good.pdf").is_file()
    assert not (project / "output" / "b-bad").exists()
    assert "a-good/index.html" in (project / "output" / "index.html").read_text(encoding="utf-8")


def test_success_exit_code_and_missing_file(mixed):
    project, _ = mixed
    good = run_cli(project, "content/a-good.yaml")  # built already: nothing to render, but a success all the same
    assert good.returncode == 0 and good.stdout.strip() == "✓ a-good: unchanged", good.stderr
    missing = run_cli(project, "content/nope.yaml")
    assert missing.returncode == 1 and "content/nope.yaml: no such post file" in missing.stderr


def test_outside_a_project_says_so(tmp_path):
    result = run_cli(tmp_path)
    assert result.returncode == 1 and "no carrousel project here" in result.stderr
    assert "Traceback" not in result.stderr
