"""Where a file really is: the one check that a path stays inside a folder."""

from __future__ import annotations

import os
from pathlib import Path


def is_inside(path: Path | str, folder: Path | str, strict: bool = True, real: bool = True) -> bool:
    """Whether path lies under folder (symlinks followed when real); strict=False also accepts folder itself."""
    path, folder = Path(path), Path(folder)
    if real:
        path, folder = path.resolve(), folder.resolve()
    return folder in path.parents or (not strict and path == folder)


def shown(path: Path | str, root: Path) -> str:
    """A path as people see it in messages: relative to the project, or its name when it lies outside."""
    try:
        return str(Path(path).resolve().relative_to(root.resolve()))
    except (TypeError, ValueError):
        return Path(path).name


def user_cache(name: str) -> Path:
    """A folder of the user cache shared by every project (CARROUSEL_CACHE, else ~/.cache/carrousel)."""
    base = os.environ.get("CARROUSEL_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "carrousel")
    return Path(base) / name
