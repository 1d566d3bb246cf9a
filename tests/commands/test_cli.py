"""The command line as a user meets it: one line per post, exit codes, no tracebacks."""

from conftest import run_cli

GOOD = "title: Good\nslides:\n  - kind: cover\n    title: Bonjour à tous\n"
BAD = "title: Bad\nslides:\n  - kind: covr\n    title: x\n"


def test_a_bad_post_fails_alone_and_the_others_still_build(project):
    (project / "content" / "a-good.yaml").write_text(GOOD, encoding="utf-8")
    (project / "content" / "b-bad.yaml").write_text(BAD, encoding="utf-8")
    result = run_cli(project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout.startswith("✓ a-good: 1 slides")
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1 and errors[0].startswith("✗ content/b-bad.yaml:3: slide 1: kind: unknown kind 'covr'")
    assert (project / "output" / "a-good" / "a-good.pdf").is_file()
    assert not (project / "output" / "b-bad").exists()


def test_success_exit_code_and_missing_file(project):
    (project / "content" / "good.yaml").write_text(GOOD, encoding="utf-8")
    assert run_cli(project, "content/good.yaml").returncode == 0
    missing = run_cli(project, "content/nope.yaml")
    assert missing.returncode == 1 and "content/nope.yaml: no such post file" in missing.stderr


def test_outside_a_project_says_so(tmp_path):
    result = run_cli(tmp_path)
    assert result.returncode == 1 and "no carrousel project here" in result.stderr
    assert "Traceback" not in result.stderr
