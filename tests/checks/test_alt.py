"""Alternative text: required for pictures, written per slide to alt.json without the frame."""

import json

from carrousel.checks.alt import alt_json, slide_texts
from helpers import error_of, make_project, prepare

PICTURE_KIND = """{#- schema
summary: A picture with its description.
fields:
  title: {type: inline, required: true}
  src: {type: path, required: true}
  alt: text
-#}
{% extends "slide.html" %}
{% block body %}<h2 class="title">{{ slide.data.title }}</h2>{% endblock %}
"""
NO_ALT_KIND = """{#- schema
summary: A template that forgets the alt attribute.
fields:
  title: {type: inline, required: true}
-#}
{% extends "slide.html" %}
{% block body %}<h2 class="title">{{ slide.data.title }}</h2>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="10" height="10">{% endblock %}
"""


def test_images_need_alt_text(tmp_path):
    project = make_project(tmp_path / "project", {
        "templates/slides/picture.html": PICTURE_KIND, "templates/slides/bare.html": NO_ALT_KIND,
        "content/pic.png": "not really a png",
        "content/picture.yaml": "title: P\nslides:\n  - kind: picture\n    title: Hi\n    src: pic.png\n",
        "content/bare.yaml": "title: B\nslides:\n  - kind: cover\n    title: Fine\n  - kind: bare\n    title: Hi\n",
        "content/md.yaml": "title: M\nslides:\n  - kind: content\n    title: Hi\n    body: \"See ![](pic.png)\"\n",
    })
    # All found before any layout.
    picture = error_of(prepare, project / "content" / "picture.yaml").format()
    assert picture.startswith("content/picture.yaml:3: slide 1 (picture): alt: missing alt text for the image")
    bare = error_of(prepare, project / "content" / "bare.yaml").format()
    assert bare.startswith("content/bare.yaml: slide 2 (bare): an image has no alt attribute")
    markdown = error_of(prepare, project / "content" / "md.yaml").format()
    assert markdown.startswith("content/md.yaml:3: slide 1 (content): body: missing alt text for the image")


def test_slide_texts_read_images_as_their_alt_and_skip_the_frame():
    html = ('<body><div class="pg"><section class="slide" id="s0"><div class="frame-top">Ada · 1/2</div>'
            '<h1>Title</h1><p>A <img src="x.png" alt="🚀"> launch</p><img src="d.png" alt=""></section></div>'
            '<div class="pg"><section class="slide" id="s1"><p>Second</p></section></div></body>')
    first, second = slide_texts(html)
    assert first["text"] == "Title\nA 🚀 launch" and second["text"] == "Second"
    assert [image["alt"] for image in first["images"]] == ["🚀", ""]
    assert "Ada" in first["chars"], "the frame's characters are drawn, so they are checked for glyphs"
    assert json.loads(alt_json([first, second], ["png/01.png", "png/02.png"])) == [
        {"slide": 1, "png": "png/01.png", "alt": "Title\nA 🚀 launch"},
        {"slide": 2, "png": "png/02.png", "alt": "Second"}]


def test_alt_json_of_a_built_post(slight):
    _, out = slight
    alts = json.loads((out / "alt.json").read_text(encoding="utf-8"))
    assert [a["png"] for a in alts] == ["png/01.png", "png/02.png", "png/03.png"]
    assert "🔗" in alts[0]["alt"] and "Slow test suite" in alts[0]["alt"]
    assert "Test Author" not in alts[0]["alt"], "the frame (byline, counter) is not part of the alt text"
