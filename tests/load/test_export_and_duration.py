"""`export:` in a post and in carrousel.yaml, and a slide's `duration:`: read, checked, and told apart from a
kind's fields; mistakes are one line naming the file, line, slide and field."""

from __future__ import annotations

import pytest

from carrousel.build.project import Project
from carrousel.errors import CarrouselError
from carrousel.load.post import load_post

try:
    from helpers import make_project
except ImportError:  # before the tests' reorganisation into tests/<stage>/ (helpers.py)
    from conftest import make_project

POST = "title: T\n{extra}slides:\n  - kind: cover\n    title: Hello\n{slide}  - kind: end\n    title: Bye\n"
MARKDOWN = "---\ntitle: T\n{extra}---\n\n---\nkind: cover\n{slide}---\n# Hello\n\n---\n# Just content\nA body.\n"


def load(root, extra="", slide="", name="post.yaml", template=POST):
    """Write a post into the project and load it with the project's kinds and settings."""
    path = root / "content" / name
    path.write_text(template.format(extra=extra, slide=slide), encoding="utf-8")
    project = Project.at(root)
    return load_post(path, project.root, project.kinds, project.settings)


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("load") / "project")


def failure(root, **post) -> str:
    with pytest.raises(CarrouselError) as err:
        load(root, **post)
    return err.value.format()


def test_export_is_a_list_or_one_comma_separated_line(root):
    assert load(root).export is None  # the build's default then: pdf, png
    assert load(root, "export: gif, mp4,pdf\n").export == ("gif", "mp4", "pdf")
    assert load(root, "export: [pptx, jpg, pptx]\n").export == ("pptx", "jpg")
    assert load(root, "export: pdf\n", name="post.md", template=MARKDOWN).export == ("pdf",)


def test_a_wrong_export_names_the_line_and_the_choices(root):
    assert failure(root, extra="export: pdf,mp3\n") == (
        "content/post.yaml:2: export: 'mp3' is not allowed (did you mean 'mp4'? expected one of: gif, jpg, mp4, "
        "pdf, png, pptx, zip)")
    assert failure(root, extra="export: {pdf: true}\n").startswith(
        "content/post.yaml:2: export: expected a list of names, got a mapping")


def test_carrousel_yaml_gives_the_default_export_and_a_post_wins(tmp_path):
    root = make_project(tmp_path / "p", {"carrousel.yaml": "export: jpg,pptx\n"})
    assert load(root).export == ("jpg", "pptx")
    assert load(root, "export: gif\n").export == ("gif",)
    (root / "carrousel.yaml").write_text("export: webp\n", encoding="utf-8")
    with pytest.raises(CarrouselError) as err:
        Project.at(root)
    assert err.value.format().startswith("carrousel.yaml:1: export: 'webp' is not allowed")


def test_duration_belongs_to_the_slide_not_to_its_kind(root):
    post = load(root, slide="    duration: 4.5\n")
    assert [(slide.duration, "duration" in slide.data) for slide in post.slides] == [(4.5, False), (None, False)]
    post = load(root, slide="duration: 2\n", name="post.md", template=MARKDOWN)
    assert [slide.duration for slide in post.slides] == [2.0, None]


@pytest.mark.parametrize("value", ["0", "61", "soon", "nan", "[1, 2]", "true"])
def test_a_wrong_duration_names_the_slide_its_line_and_the_range(root, value):
    message = failure(root, slide=f"    duration: {value}\n")
    assert message.startswith("content/post.yaml:5: slide 1 (cover): duration: duration must be a number of "
                              "seconds from 0.1 to 60"), message
    assert message.endswith("(for example duration: 4.5)")
