"""Benchmark carrousel against its targets, and Marp CLI side by side; print a table, write docs/PERFORMANCE.md.

    .venv/bin/python bench/run.py [--runs 5] [--big-runs 5] [--no-write]

Every figure is a median over several runs, measured with time.perf_counter
(wall clock) and os.wait4 (peak resident memory of a finished process). The
Marp anchor is looked for in ../shared/anchor/ next to the repository; without
it the Marp rows say so and the ratio is not computed.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ANCHOR = REPO.parent / "shared" / "anchor"
REFERENCE = "5-patterns-cto"
BUILD = [sys.executable, str(REPO / "build.py")]


CPU: list[float] = []  # CPU seconds (user + system) of the last process run, for the callers that want it


def run(cmd, cwd, env=None) -> tuple[float, int, str]:
    """Run a process to its end: (wall seconds, peak RSS in KiB of it and its waited-for children, output).

    Its CPU time (user + system, children included) is appended to CPU: on a shared machine it says what
    the wall time would be without other processes competing, for single-threaded work."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    out, err = proc.stdout.read(), proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    CPU.append(usage.ru_utime + usage.ru_stime)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"bench: {' '.join(map(str, cmd))} failed ({proc.returncode}):\n"
                         f"{out.decode(errors='replace')}{err.decode(errors='replace')}")
    return wall, usage.ru_maxrss, out.decode(errors="replace")


def project(root: Path, posts: int = 0) -> Path:
    """A fresh project: the repo's templates and themes, the reference post (and `posts` copies of it)."""
    if root.exists():
        shutil.rmtree(root)
    (root / "content").mkdir(parents=True)
    for folder in ("templates", "themes"):
        shutil.copytree(REPO / folder, root / folder)
    text = (REPO / "content" / f"{REFERENCE}.yaml").read_text(encoding="utf-8")
    if posts:
        for i in range(posts):
            (root / "content" / f"post-{i:02d}.yaml").write_text(
                text.replace("title: 5 patterns", f"title: {i + 1} · 5 patterns", 1), encoding="utf-8")
    else:
        (root / "content" / f"{REFERENCE}.yaml").write_text(text, encoding="utf-8")
    return root


def clean(root: Path) -> None:
    """Forget every earlier build: no output, no cache."""
    for name in ("output", ".carrousel-cache"):
        shutil.rmtree(root / name, ignore_errors=True)


def edit(post: Path, original: str, n: int) -> None:
    """Change one word on slide 2 (a new text each time, so the cache never has it)."""
    post.write_text(original.replace("Couplage fort entre modules", f"Couplage fort entre modules ({n})"),
                    encoding="utf-8")


def median(values):
    return statistics.median(values) if values else None


# --- measurements --------------------------------------------------------------------------------

def bench_cold_and_marp(root: Path, runs: int) -> dict:
    """Cold builds of the reference post and Marp exports of the same deck, alternating, so that both see the
    same machine (it is shared): each figure's median, and the median of the paired ratios."""
    marp_ok = _marp_ready()
    cold = {"walls": [], "cpu": [], "rss": []}
    marp = {"walls": [], "cpu": []}
    with tempfile.TemporaryDirectory() as out:
        for _ in range(runs):
            clean(root)
            wall, peak, _ = run([*BUILD, f"content/{REFERENCE}.yaml"], root)
            cold["walls"].append(wall)
            cold["rss"].append(peak)
            cold["cpu"].append(CPU[-1])
            if marp_ok is True:
                wall, _, _ = run(["bash", str(ANCHOR / "run-marp.sh"), out, "both"], ANCHOR)
                marp["walls"].append(wall)
                marp["cpu"].append(CPU[-1])
        marp_pdf = Path(out, "deck.pdf")
        marp_size = marp_pdf.stat().st_size if marp_pdf.is_file() else None
    pdf = root / "output" / REFERENCE / f"{REFERENCE}.pdf"
    results = {"cold": {"wall": median(cold["walls"]), "cpu": median(cold["cpu"]), "rss_kib": max(cold["rss"]),
                        "pdf_bytes": pdf.stat().st_size, "runs": cold["walls"]}}
    if marp_ok is not True:
        results["marp"] = {"missing": marp_ok}
    else:
        results["marp"] = {"wall": median(marp["walls"]), "cpu": median(marp["cpu"]), "pdf_bytes": marp_size,
                           "runs": marp["walls"],
                           "ratio": median([c / m for c, m in zip(cold["walls"], marp["walls"])])}
    return results


def _marp_ready():
    """True when Marp CLI can run (installed with the anchor's setup-marp.sh if needed), else why not."""
    if not (ANCHOR / "run-marp.sh").is_file():
        return f"Marp anchor not found in ../shared/anchor/ (looked in {ANCHOR}): Marp not measured"
    with tempfile.TemporaryDirectory() as out:
        # One untimed export: it says whether Marp is installed (run-marp.sh exits 3 if not), and puts
        # Chromium's files in the page cache, as carrousel's are after its first build.
        probe = subprocess.run(["bash", str(ANCHOR / "run-marp.sh"), out, "pdf"], cwd=ANCHOR, capture_output=True)
    if probe.returncode == 3:
        print("bench: installing Marp CLI with ../shared/anchor/setup-marp.sh …", file=sys.stderr)
        subprocess.run(["bash", str(ANCHOR / "setup-marp.sh")], check=True, stdout=subprocess.DEVNULL)
    return True


def bench_noop(root: Path, runs: int) -> dict:
    clean(root)
    run([*BUILD, "--jobs", "1"], root)
    walls, cpu = [], []
    for _ in range(runs):
        wall, _, out = run([*BUILD, "--jobs", "1"], root)
        assert "unchanged" in out, out
        walls.append(wall)
        cpu.append(CPU[-1])
    return {"wall": median(walls), "cpu": median(cpu), "runs": walls}


def bench_edit_cli(root: Path, runs: int) -> dict:
    post = root / "content" / f"{REFERENCE}.yaml"
    original = post.read_text(encoding="utf-8")
    clean(root)
    run([*BUILD, "--jobs", "1"], root)
    png = root / "output" / REFERENCE / "png" / "02.png"
    walls, cpu = [], []
    try:
        for n in range(runs):
            before = png.read_bytes()
            edit(post, original, n)
            wall, _, out = run([*BUILD, "--jobs", "1"], root)
            assert "(1 rendered)" in out and png.read_bytes() != before, out
            walls.append(wall)
            cpu.append(CPU[-1])
    finally:
        post.write_text(original, encoding="utf-8")
    return {"wall": median(walls), "cpu": median(cpu), "runs": walls}


def bench_edit_serve(root: Path, runs: int) -> dict:
    """Edit → the event saying the edited slide's new PNG is ready (served from memory); with Playwright, → the open
    tab shows it."""
    post = root / "content" / f"{REFERENCE}.yaml"
    original = post.read_text(encoding="utf-8")
    clean(root)
    proc = subprocess.Popen([*BUILD, "serve", "--port", "0"], cwd=root, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    try:
        port = None
        for line in proc.stdout:
            found = re.search(r"serving http://[\d.]+:(\d+)/", line)
            if found:
                port = int(found.group(1))
                break
        if port is None:
            raise SystemExit("bench: serve did not start")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request("GET", "/_carrousel/events")
        stream = conn.getresponse()

        def next_event(kind=None):
            while True:
                line = stream.fp.readline()
                if line.startswith(b"data: "):
                    event = json.loads(line[6:])
                    if kind is None or event["type"] == kind:
                        return event

        next_event()
        png = root / "output" / REFERENCE / "png" / "02.png"
        # First edit warms the server's renderer (it lays out every slide once).
        edit(post, original, 1000)
        next_event("built")
        walls = []
        for n in range(runs):
            before = png.read_bytes()
            start = time.perf_counter()
            edit(post, original, n)
            event = next_event()
            walls.append(time.perf_counter() - start)
            # The new PNG is served from memory until the deck is written: the tab loads it with the event's stamp.
            early = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            early.request("GET", f"/{REFERENCE}/png/02.png?v={event.get('stamp')}")
            assert event["type"] == "slides" and event["slides"] == [2] and early.getresponse().read() != before, event
            next_event("built")
        browser = _browser_shows(port, post, original, runs)
        return {"wall": median(walls), "runs": walls, "browser": browser}
    finally:
        post.write_text(original, encoding="utf-8")
        proc.terminate()
        proc.wait(timeout=10)


def _browser_shows(port: int, post: Path, original: str, runs: int) -> dict | None:
    """File written → the open tab shows the slide's new PNG (loaded), in headless Chromium, if Playwright is here."""
    chromium = shutil.which("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not chromium:
        return None
    walls = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True)
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{port}/{REFERENCE}/")
        page.wait_for_selector("html[data-carrousel-live=connected]")
        page.keyboard.press("ArrowRight")  # the author looks at slide 2, the one edited
        for n in range(runs):
            old = page.eval_on_selector("#current", "img => img.src")
            start = time.perf_counter()
            edit(post, original, 100 + n)
            page.wait_for_function("old => { const i = document.getElementById('current');"
                                   " return i.src !== old && i.complete && i.naturalWidth > 0 }",
                                   arg=old, polling="raf", timeout=30_000)
            walls.append(time.perf_counter() - start)
            time.sleep(0.5)  # the rest of the build (the deck's PDF) ends before the next edit
        browser.close()
    return {"wall": median(walls), "runs": walls}


def bench_phases(root: Path, runs: int) -> dict:
    """Median seconds of each stage of a cold build and of a warm one-slide edit (bench/phases.py)."""
    samples: dict = {}
    for _ in range(runs):
        _, _, out = run([sys.executable, str(REPO / "bench" / "phases.py"), str(root),
                         str(root / "content" / f"{REFERENCE}.yaml")], REPO)
        for part, stages in json.loads(out).items():
            for stage, seconds in stages.items():
                samples.setdefault(part, {}).setdefault(stage, []).append(seconds)
    return {part: {stage: median(values) for stage, values in stages.items()} for part, stages in samples.items()}


def phases_table(phases: dict) -> str:
    lines = ["| stage | median |", "|---|---|"]
    for part, stages in phases.items():
        lines.append(f"| **{part}** | **{sum(stages.values()):.3f} s** |")
        lines += [f"| {stage} | {seconds:.3f} s |" for stage, seconds in stages.items()]
    return "\n".join(lines)


def bench_jobs(root: Path, runs: int) -> dict:
    """20 posts with --jobs 1 and --jobs 2, alternating (the machine is shared): medians and the paired speed-up."""
    out = {jobs: {"walls": [], "cpu": [], "rss": []} for jobs in (1, 2)}
    for _ in range(runs):
        for jobs in (1, 2):
            clean(root)
            wall, peak, _ = run([*BUILD, "--jobs", str(jobs)], root)
            out[jobs]["walls"].append(wall)
            out[jobs]["rss"].append(peak)
            out[jobs]["cpu"].append(CPU[-1])
    result = {jobs: {"wall": median(m["walls"]), "cpu": median(m["cpu"]), "rss_kib": max(m["rss"]), "runs": m["walls"]}
              for jobs, m in out.items()}
    result["speedup"] = median([one / two for one, two in zip(out[1]["walls"], out[2]["walls"])])
    return result


# --- report ----------------------------------------------------------------------------------------

def table(results: dict) -> list[tuple[str, str, str, str, str]]:
    """(figure, median wall time or value, median CPU time, target, verdict) rows."""
    rows = []

    def row(name, value, target, ok, cpu=None):
        rows.append((name, value, "" if cpu is None else f"{cpu:.2f} s", target,
                     "—" if ok is None else ("✓ met" if ok else "✗ missed")))

    cold, marp = results["cold"], results["marp"]
    row("cold build, reference post (whole process, PDF + 9 PNGs)", f"{cold['wall']:.2f} s", "", None, cold["cpu"])
    if "missing" in marp:
        row("Marp CLI, same deck (PDF + PNGs, 2 Chromium runs)", "not measured", marp["missing"], None)
        row("cold build ÷ Marp", "—", "≤ 0.35", None)
    else:
        ratio = marp["ratio"]
        # No CPU time for Marp: Chromium's helper processes are not waited for by Marp, so wait4 misses them.
        row("Marp CLI, same deck (PDF + PNGs, 2 Chromium runs)", f"{marp['wall']:.2f} s", "", None)
        row("cold build ÷ Marp (median of the paired runs)", f"{ratio:.2f} ×", "≤ 0.35 ×", ratio <= 0.35)
    row("no-op rebuild (`python build.py`, nothing changed)", f"{results['noop']['wall']:.3f} s", "≤ 0.3 s",
        results["noop"]["wall"] <= 0.3, results["noop"]["cpu"])
    row("one-slide edit → updated PNG, CLI", f"{results['edit_cli']['wall']:.2f} s", "", None,
        results["edit_cli"]["cpu"])
    serve = results["edit_serve"]
    row("one-slide edit → updated PNG, serve (file written → PNG ready, tab told)", f"{serve['wall']:.3f} s",
        "≤ 0.3 s", serve["wall"] <= 0.3)
    if serve.get("browser"):
        row("one-slide edit → updated PNG, serve (file written → new PNG shown in Chromium)",
            f"{serve['browser']['wall']:.3f} s", "≤ 0.3 s", serve["browser"]["wall"] <= 0.3)
    jobs = results["jobs"]
    speedup = jobs["speedup"]
    row("20 posts, --jobs 1", f"{jobs[1]['wall']:.1f} s", "", None, jobs[1]["cpu"])
    row("20 posts, --jobs 2", f"{jobs[2]['wall']:.1f} s", "", None, jobs[2]["cpu"])
    row("--jobs 2 speed-up (median of the paired runs)", f"{speedup:.2f} ×", "≥ 1.8 ×", speedup >= 1.8)
    peak = cold["rss_kib"] / 1024
    row("peak memory, cold reference build", f"{peak:.0f} MB", "≤ 250 MB", peak <= 250)
    row("peak memory, one worker of 20 posts --jobs 2", f"{jobs[2]['rss_kib'] / 1024:.0f} MB", "≤ 250 MB",
        jobs[2]["rss_kib"] / 1024 <= 250)
    size = cold["pdf_bytes"] / 1000
    row("reference PDF size", f"{size:.0f} KB", "≤ 200 KB", size <= 200)
    return rows


def markdown(rows) -> str:
    lines = ["| figure | median (wall) | CPU time | target | |", "|---|---|---|---|---|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def plain(rows) -> str:
    rows = [("figure", "median", "CPU time", "target", ""), *rows]
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    return "\n".join("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(r)).rstrip() for r in rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (default 5)")
    parser.add_argument("--big-runs", type=int, default=5, help="runs of the 20-post builds (default 5)")
    parser.add_argument("--no-write", action="store_true", help="print the table only")
    parser.add_argument("--only", nargs="+", metavar="FIGURE", help="measure only these (cold (with Marp), noop, "
                        "edit_cli, edit_serve, phases, jobs) and print their raw results")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory(prefix="carrousel-bench-") as tmp:
        one = project(Path(tmp) / "one")
        steps = [("cold", lambda: bench_cold_and_marp(one, args.runs)),
                 ("noop", lambda: bench_noop(one, args.runs)), ("edit_cli", lambda: bench_edit_cli(one, args.runs)),
                 ("edit_serve", lambda: bench_edit_serve(one, args.runs)),
                 ("phases", lambda: bench_phases(one, args.runs)),
                 ("jobs", lambda: bench_jobs(project(Path(tmp) / "twenty", posts=20), args.big_runs))]
        for name, step in steps:
            if args.only and name not in args.only:
                continue
            print(f"bench: {name} …", file=sys.stderr, flush=True)
            result = step()
            if name == "cold":
                results.update(result)  # cold builds and Marp, measured side by side
            else:
                results[name] = result
    if args.only:
        print(json.dumps(results, indent=1))
        return 0
    rows = table(results)
    print(plain(rows))
    if not args.no_write:
        write_doc(rows, results, args)
    return 0


def write_doc(rows, results, args) -> None:
    load = os.getloadavg()
    raw = json.dumps({k: v for k, v in results.items()}, indent=1, default=str)
    text = DOC.format(table=markdown(rows), phases=phases_table(results["phases"]), runs=args.runs, big=args.big_runs, cores=os.cpu_count(),
                      python=platform.python_version(), load=f"{load[0]:.1f}", date=time.strftime("%Y-%m-%d"),
                      raw=raw)
    (REPO / "docs").mkdir(exist_ok=True)
    (REPO / "docs" / "PERFORMANCE.md").write_text(text, encoding="utf-8")
    print("bench: wrote docs/PERFORMANCE.md", file=sys.stderr)


DOC = """# Performance

Measured by `bench/run.py` on {date}: {cores} cores, Python {python}, load average {load} when it finished
(the machine is shared: expect ±15% between runs). Medians of {runs} runs ({big} for the 20-post builds).

{table}

## How to reproduce

```
bash scripts/setup.sh --test          # the project, Playwright and Debian's Chromium
.venv/bin/python bench/run.py         # a few minutes; --runs N, --no-write
```

The Marp CLI anchor is taken from `../shared/anchor/` (next to the repository): `setup-marp.sh` installs
Marp CLI and Chromium if needed, `run-marp.sh OUT both` exports the same deck to PDF and PNGs (Marp starts
Chromium once per output type). Without that folder the Marp rows say "not measured".

What each figure is:

- **cold build**: `python build.py content/5-patterns-cto.yaml` (default `--jobs`: one process per core) in
  a fresh project with no output and no cache, as a whole process (imports included). Each run is followed
  by one Marp export, so that both see the same machine; the ratio is the median of the paired ratios.
- **no-op rebuild**: `python build.py` again with nothing changed: every post's inputs (the post, templates/,
  themes/, carrousel.yaml, the files it reads, carrousel's own code and the rendering libraries' versions)
  hash the same as at its last build and its outputs are in place, so nothing heavy is even imported.
- **one-slide edit, CLI**: one word changed on slide 2, then `python build.py --jobs 1`: a fresh process has
  no layouts in memory, so it lays out every slide again (the PDF is written from all of them: fonts are
  subset once per deck) but rasterizes and encodes only the edited slide's PNG; the others come from the
  cache. `serve` keeps the layouts and lays out only the edited slide.
- **one-slide edit, serve**: the same edit while `python build.py serve` runs: the time from writing the
  file to the server-sent event saying the slide's new PNG is written, and with Playwright, to the open tab
  (on slide 2) showing the new PNG, loaded, in headless Chromium. The deck's PDF is written after that.
- **20 posts**: 20 copies of the reference post (titles differ), `--jobs 1` (one process) vs `--jobs 2`
  (two worker processes, one post each at a time), no cache, alternating; the speed-up is the median of
  the paired ratios.
- **CPU time**: user + system time of the measured process and its children (`os.wait4`). A build on
  two processes uses more CPU time than wall time; a single-process one about as much. None for Marp:
  Chromium's helper processes are not waited for by Marp, so their time cannot be counted this way.
- **peak memory**: the largest resident set of the build process (`os.wait4`); for `--jobs 2`, the
  largest of its processes.

## Where the time goes

Each stage of a cold build of the reference post in one process, then of a one-slide edit in the same
(now warm) process, as `serve` does it (`bench/phases.py`, medians; stages run one after the other here):

{phases}

A cold build is mostly fixed costs: importing WeasyPrint (0.3 s, after skipping the library searches it
does for other platforms), parsing the stylesheet and loading 20 font faces, laying out and fitting every
slide (a slide with little text is laid out once, at its theme's growth limit, a dense one at scale 1 and
again where its heights say it fills the page: 16 layouts for the nine slides), writing the PDF (fonts
subset once for the deck), then rasterizing nine 1080×1350 PNGs with PDFium and deflating them with ISA-L
(about 30 ms each). The CLI overlaps what it can on two cores: a child renders the post to
HTML while WeasyPrint is imported; a page's PNG is the same from a PDF of a few pages as from the deck's
(tested), so a child rasterizes the first six slides while the last three are laid out and the deck's PDF
is written, and the contact sheet is drawn while the last PNGs are encoded. What stays serial is Python's
start and imports (~0.2 s), WeasyPrint's import, and laying out every slide in the process that writes the
deck (its PDF needs them all). The process then leaves without tearing down its objects (0.2 s saved).

In `serve` the renderer stays warm: WeasyPrint is imported once, Jinja templates, themes and Markdown fields
are compiled once, the stylesheet and fonts are parsed once, and every slide's layout is kept by key. An
edit lays out one slide, writes a one-page PDF of it, rasterizes its PNG, writes it and tells the tab, which
swaps the image in place; only then is the deck's PDF written. Garbage collection waits until after.

## How the cache works

Each slide is laid out as its own one-slide HTML document, with the deck's stylesheet and the post's head;
auto-fit runs inside that step. (Where no slide is kept and nothing waits between slides, as in the render
service or a batch with one post per worker, the slides' documents are joined and laid out as one, then
split into pages again: the same pages, without a document's own cost of ~8 ms per slide.) A slide's key is the hash of that document, the stylesheet, the files it
reads from the project, the theme's text floor and the engine (carrousel's source, library versions). The
PNG's key adds the scale. The PDF's key is the hash of every slide key in order; it is written from all
slides laid out at once, so fonts are subset once per deck (per-slide PDFs merged would carry each font nine
times: 215 KB instead of 69 KB). The PNG of a page does not depend on the other pages, so an incremental
build gives the same bytes as a full one (`tests/test_cache.py` compares them). The cache lives in
`.carrousel-cache/` in the project; `--force` ignores it and fills it again.

## Raw figures

```json
{raw}
```
"""


if __name__ == "__main__":
    sys.exit(main())
