"""A chart or diagram slide's picture stays inside its frame: never drawn over its caption, in every format."""

import textwrap

import pytest

from carrousel.layout import renderer
from helpers import REPO, make_project, prepare, project_at


def _post(theme: str) -> str:
    """A post of one chart slide: the chart kind's own example."""
    example = project_at(REPO).kinds["chart"].example
    return f"title: Chart\ntheme: {theme}\nslides:\n" + textwrap.indent(example, "  ").replace("  kind:", "- kind:", 1)


def _boxes(box, found):
    element = getattr(box, "element", None)
    classes = (element.get("class") or "").split() if element is not None else []
    for name in ("graphic-img", "figure-caption"):
        if name in classes and name not in found:
            found[name] = box
    for child in getattr(box, "children", None) or ():
        _boxes(child, found)
    return found


@pytest.mark.parametrize("theme", ["terminal", "paper", "blueprint", "poster"])
@pytest.mark.parametrize("fmt", ["story", "portrait", "square"])
def test_the_chart_ends_above_its_caption(tmp_path, theme, fmt):
    root = make_project(tmp_path / "p", files={"content/post.yaml": _post(theme)})
    prep = prepare(root / "content" / "post.yaml", format=fmt)
    document, fitted = renderer.current().layout(prep.slide_keys[0], prep.documents[0], prep.css, prep.base,
                                                 prep.readable, prep.shown, prep.floor)
    found = _boxes(document.pages[0]._page_box, {})
    picture, caption = found["graphic-img"], found["figure-caption"]
    bottom = picture.border_box_y() + picture.border_height()
    assert fitted.overflow is None
    past = bottom - caption.border_box_y()
    assert past <= 0.5, f"the chart passes its caption's top by {past:.1f} px"
    assert picture.margin_top >= -0.5, "nor is it drawn up over the title"
