"""carrousel.yaml: project defaults for every post; a post's own fields win."""

from pathlib import Path

import pytest

from carrousel.errors import CarrouselError
from carrousel.load import settings
from carrousel.load.yamlload import parse_yaml
from helpers import error_of, load, make_project, project_at

POST = "title: T\n{extra}slides:\n  - kind: cover\n    title: Hello\n"


def test_settings_fill_what_the_post_leaves_out(tmp_path):
    root = make_project(tmp_path / "p", files={
        "carrousel.yaml": "format: square\nlang: fr\nauthor: {name: Ada, role: CTO}\nbrand: {logo: assets/logo.png}\n",
        "assets/logo.png": "not really a png",
    })
    post = load(root, "content/post.yaml", POST.format(extra=""))
    assert (post.format, post.lang, post.author["name"], post.author["role"]) == ("square", "fr", "Ada", "CTO")
    assert post.assets["brand.logo"] == (root / "assets" / "logo.png").resolve()
    post = load(root, "content/post.yaml", POST.format(extra="format: story\nauthor: {name: Bob}\n"))
    assert (post.format, post.lang, post.author["name"], post.author["role"]) == ("story", "fr", "Bob", "CTO")


def test_bad_settings_name_the_file_and_line(tmp_path):
    root = make_project(tmp_path / "p", files={"carrousel.yaml": "theme: terminal\nformat: a4\n"})
    err = error_of(project_at, root)
    assert err.format().startswith("carrousel.yaml:2: format: 'a4' is not allowed")
    assert "portrait" in err.format()
    root = make_project(tmp_path / "q", files={"carrousel.yaml": "colour: red\n"})
    assert "carrousel.yaml:1: unknown field 'colour'" in error_of(project_at, root).format()


# --- the merge, on parsed data (no project needed) --------------------------------------------------------

def merged(post_yaml: str, settings_yaml: str, post_path=Path("/p/content/post.yaml"), root=Path("/p")):
    """The post data with the settings applied."""
    return settings.apply(parse_yaml(post_yaml, as_text=True), parse_yaml(settings_yaml), post_path, root)


def test_the_post_wins_and_missing_or_null_fields_are_filled():
    data = merged("title: T\ntheme: paper\nlang:\n", "theme: blueprint\nlang: fr\nformat: square\n")
    assert (data["theme"], data["lang"], data["format"]) == ("paper", "fr", "square")


def test_author_and_brand_merge_key_by_key_keeping_the_posts_lines():
    data = merged("title: T\nauthor:\n  name: Bob\nbrand: {accent: '#ff0000'}\n",
                  "author: {name: Ada, role: CTO}\nbrand: {accent: '#00ff00', font: Inter}\n")
    assert dict(data["author"]) == {"name": "Bob", "role": "CTO"}
    assert dict(data["brand"]) == {"accent": "#ff0000", "font": "Inter"}
    assert data["author"].line == 3 and data["author"].key_lines == {"name": 3}  # errors point at the post


def test_paths_in_settings_are_relative_to_the_project_not_the_post():
    data = merged("title: T\n", "brand: {logo: assets/logo.png}\nauthor: {avatar: me.png}\n",
                  post_path=Path("/p/content/deep/post.yaml"))
    assert data["brand"]["logo"] == "../../assets/logo.png"
    assert data["author"]["avatar"] == "../../me.png"


def test_no_settings_leave_the_post_as_it_is():
    data = parse_yaml("title: T\n", as_text=True)
    assert settings.apply(data, {}, Path("/p/content/a.yaml"), Path("/p")) is data
    assert settings.apply(["not", "a", "post"], {"lang": "fr"}, Path("/p/content/a.yaml"), Path("/p")) == \
        ["not", "a", "post"]


def test_no_carrousel_yaml_or_an_empty_one_is_no_settings(tmp_path):
    assert settings.load(tmp_path) == {}
    (tmp_path / "carrousel.yaml").write_text("# nothing yet\n", encoding="utf-8")
    assert settings.load(tmp_path) == {}
    (tmp_path / "carrousel.yaml").write_text("allow_html: maybe\n", encoding="utf-8")
    with pytest.raises(CarrouselError, match="expected true or false"):
        settings.load(tmp_path)
