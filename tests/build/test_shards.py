"""Sharded batch builds: shares disjoint and complete, stable as posts come and go; the JSON Lines report."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from carrousel.build import shards
from carrousel.errors import CarrouselError

REPO = Path(__file__).resolve().parents[2]
POST = "title: {name}\nslides:\n  - kind: cover\n    title: {name}\n"


@pytest.mark.parametrize("count", [1, 2, 3, 4, 5])
def test_shares_are_disjoint_and_complete(count):
    posts = [Path(f"content/post-{i}.yaml") for i in range(60)]
    shares = [shards.select(posts, (k, count)) for k in range(1, count + 1)]
    assert sorted(p for share in shares for p in share) == sorted(posts)  # complete, none twice
    assert sum(map(len, shares)) == len(posts)
    if count > 1:
        assert all(share for share in shares)  # 60 posts spread over every share


def test_adding_a_post_moves_only_that_post():
    posts = [Path(f"content/post-{i}.yaml") for i in range(40)]
    before = {p: k for k in range(1, 5) for p in shards.select(posts, (k, 4))}
    after = {p: k for k in range(1, 5) for p in shards.select(posts + [Path("content/new.yaml")], (k, 4))}
    assert {p: k for p, k in after.items() if p in before} == before


@pytest.mark.parametrize("text", ["0/3", "4/3", "2", "a/b", "1/0"])
def test_a_bad_shard_is_one_clear_error(text):
    with pytest.raises(CarrouselError, match="is not K/N"):
        shards.parse(text)


def test_a_kubernetes_indexed_job_picks_its_share(monkeypatch):
    monkeypatch.setenv("JOB_COMPLETION_INDEX", "2")
    assert shards.from_environment(3) == (3, 3)
    monkeypatch.setenv("JOB_COMPLETION_INDEX", "3")
    with pytest.raises(CarrouselError, match="JOB_COMPLETION_INDEX"):
        shards.from_environment(3)


def test_two_machines_build_every_post_once_and_report_it(tmp_path):
    root = tmp_path / "project"
    (root / "content").mkdir(parents=True)
    names = [f"p{i}" for i in range(4)]
    for name in names:
        (root / "content" / f"{name}.yaml").write_text(POST.format(name=name), encoding="utf-8")
    (root / "content" / "broken.yaml").write_text("title: Broken\nslides:\n  - kind: cover\n    titel: x\n",
                                                   encoding="utf-8")
    lines = []
    for k in (1, 2):
        report = tmp_path / f"shard-{k}.jsonl"
        subprocess.run([sys.executable, str(REPO / "build.py"), "--shard", f"{k}/2", "--report", str(report),
                        "--jobs", "1"], cwd=root, capture_output=True, text=True, timeout=300)
        lines += [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    assert sorted(entry["slug"] or Path(entry["post"]).stem for entry in lines) == sorted(names + ["broken"])
    built = [entry for entry in lines if entry["status"] == "built"]
    assert len(built) == 4 and all(entry["slides"] == 1 and entry["seconds"] > 0 for entry in built)
    for entry in built:
        files = {item["path"]: item for item in entry["outputs"]}
        pdf = files[f"{entry['slug']}.pdf"]
        assert pdf["bytes"] == (root / entry["output"] / f"{entry['slug']}.pdf").stat().st_size
        assert len(pdf["sha256"]) == 64
    (failed,) = [entry for entry in lines if entry["status"] == "failed"]
    assert failed["errors"][0]["line"] == 4 and "unknown field 'titel'" in failed["errors"][0]["message"]
