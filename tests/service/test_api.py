"""`carrousel api` end to end on loopback: what a client gets back, decoded (zip, PDF, PNG pixels, JSON errors)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import signal
import struct
import threading
import zipfile
import zlib
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image

from api_kit import REPO, roomy, small_post
from carrousel import cli
from helpers import REFERENCE, make_project

CASES = REPO / "tests" / "hostile" / "cases"

IMAGE_POST = """title: Picture
slides:
  - kind: image
    title: A picture sent beside the post
    src: assets/pic.png
    alt: A red square
"""


def png(color, size=(400, 300)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    """The roomy service and its temp folder."""
    api, scratch = roomy(tmp_path_factory)
    yield api, scratch
    api.stop()


@pytest.fixture(scope="module")
def api(service):
    return service[0]


@pytest.fixture(scope="module")
def scratch(service):
    return service[1]


def flat_png(width: int, height: int) -> bytes:
    """A PNG of one colour, written row by row (Pillow takes twice as long to encode a huge one)."""
    row, deflate = b"\0" + bytes((200, 30, 30)) * width, zlib.compressobj(6)
    data = b"".join([*(deflate.compress(row) for _ in range(height)), deflate.flush()])

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", data) + chunk(b"IEND", b""))


def magenta(data: bytes) -> int:
    image = Image.open(io.BytesIO(data)).convert("RGB")
    return sum(1 for r, g, b in image.get_flattened_data() if r > 200 and g < 80 and b > 200)


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_reference_post_answers_the_cli_outputs_as_a_zip(api, reference):
    response = api.render((REPO / "content" / f"{REFERENCE}.yaml").read_bytes(), f"{REFERENCE}.yaml")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    assert response.headers["x-carrousel-slides"] == "9"
    files = unzip(response.content)
    assert {f"{REFERENCE}/{REFERENCE}.pdf", f"{REFERENCE}/index.html", f"{REFERENCE}/alt.json",
            f"{REFERENCE}/caption.txt", f"{REFERENCE}/contact-sheet.png"} <= set(files)
    pngs = sorted(name for name in files if "/png/" in name)
    assert len(pngs) == 9
    # The same bytes as `carrousel build` writes: every slide, the alt text, the caption.
    for name in pngs:
        assert files[name] == (reference / "png" / Path(name).name).read_bytes(), name
    assert files[f"{REFERENCE}/alt.json"] == (reference / "alt.json").read_bytes()
    pdf = pdfium.PdfDocument(files[f"{REFERENCE}/{REFERENCE}.pdf"])
    assert len(pdf) == 9
    assert "CTO" in pdf[0].get_textpage().get_text_range()
    assert Image.open(io.BytesIO(files[pngs[0]])).size == (1080, 1350)


def test_accept_pdf_answers_the_pdf_alone(api):
    response = api.render((REPO / "content" / "postgres-indexing.md").read_bytes(), "postgres-indexing.md",
                          headers={"Accept": "application/pdf"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    pdf = pdfium.PdfDocument(response.content)
    assert len(pdf) == int(response.headers["x-carrousel-slides"]) > 1
    assert "Postgres" in pdf[0].get_textpage().get_text_range()


def test_the_pdf_alone_makes_no_png(api):
    post = small_post("Only the PDF", slides=3)
    before = api.metric("carrousel_pngs_total")
    response = api.render(post, "only.yaml", headers={"Accept": "application/pdf"})
    assert response.status_code == 200, response.text
    assert response.headers["x-carrousel-pngs"] == "0"  # nothing rasterized nor encoded
    assert len(pdfium.PdfDocument(response.content)) == 3
    assert api.metric("carrousel_pngs_total") == before
    # A post whose exports are the PDF alone answers a zip without PNGs, preview or contact sheet.
    response = api.render(post.replace("slides:", "export: [pdf]\nslides:"), "only.yaml")
    assert response.status_code == 200, response.text
    assert response.headers["x-carrousel-pngs"] == "0"
    files = unzip(response.content)
    assert "only/only.pdf" in files and not [name for name in files if name.endswith(".png")]
    assert json.loads(files["only/post.json"])["slides"] == 3
    assert api.metric("carrousel_pngs_total") == before
    # The zip of every output rasterizes each slide once.
    response = api.render(post, "only.yaml")
    assert response.headers["x-carrousel-pngs"] == "3"
    assert len([name for name in unzip(response.content) if "/png/" in name]) == 3
    assert api.metric("carrousel_pngs_total") == before + 3


def test_a_post_with_an_error_answers_422_with_the_cli_fields(api):
    response = api.render("title: T\nslides:\n  - kind: cover\n    titel: Hello\n", "broken.yaml")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_post"
    [error] = body["errors"]
    assert (error["file"], error["line"], error["slide"], error["kind"]) == ("content/broken.yaml", 4, 1, "cover")
    assert error["message"] == "unknown field 'titel'"
    assert "did you mean 'title'?" in error["hint"]
    assert error["text"].startswith("content/broken.yaml:4: slide 1 (cover): unknown field 'titel'")


def test_assets_sent_as_files_or_as_one_zip_are_drawn(api):
    for assets in ([("assets/pic.png", png((220, 20, 20)))], [("pics.zip", zipped({"assets/pic.png":
                                                                                     png((220, 20, 20))}))]):
        response = api.render(IMAGE_POST, "picture.yaml", assets=assets)
        assert response.status_code == 200, response.text
        slide = Image.open(io.BytesIO(unzip(response.content)["picture/png/01.png"])).convert("RGB")
        reds = sum(1 for r, g, b in slide.get_flattened_data() if r > 200 and g < 60 and b < 60)
        assert reds > 50_000, reds  # the 400×300 red picture, fitted to the slide


def test_a_missing_asset_is_the_post_error_the_cli_gives(api):
    response = api.render(IMAGE_POST, "picture.yaml")
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["file"] == "content/picture.yaml" and error["slide"] == 1
    assert "assets/pic.png" in error["text"]


def test_asset_names_outside_the_post_folder_are_refused(api):
    for name in ("../secret.png", "/etc/passwd", "a/../../b.png", "assets\\x.png"):
        response = api.render(IMAGE_POST, "picture.yaml", assets=[(name, png("red"))])
        assert response.status_code == 400, name
        assert response.json()["code"] == "bad_name"
    response = api.render(IMAGE_POST, "picture.yaml", assets=[("x.zip", zipped({"../../evil.png": b"x"}))])
    assert response.status_code == 400 and response.json()["code"] == "bad_name"


def test_limits_answer_413_with_what_was_passed(api):
    big = os.urandom(3_200_000)  # over --max-request 3 (MB)
    response = api.render(small_post(), assets=[("assets/big.bin", big)])
    assert (response.status_code, response.json()["code"]) == (413, "request_too_large")
    many = [(f"assets/{n}.png", png("blue", (4, 4))) for n in range(4)]  # over --max-assets 3
    response = api.render(small_post(), assets=many)
    assert (response.status_code, response.json()["code"]) == (413, "too_many_assets")
    # 1.5 MB of zeros compress to a few kB: the zip is small, the file in it is over --max-asset 1 (MB).
    response = api.render(small_post(), assets=[("a.zip", zipped({"assets/zeros.png": bytes(1_500_000)}))])
    body = response.json()
    assert (response.status_code, body["code"], body["errors"][0]["field"]) == (413, "asset_too_large", "assets")
    response = api.render(small_post(slides=31), "long.yaml")  # over --max-slides 30
    body = response.json()
    assert (response.status_code, body["code"]) == (413, "too_many_slides")
    assert body["errors"][0]["line"] == small_post(slides=31).splitlines().index("    title: Slide 31")  # its kind


def test_a_render_past_the_memory_limit_answers_413_and_the_next_one_renders(api):
    # 88 M pixels (under Pillow's bomb limit) pack into 0.3 MB of PNG; decoded and embedded they need more than
    # the 600 MiB of address space the service lets a render add (about 900 MiB).
    response = api.render(IMAGE_POST, "huge.yaml", assets=[("assets/pic.png", flat_png(9400, 9400))])
    body = response.json()
    assert (response.status_code, body["code"]) == (413, "render_memory"), response.text
    assert body["errors"][0]["file"] == "content/huge.yaml"
    assert "ran out of memory" in body["message"] and "600 MiB" in body["message"]
    assert api.render(small_post(), "after.yaml").status_code == 200


def test_options_from_the_query_or_the_form(api):
    response = api.render(small_post(), "sq.yaml", params={"format": "square"}, data={"scale": "0.5"})
    assert response.status_code == 200, response.text
    files = unzip(response.content)
    assert Image.open(io.BytesIO(files["sq/square/png/01.png"])).size == (540, 540)
    # A format by its ratio, a mode, and the exports: the PDF alone (no PNG made), beside the post's own outputs.
    response = api.render(small_post(), "sq.yaml", params={"format": "3:4", "mode": "light", "exports": "pdf"})
    assert response.status_code == 200, response.text
    names = set(unzip(response.content))
    assert "sq/light-tall/sq.pdf" in names and not any(name.endswith(".png") for name in names), names
    assert response.headers["X-Carrousel-PNGs"] == "0"
    for option, value in (("mode", "sepia"), ("exports", "pdf,docx")):
        response = api.render(small_post(), params={option: value})
        assert (response.status_code, response.json()["errors"][0]["field"]) == (400, option), response.text
    response = api.render(small_post(), params={"formt": "square"})
    body = response.json()
    assert (response.status_code, body["code"]) == (400, "unknown_option")
    assert "did you mean 'format'?" in body["hint"]
    response = api.render(small_post(), data={"format": "poster"})
    assert response.status_code == 400 and "expected one of" in response.json()["hint"]


def test_the_offered_project_theme_is_used_and_listed(api):
    names = [theme["name"] for theme in api.client.get("/v1/themes").json()["themes"]]
    assert {"brand", "terminal", "paper"} <= set(names)
    plain = unzip(api.render(small_post(), "t.yaml").content)["t/png/01.png"]
    response = api.render(small_post(), "t.yaml", params={"theme": "brand"})
    assert response.status_code == 200, response.text
    files = unzip(response.content)
    assert json.loads(files["t/brand/post.json"])["theme"] == "brand"
    assert magenta(files["t/brand/png/01.png"]) > 2000  # the title, in the brand theme's text colour
    assert magenta(plain) == 0


def test_nothing_of_a_request_is_left_in_the_temp_folder(api, scratch):
    api.render(IMAGE_POST, "picture.yaml", assets=[("assets/pic.png", png("red"))])
    api.render("title: [", "broken.yaml")
    [service] = [p for p in scratch.iterdir() if p.name.startswith("carrousel-api-")]
    assert not [p for p in service.rglob("*") if "request-" in str(p)]


def test_a_killed_worker_answers_500_and_is_replaced(api):
    restarts = api.metric("carrousel_worker_restarts_total")
    answer = {}
    thread = threading.Thread(target=lambda: answer.update(r=api.render(small_post(slides=30), "slow.yaml")))
    thread.start()
    api.wait_until(lambda: api.metric("carrousel_renders_in_progress") == 1, 30, "the render to start")
    for pid in api.workers():
        os.kill(pid, signal.SIGKILL)
    thread.join(60)
    response = answer["r"]
    assert response.status_code == 500
    body = response.json()
    assert body["code"] == "worker_died"
    assert "SIGKILL" in body["message"] and body["errors"][0]["file"] == "content/slow.yaml"
    assert api.render(small_post(), "after.yaml").status_code == 200
    assert api.metric("carrousel_worker_restarts_total") >= restarts + 1
    assert api.client.get("/readyz").status_code == 200


@pytest.fixture(scope="module")
def victim(tmp_path_factory):
    """A project for the CLI's side of the hostile cases."""
    return make_project(tmp_path_factory.mktemp("victim") / "project")


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir()))
def test_hostile_cases_get_the_cli_refusal(case, api, victim):
    data = (CASES / case).read_bytes()
    expect = re.search(rb"^# expect: (.*)$", data, re.M).group(1).decode()
    at = re.search(rb"^# at: (.*)$", data, re.M).group(1).decode()
    (victim / "content" / "victim.yaml").write_bytes(data)
    err = io.StringIO()
    with contextlib.chdir(victim), contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        assert cli.main(["build", "--project", str(victim), "content/victim.yaml"]) == 1
    [line] = err.getvalue().strip().splitlines()
    assert expect in line and line.startswith(f"✗ {at}")
    response = api.render(data, "victim.yaml")
    assert response.status_code == 422, response.text
    [error] = response.json()["errors"]
    assert error["text"].startswith(at)
    # The same line; only a count may differ (how deep Markdown nests before its bound depends on the stack).
    assert re.sub(r"\d+", "#", f"✗ {error['text']}") == re.sub(r"\d+", "#", line)
    assert "Traceback" not in response.text


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()
