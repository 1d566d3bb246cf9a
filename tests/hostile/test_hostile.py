"""Hostile input: every case fails with one clear line, leaves the previous outputs as they were, reads nothing
outside the project (a canary next to it never shows up) and makes no network request (a loopback server counts).

Post cases are files under cases/ (their first lines say the expected message and where); cases that need
other files (images, links, themes) are set up below.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import time
from pathlib import Path

import pytest

from helpers import make_project, png_bytes, run_cli
from hostile_kit import VICTIM, Recorder, build, copy_project, leaks, pieces, snapshot

CASES = Path(__file__).parent / "cases"


@pytest.fixture(scope="session")
def canary() -> bytes:
    return b"CANARY-" + secrets.token_hex(8).encode()


@pytest.fixture(scope="session")
def server():
    recorder = Recorder()
    yield recorder
    recorder.close()


@pytest.fixture(scope="session")
def victim(tmp_path_factory) -> Path:
    """A project whose post `victim` was built once: every case starts from a copy of it."""
    root = make_project(tmp_path_factory.mktemp("victim") / "project", files={"content/victim.yaml": VICTIM})
    (root / "content" / "assets").mkdir()
    (root / "content" / "assets" / "ok.png").write_bytes(png_bytes(40, 30))
    result = run_cli(root)
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture
def hostile(victim, tmp_path, canary):
    """A fresh copy of the victim project, with canary files next to it."""
    return copy_project(victim, tmp_path, canary)


def check_refused(root: Path, canary: bytes, server, expect: str, at: str, seconds: float = 20) -> str:
    """Build; assert the failure, its one-line message, unchanged outputs, no leak, no request. Return stderr."""
    before = snapshot(root)
    requests = len(server.requests)
    start = time.perf_counter()
    code, out, err = build(root)
    elapsed = time.perf_counter() - start
    lines = err.strip().splitlines()
    assert code == 1, (out, err)
    assert len(lines) == 1, err
    assert lines[0].startswith(f"✗ {at}"), lines[0]
    assert expect in lines[0], lines[0]
    assert "Traceback" not in err and "internal error" not in err
    assert snapshot(root) == before, "the previous outputs changed"
    assert not leaks(root, canary, out, err)
    assert len(server.requests) == requests, server.requests
    assert elapsed < seconds, f"{elapsed:.1f}s"
    return lines[0]


def _header(data: bytes) -> dict:
    return dict(re.findall(rb"^# (\w+): (.*)$", data, re.M)) and {
        k.decode(): v.decode() for k, v in re.findall(rb"^# (\w+): (.*)$", data, re.M)}


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir()))
def test_post_case(case, hostile, canary, server):
    data = (CASES / case).read_bytes()
    header = _header(data)
    (hostile / "content" / "victim.yaml").write_bytes(data)
    # The alias bomb must be answered at once, not after expanding 9^9 items.
    check_refused(hostile, canary, server, header["expect"], header["at"], seconds=1 if "bomb" in case else 20)


def test_zero_byte_post(hostile, canary, server):
    (hostile / "content" / "victim.yaml").write_bytes(b"")
    check_refused(hostile, canary, server, "the post is empty", "content/victim.yaml")


def test_ten_megabyte_post(hostile, canary, server):
    (hostile / "content" / "victim.yaml").write_bytes(b"title: T\nslides: []\n# " + b"x" * 10_000_000)
    check_refused(hostile, canary, server, "file is 10.0 MB; the limit is 0.256 MB", "content/victim.yaml",
                  seconds=2)


def test_ten_thousand_slides(hostile, canary, server):
    (hostile / "content" / "victim.yaml").write_text(
        "title: T\nslides:\n" + "- {kind: end}\n" * 10_000, encoding="utf-8")
    check_refused(hostile, canary, server, "10000 slides; a post holds at most 100", "content/victim.yaml:2",
                  seconds=10)


def test_a_field_of_200000_characters(hostile, canary, server):
    (hostile / "content" / "victim.yaml").write_text(
        "title: T\nslides:\n  - kind: cover\n    title: " + "x" * 200_000 + "\n", encoding="utf-8")
    check_refused(hostile, canary, server, "text of 200000 characters; at most 10000 per field",
                  "content/victim.yaml:4: slides[1].title")


def image_post(ref: str) -> str:
    return VICTIM.replace("assets/ok.png", ref)


IMAGE_CASES = {
    "parent-dirs": ("../../secret.png", "refused to read a file outside the project: '../../secret.png'"),
    "file-url": ("file:///etc/passwd", "refused to read a file outside the project: 'file:///etc/passwd'"),
    "absolute-path": ("/etc/passwd", "refused to read a file outside the project: '/etc/passwd'"),
    "dev-urandom": ("/dev/urandom", "refused to read a file outside the project: '/dev/urandom'"),
    "symlink-out": ("assets/link.png", "refused to read a file outside the project: 'assets/link.png'"),
    "http": ("{server}/x.png", "refused to fetch a http: URL (no network access during builds): '{server}/x.png'"),
    "eps-named-png": ("assets/fake.png", "'fake.png' is not an allowed image (PostScript/EPS)"),
    "png-bomb": ("assets/huge.png", "image 'huge.png' declares 20000×20000 px: too many pixels"),
    "missing": ("assets/nope.png", "file not found: 'assets/nope.png'"),
}


@pytest.mark.parametrize("case", IMAGE_CASES)
def test_image_case(case, hostile, canary, server):
    ref, expect = (text.format(server=server.url) for text in IMAGE_CASES[case])
    assets = hostile / "content" / "assets"
    os.symlink("../../../secret.png", assets / "link.png")
    (assets / "fake.png").write_bytes(b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nshowpage\n")
    (assets / "huge.png").write_bytes(png_bytes(20000, 20000, body=b"x" * 64))
    (hostile / "content" / "victim.yaml").write_text(image_post(ref), encoding="utf-8")
    check_refused(hostile, canary, server, expect, "content/victim.yaml:5: slide 2 (content): ")


def _override(root: Path, template: str, line: str) -> None:
    target = root / "themes" / "terminal" / "templates" / "slides" / "cover.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text('{% extends "!base/slides/cover.html" %}\n{% block title %}\n' + line + "\n{% endblock %}\n",
                      encoding="utf-8")


THEME_CASES = {
    "css-import-url": ("css", "@import url({server}/x.css);",
                       "content/victim.yaml:3: slide 1 (cover): renderer: @import rule"),
    "css-background-url": ("css", ".slide {{ background-image: url({server}/bg.png) }}",
                           "content/victim.yaml:3: slide 1 (cover): refused to fetch a http: URL (no network access "
                           "during builds): '{server}/bg.png' in the theme's CSS or templates"),
    "css-outside": ("css", ".slide {{ background-image: url(../../secret.png) }}",
                    "content/victim.yaml:3: slide 1 (cover): refused to read a file outside the project: "
                    "'../../secret.png' in the theme's CSS or templates"),
    "font-size-1e9px": ("css", ".slide h1 {{ font-size: 1e9px !important }}",
                        "content/victim.yaml:3: slide 1 (cover): CSS 'font-size: 1e9px !important' is about 1e+09 "
                        "px; at most 2000 px"),
    "sandbox-escape": ("template", "<h1>{{{{ ''.__class__.__mro__ }}}}</h1>",
                       "themes/terminal/templates/slides/cover.html:3: template error: refused by the sandbox: "
                       "access to attribute '__class__' of 'str' object is unsafe"),
    "undefined-variable": ("template", "<h1>{{{{ no_such_thing }}}}</h1>",
                           "themes/terminal/templates/slides/cover.html:3: template error: 'no_such_thing' is "
                           "undefined"),
    "attachment-outside": ("template", '<link rel="attachment" href="../../secret"><h1>x</h1>',
                           "content/victim.yaml:3: slide 1 (cover): refused to read a file outside the project: "
                           "'../../secret'"),
    "include-outside": ("template", '{{% include "../../../secret" %}}',
                        "themes/terminal/templates/slides/cover.html:3: template error: template '../../../secret' "
                        "not found"),
}


@pytest.mark.parametrize("case", THEME_CASES)
def test_theme_case(case, hostile, canary, server):
    where, text, expect = (part.format(server=server.url) for part in THEME_CASES[case])
    if where == "css":
        css = hostile / "themes" / "terminal" / "theme.css"
        css.write_text(text + "\n" + css.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")
    else:
        _override(hostile, "cover.html", text)
    check_refused(hostile, canary, server, "", expect)


def test_a_theme_cannot_change_the_page_size(hostile, canary, server):
    """`@page { size: 20000px }` in a theme: the document's own page size wins, so nothing huge is rasterized."""
    import pypdfium2 as pdfium

    css = hostile / "themes" / "terminal" / "theme.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n@page { size: 20000px }\n", encoding="utf-8")
    code, out, err = build(hostile)
    assert code == 0, err
    pdf = pdfium.PdfDocument(str(hostile / "output" / "victim" / "victim.pdf"))
    assert [tuple(round(x, 1) for x in page.get_size()) for page in pdf] == [(810.0, 1012.5)] * 2
    pdf.close()
    assert not leaks(hostile, canary, out, err) and not server.requests


def test_a_huge_page_is_refused_before_rasterizing(tmp_path):
    from carrousel.layout import sandbox as pdf
    from carrousel.errors import CarrouselError

    html = "<style>@page { size: 20000px 30000px }</style><p>x</p>"
    with pytest.raises(CarrouselError, match="page 1 is 20000×30000 px; at most 4000 px a side"):
        pdf.lay_out(html, tmp_path, [tmp_path], where="content/p.yaml")


def test_template_symlinked_out_of_the_project(hostile, canary, server, tmp_path):
    (tmp_path / "evil.html").write_text("{{ 1 }}" + canary.decode(), encoding="utf-8")
    folder = hostile / "themes" / "terminal" / "templates" / "slides"
    folder.mkdir(parents=True)
    os.symlink(tmp_path / "evil.html", folder / "cover.html")
    check_refused(hostile, canary, server, "template 'slides/cover.html' leads outside the project",
                  "template 'slides/cover.html'")


@pytest.mark.parametrize("name", ["theme.css", "theme.yaml"])
def test_theme_file_symlinked_out_of_the_project(name, hostile, canary, server, tmp_path):
    target = hostile / "themes" / "terminal" / name
    target.unlink()
    os.symlink(tmp_path / "secret", target)
    check_refused(hostile, canary, server, "the file links to a file outside the project",
                  f"themes/terminal/{name}")


def test_theme_name_leading_out_of_the_project(hostile, canary, server, tmp_path):
    (tmp_path / "theme.yaml").write_text(f"description: {canary.decode()}\n", encoding="utf-8")
    post = (hostile / "content" / "victim.yaml").read_text(encoding="utf-8")
    (hostile / "content" / "victim.yaml").write_text(post.replace("title: Victim", "title: Victim\ntheme: ../.."),
                                                     encoding="utf-8")
    check_refused(hostile, canary, server, "unknown theme '../..'", "content/victim.yaml: theme: ")


def test_post_symlinked_out_of_the_project(hostile, canary, server, tmp_path):
    (tmp_path / "outside.yaml").write_text(f"title: {canary.decode()}\nslides: [{{kind: cover, title: x}}]\n")
    (hostile / "content" / "victim.yaml").unlink()
    os.symlink(tmp_path / "outside.yaml", hostile / "content" / "victim.yaml")
    check_refused(hostile, canary, server, "the post file links to a file outside the project",
                  "content/victim.yaml")


def test_render_time_limit(hostile, canary, server, monkeypatch):
    (hostile / "content" / "victim.yaml").write_text(VICTIM.replace("Second", "Changed"), encoding="utf-8")
    monkeypatch.setenv("CARROUSEL_RENDER_TIMEOUT", "0.05")
    check_refused(hostile, canary, server, "rendering took longer than 0.05 s and was stopped", "content/victim.yaml")


def test_two_posts_with_one_slug(project):
    for name in ("a", "b"):
        (project / "content" / f"{name}.yaml").write_text(f"slug: same\ntitle: {name}\nslides: [{{kind: cover, "
                                                          f"title: {name}}}]\n", encoding="utf-8")
    code, out, err = build(project)
    assert code == 1 and "✓ same: 1 slides" in out
    # Posts may build in parallel: whichever comes second is refused, naming the first.
    first, second = ("a", "b") if err.startswith("✗ content/b.yaml") else ("b", "a")
    assert err.strip() == (f"✗ content/{second}.yaml: slug: slug 'same' is already used by content/{first}.yaml "
                           "(give one of them another 'slug:' or file name, or delete output/same/)")
    summary = json.loads((project / "output" / "same" / "post.json").read_text(encoding="utf-8"))
    assert summary["source"] == f"content/{first}.yaml"


SANITISED = """title: Hostile <img src=x onerror="alert(1)"> title
slides:
  - kind: cover
    title: <img src=x alt="x" onerror="alert(1)">Hi
  - kind: content
    title: Links
    body: |
      <script>document.write('owned')</script>
      <link rel="attachment" href="../../secret">
      [click](javascript:alert(1)) [file](file:///etc/passwd) [web](https://example.com)
      <a href="javascript:alert(2)" onclick="x()">raw</a> <img src="x" alt="x" onerror="alert(3)">
"""
# What must never be live in a carousel: script, event handlers, javascript:/file: links, embedded files.
def live_html(page: str) -> list:
    """Script bodies, on* handlers and javascript:/file: URLs that a browser would act on in page."""
    from html.parser import HTMLParser

    found = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            for name, value in attrs:
                if name.startswith("on") or re.match(r"\s*(javascript|file):", value or "", re.I):
                    found.append((tag, name, value))
            self.in_script = tag == "script"

        def handle_data(self, data):
            if getattr(self, "in_script", False) and re.search(r"alert|document\.write", data):
                found.append(("script", data))

    Parser().feed(page)
    return found


_LIVE_PDF = re.compile(rb"/JavaScript|/JS\b|/EmbeddedFile|/URI\s*\((?:javascript|file):|/Launch")


@pytest.mark.parametrize("allow_html", [False, True])
def test_scripts_handlers_and_bad_links_never_reach_the_output(allow_html, hostile, canary, server):
    (hostile / "content" / "victim.yaml").write_text(SANITISED, encoding="utf-8")
    (hostile / "content" / "x").write_bytes(png_bytes(4, 4))
    if allow_html:
        (hostile / "carrousel.yaml").write_text("allow_html: true\n", encoding="utf-8")
    code, out, err = build(hostile)
    assert code == 0, err
    pdf = (hostile / "output" / "victim" / "victim.pdf").read_bytes()
    assert not any(_LIVE_PDF.search(piece) for piece in pieces(pdf))
    assert b"/URI (https://example.com)" in b"".join(pieces(pdf))  # ordinary links stay
    for page in (hostile / "output").rglob("*.html"):
        assert not live_html(page.read_text(encoding="utf-8")), page
    assert not leaks(hostile, canary, out, err) and not server.requests


def test_raw_html_is_text_by_default_and_sanitised_markup_when_allowed(hostile):
    import pypdfium2 as pdfium

    post = "title: T\nslides:\n  - kind: content\n    body: 'a <b>bold</b> word'\n"
    (hostile / "content" / "victim.yaml").write_text(post, encoding="utf-8")
    texts = []
    for allowed in (False, True):
        (hostile / "carrousel.yaml").write_text(f"allow_html: {str(allowed).lower()}\n", encoding="utf-8")
        code, _, err = build(hostile)
        assert code == 0, err
        pdf = pdfium.PdfDocument(str(hostile / "output" / "victim" / "victim.pdf"))
        texts.append(pdf[0].get_textpage().get_text_range())
        pdf.close()
    assert "a <b>bold</b> word" in texts[0]
    assert "a bold word" in texts[1] and "<b>" not in texts[1]


def test_the_canary_detector_finds_an_embedded_file(tmp_path, canary):
    """Control: with WeasyPrint's default fetcher the attachment leaks, and leaks() sees it."""
    import weasyprint

    root = tmp_path / "project"
    (root / "output").mkdir(parents=True)
    (tmp_path / "secret").write_bytes(canary)
    html = '<link rel="attachment" href="../secret"><p>hi</p>'
    pdf = weasyprint.HTML(string=html, base_url=(root / "x.html").as_uri()).write_pdf()
    (root / "output" / "leak.pdf").write_bytes(pdf)
    assert leaks(root, canary) == ["output/leak.pdf"]


def test_the_recorder_counts_requests(server):
    """Control: the loopback server does record a request made to it."""
    import urllib.request

    before = len(server.requests)
    urllib.request.urlopen(server.url + "/probe", timeout=5).read()
    assert server.requests[before:] == ["/probe"]
    server.requests.pop()
