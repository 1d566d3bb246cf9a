"""Loading posts: validation errors name the file, line, slide and field, and list the choices."""

import pytest

from carrousel.errors import CarrouselError
from carrousel.load.files import MAX_SLUG, check_slug, slugify
from helpers import error_of
from helpers import load as load_file

POST = """title: Test
slides:
  - kind: cover
    title: Hello
  - kind: {kind}
    {field}: Something
"""


def load(project, text):
    """The Post of content/post.yaml holding text."""
    return load_file(project, "content/post.yaml", text)


def test_unknown_kind_names_place_and_choices(project):
    with pytest.raises(CarrouselError) as err:
        load(project, POST.format(kind="qoute", field="text"))
    message = err.value.format()
    assert message.startswith("content/post.yaml:5: slide 2: kind: unknown kind 'qoute'")
    assert "did you mean 'quote'?" in message
    for kind in ("cover", "list", "code", "steps", "quote", "end", "content"):
        assert kind in message


def test_unknown_field_names_place_and_suggestion(project):
    with pytest.raises(CarrouselError) as err:
        load(project, POST.format(kind="quote", field="txt"))
    message = err.value.format()
    assert message.startswith("content/post.yaml:6: slide 2 (quote): unknown field 'txt'")
    assert "did you mean 'text'?" in message


def test_unknown_field_in_a_list_item(project):
    text = "title: T\nslides:\n  - kind: steps\n    title: S\n    steps:\n      - title: A\n        tgs: x\n"
    with pytest.raises(CarrouselError) as err:
        load(project, text)
    assert err.value.line == 7 and err.value.slide == 1 and err.value.field == "steps[1].tgs"
    assert "did you mean 'tag'?" in err.value.format()


def test_missing_required_and_wrong_types(project):
    with pytest.raises(CarrouselError, match="missing required field 'title'"):
        load(project, "slides:\n  - kind: cover\n    title: x\n")
    with pytest.raises(CarrouselError, match="expected text, got a mapping"):
        load(project, "title: T\nslides:\n  - kind: cover\n    title: {a: b}\n")
    with pytest.raises(CarrouselError, match="unknown tone 'purple'"):
        load(project, "title: T\nslides:\n  - kind: list\n    title: L\n    items:\n      - title: a\n"
                      "        tag: {text: x, tone: purple}\n")


def test_code_needs_code_or_before_and_after(project):
    with pytest.raises(CarrouselError, match="give exactly one of: code or before\\+after"):
        load(project, "title: T\nslides:\n  - kind: code\n    title: C\n    before: a\n")


def test_a_valid_post_loads_with_defaults(project):
    post = load(project, POST.format(kind="quote", field="text"))
    assert (post.slug, post.lang, post.theme, len(post.slides)) == ("post", "en", "terminal", 2)
    assert post.slides[1].data["cite"] is None


def test_slugify():
    assert slugify("5 Patterns: CTO à connaître!") == "5-patterns-cto-a-connaitre"


@pytest.mark.parametrize("name, slug", [
    ("Hello World", "hello-world"),
    ("--Déjà vu--", "deja-vu"),
    ("Ünïcödé 2024", "unicode-2024"),
    ("日本語", ""),
    ("a" * 100, "a" * MAX_SLUG),
    ("x" * (MAX_SLUG - 1) + " y", "x" * (MAX_SLUG - 1)),  # cut at the limit, no trailing dash
])
def test_slugify_rules(name, slug):
    assert slugify(name) == slug


def test_check_slug_refuses_with_a_reason():
    assert check_slug("fine-slug") == "fine-slug"
    assert "may only hold a-z, 0-9 and '-'" in error_of(check_slug, "Bad Slug", given=True).message
    assert error_of(check_slug, "Bad Slug", given=True).hint == "use 'bad-slug'"
    assert "the slug is empty" in error_of(check_slug, "").message
    assert error_of(check_slug, "con").message == "slug 'con' is a reserved file name on Windows"
    too_long = error_of(check_slug, "a" * (MAX_SLUG + 1), line=4, given=True)
    assert (too_long.message, too_long.line, too_long.field) == (f"slug is {MAX_SLUG + 1} characters; at most "
                                                                 f"{MAX_SLUG}", 4, "slug")


def test_a_given_slug_wins_over_the_file_name(project):
    post = load(project, "title: T\nslug: my-post\nslides:\n  - kind: cover\n    title: x\n")
    assert post.slug == "my-post"
    err = error_of(load, project, "title: T\nslug: My Post\nslides:\n  - kind: cover\n    title: x\n")
    assert err.format().startswith("content/post.yaml:2: slug: slug 'My Post' may only hold")


def test_missing_avatar_is_an_error_naming_the_field(project):
    err = error_of(load, project, "title: Badge\nauthor: {name: Ada, avatar: nope.png}\nslides:\n"
                                  "  - kind: cover\n    title: Hello\n")
    assert err.format().startswith("content/post.yaml:2: author.avatar: file not found: 'nope.png'")
