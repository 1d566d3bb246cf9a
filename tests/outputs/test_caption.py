"""The caption: Markdown in the post, plain text in caption.txt, ready to paste into LinkedIn."""

import pytest

from carrousel.outputs.caption import LINKEDIN_MAX, length, to_text
from helpers import build, load


@pytest.mark.parametrize("markdown, text", [
    ("Five **patterns** for your [team](https://example.com).", "Five patterns for your team (https://example.com).\n"),
    ("A link to <https://a.example> is shown once", "A link to https://a.example is shown once\n"),
    ("[a@b.example](mailto:a@b.example) and [top](#x)", "a@b.example and top\n"),
    ("- one\n- two\n\n1. first\n2. second", "• one\n• two\n\n1. first\n2. second\n"),
    ("1. one\n    - nested\n\nAfter", "1. one\n  • nested\n\nAfter\n"),
    ("# Real heading\n#CTO #architecture", "Real heading\n\n#CTO #architecture\n"),
    ("Line one\nline two", "Line one line two\n"),  # a soft wrap is a space, as in Markdown
    ("> quoted\n\n`code` & 5 < 7", "quoted\n\ncode & 5 < 7\n"),
    ("\n\nPara\n\n\n\nPara\n\n", "Para\n\nPara\n"),
])
def test_markdown_becomes_plain_text(markdown, text):
    assert to_text(markdown) == text


def test_a_hard_line_break_is_one_line_break():
    assert to_text("Line one  \nLine two") == "Line one\nLine two\n"


def test_length_counts_code_points_without_the_final_newline():
    assert length("é🚀\n") == 2 and length("") == 0


def test_a_caption_over_linkedins_limit_is_written_with_a_warning(project):
    load(project, "content/p.yaml", "title: T\ncaption: |\n  " + "word " * 700 + "\nslides:\n"
                                    "  - kind: cover\n    title: x\n")
    built = build(project / "content" / "p.yaml")
    assert length(built.files["caption.txt"]) == 3499 > LINKEDIN_MAX
    assert [(w.slide, w.level, w.code, w.message) for w in built.warnings] == [
        (None, "warning", "caption", "caption is 3499 characters; LinkedIn takes 3000")]


def test_caption_of_a_built_post(slight):
    _, out = slight
    caption = (out / "caption.txt").read_text(encoding="utf-8")
    assert caption == ("Five patterns for your team (https://example.com).\n\n• one\n• two\n\n#CTO #architecture\n")
