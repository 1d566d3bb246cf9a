"""Where templates and themes come from: the project's own folders first, then the ones carrousel ships.

A project is any folder with `content/`. Its `templates/` and `themes/` are
optional: a file there replaces the built-in file of the same path, a theme
folder adds a theme or replaces a built-in one (and may `extends:` one). The
built-ins live in the installed package (`carrousel/builtin/`, copied there
when the wheel is built), or at the top of a source checkout.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from carrousel.paths import is_inside

PACKAGE = Path(__file__).resolve().parent


def builtin_dir() -> Path:
    """The folder holding the built-in templates/ and themes/."""
    shipped = PACKAGE / "builtin"
    return shipped if (shipped / "templates").is_dir() else PACKAGE.parent


@dataclass(frozen=True)
class Layers:
    """A project's folders and the built-in ones, in lookup order."""

    root: Path  # the project
    builtin: Path = builtin_dir()

    def _both(self, name: str) -> list[Path]:
        folders = [self.root / name]
        if self.builtin.resolve() != self.root.resolve():
            folders.append(self.builtin / name)
        return [folder for folder in folders if folder.is_dir()]

    def templates(self) -> list[Path]:
        """The templates/ folders, the project's first."""
        return self._both("templates")

    def themes(self) -> list[Path]:
        """The themes/ folders, the project's first."""
        return self._both("themes")

    def template(self, relative: str) -> Path:
        """The file that wins for a path under templates/ (the project's, else the built-in one)."""
        for folder in self.templates():
            if (folder / relative).is_file():
                return folder / relative
        return self.builtin / "templates" / relative

    def builtin_templates(self) -> Path:
        """The built-in templates/ folder (what `!base/` reaches)."""
        return self.builtin / "templates"

    def readable(self) -> list[Path]:
        """Folders whose files templates and themes may use."""
        return [self.root] + ([self.builtin] if self.builtin.resolve() != self.root.resolve() else [])

    def allows(self, path: Path | str) -> bool:
        """Whether a file (symlinks followed) lies in the project or among the built-ins."""
        return any(is_inside(path, folder) for folder in self.readable())

    def shown(self, path: Path | str) -> str:
        """A file as messages name it: relative to the project, or `carrousel:` and its place among the built-ins."""
        path = Path(path).absolute()  # not resolved: a link is named where it stands, not where it leads
        for folder, prefix in ((self.root, ""), (self.builtin, "carrousel:")):
            folder = folder.absolute()
            if is_inside(path, folder, real=False):
                return prefix + path.relative_to(folder).as_posix()
        return path.name


def find_root(start: Path) -> Path | None:
    """The nearest folder with content/, from start upwards (as git finds .git); None when there is none."""
    start = Path(start).resolve()
    for folder in [start, *start.parents]:
        if (folder / "content").is_dir():
            return folder
    return None
