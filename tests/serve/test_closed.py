"""`serve` is closed to other sites (Host allow-list, Origin on the event stream), serves no dotfile or folder listing,
answers malformed requests with a 400 and no traceback, times out silent connections, and shows an edited slide
before its post is written without writing into the published set."""

from __future__ import annotations

import http.client
import os
import socket
import struct
import subprocess
import sys
import time

import pytest

from helpers import REPO, make_project, run_cli
from samples import POST
from serving import Serve


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`serve` on a project with the demo post, with a short connection timeout."""
    root = make_project(tmp_path_factory.mktemp("closed") / "project", {"content/demo.yaml": POST})
    os.environ["CARROUSEL_SERVE_TIMEOUT"] = "2"
    try:
        server = Serve(root)
    finally:
        del os.environ["CARROUSEL_SERVE_TIMEOUT"]
    yield server
    server.stop()


def request(server, path: str, **headers) -> tuple[int, bytes]:
    """GET path with these headers (Host: the server's own address unless given)."""
    conn = http.client.HTTPConnection(server.host, server.port, timeout=10)
    conn.putrequest("GET", path, skip_host="Host" in headers, skip_accept_encoding=True)
    for name, value in headers.items():
        conn.putheader(name.replace("_", "-"), value)
    conn.endheaders()
    response = conn.getresponse()
    body = b"" if response.getheader("Content-Type") == "text/event-stream" else response.read()
    conn.close()
    return response.status, body


def test_only_this_machines_names_are_answered(served):
    for host in ("localhost", "127.0.0.1", "[::1]"):
        assert request(served, "/demo/", Host=f"{host}:{served.port}")[0] == 200, host
    for host in ("evil.example", "evil.example:80", "127.0.0.1.evil.example", "localhost.evil.example", ""):
        status, body = request(served, "/demo/", Host=host)
        assert status == 403 and b"Victim" not in body and b"demo" not in body, host
    for path in ("/demo/demo.pdf", "/_carrousel/events", "/index.html", "/demo/png/01.png"):
        assert request(served, path, Host=f"rebound.example:{served.port}")[0] == 403, path


def test_the_event_stream_refuses_another_sites_page(served):
    assert request(served, "/_carrousel/events")[0] == 200
    assert request(served, "/_carrousel/events", Origin=f"http://127.0.0.1:{served.port}")[0] == 200
    for origin in ("http://evil.example", f"http://evil.example:{served.port}", "null", "http://127.0.0.1:1"):
        assert request(served, "/_carrousel/events", Origin=origin)[0] == 403, origin
    assert request(served, "/_carrousel/events", Sec_Fetch_Site="cross-site")[0] == 403


def test_no_dotfile_no_listing_no_traceback(served):
    (served.root / "output" / "demo" / "notes").mkdir(exist_ok=True)
    for path in ("/demo/.carrousel-manifest.json", "/.carrousel.lock", "/demo/%2ecarrousel-manifest.json",
                 "/demo/png/", "/demo/notes/", "/" + "a" * 300, "/demo/" + "b" * 5000 + ".png"):
        status, body = request(served, path)
        assert status == 404 and b"01.png" not in body, path
    for path in ("/%00", "/demo/%00.png", "/%ff%fe", "/demo/png/01.png%0a"):
        assert request(served, path)[0] == 400, path
    status, _ = request(served, "/demo")
    assert status == 301
    assert request(served, "/demo/png/01.png")[0] == 200
    assert "Traceback" not in "".join(served.log)


def test_slow_and_vanishing_clients_cost_nothing_and_print_nothing(served):
    silent = socket.create_connection((served.host, served.port))
    silent.settimeout(10)
    start = time.monotonic()
    assert silent.recv(100) == b""  # closed by the server after its timeout (2 s here), not left open
    assert time.monotonic() - start < 8
    for _ in range(20):  # clients that reset the connection in the middle of a large answer
        client = socket.create_connection((served.host, served.port))
        client.sendall(f"GET /demo/contact-sheet.png HTTP/1.1\r\nHost: 127.0.0.1:{served.port}\r\n\r\n".encode())
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        client.close()
    assert request(served, "/demo/")[0] == 200
    served.proc.terminate()
    out, _ = served.proc.communicate(timeout=20)
    assert "Traceback" not in out and "Error" not in out, out


def test_an_edited_slide_is_shown_from_memory_and_written_with_its_whole_post(tmp_path):
    server = Serve(make_project(tmp_path / "project", {"content/demo.yaml": POST}))
    try:
        events = server.events()
        assert next(events)["type"] == "state"
        png = server.root / "output/demo/png/02.png"
        pdf = server.root / "output/demo/demo.pdf"
        before, before_pdf = png.read_bytes(), pdf.read_bytes()
        edited = POST.replace("Only what changed", "Edited while serving")
        (server.root / "content/demo.yaml").write_text(edited, encoding="utf-8")
        event = next(events)
        assert event["type"] == "slides" and event["slides"] == [2]
        # The tab's new image URL gives the new slide; the published set is untouched until the deck is ready.
        status, early = server.get(f"/demo/png/02.png?v={event['stamp']}")
        assert status == 200 and early.startswith(b"\x89PNG") and early != before
        assert png.read_bytes() == before and pdf.read_bytes() == before_pdf
        event = next(events)
        assert event["type"] == "built" and event["slides"] == [] and event["errors"] == []
        assert png.read_bytes() == early and pdf.read_bytes() != before_pdf
        # The PNG shown early is the one a full build of the edited post gives, byte for byte.
        fresh = make_project(tmp_path / "fresh", {"content/demo.yaml": edited})
        assert run_cli(fresh, "--force", "--jobs", "1").returncode == 0
        assert (fresh / "output/demo/png/02.png").read_bytes() == early
    finally:
        server.stop()


def test_a_slide_shown_early_goes_back_when_its_build_fails(tmp_path):
    server = Serve(make_project(tmp_path / "project", {"content/demo.yaml": POST}))
    try:
        events = server.events()
        next(events)
        before = (server.root / "output/demo/png/02.png").read_bytes()
        # Slide 2 is laid out early, then the deck fails: a slide that does not fit is an error.
        long = " ".join(["A sentence that takes room on the slide."] * 120)
        (server.root / "content/demo.yaml").write_text(POST.replace("Only what changed", long), encoding="utf-8")
        event = next(events)
        assert event["type"] == "slides" and event["slides"] == [2]
        event = next(events)
        assert event["type"] == "error" and event["slides"] == [2] and "does not fit" in event["errors"][0]["message"]
        # The tab reloads slide 2 with the new stamp: the last good PNG, from disk.
        status, body = server.get(f"/demo/png/02.png?v={event['stamp']}")
        assert status == 200 and body == before
    finally:
        server.stop()


def test_serve_notices_outputs_written_by_another_build(tmp_path):
    server = Serve(make_project(tmp_path / "project", {"content/demo.yaml": POST}))
    try:
        events = server.events()
        next(events)
        result = subprocess.run([sys.executable, str(REPO / "build.py"), "--zip", "--jobs", "1"], cwd=server.root,
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        event = next(events)
        assert event["type"] == "reload" and event["slug"] == "demo"
    finally:
        server.stop()
    assert any("demo: outputs written by another build" in line for line in server.log + [server.proc.stdout.read()])
