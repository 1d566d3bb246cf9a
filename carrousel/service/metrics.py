"""What /metrics says, in Prometheus' text format: requests by status, render durations, the queue, the workers."""

from __future__ import annotations

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
disable_created_metrics()  # the *_created series only double the page

BUCKETS = (0.25, 0.5, 1, 1.5, 2, 3, 5, 8, 13, 20, 30, 60, 120)  # seconds: a 9-slide post renders in about 1-2 s


class Metrics:
    """The service's Prometheus registry (its own, so that two services in one process do not mix)."""

    def __init__(self, workers):
        self.registry = CollectorRegistry()
        self.requests = Counter("carrousel_requests", "HTTP requests answered, by route and status",
                                ["route", "status"], registry=self.registry)
        self.renders = Histogram("carrousel_render_seconds", "Time of renders that gave a post's files",
                                 buckets=BUCKETS, registry=self.registry)
        self.pngs = Counter("carrousel_pngs", "Slide PNGs rasterized and encoded (none for a PDF alone)",
                            registry=self.registry)
        self.registry.register(_PoolCollector(workers))

    def text(self) -> bytes:
        """Everything, as Prometheus scrapes it."""
        return generate_latest(self.registry)


class _PoolCollector:
    """Read from the workers at each scrape: queue depth, renders under way, worker restarts and memory."""

    def __init__(self, workers):
        self.workers = workers

    def collect(self):
        workers = self.workers
        yield _gauge("carrousel_queue_depth", "Requests admitted and not rendering yet (receiving their upload, or "
                                              "waiting for a worker)", workers.queued)
        yield _gauge("carrousel_renders_in_progress", "Renders under way in a worker", workers.rendering)
        yield _gauge("carrousel_workers", "Render workers in the pool", workers.config.workers)
        yield _gauge("carrousel_queue_capacity", "Requests held at most (rendering plus waiting) before 429",
                     workers.config.capacity)
        restarts = CounterMetricFamily("carrousel_worker_restarts", "Render workers replaced (killed at a limit, "
                                                                    "or dead)")
        restarts.add_metric([], workers.restarts)
        yield restarts
        peak = GaugeMetricFamily("carrousel_worker_peak_memory_bytes", "Peak resident memory of each running "
                                 "render worker (VmHWM)", labels=["worker"])
        for index, pid in enumerate(workers.pids()):
            value = peak_rss(pid)
            if value is not None:
                peak.add_metric([str(index)], value)
        yield peak


def _gauge(name: str, documentation: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, value=value)


def peak_rss(pid: int | None) -> int | None:
    """A process's peak resident memory in bytes, from /proc (None where there is no such file)."""
    if pid is None:
        return None
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None
