"""Field schemas: each type's checks, defaults, conversion, and errors naming the field path and line."""

import pytest

from carrousel.errors import CarrouselError
from carrousel.load.fields import check_fields, normalize_spec
from carrousel.load.yamlload import parse_yaml
from helpers import error_of

SCHEMA = {name: normalize_spec(spec) for name, spec in {
    "title": {"type": "inline", "required": True},
    "level": {"type": "text", "choices": ["low", "high"], "default": "high"},
    "tag": "tone",
    "shown": "flag",
    "items": {"type": "list", "item": {"title": {"type": "inline", "required": True}, "text": "block"}},
    "author": {"type": "map", "item": {"name": "inline"}},
}.items()}


def check(text: str, convert=None):
    """SCHEMA checked on the mapping text holds."""
    return check_fields(parse_yaml(text, as_text=True), SCHEMA, convert)


def test_short_specs_expand_and_absent_fields_get_their_default():
    assert normalize_spec("inline") == {"type": "inline"}
    out = check("title: T\n")
    assert out == {"title": "T", "level": "high", "tag": None, "shown": None, "items": None, "author": None}


def test_tone_is_text_or_text_with_a_tone():
    assert check("title: T\ntag: new\n")["tag"] == {"text": "new", "tone": "default"}
    assert check("title: T\ntag: {text: hot, tone: red}\n")["tag"] == {"text": "hot", "tone": "red"}
    err = error_of(check, "title: T\ntag:\n  text: x\n  tone: purple\n")
    assert (err.message, err.field, err.line) == ("unknown tone 'purple'", "tag.tone", 4)


def test_flags_read_true_and_false_as_text_and_refuse_the_rest():
    assert check("title: T\nshown: 'TRUE'\n")["shown"] is True
    assert check("title: T\nshown: false\n")["shown"] is False
    assert "expected true or false, got str" in error_of(check, "title: T\nshown: yes\n").message


def test_errors_name_the_path_and_line_in_lists_and_maps():
    err = error_of(check, "title: T\nitems:\n  - title: a\n  - text: no title\n")
    assert (err.field, err.line, err.message) == ("items[2]", 4, "missing required field 'title'")
    err = error_of(check, "title: T\nauthor:\n  nmae: Ada\n")
    assert (err.field, err.line) == ("author.nmae", 3) and "did you mean 'name'?" in err.hint


@pytest.mark.parametrize("text, message", [
    ("title: [a, b]\n", "expected text, got a list"),
    ("title: {a: b}\n", "expected text, got a mapping"),
    ("title: T\nitems: x\n", "expected a list, got str"),
    ("title: T\nlevel: medium\n", "'medium' is not allowed"),
])
def test_wrong_types_say_what_was_expected(text, message):
    assert error_of(check, text).message == message


def test_a_boolean_from_settings_tells_to_quote_it():
    with pytest.raises(CarrouselError, match=r"a boolean \(true\); quote it to keep it as text"):
        check_fields({"title": True}, SCHEMA)


def test_convert_sees_each_text_with_its_type():
    seen = []
    out = check("title: T\nitems:\n  - {title: a, text: b}\ntag: x\n",
                convert=lambda kind, value: seen.append((kind, value)) or value.upper())
    assert out["title"] == "T" and out["items"] == [{"title": "A", "text": "B"}] and out["tag"]["text"] == "X"
    assert sorted(seen) == [("block", "b"), ("inline", "T"), ("inline", "a"), ("inline", "x")]  # defaults as given
