"""The HTML stage: author badge, theme words by language, emoji as images."""

from PIL import Image

from carrousel.html.document import initials
from conftest import run_cli

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


def test_initials():
    assert initials("Maxime Lenne") == "ML"
    assert initials("<strong>Ada</strong> Lovelace-Byron") == "AL"
    assert initials("") == "?"


def test_avatar_picture_in_the_badge(project):
    Image.new("RGB", (64, 64), (255, 0, 255)).save(project / "content" / "me.png")
    (project / "content" / "p.yaml").write_text(POST.format(lang="en", avatar=", avatar: me.png"), encoding="utf-8")
    result = run_cli(project)
    assert result.returncode == 0, result.stderr
    cover = Image.open(project / "output" / "p" / "png" / "01.png").convert("RGB")
    magenta = [p for p in cover.get_flattened_data() if p[0] > 200 and p[1] < 60 and p[2] > 200]
    assert len(magenta) > 2000, "the avatar picture is drawn"


def test_missing_avatar_is_an_error_naming_the_field(project):
    (project / "content" / "p.yaml").write_text(POST.format(lang="en", avatar=", avatar: nope.png"), encoding="utf-8")
    result = run_cli(project)
    assert result.returncode == 1
    assert "content/p.yaml:3: author.avatar: file not found: 'nope.png'" in result.stderr


def test_english_words_and_emoji_image(project):
    import pypdfium2 as pdfium

    (project / "content" / "p.yaml").write_text(POST.format(lang="en", avatar=""), encoding="utf-8")
    assert run_cli(project).returncode == 0
    pdf = pdfium.PdfDocument(project / "output" / "p" / "p.pdf")
    code = pdf[1].get_textpage().get_text_range()
    assert "Before" in code and "After" in code and "Avant" not in code
    assert "Swipe" in pdf[0].get_textpage().get_text_range()
    cover = Image.open(project / "output" / "p" / "png" / "01.png").convert("RGB")
    red = [p for p in cover.get_flattened_data() if p[0] > 190 and p[1] < 110 and p[2] < 100]
    assert len(red) > 800, "the rocket emoji is drawn in colour (the window dot alone is ~250 px)"
