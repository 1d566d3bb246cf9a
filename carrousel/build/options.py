"""What a build is asked for, as one frozen value handed from stage to stage."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BuildOptions:
    """Options that change what a post's outputs are (the command line's --scale, --format, --export…)."""

    scale: float = 1.0  # PNG width = page width × scale
    format: str | None = None  # wins over the post's and the project's format
    theme: str | None = None  # wins over the post's and the project's theme
    allow_overflow: bool = False  # build a slide that does not fit anyway, marked
    zip_pngs: bool = False  # also <slug>-png.zip (--zip, the same as adding zip to the exports)
    exports: tuple[str, ...] | None = None  # --export: wins over the post's and the project's `export:`
    platform: str | None = None  # --platform: the exports that fit it (unless given), its safe zones checked
    jpg_quality: int | None = None  # None: the JPEG encoder's default
    crossfade: float | None = None  # seconds between slides in the MP4; None: the encoder's default
    mode: str | None = None  # light or dark: wins over the post's and the project's mode

    def key(self) -> str:
        """These options as text, for the cache's record of a post's inputs."""
        return repr((float(self.scale), self.format, self.theme, bool(self.allow_overflow), bool(self.zip_pngs),
                     self.exports, self.platform, self.jpg_quality,
                     None if self.crossfade is None else float(self.crossfade), self.mode))


def variant(post_format: str, post_theme: str, built_format: str, built_theme: str, post_mode: str | None = None,
            built_mode: str | None = None) -> str:
    """The folder under output/<slug>/ of a build in another format, theme or mode than the post's own ('' for
    the post's own): `story`, `paper`, `paper-story`, `dark`. Every variant of a post exists side by side."""
    parts = [built_theme] if built_theme != post_theme else []
    parts += [built_mode] if built_mode and built_mode != post_mode else []
    parts += [built_format] if built_format != post_format else []
    return "-".join(parts)
