"""Sharded batch builds: a stable share of a project's posts per machine (CI matrices, Kubernetes Indexed Jobs).

A post's shard depends only on its slug (the name its file gives it), hashed:
adding a post moves only that post, and every machine agrees without talking
to the others.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from carrousel.errors import CarrouselError
from carrousel.load.files import slugify


def parse(text: str) -> tuple[int, int]:
    """`K/N` (1 ≤ K ≤ N, as in `--shard 2/5`) as (K, N)."""
    head, sep, tail = str(text).partition("/")
    try:
        k, n = int(head), int(tail)
    except ValueError:
        k = n = 0
    if not sep or not 1 <= k <= n:
        raise CarrouselError(f"--shard '{text}' is not K/N with 1 ≤ K ≤ N", field="--shard",
                             hint="e.g. --shard 1/4 … --shard 4/4, one per machine")
    return k, n


def from_environment(shards: int | None) -> tuple[int, int] | None:
    """The shard of a Kubernetes Indexed Job's pod: JOB_COMPLETION_INDEX (0-based) of `--shards N`."""
    index = os.environ.get("JOB_COMPLETION_INDEX")
    if shards is None:
        return None
    if index is None or not index.isdigit() or int(index) >= shards:
        raise CarrouselError(f"--shards {shards} needs JOB_COMPLETION_INDEX between 0 and {shards - 1} (got "
                             f"{index!r})", field="--shards", hint="run it in a Kubernetes Indexed Job, or give --shard K/N")
    return int(index) + 1, shards


def shard_of(slug: str, count: int) -> int:
    """The shard (1 to count) a slug belongs to."""
    return int.from_bytes(hashlib.sha256(slug.encode("utf-8")).digest()[:8], "big") % count + 1


def select(posts: list[Path], shard: tuple[int, int] | None) -> list[Path]:
    """The posts of one shard (all of them without one)."""
    if shard is None:
        return list(posts)
    k, n = shard
    return [post for post in posts if shard_of(slugify(post.stem), n) == k]
