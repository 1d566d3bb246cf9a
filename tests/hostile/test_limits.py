"""Bombs: every render is stopped from outside within its time limit and kept under its memory limit, with --jobs 1,
with the pool of workers and in `serve`, and answered in one line naming the file, slide and limit; what can be
measured before rendering (SVGs, CSS sizes, template string building) is refused at once."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time

import pytest

from helpers import REPO, make_project
from hostile_kit import build

LIMIT = 5  # seconds: CARROUSEL_RENDER_TIMEOUT for these tests
MEMORY_MB = 1024  # CARROUSEL_RENDER_MEMORY: what a render may add to what its worker inherited mapped
INHERITED_MB = 256  # generous: a worker starts as a copy of the command (about 100 MB)
ENV = {**os.environ, "CARROUSEL_RENDER_TIMEOUT": str(LIMIT), "CARROUSEL_RENDER_MEMORY": f"{MEMORY_MB}M"}
GOOD = "title: Good\nslides:\n  - kind: content\n    title: Still built\n    body: Whatever the other post does\n"


def use_doubling(levels: int = 16) -> bytes:
    """1 KB of SVG that draws 2^levels rectangles: each group uses the previous one twice."""
    groups = "".join(f'<g id="a{n}"><use href="#a{n - 1}"/><use href="#a{n - 1}" x="1"/></g>'
                     for n in range(1, levels + 1))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><defs><rect id="a0" width="1" '
            f'height="1"/>{groups}</defs><use href="#a{levels}"/></svg>').encode()


def template(kind: str, body: str) -> dict:
    """A theme template overriding a slide kind's title block."""
    return {f"themes/terminal/templates/slides/{kind}.html":
            f'{{% extends "!base/slides/{kind}.html" %}}\n{{% block title %}}\n{body}\n{{% endblock %}}\n'}


def one_slide(kind: str, body: str = "") -> str:
    return f"title: Bomb\nslides:\n  - kind: content\n    title: First\n    body: Text\n  - kind: {kind}\n    title: Boom\n{body}"


# name -> (files of the project besides content/good.yaml, what the one line says: a regular expression)
BOMBS = {
    "nested-loops": ({"content/bomb.yaml": one_slide("cover"), **template(
        "cover", "{% for i in range(10000) %}{% for j in range(10000) %}{% for k in range(10000) %}{% endfor %}"
                 "{% endfor %}{% endfor %}")},
        f"content/bomb.yaml: rendering took longer than {LIMIT} s and was stopped while filling the theme's templates"
        .replace("(", r"\(")),
    "markdown-brackets": ({"content/bomb.yaml": "title: Bomb\nslides:\n" + "".join(
        f"  - kind: content\n    title: S{i}\n    body: '{'[' * 9990}'\n" for i in range(6))},
        # The slide it stopped at depends on the machine's speed: each body takes seconds.
        rf"content/bomb.yaml:\d+: slide \d \(content\): rendering took longer than {LIMIT} s and was stopped while "
        "converting Markdown"),
    "memory": ({"content/bomb.yaml": one_slide("cover"), **template(
        "cover", '{% set ns = namespace(s="x" * 1000) %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}'
               "{% endfor %}{{ ns.s|length }}")},
        r"content/bomb.yaml: rendering ran out of memory while filling the theme's templates \(the limit is 1 GiB\)"),
    "svg-use": ({"content/bomb.yaml": one_slide("content", "    body: '" + " ".join(f"![b{i}](b.svg)" for i in range(4))
                                                 + "'\n"), "content/b.svg": use_doubling()},
                r"content/bomb.yaml:6: slide 2 \(content\): SVG 'b.svg' has 786,377 elements once its <use> references "
                "are expanded; at most 100,000: 'b.svg'"),
}


@pytest.fixture(scope="module")
def arena(tmp_path_factory):
    """A project with the good post built once: every bomb is added to it, next to the good post, which then comes
    from the cache (quick, so that it cannot run out of time on a loaded machine while the bomb takes a core)."""
    root = make_project(tmp_path_factory.mktemp("arena") / "project", {"content/good.yaml": GOOD})
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "--jobs", "1"], cwd=root, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture
def bomb_project(arena):
    """bomb_project(name): the arena with that bomb added (taken away again after the test): (root, expected line)."""
    import shutil

    added = []

    def add(name: str):
        files, expect = BOMBS[name]
        for rel, data in files.items():
            target = arena / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data if isinstance(data, bytes) else data.encode())
            added.append(target)
        return arena, expect

    yield add
    for target in added:
        target.unlink()
    shutil.rmtree(arena / "themes" / "terminal" / "templates", ignore_errors=True)
    (arena / "content" / "good.yaml").write_text(GOOD, encoding="utf-8")


def run_measured(cmd, root, until: str, stop: bool = False, cap: float = 60):
    """Run cmd in root (stopped once it printed a line holding `until`, with stop): (seconds until it printed that
    line, peak memory in MB of it and its workers, its output lines)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=root, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines, answered = [], []

    def read():
        for line in proc.stdout:
            lines.append(line.rstrip("\n"))
            if until in line and not answered:
                answered.append(time.perf_counter() - start)
                if stop:
                    proc.terminate()

    reader = threading.Thread(target=read)
    reader.start()
    timer = threading.Timer(cap, proc.kill)
    timer.start()
    _, status, usage = os.wait4(proc.pid, 0)
    timer.cancel()
    reader.join()
    return answered[0] if answered else float("inf"), usage.ru_maxrss / 1024, lines


@pytest.mark.parametrize("name", BOMBS)
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_bomb_is_answered_in_time_and_memory_by_the_cli(name, jobs, bomb_project):
    """--jobs 1: one worker builds both posts in turn; --jobs 2: the pool, one worker each."""
    root, expect = bomb_project(name)
    seconds, peak, lines = run_measured([sys.executable, str(REPO / "build.py"), "--jobs", str(jobs)], root,
                                        until="✗ content/bomb.yaml")
    errors = [line for line in lines if line.startswith("✗")]
    assert len(errors) == 1 and re.match(f"✗ {expect}", errors[0]), lines
    assert any(line.startswith("✓ good: ") for line in lines), lines
    assert "Traceback" not in "\n".join(lines) and "internal error" not in "\n".join(lines)
    assert seconds < 2 * LIMIT, f"answered after {seconds:.1f} s"
    assert peak < MEMORY_MB + INHERITED_MB, f"{peak:.0f} MB"


@pytest.mark.parametrize("name", BOMBS)
def test_a_bomb_is_answered_in_time_and_memory_by_serve(name, bomb_project):
    root, expect = bomb_project(name)
    seconds, peak, lines = run_measured([sys.executable, str(REPO / "build.py"), "serve", "--port", "0"], root,
                                        until="✗ content/bomb.yaml", stop=True)
    assert any(re.match(f"✗ {expect}", line) for line in lines), lines
    assert seconds < 2 * LIMIT + 2, f"answered after {seconds:.1f} s"  # + serve's start (it imports more)
    assert peak < MEMORY_MB + INHERITED_MB, f"{peak:.0f} MB"
    assert "Traceback" not in "\n".join(lines)


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="serve builds side by side on two cores")
def test_in_serve_a_post_that_runs_out_its_time_does_not_hold_up_the_others(bomb_project):
    root, expect = bomb_project("nested-loops")
    proc = subprocess.Popen([sys.executable, str(REPO / "build.py"), "serve", "--port", "0"], cwd=root, env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        for line in proc.stdout:
            port = re.search(r"serving http://[\d.]+:(\d+)/", line)
            if port:
                break
        import http.client

        conn = http.client.HTTPConnection("127.0.0.1", int(port.group(1)), timeout=3 * LIMIT)
        conn.request("GET", "/_carrousel/events")
        stream = conn.getresponse()
        assert json.loads(stream.fp.readline()[6:])["type"] == "state"
        # Both saved at once: the bomb takes a worker for its whole time limit, the good post the other one.
        (root / "content" / "bomb.yaml").write_text(one_slide("cover") + "# again\n", encoding="utf-8")
        (root / "content" / "good.yaml").write_text(GOOD.replace("Still built", "Edited"), encoding="utf-8")
        order = []
        while ("bomb", "error") not in order:
            line = stream.fp.readline()
            if line.startswith(b"data: "):
                event = json.loads(line[6:])
                order.append((event["slug"], event["type"]))
        assert order.index(("good", "built")) < order.index(("bomb", "error")), order
    finally:
        proc.terminate()
        proc.wait(timeout=20)


REFUSED = {
    "svg-rects": ({"content/r.svg": b'<svg xmlns="http://www.w3.org/2000/svg">' + b"<rect/>" * 1_000_000 + b"</svg>"},
                  "r.svg", "content/victim.yaml:5: slide 2 (content): SVG 'r.svg' has 1,000,001 elements; at "
                                 "most 100,000: 'r.svg'"),
    "svg-outside": ({"content/p.svg": b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><image '
                     b'href="file:///etc/passwd" width="10" height="10"/></svg>'}, "p.svg",
                    "content/victim.yaml:5: slide 2 (content): refused to read a file outside the project: "
                    "'file:///etc/passwd' in the SVG 'p.svg'"),
    "jinja-repeat": (template("cover", '{{ ("x" * 6000000000)|length }}'), "",
                     "themes/terminal/templates/slides/cover.html:3: template error: refused by the sandbox: repeat "
                     "would make 6,000,000,000 characters or items; at most 1,000,000"),
    "jinja-range": (template("cover", "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}"
                                      "{% endfor %}"), "",
                    "themes/terminal/templates/slides/cover.html:3: template error: refused by the sandbox: a range of "
                    "100,000 items; at most 10,000"),
}
@pytest.mark.parametrize("case", REFUSED)
def test_what_can_be_measured_is_refused_before_rendering(case, victim_copy):
    files, ref, expect = REFUSED[case]
    for rel, data in files.items():
        (victim_copy / rel).parent.mkdir(parents=True, exist_ok=True)
        (victim_copy / rel).write_bytes(data if isinstance(data, bytes) else data.encode())
    if ref:
        post = victim_copy / "content" / "victim.yaml"
        post.write_text(post.read_text(encoding="utf-8").replace("assets/ok.png", ref), encoding="utf-8")
    start = time.perf_counter()
    code, out, err = build(victim_copy)
    assert code == 1 and len(err.strip().splitlines()) == 1, err
    assert expect in err and "Traceback" not in err, err
    assert time.perf_counter() - start < LIMIT


def test_css_sizes_are_checked_after_calc_var_and_escapes(victim_copy):
    theme = victim_copy / "themes" / "terminal" / "theme.css"
    theme.write_text(theme.read_text(encoding="utf-8") + "\n.slide h1 { font-size: calc(2000px * 1050) }\n",
                     encoding="utf-8")
    code, out, err = build(victim_copy)
    assert code == 1 and len(err.strip().splitlines()) == 1, err
    assert err.startswith("✗ content/victim.yaml:3: slide 1 (cover): CSS 'font-size: calc(2000px * 1050)' is about "
                          "2.1e+06 px; at most 2000 px"), err
    assert "Pango" not in err and "internal error" not in err


@pytest.mark.parametrize("css, expect", [
    (".a { letter-spacing: calc(100000px * 100000) }", "'letter-spacing: calc(100000px * 100000)' is about 1e+10 px"),
    (":root { --n: 100000 } .a { font-size: calc(var(--n) * 1px) }", "'font-size: calc(var(--n) * 1px)' is about "
                                                                     "1e+05 px; at most 2000 px"),
    (".a { margin-left: 1e9p\\78 }", "'margin-left: 1e9px' is about 1e+09 px; at most 100000 px"),
    (".a { width: calc(1px / 0.0000001) }", "is about 1e+07 px"),
    (".a { font-size: clamp(1rem, 1e6px, 3rem) }", "is about 1e+06 px; at most 2000 px"),
    ("@media print { .a { filter: drop-shadow(0 0 1e9px red) } }", "is about 1e+09 px"),
    (".a { z-index: 1000000000; line-height: 1.2; font: 700 32px/1.1 Inter, sans-serif; width: calc(100% - 2rem);"
     " color: rgb(0 0 0 / 50%); transform: scale(1000000) }", None),
])
def test_css_size_bounds(css, expect):
    from carrousel.errors import CarrouselError
    from carrousel.layout import csssize

    if expect is None:
        csssize.check_css(css, "theme.css")
        return
    with pytest.raises(CarrouselError, match=re.escape(expect)):
        csssize.check_css(css, "theme.css")


@pytest.mark.parametrize("svg, expect", [
    (b"<svg xmlns='http://www.w3.org/2000/svg'>" + b"<g>" * 150 + b"</g>" * 150 + b"</svg>",
     "nests more than 100 levels deep; at most 100"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'><g id='a'><use href='#b'/></g><g id='b'><use href='#a'/></g></svg>",
     "has <use> references that form a loop"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'><use href='other.svg#x'/></svg>", "has a <use> of another file"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'><text id='t'>" + b"x" * 50_000 + b"</text><use href='#t'/>"
     b"<use href='#t'/></svg>", "holds 150,000 characters of text once its <use> references are expanded"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'><g id='g'>" + b"<g>" * 70 + b"</g>" * 70 + b"</g><g id='h'>"
     b"<use href='#g'/></g><g>" + b"<g>" * 30 + b"<use href='#h'/>" + b"</g>" * 30 + b"</g></svg>",
     "nests 106 levels deep once its <use> references are expanded"),
    (use_doubling(8), None),
])
def test_svg_bounds(svg, expect):
    from carrousel.errors import CarrouselError
    from carrousel.layout import svgcheck

    if expect is None:
        svgcheck.check(svg, "x.svg")
        return
    with pytest.raises(CarrouselError, match=re.escape(expect)):
        svgcheck.check(svg, "x.svg")


@pytest.mark.parametrize("source, expect", [
    ('{{ "%999999999d" % 1 }}', "a format width of 999999999; at most 10,000"),
    ('{{ "%*d" % (999999999, 1) }}', "a format width of *"),
    ('{{ "x".center(10**9) }}', "center would make 1,000,000,000 characters"),
    ('{{ "{:>999999999}".format(1) }}', "a format width of 999999999"),
    ('{{ "x"|center(999999999) }}', "center would make 999,999,999 characters"),
    ('{{ "ab"|replace("a", "x" * 900000) * 2 }}', "repeat would make"),
    ('{{ ("a" * 900000) ~ "" ~ ("a" * 900000 + "b" * 900000) }}', "join would make 1,800,000"),
    ('{{ 9 ** 999999 }}', "a power of 999999 is too big"),
    ('{{ [0] * 2000000 }}', "repeat would make 2,000,000"),
    ('{{ lipsum(1000000) }}', "'lipsum' is undefined"),
    ('{{ "%5.2f|%s"|format(3.14159, "x") }} {{ "-" * 40 }} {{ range(3)|join(",") }} {{ "{:>6}".format(1) }}', None),
])
def test_template_bounds(source, expect):
    import jinja2

    from carrousel.html.bounds import BoundedSandbox

    env = BoundedSandbox(autoescape=True, undefined=jinja2.StrictUndefined)
    if expect is None:
        assert env.from_string(source).render() == " 3.14|x ---------------------------------------- 0,1,2      1"
        return
    with pytest.raises((jinja2.exceptions.SecurityError, jinja2.UndefinedError), match=re.escape(expect)):
        env.from_string(source).render()


@pytest.fixture
def victim_copy(victim, tmp_path):
    """A copy of the built victim project (hostile_kit's), to break."""
    import shutil

    shutil.copytree(victim, tmp_path / "project", symlinks=True)
    return tmp_path / "project"


@pytest.fixture(scope="module")
def victim(tmp_path_factory):
    from hostile_kit import VICTIM, png_bytes

    root = make_project(tmp_path_factory.mktemp("limits") / "project", files={"content/victim.yaml": VICTIM})
    (root / "content" / "assets").mkdir()
    (root / "content" / "assets" / "ok.png").write_bytes(png_bytes(40, 30))
    code, _, err = build(root)
    assert code == 0, err
    return root
