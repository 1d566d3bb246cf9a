"""What a running service allows: its limits, its pool, its token, the project whose themes it offers."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from carrousel import limits

TOKEN_VARIABLE = "CARROUSEL_API_TOKEN"
MB = 1 << 20


@dataclass(frozen=True)
class Config:
    """The service's settings; every limit is answered with its own JSON error when passed."""

    workers: int = os.cpu_count() or 1  # warm render processes, one render each at a time
    queue: int = 2 * (os.cpu_count() or 1)  # requests waiting for a worker before 429
    max_request: int = 20 * MB  # bytes of one request body (413)
    max_assets: int = 50  # files uploaded beside the post, zip entries included (413)
    max_asset: int = 10 * MB  # bytes of one asset, unzipped (413)
    max_slides: int = 100  # slides of one post (413; the loader's own bound is 100)
    timeout: float = 30.0  # seconds one render may take (504)
    memory: int = limits.DEFAULT_MEMORY  # bytes of address space of one render process (413)
    upload_timeout: float = 30.0  # seconds to receive a request body (408)
    token: str | None = None  # bearer token; None: no token asked
    project: Path | None = None  # a project whose themes/ and templates/ every request may use
    temp: Path | None = None  # where temporary projects go (default: the system's temp folder)

    @property
    def capacity(self) -> int:
        """Requests held at once: rendering plus waiting."""
        return self.workers + self.queue


def token_from_env() -> str | None:
    """The bearer token from CARROUSEL_API_TOKEN (None when unset or blank)."""
    token = os.environ.get(TOKEN_VARIABLE, "").strip()
    return token or None
