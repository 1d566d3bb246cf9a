"""Strict YAML: text stays text, no tags, no aliases, duplicate keys and nesting refused with their lines."""

import time

import pytest

from carrousel.errors import CarrouselError
from carrousel.load.yamlload import parse_yaml


def test_scalars_that_yaml_would_convert_stay_text_in_posts():
    data = parse_yaml("a: NO\nb: 1.10\nc: 0o17\nd: 2024-01-01\ne: yes\nf: ~\ng:\nh: 1e3\n", as_text=True)
    assert data == {"a": "NO", "b": "1.10", "c": "0o17", "d": "2024-01-01", "e": "yes", "f": None, "g": None,
                    "h": "1e3"}
    # Theme and settings files keep YAML's types (weights are numbers, flags booleans).
    assert parse_yaml("w: [400, 700]\nflag: true\n") == {"w": [400, 700], "flag": True}


def test_duplicate_keys_name_both_lines():
    with pytest.raises(CarrouselError) as err:
        parse_yaml("title: a\nx: 1\ntitle: b\n")
    assert err.value.line == 3 and "duplicate key 'title' (first at line 1)" in err.value.message


@pytest.mark.parametrize("text, message", [
    ("a: !!python/object/apply:os.system [ls]\n", "unsupported YAML tag '!!python/object/apply:os.system'"),
    ("a: !!python/name:os.system\n", "unsupported YAML tag"),
    ("a: !custom x\n", "unsupported YAML tag '!custom'"),
])
def test_tags_are_refused(text, message):
    with pytest.raises(CarrouselError, match=message):
        parse_yaml(text, as_text=True)


def test_an_alias_bomb_is_refused_at_once():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi"))
    start = time.perf_counter()
    with pytest.raises(CarrouselError, match=r"YAML aliases \(\*name\) are not allowed") as err:
        parse_yaml(bomb, as_text=True)
    assert time.perf_counter() - start < 0.5 and err.value.line == 2


def test_nesting_is_bounded():
    with pytest.raises(CarrouselError, match="nests deeper than 40 levels"):
        parse_yaml("a: " + "[" * 5000 + "]" * 5000)


@pytest.mark.parametrize("text, line, message", [
    ("a: 1\n\tb: 2\n", 2, "tab character used for indentation"),
    ("a: 1\nb: 'open\nc: 3\n", 2, "unclosed quote"),
    ("a: b\x00c\n", 1, "invalid character U+0000 at offset 4"),
])
def test_syntax_errors_are_one_line_with_a_line_number(text, line, message):
    with pytest.raises(CarrouselError) as err:
        parse_yaml(text, first_line=1)
    assert err.value.line == line and message in err.value.message and "\n" not in err.value.format()


def test_mappings_and_lists_remember_their_lines():
    data = parse_yaml("title: T\nslides:\n  - kind: cover\n\n  - kind: end\n    title: x\n", as_text=True)
    assert data.line == 1 and data.key_lines == {"title": 1, "slides": 2}
    slides = data["slides"]
    assert slides.item_lines == [3, 5]
    assert slides[1].line == 5 and slides[1].key_lines == {"kind": 5, "title": 6}


def test_an_empty_document_is_none_and_non_string_keys_become_text():
    assert parse_yaml("") is None
    assert parse_yaml("1: one\ntrue: yes\n") == {"1": "one", "True": True}
