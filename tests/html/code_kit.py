"""Code slides laid out for real: a post prepared by the pipeline, its slides laid out by the renderer, read back."""

from __future__ import annotations

import hashlib
from pathlib import Path

from conftest import make_project

THEMES = ("terminal", "paper", "blueprint")
FORMATS = ("portrait", "square", "landscape", "story")
POSTS = Path(__file__).parent / "posts"  # posts written as an author would (tests and docs build them)


def prepared(root: Path, source: str, name: str = "code.yaml", **options):
    """The post `source` written into a project at root and prepared by the pipeline (HTML per slide)."""
    from carrousel.build.options import BuildOptions
    from carrousel.build.pipeline import prepare
    from carrousel.build.project import Project

    if not (root / "content").is_dir():
        make_project(root)
    path = root / "content" / name
    path.write_text(source, encoding="utf-8")
    return prepare(path, Project.at(root), BuildOptions(**options))


def lay_out(prep, html: str | None = None, index: int = 0):
    """Slide `index` of a prepared post laid out and fitted (its HTML replaced by `html` when given):
    (one-page Document, SlideFit)."""
    from carrousel.layout import renderer

    document = html if html is not None else prep.documents[index]
    key = hashlib.sha256(document.encode()).hexdigest()
    return renderer.current().layout(key, document, prep.css, prep.base, prep.readable, prep.shown, prep.floor)


def boxes_with_class(document, name: str) -> list:
    """Every box of the laid-out document whose element has the class `name` (outermost boxes only)."""
    found, stack = [], [page._page_box for page in document.pages]
    while stack:
        box = stack.pop()
        element = getattr(box, "element", None)
        if element is not None and name in (element.get("class") or "").split() and \
                getattr(box, "pseudo_type", None) is None:
            found.append(box)
            continue
        stack.extend(reversed(getattr(box, "children", None) or ()))
    return found


def rows(box) -> int:
    """How many rows a laid-out code line takes."""
    return sum(1 for child in box.children if type(child).__name__ == "LineBox")
