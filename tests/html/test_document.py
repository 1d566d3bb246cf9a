"""The HTML stage: author badge, theme words by language, emoji as images."""

import pytest
from helpers import build, make_project, open_png, pdf_texts
from PIL import Image

from carrousel.html.document import initials, page_size

POST = """title: Badge
lang: {lang}
author: {{name: Ada Lovelace, role: Engineer{avatar}}}
slides:
  - kind: cover
    title: Hello 🚀
  - kind: code
    title: Diff
    language: python
    before: "x = 1"
    after: "x = 2"
"""


@pytest.fixture(scope="module")
def badge(tmp_path_factory):
    """The English post with an avatar picture, built once in memory."""
    root = make_project(tmp_path_factory.mktemp("badge") / "project",
                        {"content/p.yaml": POST.format(lang="en", avatar=", avatar: me.png")})
    Image.new("RGB", (64, 64), (255, 0, 255)).save(root / "content" / "me.png")
    return build(root / "content" / "p.yaml")


def test_initials():
    assert initials("Maxime Lenne") == "ML"
    assert initials("<strong>Ada</strong> Lovelace-Byron") == "AL"
    assert initials("") == "?"


def test_page_size_of_each_format():
    assert (page_size("portrait")["width"], page_size("portrait")["height"]) == (1080, 1350)
    assert (page_size("landscape")["width"], page_size("landscape")["height"]) == (1920, 1080)


def test_avatar_picture_in_the_badge(badge):
    cover = open_png(badge.files["png/01.png"])
    magenta = [p for p in cover.get_flattened_data() if p[0] > 200 and p[1] < 60 and p[2] > 200]
    assert len(magenta) > 2000, "the avatar picture is drawn"


def test_english_words_and_emoji_image(badge):
    cover, code = pdf_texts(badge.files["p.pdf"])
    assert "Before" in code and "After" in code and "Avant" not in code
    assert "Swipe" in cover
    image = open_png(badge.files["png/01.png"])
    red = [p for p in image.get_flattened_data() if p[0] > 190 and p[1] < 110 and p[2] < 100]
    assert len(red) > 800, "the rocket emoji is drawn in colour (the window dot alone is ~250 px)"
