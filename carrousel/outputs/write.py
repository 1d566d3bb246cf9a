"""Write build results safely: a post's files switched in as one set, a manifest of what carrousel wrote, one writer
at a time."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from carrousel.errors import CarrouselError
from carrousel.outputs import swap
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
def writing(shown: str):
    """Turn a failed write (disk full, no permission) into one line naming the file: `no space left on device
    writing output/x/png/03.png`."""
    try:
        yield
    except OSError as err:
        reason = (err.strerror or type(err).__name__).lower()
        hint = "free some disk space and build again" if err.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG) \
            else "check the folder's permissions" if err.errno in (errno.EACCES, errno.EPERM, errno.EROFS) else None
        raise CarrouselError(f"{reason} writing {shown}", hint=hint) from None


@contextmanager
def locked(output: Path):
    """Hold output/'s lock: a second build waits instead of interleaving its writes with ours."""
    from filelock import FileLock, Timeout

    with writing(f"{output.name}/{LOCK}"):
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


def manifest_of(files: dict[str, bytes | str]) -> bytes:
    """The manifest of a set of files: relative path -> sha256, as JSON."""
    blobs = {rel: data.encode("utf-8") if isinstance(data, str) else data for rel, data in files.items()}
    return json.dumps({rel: _digest(data) for rel, data in sorted(blobs.items())}, indent=1).encode()


def manifest_digest(folder: Path, files: dict | None = None) -> str | None:
    """The sha256 of folder's manifest as it is on disk (None without one): which build's set is there. With
    files, the sha256 of the manifest writing them gives instead."""
    if files is not None:
        return _digest(manifest_of(files))
    try:
        return _digest((folder / MANIFEST).read_bytes())
    except OSError:
        return None


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


def write_tree(folder: Path, files: dict[str, bytes | str], shown: str | None = None) -> str:
    """Write files (relative path -> content) as folder's new set, all or nothing; return the manifest's sha256.

    Every file is staged first, then the new set is assembled in a folder next
    to this one and switched in with one rename (swap.py): a reader, the preview
    or the next build sees the previous set or the new one, never a mix,
    whatever is killed when. What is not carrousel's is carried over: the
    user's own files, files changed by hand since carrousel wrote them, and
    sub-folders (another variant's outputs). Files a previous build wrote and
    this one did not are left out, but only when their content is still what
    carrousel wrote. `shown` is the folder as messages name it.
    """
    shown = shown or folder.name
    blobs = {rel: data.encode("utf-8") if isinstance(data, str) else data for rel, data in files.items()}
    for rel in blobs:
        if not is_inside(folder / rel, folder):
            raise CarrouselError(f"output name '{rel}' leads outside {folder.name}/")
    with writing(f"{shown}/"):
        folder.parent.mkdir(parents=True, exist_ok=True)
        swap.recover(folder)  # what a build killed while switching left next to it
    previous = read_manifest(folder)
    ours = {Path(rel).name for rel in [*previous, *blobs, MANIFEST]}
    manifest = manifest_of(blobs)
    staged, new = {}, None
    try:
        for rel, data in blobs.items():
            with writing(f"{shown}/{rel}"):
                staged[rel] = _stage(folder / rel, data)
        with writing(f"{shown}/"):
            new = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.", suffix=".new.tmp"))
            os.chmod(new, 0o777 & ~_UMASK)
            if folder.is_dir():
                swap.carry(folder, new, lambda rel, entry: _keep(folder, rel, entry, blobs, previous, ours, staged))
            for rel, tmp in staged.items():
                (new / rel).parent.mkdir(parents=True, exist_ok=True)
                os.rename(tmp, new / rel)
            staged = {}
        with writing(f"{shown}/{MANIFEST}"):
            (new / MANIFEST).write_bytes(manifest)
        with writing(f"{shown}/"):
            swap.switch(new, folder)
        new = None
    finally:
        for tmp in staged.values():
            tmp.unlink(missing_ok=True)
        if new is not None:
            shutil.rmtree(new, ignore_errors=True)
    return _digest(manifest)


def _keep(folder: Path, rel: str, entry, blobs: dict, previous: dict, ours: set, staged: dict) -> bool:
    """Whether an entry of the current set is carried over into the new one (see write_tree)."""
    name = rel.rstrip("/").rsplit("/", 1)[-1]
    if rel.endswith("/"):
        return not (name.startswith(".") and name.endswith(".tmp"))  # a variant's set folders: its own to clear
    match = _TMP.match(name)
    if rel in blobs or rel == MANIFEST or (match and match.group(1) in ours):
        return False  # replaced, or a temp file of ours (this build's staged files, or a killed build's)
    if rel in previous and not entry.is_symlink():
        try:
            return _digest(Path(entry.path).read_bytes()) != previous[rel]  # ours and unchanged: stale
        except OSError:
            return True
    return True


def sweep(output: Path) -> None:
    """Clear what killed builds left under output/: set folders (an old set left aside is put back) and the temp
    files of output/index.html."""
    try:
        swap.recover_all(output)
        for tmp in output.glob(".index.html.*.tmp"):
            if _TMP.match(tmp.name) and tmp.is_file() and not tmp.is_symlink():
                tmp.unlink(missing_ok=True)
    except OSError:
        pass
