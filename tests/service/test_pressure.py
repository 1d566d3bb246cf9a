"""`carrousel api` under pressure and behind a token: 504 at the time limit, 429 past the queue, no 5xx under an
overload, healthy afterwards; 401 without the token; no listening beyond loopback without one."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from api_kit import REPO, TOKEN, small_post
from api_kit import tight as start_tight

# 40 code slides: ~13 s of rendering here, far more than the 5 s the tight service allows even on a quiet machine
# (90 short content slides came within it once slides were laid out together).
SLOW = "title: Slow\nslides:\n" + "".join(
    f"  - kind: code\n    title: Step {n}\n    language: python\n    code: |\n"
    + "".join(f"      def handler_{n}_{k}(event, context):  # {k}\n" for k in range(8)) for n in range(40))


@pytest.fixture(scope="module")
def tight(tmp_path_factory):
    service = start_tight(tmp_path_factory)
    yield service
    service.stop()


def test_the_token_is_required_except_by_probes(tight):
    post = {"post": ("p.yaml", small_post().encode())}
    response = httpx.post(f"{tight.url}/v1/render", files=post)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["code"] == "unauthorized"
    wrong = httpx.post(f"{tight.url}/v1/render", files=post, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.json()["message"] == "the bearer token is wrong"
    for path in ("/healthz", "/readyz", "/metrics"):
        assert httpx.get(tight.url + path).status_code == 200, path
    assert tight.render(small_post(), "ok.yaml").status_code == 200


def test_a_render_past_the_time_limit_answers_504_naming_where_it_stood(tight):
    start = time.monotonic()
    response = tight.render(SLOW, "slow.yaml")
    assert response.status_code == 504
    assert time.monotonic() - start < 20
    body = response.json()
    assert body["code"] == "render_timeout"
    [error] = body["errors"]
    assert error["message"].startswith("rendering took longer than 5 s and was stopped while")
    assert error["file"] == "content/slow.yaml"
    assert tight.render(small_post(), "after.yaml").status_code == 200


def test_past_the_queue_429_comes_at_once_with_retry_after(tight):
    answers = []
    first = threading.Thread(target=lambda: answers.append(tight.render(SLOW, "a.yaml")))
    first.start()
    tight.wait_until(lambda: tight.metric("carrousel_renders_in_progress") == 1, 30, "the first render")
    second = threading.Thread(target=lambda: answers.append(tight.render(SLOW, "b.yaml")))
    second.start()
    tight.wait_until(lambda: tight.metric("carrousel_queue_depth") == 1, 30, "the second request to wait")
    start = time.monotonic()
    refused = tight.render(small_post(), "c.yaml")
    elapsed = time.monotonic() - start
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) >= 1
    assert refused.json()["code"] == "busy"
    assert elapsed < 1.0, elapsed
    first.join(30)
    second.join(30)
    assert sorted(a.status_code for a in answers) == [504, 504]


def test_an_overload_gets_429s_never_a_5xx_and_leaves_it_healthy(tight):
    def client(n: int) -> list[int]:
        with httpx.Client(base_url=tight.url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60) as http:
            return [http.post("/v1/render", files={"post": (f"p{n}.yaml", small_post(f"Post {n}").encode())})
                    .status_code for _ in range(2)]

    refused = _count_429(tight)
    with ThreadPoolExecutor(12) as clients:
        statuses = [status for result in clients.map(client, range(12)) for status in result]
    assert set(statuses) <= {200, 429}, statuses
    assert statuses.count(200) >= 2 and statuses.count(429) >= 1, statuses
    assert httpx.get(f"{tight.url}/readyz").status_code == 200
    assert tight.render(small_post(), "after.yaml").status_code == 200
    assert _count_429(tight) == refused + statuses.count(429)  # each counted in /metrics


def _count_429(service) -> float:
    text = service.client.get("/metrics").text
    found = re.search(r'^carrousel_requests_total\{route="/v1/render",status="429"\} (\S+)$', text, re.M)
    return float(found.group(1)) if found else 0.0


def test_listening_beyond_loopback_needs_a_token_or_insecure_bind():
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "api", "--host", "0.0.0.0", "--port", "0"],
                            capture_output=True, text=True, timeout=60, env={"PATH": "/usr/bin:/bin"})
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("✗ refusing to listen on 0.0.0.0 without a token")
    assert "CARROUSEL_API_TOKEN" in line and "--insecure-bind" in line
