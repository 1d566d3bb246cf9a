"""A project: the folder of content/, templates/ and themes/, with its kinds and settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from carrousel.errors import CarrouselError
from carrousel.layers import Layers, find_root
from carrousel.load import settings
from carrousel.load.files import find_posts
from carrousel.load.kinds import load_kinds
from carrousel.theme.fonts import cache_dir


_KINDS: dict = {}  # templates folder -> (its slide templates' names, sizes and dates, the kinds they declare)


def kinds_of(templates_dirs) -> dict:
    """The kinds declared in these templates folders (the first wins), each folder read again only when one of
    its slide templates changed: the service's requests, each a new project, share the built-in kinds' schemas
    (reading them takes ~25 ms)."""
    kinds = {}
    for folder in reversed([Path(d) for d in templates_dirs]):
        files = sorted((folder / "slides").glob("*.html"))
        stamp = tuple((path.name, path.stat().st_mtime_ns, path.stat().st_size) for path in files)
        known = _KINDS.get(folder)
        if known is None or known[0] != stamp:
            known = _KINDS[folder] = (stamp, load_kinds([folder]))
            while len(_KINDS) > 8:  # the built-in folder and a few projects'
                _KINDS.pop(next(iter(_KINDS)))
        kinds.update(known[1])
    return dict(sorted(kinds.items()))


@dataclass
class Project:
    """Where a project's folders are, and what it declares (kinds, carrousel.yaml)."""

    root: Path
    kinds: dict = field(default_factory=dict)
    settings: dict = field(default_factory=dict)  # carrousel.yaml: defaults for every post
    layers: Layers | None = None  # the project's templates/ and themes/, then the built-in ones

    def __post_init__(self):
        if self.layers is None:
            self.layers = Layers(self.root)

    @classmethod
    def at(cls, root: Path) -> "Project":
        """The project rooted at root (a folder with content/), with its slide kinds loaded."""
        root = root.resolve()
        if not (root / "content").is_dir():
            raise CarrouselError("no carrousel project here (no content/ folder)", file=str(root.name),
                                 hint="run from a folder that holds content/, or create one with: carrousel new DIR")
        layers = Layers(root)
        return cls(root, kinds_of(layers.templates()), settings.load(root), layers)

    @classmethod
    def find(cls, start: Path) -> "Project":
        """The project holding start: the nearest folder with content/, from start upwards (as git finds .git)."""
        root = find_root(start)
        if root is None:
            raise CarrouselError("no carrousel project here (no content/ folder in this folder or any above it)",
                                 file=Path(start).resolve().name or str(start),
                                 hint="run from a folder that holds content/, or create one with: carrousel new DIR")
        return cls.at(root)

    @property
    def output(self) -> Path:
        """The project's output/ folder."""
        return self.root / "output"

    def posts(self) -> list[Path]:
        """Every post under content/."""
        return find_posts(self.root / "content")

    def readable(self) -> list[Path]:
        """Folders the renderer may read: the project, the built-in templates and themes, the font cache."""
        return [*self.layers.readable(), cache_dir()]
