"""Load test of `carrousel api` on loopback: throughput, latency, memory, and how it holds an overload.

    .venv/bin/python bench/load.py [--requests 200] [--clients 16] [--overload 64] [--no-write]

Bounded in count and time: a few CLI builds (the cold one-post-per-process rate to compare with), 40 renders
from 4 clients (latency), --requests renders of varied posts from --clients clients (throughput; a 429 is
retried after its Retry-After), then --overload clients sending 3 requests each without retrying (what an
overload gets), then a health check and one more render. Every client waits at most 120 s for an answer;
the whole run stops after --budget seconds. Writes a section of docs/PERFORMANCE.md unless --no-write.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
BUILD = [sys.executable, str(REPO / "build.py")]
DOC = REPO / "docs" / "PERFORMANCE.md"
HEADING = "## The render service under load"
KINDS = [  # (kind, YAML lines of its fields), cycled to make posts of different shapes
    ("list", ["title: Why **it** matters", "items:", "  - {icon: ⚡, title: Fast, text: Only what changed}",
              "  - {title: Same bytes, text: As a full build, tag: {text: safe, tone: green}}"]),
    ("code", ["title: Before and **after**", "language: python", "before: |", "  send(order)", "after: |",
              "  bus.publish('order.created', order)"]),
    ("stat", ["value: 83%", "label: of queries", "text: use an index they were not meant to"]),
    ("quote", ["text: Make it work, make it right, make it fast.", "cite: Kent Beck"]),
    ("steps", ["title: Ship it", "steps:", "  - {title: Build, text: One command}",
               "  - {title: Check, text: Preflight}"]),
    ("content", ["title: Notes", "body: |", "  Plain **Markdown** with `code` and [[blue: tags]]."]),
]
FORMATS, THEMES = ("portrait", "square", "story"), ("terminal", "paper", "blueprint")


def posts() -> list[tuple[str, bytes]]:
    """Varied posts: the repository's two, and generated ones of 3 to 8 slides in every format and theme."""
    found = [(p.name, p.read_bytes()) for p in sorted((REPO / "content").glob("*.*")) if p.suffix in (".yaml", ".md")]
    for n in range(8):
        lines = [f"title: Load post {n}", f"format: {FORMATS[n % 3]}", f"theme: {THEMES[n % 3]}", "slides:",
                 "  - kind: cover", f"    title: Load post **{n}**"]
        for k in range(2 + n % 6):
            kind, fields = KINDS[(n + k) % len(KINDS)]
            lines += [f"  - kind: {kind}"] + [f"    {field}" for field in fields]
        found.append((f"load-{n}.yaml", ("\n".join(lines) + "\n").encode()))
    return found


def cli_runs(items, runs: int, offset: int = 0) -> list[tuple[float, float]]:
    """(wall s, CPU s) of building one post per `carrousel build` process (cold), one after another."""
    root = Path(tempfile.mkdtemp(prefix="carrousel-load-cli-"))
    try:
        (root / "content").mkdir()
        for name, data in items:
            (root / "content" / name).write_bytes(data)
        found = []
        for name, _ in (items * (runs + offset))[offset:offset + runs]:
            start = time.perf_counter()
            proc = subprocess.Popen([*BUILD, "--project", str(root), "--force", str(root / "content" / name)],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            err = proc.stderr.read()
            _, status, usage = os.wait4(proc.pid, 0)
            if os.waitstatus_to_exitcode(status) != 0:
                raise SystemExit(f"bench: carrousel build {name} failed: {err.decode(errors='replace')}")
            found.append((time.perf_counter() - start, usage.ru_utime + usage.ru_stime))
        return found
    finally:
        shutil.rmtree(root, ignore_errors=True)


class Service:
    """`carrousel api --port 0` in a subprocess, with a thread sampling its workers' peak memory."""

    def __init__(self, workers: int, queue: int):
        self.proc = subprocess.Popen([*BUILD, "api", "--port", "0", "--workers", str(workers), "--queue", str(queue)],
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        found = re.search(r"http://([\d.]+):(\d+)/", self.proc.stdout.readline())
        if not found:
            raise SystemExit("bench: carrousel api did not start")
        self.url = f"http://{found.group(1)}:{found.group(2)}"
        self.peak: dict[int, int] = {}  # worker pid -> peak RSS bytes
        deadline = time.monotonic() + 120
        while not self.ready():
            if time.monotonic() > deadline:
                raise SystemExit("bench: the workers did not get ready in 120 s")
            time.sleep(0.1)
        self._stop = threading.Event()
        threading.Thread(target=self._sample, daemon=True).start()

    def ready(self) -> bool:
        try:
            return httpx.get(f"{self.url}/readyz", timeout=5).status_code == 200
        except httpx.HTTPError:
            return False

    def _sample(self) -> None:
        while not self._stop.wait(0.25):
            for stat in Path("/proc").glob("[0-9]*/stat"):
                try:
                    if int(stat.read_text().rsplit(")", 1)[1].split()[1]) != self.proc.pid:
                        continue
                    status = (stat.parent / "status").read_text()
                except (OSError, IndexError, ValueError):
                    continue
                found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
                if found:
                    pid = int(stat.parent.name)
                    self.peak[pid] = max(self.peak.get(pid, 0), int(found.group(1)) * 1024)

    def cpu(self) -> float:
        """CPU seconds used so far by the service and its workers (with the children they waited for)."""
        total = 0.0
        for stat in [Path(f"/proc/{self.proc.pid}/stat"), *Path("/proc").glob("[0-9]*/stat")]:
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if stat.parent.name == str(self.proc.pid) or int(fields[1]) == self.proc.pid:
                total += sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")  # utime stime cutime cstime
        return total

    def metric(self, name: str) -> float:
        found = re.search(rf"^{name} (\S+)$", httpx.get(f"{self.url}/metrics").text, re.M)
        return float(found.group(1)) if found else 0.0

    def stop(self) -> None:
        self._stop.set()
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(60)


def phase(url: str, items, clients: int, count: int, retry: bool, deadline: float) -> dict:
    """count renders from `clients` threads: {'latencies': [s of each 200], 'statuses': [...], 'seconds': wall}."""
    lock, statuses, latencies = threading.Lock(), [], []
    todo = iter(range(count))

    def client(_) -> None:
        with httpx.Client(base_url=url, timeout=120) as http:
            while time.monotonic() < deadline:
                with lock:
                    n = next(todo, None)
                if n is None:
                    return
                name, data = items[n % len(items)]
                while time.monotonic() < deadline:
                    start = time.perf_counter()
                    try:
                        response = http.post("/v1/render", files={"post": (name, data)})
                        status = response.status_code
                    except httpx.HTTPError:
                        status = 0  # no answer at all: counted as a failure
                    with lock:
                        statuses.append(status)
                        if status == 200:
                            latencies.append(time.perf_counter() - start)
                    if status != 429 or not retry:
                        break
                    time.sleep(float(response.headers.get("retry-after", 1)) + random.uniform(0, 0.5))

    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(client, range(clients)))
    return {"latencies": latencies, "statuses": statuses, "seconds": time.perf_counter() - start}


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))] if ordered else float("nan")


def by_status(statuses: list[int]) -> str:
    counts = {s: statuses.count(s) for s in sorted(set(statuses))}
    return ", ".join(f"{s or 'no answer'}: {n}" for s, n in counts.items())


def main() -> int:
    """Run the phases, print the table, write it into docs/PERFORMANCE.md."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--overload", type=int, default=64)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--queue", type=int, default=None, help="default: twice the workers, as carrousel api")
    parser.add_argument("--cli-runs", type=int, default=6)
    parser.add_argument("--budget", type=float, default=900, help="seconds the whole run may take")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    deadline = time.monotonic() + args.budget
    items = posts()
    load_before = os.getloadavg()[0]
    half = max(1, args.cli_runs // 2)
    print(f"bench: CLI, {half} posts, one cold process each…", flush=True)
    cli = cli_runs(items, half)
    service = Service(args.workers, 2 * args.workers if args.queue is None else args.queue)
    try:
        print("bench: 40 renders from 4 clients…", flush=True)
        four = phase(service.url, items, 4, 40, True, deadline)
        print(f"bench: {args.requests} renders from {args.clients} clients…", flush=True)
        cpu = service.cpu()
        main_run = phase(service.url, items, args.clients, args.requests, True, deadline)
        cpu = service.cpu() - cpu
        print(f"bench: overload, {args.overload} clients × 3 requests, no retry…", flush=True)
        over = phase(service.url, items, args.overload, 3 * args.overload, False, deadline)
        healthy = service.ready() and httpx.post(f"{service.url}/v1/render", files={"post": items[0]},
                                                 timeout=120).status_code == 200
        restarts = service.metric("carrousel_worker_restarts_total")
        workers_peak = max((v for pid, v in service.peak.items()), default=0)
    finally:
        service.stop()
    # The other half of the CLI runs after the service's: the machine's load changes over a run.
    print(f"bench: CLI, {args.cli_runs - half} more posts…", flush=True)
    cli += cli_runs(items, args.cli_runs - half, offset=half)
    cli_wall, cli_cpu = (statistics.mean(x) for x in zip(*cli, strict=True))
    ok = len(main_run["latencies"])
    rate = ok / main_run["seconds"] * 60
    cpu_per_post = cpu / max(1, ok)
    five = sum(1 for run in (four, main_run, over) for s in run["statuses"] if s >= 500 or s == 0)
    rows = [
        ("CLI, one post per cold process (mean of the varied posts, half before, half after)",
         f"{cli_wall:.2f} s/post = {60 / cli_wall:.1f} posts/min", "", ""),
        (f"service throughput, {args.requests} renders from {args.clients} clients",
         f"{rate:.1f} posts/min ({ok} in {main_run['seconds']:.0f} s)", f"≥ {2 * 60 / cli_wall:.1f} (2× the CLI)",
         rate >= 2 * 60 / cli_wall),
        ("CPU time per post: CLI cold process / service (warm worker)", f"{cli_cpu:.2f} s / {cpu_per_post:.2f} s "
         f"({cli_cpu / cpu_per_post:.2f}× less)", "", ""),
        ("latency p50 / p95 / p99, 4 clients", " / ".join(f"{pct(four['latencies'], p):.2f}" for p in (50, 95, 99))
         + " s", "p95 < 3 s", pct(four["latencies"], 95) < 3),
        ("mean latency, 4 clients, if both cores were the service's: 4 × CPU per post ÷ 2 (an estimate)",
         f"{4 * cpu_per_post / (os.cpu_count() or 1):.2f} s", "", ""),
        (f"latency p50 / p95 / p99, {args.clients} clients (queue wait and 429 retries included)",
         " / ".join(f"{pct(main_run['latencies'], p):.2f}" for p in (50, 95, 99)) + " s", "", ""),
        ("responses, 4 clients", by_status(four["statuses"]), "", ""),
        (f"responses, {args.clients} clients (429s retried)", by_status(main_run["statuses"]), "", ""),
        (f"responses, overload: {args.overload} clients × 3, no retry", by_status(over["statuses"]), "", ""),
        ("5xx or no answer, all phases", str(five), "0", five == 0),
        ("peak memory per worker (largest VmHWM of a worker process)", f"{workers_peak / 1e6:.0f} MB", "< 300 MB",
         workers_peak < 300e6),
        ("healthy after the overload (/readyz, then a render)", "yes" if healthy else "no", "yes", healthy),
        ("workers replaced during the run", f"{restarts:g}", "", ""),
    ]
    table = ["| figure | measured | target | |", "|---|---|---|---|"]
    table += [f"| {a} | {b} | {c} | {'' if d == '' else ('✓ met' if d else '✗ missed')} |" for a, b, c, d in rows]
    print("\n".join(table))
    if not args.no_write:
        write(table, args, load_before, os.getloadavg()[0])
    return 0 if all(d in ("", True) for *_, d in rows) else 1


def _machine(before: float, after: float) -> str:
    """How busy the machine was around the run (load average before and after), in a sentence."""
    load = f"load average {before:.1f} before, {after:.1f} after, on {os.cpu_count()} cores"
    return f"the machine otherwise quiet ({load})." if max(before, after) < 1.5 else (
        f"the machine shared with other builds ({load}): wall-clock figures are low bounds.")


def write(table: list[str], args, before: float, after: float) -> None:
    """Put the table into docs/PERFORMANCE.md as its own section (replacing the last one written)."""
    section = "\n".join([
        HEADING, "",
        f"Measured by `bench/load.py` on {datetime.date.today()}: {os.cpu_count()} cores, Python "
        f"{sys.version.split()[0]}, `carrousel api --workers {args.workers}` (queue: twice the workers) on "
        f"loopback, {_machine(before, after)} The CLI's rate was measured on the same machine, half of "
        "its runs before the service's and half after; CPU time (user + system, workers and their children "
        "included) does not depend on the load and compares the two fairly.", "", *table, "",
        "Varied posts: the repository's two and eight generated ones (3 to 8 slides, each format and theme). "
        "The service renders each in a warm worker (WeasyPrint imported, each built-in theme's stylesheet and fonts loaded); the CLI pays the "
        "import and font set-up for every post. Latency is from sending the request to the last byte of the "
        "zip. Past workers + queue requests, the service answers 429 at once with Retry-After; clients of the "
        "throughput phase wait that long and retry, the overload's do not. Memory is each worker's peak "
        "resident set (shared pages included), sampled from /proc every 0.25 s.", "",
        "```", ".venv/bin/python bench/load.py          # 5 to 15 minutes; --requests, --clients, --overload, "
        "--no-write", "```", ""])
    text = DOC.read_text(encoding="utf-8")
    start = text.find(HEADING)
    if start >= 0:
        end = text.find("\n## ", start + len(HEADING))
        text = text[:start] + section + (text[end + 1:] if end >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    DOC.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
