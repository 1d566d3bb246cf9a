"""What a build is asked for, as one frozen value handed from stage to stage."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BuildOptions:
    """Options that change what a post's outputs are (the command line's --scale, --format…)."""

    scale: float = 1.0  # PNG width = page width × scale
    format: str | None = None  # wins over the post's and the project's format
    allow_overflow: bool = False  # build a slide that does not fit anyway, marked
    zip_pngs: bool = False  # also <slug>-png.zip

    def key(self) -> str:
        """These options as text, for the cache's record of a post's inputs."""
        return repr((float(self.scale), self.format, bool(self.allow_overflow), bool(self.zip_pngs)))
