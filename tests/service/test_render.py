"""A render worker's warm-up: every built-in theme is ready before the first request, and leaves nothing behind."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent

# Run in a process of its own: the warm-up freezes what the process holds out of the garbage collector's way.
SCRIPT = """
import gc, json, sys
from pathlib import Path
from carrousel.build.options import BuildOptions
from carrousel.layout import renderer
from carrousel.service import render

warmed = render.warm()
sheets, frozen = renderer.current().sheets, gc.get_freeze_count()
root = Path(sys.argv[1])
(root / "content").mkdir(parents=True)
found = {}
for theme, mode in (("paper", ""), ("blueprint", ""), ("paper", "dark")):
    name = f"{theme}-{mode or 'own'}.yaml"
    (root / "content" / name).write_text(
        f"title: A request\\ntheme: {theme}\\n" + (f"mode: {mode}\\n" if mode else "") +
        "slides:\\n  - kind: cover\\n    title: First **request**\\n", encoding="utf-8")
    rendered = render.render(str(root), f"content/{name}", BuildOptions(), 10)
    found[name] = [rendered.slides, renderer.current().sheets]
print(json.dumps({"warmed": warmed, "sheets": sheets, "frozen": frozen, "after": found}))
"""


def test_a_worker_is_warmed_in_every_built_in_theme(tmp_path):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch)}
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "project")], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    themes = sorted(p.name for p in (REPO / "themes").iterdir() if (p / "theme.yaml").is_file())
    assert found["warmed"] == min(4, len(themes)) and found["sheets"] == found["warmed"]
    assert found["frozen"] > 10_000  # modules, stylesheets and fonts: out of the collector's way
    after = found["after"]
    # A request in a warmed theme parses no stylesheet; another mode of it is another stylesheet.
    assert after["paper-own.yaml"] == [1, found["sheets"]]
    assert after["blueprint-own.yaml"] == [1, found["sheets"]]
    assert after["paper-dark.yaml"] == [1, found["sheets"] + 1]
    # The warm-up's project is gone (WeasyPrint's font folders stay until the service removes its temp folder).
    assert [p.name for p in scratch.iterdir() if not p.name.startswith("weasyprint-")] == []
