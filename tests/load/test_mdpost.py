"""Markdown posts into post data: a slide's YAML block and its body may say the same thing, not different ones."""

import pytest

from carrousel.errors import CarrouselError
from carrousel.load.kinds import load_kinds
from carrousel.load.mdpost import parse_markdown_post
from helpers import REPO

KINDS = load_kinds(REPO / "templates")
HEAD = "---\ntitle: T\n---\n"


def code_slide(meta: str, fence: str, note: str = "") -> str:
    return f"{HEAD}---\nkind: code\n{meta}---\n# Code\n{fence}\nSELECT 1;\n```\n{note}"


def slide(text: str) -> dict:
    return parse_markdown_post(text, KINDS)["slides"][0]


def refused(text: str) -> CarrouselError:
    with pytest.raises(CarrouselError) as err:
        parse_markdown_post(text, KINDS)
    return err.value


def test_the_same_language_in_the_yaml_block_and_the_fence_is_not_a_conflict():
    data = slide(code_slide("language: sql\n", "```sql"))
    assert (data["language"], data["code"]) == ("sql", "SELECT 1;\n")
    assert data.key_lines["language"] == 6  # where the YAML block gives it


def test_a_different_language_is_refused_showing_both_values():
    err = refused(code_slide("language: sql\n", "```python"))
    assert err.field == "language" and err.line == 9  # the fence
    assert "'sql' in the YAML block (line 6) and 'python' in the Markdown" in err.message
    assert "\n" not in err.format()


def test_equal_options_and_flags_are_not_conflicts_either():
    data = slide(code_slide("file: app.sql\nnumbers: true\n", "```sql file=app.sql numbers"))
    assert (data["file"], data["numbers"]) == ("app.sql", "true")
    err = refused(code_slide("file: app.sql\n", "```sql file=db.sql"))
    assert "'app.sql'" in err.message and "'db.sql'" in err.message


def test_a_long_value_is_shown_on_one_line_cut_short():
    err = refused(f"{HEAD}---\nkind: cover\nsubtitle: {'word ' * 20}\n---\n# T\nAnother subtitle\n")
    assert "'word word word word word word word word …' in the YAML block" in err.message


def test_a_note_box_fills_the_annotation_with_its_tone():
    indented = slide(code_slide("", "```sql", "!!! annotation green\n    → one index serves\n    the filter\n"))
    right_below = slide(code_slide("", "```sql", "!!! annotation green\n→ one index serves\nthe filter\n"))
    assert indented["annotation"] == right_below["annotation"] == {"text": "→ one index serves the filter",
                                                                    "tone": "green"}


def test_a_box_with_an_unknown_tone_is_refused_at_its_line():
    err = refused(code_slide("", "```sql", "!!! annotation gren\n    → x\n"))
    assert (err.line, err.slide) == (11, 1) and "unknown tone 'gren'" in err.message
    assert "did you mean 'green'?" in err.hint


def test_list_items_take_the_tag_that_ends_them():
    items = slide(f"{HEAD}---\nkind: list\n---\n# L\n- **A** — cost [[amber: high]]\n- **B** — [[x]] inside\n"
                  "- **C** — plain [[simple]]\n")["items"]
    assert items[0]["tag"] == {"text": "high", "tone": "amber"}
    assert "tag" not in items[1] and items[1]["text"] == "[[x]] inside"
    assert items[2]["tag"] == "simple"
