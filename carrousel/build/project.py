"""A project: the folder of content/, templates/ and themes/, with its kinds and settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from carrousel.errors import CarrouselError
from carrousel.load import settings
from carrousel.load.files import find_posts
from carrousel.load.kinds import load_kinds
from carrousel.theme.fonts import cache_dir


@dataclass
class Project:
    """Where a project's folders are, and what it declares (kinds, carrousel.yaml)."""

    root: Path
    kinds: dict = field(default_factory=dict)
    settings: dict = field(default_factory=dict)  # carrousel.yaml: defaults for every post

    @classmethod
    def at(cls, root: Path) -> "Project":
        """The project rooted at root, with its slide kinds loaded."""
        root = root.resolve()
        if not (root / "templates" / "base.html").is_file():
            raise CarrouselError("no carrousel project here (templates/base.html is missing)", file=str(root.name),
                                 hint="run from the folder that holds content/, templates/ and themes/")
        return cls(root, load_kinds(root / "templates"), settings.load(root))

    @property
    def output(self) -> Path:
        """The project's output/ folder."""
        return self.root / "output"

    def posts(self) -> list[Path]:
        """Every post under content/."""
        return find_posts(self.root / "content")

    def readable(self) -> list[Path]:
        """Folders the renderer may read: the project and the font cache."""
        return [self.root, cache_dir()]
