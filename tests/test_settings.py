"""carrousel.yaml: project defaults for every post; a post's own fields win."""

import pytest

from carrousel.errors import CarrouselError
from carrousel.build.project import Project
from conftest import make_project, run_cli

POST = "title: T\n{extra}slides:\n  - kind: cover\n    title: Hello\n"


def load(root, extra=""):
    from carrousel.load.post import load_post

    path = root / "content" / "post.yaml"
    path.write_text(POST.format(extra=extra), encoding="utf-8")
    project = Project.at(root)
    return load_post(path, project.root, project.kinds, project.settings)


def test_settings_fill_what_the_post_leaves_out(tmp_path):
    root = make_project(tmp_path / "p", files={
        "carrousel.yaml": "format: square\nlang: fr\nauthor: {name: Ada, role: CTO}\nbrand: {logo: assets/logo.png}\n",
        "assets/logo.png": "not really a png",
    })
    post = load(root)
    assert (post.format, post.lang, post.author["name"], post.author["role"]) == ("square", "fr", "Ada", "CTO")
    assert post.assets["brand.logo"] == (root / "assets" / "logo.png").resolve()
    post = load(root, "format: story\nauthor: {name: Bob}\n")
    assert (post.format, post.lang, post.author["name"], post.author["role"]) == ("story", "fr", "Bob", "CTO")


def test_bad_settings_name_the_file_and_line(tmp_path):
    root = make_project(tmp_path / "p", files={"carrousel.yaml": "theme: terminal\nformat: a4\n"})
    with pytest.raises(CarrouselError) as err:
        Project.at(root)
    assert err.value.format().startswith("carrousel.yaml:2: format: 'a4' is not allowed")
    assert "portrait" in err.value.format()
    root = make_project(tmp_path / "q", files={"carrousel.yaml": "colour: red\n"})
    result = run_cli(root)
    assert result.returncode == 1 and "carrousel.yaml:1: unknown field 'colour'" in result.stderr


def test_a_missing_brand_font_names_the_package(tmp_path):
    root = make_project(tmp_path / "p", files={
        "content/post.yaml": POST.format(extra="brand: {font: No Such Grotesk}\n")})
    result = run_cli(root)
    assert result.returncode == 1
    assert "brand.font: font family 'No Such Grotesk' is not installed" in result.stderr
    assert "pip install fontpkg-no-such-grotesk" in result.stderr


def test_brand_accent_and_logo_show_on_the_slides(tmp_path):
    from PIL import Image

    root = make_project(tmp_path / "p", files={
        "carrousel.yaml": "brand: {logo: assets/logo.png}\n",
        "content/post.yaml": 'title: T\nbrand: {accent: "#ff5a1f"}\nslides:\n  - {kind: cover, title: "**Big** hello"}\n',
    })
    (root / "assets").mkdir()
    Image.new("RGB", (120, 40), (255, 0, 255)).save(root / "assets" / "logo.png")
    result = run_cli(root)
    assert result.returncode == 0, result.stderr
    image = Image.open(root / "output" / "post" / "png" / "01.png").convert("RGB")
    top = {rgb for _, rgb in image.crop((0, 0, 1080, 96)).getcolors(1 << 20)}
    assert (255, 0, 255) in top, "the logo is drawn in the frame"
    colours = {rgb for _, rgb in image.getcolors(1 << 22)}
    assert any(abs(r - 255) + abs(g - 90) + abs(b - 31) < 12 for r, g, b in colours), "the accent colour is used"
