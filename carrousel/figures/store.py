"""Rendered figures kept by content, in this process and on disk: an unchanged figure is never drawn twice.

A figure's key is a hash of what decides its bytes: its source, the palette and size it is drawn for, the
versions of the rendering libraries and carrousel's figure code. Entries are JSON files under the user cache
(`~/.cache/carrousel/figures`, or `$CARROUSEL_CACHE/figures`), written to a temp file and renamed into place,
so that processes building at once never read half an entry. Errors are not kept: a broken diagram is
reported again on the next build, with its line.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from carrousel.paths import user_cache

LIBRARIES = ("mmdr", "ziamath", "ziafont", "latex2mathml", "matplotlib")
MEMORY_ENTRIES = 512  # figures kept in this process (serve keeps every figure of the posts it shows)

_MEMORY: dict[str, dict] = {}
_ENGINE: str | None = None
COUNTS = {"drawn": 0, "memory": 0, "disk": 0}  # how each figure asked for was obtained, in this process


def engine() -> str:
    """What changes a figure's bytes besides its input: the libraries' versions and this package's code."""
    global _ENGINE
    if _ENGINE is None:
        from importlib.metadata import PackageNotFoundError, version

        h = hashlib.sha256()
        for name in LIBRARIES:
            try:
                h.update(f"{name}={version(name)};".encode())
            except PackageNotFoundError:
                h.update(f"{name}=-;".encode())
        for source in sorted(Path(__file__).parent.glob("*.py")):
            h.update(source.name.encode() + source.read_bytes())
        _ENGINE = h.hexdigest()
    return _ENGINE


def key(*parts: str) -> str:
    """The key of a figure from the parts that decide it (each length-prefixed)."""
    h = hashlib.sha256(engine().encode())
    for part in parts:
        data = part.encode("utf-8")
        h.update(len(data).to_bytes(8, "big") + data)
    return h.hexdigest()


def fetch(figure_key: str, draw: Callable[[], dict]) -> dict:
    """The entry stored under figure_key, or draw() stored there (a JSON-ready dict)."""
    found = _MEMORY.get(figure_key)
    if found is not None:
        COUNTS["memory"] += 1
        return found
    path = user_cache("figures") / figure_key[:2] / f"{figure_key[2:]}.json"
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
        COUNTS["disk"] += 1
    except (OSError, ValueError):
        found = draw()
        COUNTS["drawn"] += 1
        save(path, found)
    if len(_MEMORY) >= MEMORY_ENTRIES:
        _MEMORY.pop(next(iter(_MEMORY)))
    _MEMORY[figure_key] = found
    return found


def save(path: Path, entry: dict) -> None:
    """Write an entry atomically; a cache that cannot be written only costs time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(entry, out)
        os.replace(temp, path)
    except OSError:
        pass


def forget_memory() -> None:
    """Drop the figures kept in this process (the disk entries stay)."""
    _MEMORY.clear()
