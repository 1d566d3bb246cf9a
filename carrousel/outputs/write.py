"""Write build results safely: temp files renamed into place, a manifest of what carrousel wrote, one writer at a time."""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from contextlib import contextmanager
from pathlib import Path

from carrousel.errors import CarrouselError
from carrousel.paths import is_inside

MANIFEST = ".carrousel-manifest.json"
LOCK = ".carrousel.lock"
LOCK_TIMEOUT = 600  # seconds to wait for another build writing the same output/ folder
_TMP = re.compile(r"^\.(.+)\.[a-z0-9_]{8}\.tmp$")  # names made by _stage (mkstemp adds 8 characters)
_UMASK = os.umask(0)
os.umask(_UMASK)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _stage(path: Path, data: bytes) -> Path:
    """Write data to a new temp file next to path; return the temp file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; outputs are ordinary files
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write data to path so that readers see the old file or the new one, never half of one."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    tmp = _stage(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextmanager
def locked(output: Path):
    """Hold output/'s lock: a second build waits instead of interleaving its writes with ours."""
    from filelock import FileLock, Timeout

    output.mkdir(parents=True, exist_ok=True)
    try:
        with FileLock(str(output / LOCK), timeout=LOCK_TIMEOUT):
            yield
    except Timeout:
        raise CarrouselError(f"another build has held {output.name}/{LOCK} for {LOCK_TIMEOUT} s", file=output.name,
                             hint="wait for it to finish, or delete the lock file if no build is running") from None


def read_manifest(folder: Path) -> dict[str, str]:
    """What carrousel wrote last time in folder: relative path -> sha256 (empty if unknown)."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}  # an older list-only manifest has no hashes: delete nothing on its word
    return {str(k): str(v) for k, v in data.items()}


def check_target(output: Path, slug: str, source: str) -> Path:
    """output/<slug>, refused if it would leave output/ or already holds another post's results."""
    folder = output / slug
    if not is_inside(folder, output) or folder.resolve().parent != output.resolve():
        raise CarrouselError(f"slug '{slug}' leads outside output/", hint="use letters, digits and '-' only")
    summary = folder / "post.json"
    if summary.is_file():
        try:
            previous = json.loads(summary.read_text(encoding="utf-8")).get("source")
        except (OSError, ValueError, AttributeError):
            previous = None
        if previous and previous != source:
            raise CarrouselError(f"slug '{slug}' is already used by {previous}", field="slug",
                                 hint=f"give one of them another 'slug:' or file name, or delete output/{slug}/")
    return folder


def write_tree(folder: Path, files: dict[str, bytes | str]) -> None:
    """Write files (relative path -> content) under folder, all or nothing as far as renames allow.

    Every file is staged first, then renamed into place, so a build that fails
    or is killed while writing leaves the previous outputs as they were. Files
    a previous build wrote and this one did not are removed, but only when
    their content is still what carrousel wrote: nothing else is ever deleted.
    """
    blobs = {rel: data.encode("utf-8") if isinstance(data, str) else data for rel, data in files.items()}
    folder.mkdir(parents=True, exist_ok=True)
    for rel in blobs:
        if not is_inside(folder / rel, folder):
            raise CarrouselError(f"output name '{rel}' leads outside {folder.name}/")
    previous = read_manifest(folder)
    _remove_stale_temps(folder, {Path(rel).name for rel in [*previous, *blobs, MANIFEST]})
    staged = {}
    try:
        for rel, data in blobs.items():
            staged[rel] = _stage(folder / rel, data)
        for rel, tmp in staged.items():
            os.replace(tmp, folder / rel)
    finally:
        for tmp in staged.values():
            tmp.unlink(missing_ok=True)
    for rel in sorted(set(previous) - set(blobs)):
        stale = folder / rel
        if stale.is_file() and not stale.is_symlink() and is_inside(stale, folder) \
                and _digest(stale.read_bytes()) == previous[rel]:
            stale.unlink()
    write_atomic(folder / MANIFEST, json.dumps({rel: _digest(data) for rel, data in sorted(blobs.items())}, indent=1))


def _remove_stale_temps(folder: Path, names: set) -> None:
    """Temp files a killed build left behind: only names this module makes for files it writes."""
    for tmp in folder.rglob(".*.tmp"):
        match = _TMP.match(tmp.name)
        if match and match.group(1) in names and tmp.is_file() and not tmp.is_symlink():
            tmp.unlink(missing_ok=True)
