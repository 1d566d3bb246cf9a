"""Code on slides: highlighted lines, `highlight=` line lists, line diffs with the changed words marked."""

import re

import pytest

from carrousel.errors import CarrouselError
from carrousel.html.code import (
    code_lines,
    diff_lines,
    highlight_lines,
    parse_lines,
)


def text(html: str) -> str:
    """The characters a line shows (tags dropped, entities kept)."""
    return re.sub(r"<[^>]+>", "", str(html))


def marked(html: str, kind: str) -> list[str]:
    """The text of each <mark class="w{kind}"> in a line."""
    return [text(part) for part in re.findall(rf'<mark class="w{kind}">(.*?)</mark>', str(html))]


@pytest.mark.parametrize("spec, count, lines", [
    ("2", 3, {2}),
    ("2,4-6", 6, {2, 4, 5, 6}),
    (" 1 , 3 - 3 ", 3, {1, 3}),
    ("", 3, set()),
    (None, 3, set()),
    (3, 3, {3}),
])
def test_parse_lines(spec, count, lines):
    assert parse_lines(spec, count) == lines


@pytest.mark.parametrize("spec, message", [
    ("a-b", "cannot read line numbers 'a-b'"),
    ("-2", "cannot read line numbers '-2'"),
    ("0", "line 0 is outside the code (1-3)"),
    ("2-9", "line 9 is outside the code (1-3)"),
    ("3-2", "line 3 is outside the code (1-3)"),
])
def test_parse_lines_refuses_what_is_not_a_line_of_the_code(spec, message):
    with pytest.raises(CarrouselError) as err:
        parse_lines(spec, 3)
    assert err.value.message == message and err.value.field == "highlight"


def test_code_lines_are_numbered_highlighted_and_keep_their_text():
    lines = code_lines("def f(x):\n    return x < 1\n\n", "python", highlight="2")
    assert [(line.number, line.mark) for line in lines] == [(1, ""), (2, "hl")]
    assert '<span class="k">def</span>' in lines[0].html
    assert text(lines[1].html) == "    return x &lt; 1"  # indentation kept, < escaped


def test_unknown_language_is_plain_escaped_text():
    assert highlight_lines("x<y & z", "no-such-language") == ["x&lt;y &amp; z"]


def test_diff_marks_changed_lines_and_only_the_changed_words():
    before, after = diff_lines("a = f(b, c)\nsame\n", "a = f(c, b)\nsame\nnew line\n", "python")
    assert [(line.mark, line.number) for line in before] == [("del", 1), ("", 2)]
    assert [(line.mark, line.number) for line in after] == [("add", 1), ("", 2), ("add", 3)]
    assert marked(before[0].html, "del") == ["b", "c"] and marked(after[0].html, "add") == ["c", "b"]
    assert text(before[0].html) == "a = f(b, c)"  # marking adds no character
    assert marked(after[2].html, "add") == []  # an added line is marked whole, not word by word


def test_a_rewritten_line_is_not_marked_word_by_word():
    before, after = diff_lines("completely different\n", "x = 42  # nothing alike\n", "python")
    assert (before[0].mark, after[0].mark) == ("del", "add")
    assert marked(before[0].html, "del") == [] and marked(after[0].html, "add") == []


def test_a_changed_word_inside_one_token_is_marked_within_it():
    before, after = diff_lines('print("hello world")\n', 'print("hello there")\n', "python")
    assert marked(before[0].html, "del") == ["world"] and marked(after[0].html, "add") == ["there"]


def test_indentation_changes_alone_are_not_changes():
    before, after = diff_lines("if x:\n    y()\n", "if x:\n        y()\n", "python")
    assert [line.mark for line in before + after] == ["", "", "", ""]
