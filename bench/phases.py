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
    from carrousel.build import deck, pipeline
    from carrousel.build.project import Project
    from carrousel.layout import renderer
    from carrousel.png.rasterize import rasterize
    lap("import carrousel (Jinja, Markdown, Pygments, YAML)", cold)
    renderer.current()
    lap("import WeasyPrint, pypdfium2", cold)
    project = Project.at(root)
    prep = pipeline.prepare(post, project)
    lap("load post, render HTML per slide, keys", cold)

    def lay_out():
        return [renderer.current().layout(key, doc, prep.css, prep.base, prep.readable, prep.shown, prep.floor)[0]
                for key, doc in zip(prep.slide_keys, prep.documents)]

    laid = lay_out()
    lap(f"lay out and fit {len(laid)} slides", cold)
    pdf = deck.deck_pdf(laid, prep.shown)
    lap("write the PDF", cold)
    pngs = rasterize(pdf, prep.width, list(range(len(laid))))
    lap(f"rasterize and encode {len(pngs)} PNGs (one process; a build spreads them over two)", cold)

    warm: dict = {}
    original = post.read_text(encoding="utf-8")
    try:
        post.write_text(original.replace("Couplage fort entre modules", "Couplage fort entre modules (phases)"),
                        encoding="utf-8")
        clock["t"] = time.perf_counter()
        prep = pipeline.prepare(post, project)
        lap("load post, render HTML per slide, keys", warm)
        laid = lay_out()
        lap("lay out the edited slide (others kept)", warm)
        one = deck.deck_pdf([laid[1]], prep.shown, tagged=False)
        lap("write the edited slide's one-page PDF (untagged)", warm)
        rasterize(one, prep.width, [0])
        lap("rasterize and encode its PNG (serve shows it now)", warm)
        deck.deck_pdf(laid, prep.shown)
        lap("then write the deck's PDF", warm)
    finally:
        post.write_text(original, encoding="utf-8")
    return {"cold": cold, "warm edit": warm}


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve())))
