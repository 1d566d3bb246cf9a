"""Switching a folder for a new one in one step, and clearing what a killed switch left behind.

On Linux the new folder and the old one are exchanged by a single
renameat2(RENAME_EXCHANGE): a reader sees one or the other, whatever is killed
when. Elsewhere the old folder is moved aside then the new one moved in; a kill
between the two leaves the old one aside, and the next build puts it back.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import sys
from pathlib import Path

RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_EXCHANGE = None  # renameat2, once looked up (False where there is none)


def set_name(folder: Path, kind: str) -> re.Pattern:
    """The names of folder's set folders of a kind ('new' being assembled, 'old' moved aside) next to it."""
    return re.compile(rf"^\.{re.escape(folder.name)}\.[a-z0-9_]{{8}}\.{kind}\.tmp$")


def exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step; False where the system cannot (then nothing changed)."""
    import ctypes

    global _EXCHANGE
    if _EXCHANGE is None:
        _EXCHANGE = False
        if sys.platform.startswith("linux"):
            try:
                _EXCHANGE = ctypes.CDLL(None, use_errno=True).renameat2
            except (OSError, AttributeError):  # a libc older than glibc 2.28, or musl without it
                pass
    if not _EXCHANGE:
        return False
    done = _EXCHANGE(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):  # a file system without exchange
        return False
    raise OSError(code, os.strerror(code), str(b))


def switch(new: Path, target: Path) -> None:
    """Put the folder new in target's place in one step; new is gone after (target's old content with it)."""
    if not target.exists():
        os.rename(new, target)
        return
    if exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # holds the old set now
        return
    aside = new.with_name(new.name.removesuffix(".new.tmp") + ".old.tmp")
    os.rename(target, aside)
    os.rename(new, target)  # killed before this line: the next build puts `aside` back (recover)
    shutil.rmtree(aside, ignore_errors=True)


def recover(folder: Path) -> None:
    """Clear the set folders a killed build left next to folder; put its old set back if it was left aside."""
    try:
        names = os.listdir(folder.parent)
    except OSError:
        return
    aside = sorted((folder.parent / name for name in names if set_name(folder, "old").match(name)),
                   key=lambda path: path.stat().st_mtime_ns)
    if aside and not folder.exists():
        os.rename(aside.pop(), folder)
    for name in names:
        if set_name(folder, "new").match(name):
            aside.append(folder.parent / name)
    for path in aside:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)


def recover_all(output: Path) -> None:
    """recover() for every post folder under output/ and every variant folder in them."""
    pattern = re.compile(r"^\.(.+)\.[a-z0-9_]{8}\.(new|old)\.tmp$")
    for parent in [output, *(p for p in output.iterdir() if p.is_dir() and not p.name.startswith("."))]:
        try:
            names = os.listdir(parent)
        except OSError:
            continue
        for name in {m.group(1) for m in map(pattern.match, names) if m}:
            recover(parent / name)


def carry(old: Path, new: Path, keep) -> None:
    """Hard-link into new what keep(relative path, entry) accepts from old (folders walked, links kept as links;
    copied where hard links are not possible)."""
    def walk(source: Path, target: Path, prefix: str) -> None:
        with os.scandir(source) as entries:
            for entry in entries:
                rel = prefix + entry.name
                into = target / entry.name
                if entry.is_dir(follow_symlinks=False):
                    if keep(rel + "/", entry):
                        into.mkdir(exist_ok=True)
                        shutil.copystat(entry.path, into)
                        walk(Path(entry.path), into, rel + "/")
                elif keep(rel, entry):
                    if entry.is_symlink():
                        os.symlink(os.readlink(entry.path), into)
                        continue
                    try:
                        os.link(entry.path, into)
                    except OSError:
                        shutil.copy2(entry.path, into)
    walk(old, new, "")
