"""Code slides laid out for real: a post prepared by the pipeline, its slides laid out by the renderer, read back."""

from __future__ import annotations

import hashlib
from pathlib import Path

from helpers import make_project

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
    key = hashlib.sha256(f"{prep.css}\0{prep.floor}\0{document}".encode()).hexdigest()  # the renderer reuses by key
    return renderer.current().layout(key, document, prep.css, prep.base, prep.readable, prep.shown, prep.floor)


def boxes_with_class(document, name: str) -> list:
    """Every box of the laid-out document whose element has the class `name` (outermost boxes only)."""
    found, stack = [], [page._page_box for page in document.pages]
    while stack:
        box = stack.pop()
        element = getattr(box, "element", None)
        if element is not None and name in (element.get("class") or "").split() and "::" not in box.element_tag:
            found.append(box)
            continue
        stack.extend(reversed(getattr(box, "children", None) or ()))
    return found


def line_boxes(box) -> list:
    """The rows (LineBoxes) of a laid-out code line: its own, or those of the anonymous block that holds its text
    beside its drawn marks."""
    out = []
    for child in box.children:
        if type(child).__name__ == "LineBox":
            out.append(child)
        elif type(child).__name__ == "BlockBox" and child.element is box.element:
            out += line_boxes(child)
    return out


def rows(box) -> int:
    """How many rows a laid-out code line takes."""
    return len(line_boxes(box))


def code_text(box) -> str:
    """The text of a box's element, its line number left out."""
    return _text(box.element)


def _text(element) -> str:
    out = [] if element.get("class") == "ln" else [element.text or ""]
    for child in element:
        out += [_text(child), child.tail or ""]
    return "".join(out)


def descendants(box):
    """Every box under box (itself first), absolutely positioned ones included."""
    stack = [box]
    while stack:
        current = stack.pop()
        current = getattr(current, "_box", current)  # an AbsolutePlaceholder stands for its box
        yield current
        stack.extend(getattr(current, "children", None) or ())


def pseudo(box, which: str) -> list:
    """The ::before or ::after boxes of a box's element, under it."""
    return [b for b in descendants(box) if getattr(b, "element", None) is box.element
            and b.element_tag.endswith("::" + which)]
