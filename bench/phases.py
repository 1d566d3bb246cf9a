"""Where a build's time goes: each stage of a cold build of one post, then of a one-slide edit in a warm process.

    python bench/phases.py PROJECT POST     (prints JSON; bench/run.py calls it)
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

START = time.perf_counter()


def main(root: Path, post: Path) -> dict:
    clock = {"t": START}

    def lap(name: str, out: dict) -> None:
        now = time.perf_counter()
        out[name] = round(now - clock["t"], 4)
        clock["t"] = now

    cold: dict = {}
    from carrousel.layout import renderer as engine
    from carrousel.outputs import files as extras
    from carrousel.html import document as html
    from carrousel.build import pipeline
    from carrousel.build import deck as render  # noqa: F401 - the import is what is measured
    lap("import carrousel (Jinja, Markdown, Pygments, YAML)", cold)
    render.renderer()
    lap("import WeasyPrint, pypdfium2", cold)
    project = pipeline.Project.at(root)
    prep = pipeline.prepare(post, project)
    lap("load post, render HTML per slide, keys", cold)
    laid = [render.renderer().layout(key, doc, prep.css, post.parent, pipeline.allowed_roots(project),
                                       prep.shown, prep.floor)[0]
            for key, doc in zip(prep.slide_keys, prep.documents)]
    lap(f"lay out and fit {len(laid)} slides", cold)
    _, pdf = render.renderer().write_pdf(laid, prep.shown)
    lap("write the PDF", cold)
    pngs = engine.rasterize(pdf, html.page_size(prep.post.format)["width"], list(range(len(laid))))
    lap(f"rasterize and encode {len(pngs)} PNGs (one process; a build spreads them over two)", cold)

    warm: dict = {}
    original = post.read_text(encoding="utf-8")
    try:
        post.write_text(original.replace("Couplage fort entre modules", "Couplage fort entre modules (phases)"),
                        encoding="utf-8")
        clock["t"] = time.perf_counter()
        prep = pipeline.prepare(post, project)
        lap("load post, render HTML per slide, keys", warm)
        laid = [render.renderer().layout(key, doc, prep.css, post.parent, pipeline.allowed_roots(project),
                                           prep.shown, prep.floor)[0]
                for key, doc in zip(prep.slide_keys, prep.documents)]
        lap("lay out the edited slide (others kept)", warm)
        _, one = render.renderer().write_pdf([laid[1]], prep.shown, tagged=False)
        lap("write the edited slide's one-page PDF (untagged)", warm)
        engine.rasterize(one, html.page_size(prep.post.format)["width"], [0])
        lap("rasterize and encode its PNG (serve shows it now)", warm)
        render.renderer().write_pdf(laid, prep.shown)
        lap("then write the deck's PDF", warm)
    finally:
        post.write_text(original, encoding="utf-8")
    return {"cold": cold, "warm edit": warm}


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve())))
