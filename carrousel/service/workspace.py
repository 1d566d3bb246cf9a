"""A request's temporary project: its own folder with content/, the post and its assets in it, gone afterwards.

Asset names are relative paths under content/ (as the post refers to them:
`assets/ok.png`); a zip's entries too. Names are checked before anything is
written, sizes while writing (a zip's declared sizes may lie), so that nothing
lands outside the folder and no upload fills the disk.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from contextlib import contextmanager
from pathlib import Path

from carrousel.load.files import POST_SUFFIXES
from carrousel.service.config import Config
from carrousel.service.errors import ServiceError

MAX_DEPTH = 8  # folders in an asset's path
MAX_PART = 120  # characters of one name in a path
_NAME = re.compile(r"^[^\x00-\x1f\x7f/\\:*?\"<>|]+$")  # no control characters, separators or Windows specials
CHUNK = 1 << 16
OFFERED = ("themes", "templates", "carrousel.yaml")  # what a service started with --project lends every request


@contextmanager
def temporary_project(base: Path, offered: Path | None = None):
    """A fresh project folder under base (content/, and the offered project's themes and templates), removed
    afterwards."""
    root = Path(tempfile.mkdtemp(prefix="request-", dir=base))
    try:
        (root / "content").mkdir()
        if offered is not None:
            for name in OFFERED:
                source = offered / name
                if source.is_dir():
                    # symlinks=True: a link in the offered project stays a link, refused by the renderer as before
                    shutil.copytree(source, root / name, symlinks=True)
                elif source.is_file():
                    shutil.copyfile(source, root / name)
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


def post_name(filename: str | None) -> str:
    """The post's file name as sent, checked: one name ending in .yaml, .yml or .md."""
    name = (filename or "").strip()
    if not name:
        raise ServiceError(400, "missing_post", "the post was sent without a file name", field="post",
                           hint="send it as a file: -F post=@my-post.yaml (the name gives the slug)")
    if "/" in name or "\\" in name or not _NAME.match(name) or name in (".", ".."):
        raise ServiceError(400, "bad_name", f"the post's file name {name[:80]!r} must be a plain file name",
                           field="post", hint="name it like my-post.yaml or my-post.md")
    if not name.endswith(POST_SUFFIXES):
        raise ServiceError(400, "bad_name", f"the post's file name {name[:80]!r} must end in .yaml, .yml or .md",
                           field="post", hint="YAML posts end in .yaml, Markdown posts in .md")
    return name


def asset_path(name: str | None) -> str:
    """An asset's path relative to the post, checked: relative, no '..', at most MAX_DEPTH folders."""
    text = (name or "").strip()
    parts = text.split("/")
    bad = (not text or text.startswith("/") or "\\" in text or len(parts) > MAX_DEPTH + 1
           or any(part in ("", ".", "..") or len(part) > MAX_PART or not _NAME.match(part) for part in parts))
    if bad:
        raise ServiceError(400, "bad_name", f"asset name {text[:80]!r} is not a relative path inside the post's "
                                            "folder", field="assets",
                           hint="name assets as the post refers to them, like assets/chart.png: "
                                "-F 'assets=@chart.png;filename=assets/chart.png'")
    return text


class Writer:
    """Puts the post and its assets under root/content/, counting files and bytes against the limits."""

    def __init__(self, root: Path, config: Config):
        self.content = root / "content"
        self.config = config
        self.count = 0
        self.files: set[str] = set()  # relative paths written
        self.folders: set[str] = set()  # and the folders they are in

    def post(self, name: str, source) -> str:
        """Write the post file; return its path relative to the project."""
        self.files.add(name)
        self._copy(source, self.content / name, limit=self.config.max_request, shown=name)
        return f"content/{name}"

    def asset(self, name: str, source) -> None:
        """Write one asset at its relative path under content/."""
        relative = asset_path(name)
        self.count += 1
        if self.count > self.config.max_assets:
            raise ServiceError(413, "too_many_assets", f"more than {self.config.max_assets} assets",
                               field="assets", hint="send only the files the post uses")
        parents = _parents(relative)
        if relative in self.files or relative in self.folders or any(p in self.files for p in parents):
            raise ServiceError(400, "duplicate_asset", f"two files are named {relative!r}", field="assets",
                               hint="each asset needs its own path")
        self.files.add(relative)
        self.folders.update(parents)
        target = self.content / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        self._copy(source, target, limit=self.config.max_asset, shown=relative)

    def archive(self, source, shown: str) -> None:
        """Write every file of a zip as an asset (its paths relative to the post)."""
        try:
            with zipfile.ZipFile(source) as archive:
                entries = [info for info in archive.infolist() if not info.is_dir()]
                if self.count + len(entries) > self.config.max_assets:
                    raise ServiceError(413, "too_many_assets", f"{shown} holds {len(entries)} files; at most "
                                       f"{self.config.max_assets} assets", field="assets",
                                       hint="send only the files the post uses")
                for info in entries:
                    with archive.open(info) as member:
                        self.asset(info.filename, member)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, RuntimeError, NotImplementedError, EOFError) as err:
            raise ServiceError(400, "bad_zip", f"{shown} is not a zip that can be read ({err})", field="assets",
                               hint="send a plain zip (no encryption), or the files one by one") from None

    @staticmethod
    def _copy(source, target: Path, limit: int, shown: str) -> None:
        written = 0
        with open(target, "xb") as out:
            while chunk := source.read(CHUNK):
                written += len(chunk)
                if written > limit:
                    raise ServiceError(413, "asset_too_large", f"{shown} is larger than {limit / 1e6:g} MB",
                                       field="assets", hint="send a smaller file (images over 2700 px are "
                                                            "downscaled anyway)")
                out.write(chunk)


def is_zip(filename: str | None, content_type: str | None) -> bool:
    """Whether an uploaded asset is a zip of assets (by its name or its declared type)."""
    return (filename or "").lower().endswith(".zip") or (content_type or "").split(";")[0].strip() in (
        "application/zip", "application/x-zip-compressed")


def _parents(relative: str) -> list[str]:
    parts = relative.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts))]
