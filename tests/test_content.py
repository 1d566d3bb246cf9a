"""Loading posts: validation errors name the file, line, slide and field, and list the choices."""

import pytest

from carrousel.load.post import slugify
from carrousel.errors import CarrouselError
from carrousel.build.project import Project

POST = """title: Test
slides:
  - kind: cover
    title: Hello
  - kind: {kind}
    {field}: Something
"""


def load(project, text):
    from carrousel.load.post import load_post

    path = project / "content" / "post.yaml"
    path.write_text(text, encoding="utf-8")
    p = Project.at(project)
    return load_post(path, p.root, p.kinds)


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
