"""Write build results: every file via a temp file and a rename, tracked in a manifest."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

MANIFEST = ".carrousel-manifest.json"
_UMASK = os.umask(0)
os.umask(_UMASK)


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write data to path so that readers see the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; outputs are ordinary files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_tree(folder: Path, files: dict[str, bytes | str]) -> None:
    """Write files (relative path -> content) under folder; remove files a previous build wrote and this one did not."""
    manifest = folder / MANIFEST
    previous = set()
    if manifest.is_file():
        try:
            previous = set(json.loads(manifest.read_text(encoding="utf-8")))
        except (ValueError, TypeError):
            previous = set()
    for rel, data in files.items():
        write_atomic(folder / rel, data)
    for rel in sorted(previous - set(files)):
        stale = folder / rel
        if stale.is_file() and folder.resolve() in stale.resolve().parents:
            stale.unlink()
    write_atomic(manifest, json.dumps(sorted(files), indent=1))
