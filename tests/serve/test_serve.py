"""`build.py serve`: serves output/ only, rebuilds an edited post, reports a broken one and keeps its last good
outputs, and tells open tabs over server-sent events."""

from __future__ import annotations

from helpers import build, make_project
from samples import POST
from serving import Serve


def test_binds_to_loopback_and_serves_the_preview_with_the_live_script(served):
    assert served.host == "127.0.0.1"
    status, body = served.get("/demo/")
    assert status == 200
    assert b'<script src="/_carrousel/live.js"></script></body>' in body
    assert served.get("/_carrousel/live.js")[0] == 200
    status, png = served.get("/demo/png/01.png")
    assert status == 200 and png.startswith(b"\x89PNG")


def test_never_serves_files_outside_output(served):
    (served.root / "secret.txt").write_text("secret", encoding="utf-8")
    (served.root / "output" / "link.txt").symlink_to(served.root / "secret.txt")
    for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/link.txt", "/../content/demo.yaml"):
        status, body = served.get(path)
        assert status == 404 and b"secret" not in body, path


def test_an_edited_slide_is_shown_before_the_rest_of_the_build_with_a_full_builds_bytes(served, tmp_path):
    events = served.events()
    assert next(events)["type"] == "state"
    png = served.root / "output/demo/png/02.png"
    before = png.read_bytes()
    edited = POST.replace("Only what changed", "Edited while serving")
    (served.root / "content/demo.yaml").write_text(edited, encoding="utf-8")
    event = next(events)
    # First the edited slide alone (rendered from a one-page PDF), served from memory: output/ is not touched
    # before the post's whole new set is written...
    assert event["type"] == "slides" and event["slug"] == "demo" and event["slides"] == [2]
    status, early = served.get(f"/demo/png/02.png?v={event['stamp']}")[:2]
    assert status == 200 and early != before
    # ...then the rest of the build: the whole set written at once, the edited slide's PNG the one shown early.
    event = next(events)
    assert event["type"] == "built" and event["errors"] == []
    assert event["stamp"] > 0
    assert png.read_bytes() == early
    assert (served.root / "output/demo/png/01.png").stat().st_size > 0
    # The PNG shown early is the one a full build of the edited post gives, byte for byte.
    fresh = make_project(tmp_path / "fresh", {"content/demo.yaml": edited})
    assert build(fresh / "content" / "demo.yaml").files["png/02.png"] == early


def test_broken_post_reports_where_and_keeps_last_good_outputs_until_fixed(served):
    events = served.events()
    next(events)
    pdf = (served.root / "output/demo/demo.pdf").read_bytes()
    post = served.root / "content/demo.yaml"
    post.write_text(POST.replace("kind: end", "kind: nope"), encoding="utf-8")
    event = next(events)
    assert event["type"] == "error" and event["slug"] == "demo"
    [error] = event["errors"]
    assert error["file"] == "content/demo.yaml" and error["slide"] == 3 and error["line"] == POST.splitlines().index("  - kind: end") + 1
    assert "nope" in error["message"]
    assert (served.root / "output/demo/demo.pdf").read_bytes() == pdf
    # A tab opened now learns about the error at once.
    late = served.events()
    assert next(late)["errors"][0]["slide"] == 3
    # Back to the post as first built: its slide 2 comes from the cache, and the tab still swaps it.
    post.write_text(POST, encoding="utf-8")
    event = next(events)
    assert event["type"] == "built" and event["errors"] == [] and event["slides"] == [2]


def test_a_carrousel_yaml_created_while_serving_is_taken_in(tmp_path):
    server = Serve(make_project(tmp_path / "project", {"content/demo.yaml": POST}))
    try:
        events = server.events()
        assert next(events)["type"] == "state"
        (server.root / "carrousel.yaml").write_text("format: square\n", encoding="utf-8")
        event = next(events)  # every slide changed size: swapped in the open tab, or the page reloaded
        assert event["slug"] == "demo" and event["type"] in ("built", "reload") and event["errors"] == []
        from PIL import Image

        with Image.open(server.root / "output/demo/png/01.png") as png:
            assert png.size == (1080, 1080)
    finally:
        server.stop()
