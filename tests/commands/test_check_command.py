"""`check` as a user runs it: a readable table, a summary line, the exit code, and nothing written."""

import json

from helpers import REFERENCE, make_project, rows, run_cli

ROWS = ["LinkedIn · PDF size", "LinkedIn · pages", "LinkedIn · same page size", "LinkedIn · title metadata",
        "LinkedIn · caption", "Instagram · images", "Instagram · aspect ratio", "Instagram · image size",
        "Text · contrast", "Text · glyphs", "Text · smallest size", "Fit · nothing cut"]


def test_reference_post_passes_every_check_in_a_readable_table(tmp_path):
    project = make_project(tmp_path / "project", with_content=True)
    result = run_cli(project, "check", f"content/{REFERENCE}.yaml")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"content/{REFERENCE}.yaml → {REFERENCE}"
    for name in ROWS:
        assert any(line.startswith(f"  ✓ {name}") for line in lines), name
    assert lines[-1] == "1 post checked: 0 errors, 0 warnings"
    assert not (project / "output").exists(), "check writes nothing"


def test_a_failed_check_exits_1_and_says_why_in_json(project):
    (project / "content" / "tofu.yaml").write_text(
        "title: Tofu\nslides:\n  - kind: cover\n    title: Tamil க here\n", encoding="utf-8")
    result = run_cli(project, "check", "--json")  # every post of content/
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    assert (data["errors"], data["warnings"]) == (1, 0)
    [post] = data["posts"]
    assert post["post"] == "content/tofu.yaml" and post["slug"] is None
    assert rows(post)["Text · glyphs"]["status"] == "error"
