"""`check` on posts with diffs passes in every theme: the tool's own code colours pass the tool's own contrast check."""

import json
import shutil

import pytest
from helpers import REPO, make_project, run_cli

DIFFS = ("k8s-requests.yaml", "rust-errors.md")  # a YAML before/after with word marks, a Rust ```diff


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("check") / "project")
    for name in DIFFS:
        shutil.copy(REPO / "tests" / "html" / "posts" / name, root / "content" / name)
    return root


@pytest.mark.parametrize("theme", ("terminal", "paper", "blueprint"))
def test_check_passes_on_diffs_in_every_theme(project, theme):
    result = run_cli(project, "check", "--json", "--theme", theme, *[f"content/{name}" for name in DIFFS])
    assert result.returncode == 0, result.stdout + result.stderr
    for post in json.loads(result.stdout)["posts"]:
        failing = [row for row in post["rows"] if row["status"] == "error"]
        assert failing == [], failing
        contrast = [row for row in post["rows"] if "contrast" in row["check"].lower()]
        assert contrast and all(row["status"] == "ok" for row in contrast), contrast
