"""Splitting a Markdown slide body into blocks: headings, fences, lists, boxes and paragraphs, each with its line."""

import pytest

from carrousel.errors import CarrouselError
from carrousel.load.mdblocks import blocks_of


def blocks(text: str, start: int = 10):
    """The blocks of text, its first line numbered start."""
    return blocks_of(start, text.split("\n"))


def shape(text: str, start: int = 10):
    """(type, first line) of each block."""
    return [(b.type, b.line) for b in blocks(text, start)]


def test_each_block_type_with_its_first_line():
    text = "# Title\n\nA paragraph\non two lines\n- one\n- two\n\n```python\nx = 1\n```\n!!! callout amber\n    Body\n"
    assert shape(text) == [("heading", 10), ("para", 12), ("list", 14), ("fence", 17), ("box", 20)]


def test_heading_level_and_text_without_closing_hashes():
    [heading] = blocks("### Three **levels** ###")
    assert (heading.level, heading.text) == (3, "Three **levels**")
    assert shape("#hashtag is text") == [("para", 10)]  # a heading needs a space after its hashes


def test_fence_keeps_its_info_code_and_source():
    [fence] = blocks("~~~ diff sql\n-a\n+b\n~~~")
    assert (fence.text, fence.code) == ("diff sql", "-a\n+b\n")
    assert fence.source == "~~~ diff sql\n-a\n+b\n~~~"


def test_a_fence_holds_what_would_start_other_blocks():
    [fence] = blocks("````md\n# not a heading\n```\n- not a list\n````")
    assert fence.code == "# not a heading\n```\n- not a list\n"


def test_an_unclosed_fence_is_an_error_at_its_line():
    with pytest.raises(CarrouselError, match="code fence ``` is not closed") as err:
        blocks("Intro\n\n```python\nx = 1", start=5)
    assert err.value.line == 7 and err.value.hint == "end the code with a line ```"


def test_list_items_with_their_lines_continuations_and_loose_items():
    [items] = blocks("- one\n  continued\n\n- two\n1. three", start=1)
    assert items.items == [(1, "one continued"), (4, "two"), (5, "three")]
    assert shape("- a\nnot indented, still the item\n# Heading") == [("list", 10), ("heading", 12)]
    assert blocks("- a\nnot indented, still the item")[0].items == [(10, "a not indented, still the item")]


def test_a_blank_line_ends_a_list_unless_an_item_follows():
    assert shape("- a\n\nParagraph after") == [("list", 10), ("para", 12)]


def test_box_takes_its_indented_lines_as_one_body():
    [box, after] = blocks("!!! annotation blue\n    first line\n\n    second line\nAfter")
    assert (box.type, box.tone, box.text) == ("box", "blue", "first line second line")
    assert (after.type, after.text, after.line) == ("para", "After", 14)


def test_a_paragraph_ends_where_another_block_starts():
    assert shape("Text\n- item\nText again\n```\ncode\n```") == [("para", 10), ("list", 11), ("fence", 13)]
    [para] = blocks("  Text with spaces  \nand more")
    assert para.text == "Text with spaces  \nand more"


def test_an_empty_body_has_no_blocks():
    assert blocks("\n\n   \n") == []
