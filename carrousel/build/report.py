"""`--report FILE.jsonl`: one JSON line per post, for a CI step to merge the shards' results."""

from __future__ import annotations

import json
import os
from pathlib import Path

from carrousel.outputs.write import read_manifest


def outputs(folder: Path) -> list[dict]:
    """The files carrousel wrote in a post's folder: path, bytes, sha256 (from its manifest)."""
    out = []
    for rel, sha in sorted(read_manifest(folder).items()):
        try:
            size = (folder / rel).stat().st_size
        except OSError:
            continue
        out.append({"path": rel, "bytes": size, "sha256": sha})
    return out


def line(result) -> str:
    """A batch Result as one JSON line."""
    folder = Path(result.folder) if result.folder else None
    entry = {"post": os.path.relpath(result.path), "slug": result.slug, "status": result.status, "slides": result.slides,
             "seconds": round(result.seconds, 3), "output": os.path.relpath(folder) if folder else None,
             "outputs": outputs(folder) if folder else [], "warnings": result.warnings, "errors": result.errors}
    return json.dumps(entry, ensure_ascii=False)


def write(path: Path, results: list) -> None:
    """Write the report: one line per result, written whole (a reader never sees half a report)."""
    from carrousel.outputs.write import write_atomic

    write_atomic(path, "".join(line(r) + "\n" for r in results))
