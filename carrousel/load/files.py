"""Post files on disk: which files are posts, reading one as UTF-8 text within limits, and safe slugs."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from carrousel.errors import CarrouselError
from carrousel.paths import is_inside

POST_SUFFIXES = (".yaml", ".yml", ".md")
MAX_SLUG = 80
# Names Windows refuses as file names: a slug must work on every reader's machine.
RESERVED_SLUGS = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def slugify(name: str) -> str:
    """File stem to output folder name: lowercase ASCII letters, digits and dashes."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:MAX_SLUG].strip("-")


def check_slug(slug: str, line=None, given: bool = False) -> str:
    """A slug that is safe as a folder under output/ on every system, or an error saying why not."""
    field = "slug" if given else None
    shown = slug if len(slug) <= 40 else slug[:40] + "…"
    if len(slug) > MAX_SLUG:
        raise CarrouselError(f"slug is {len(slug)} characters; at most {MAX_SLUG}", field=field, line=line,
                             hint="shorten it")
    if given and slug != slugify(slug):
        suggestion = slugify(slug)
        raise CarrouselError(f"slug '{shown}' may only hold a-z, 0-9 and '-'", field=field, line=line,
                             hint=f"use '{suggestion}'" if suggestion else "pick a name made of letters and digits")
    if not slug:
        raise CarrouselError("the slug is empty (the file name has no letters or digits)", field=field, line=line,
                             hint="rename the post file or set 'slug:'")
    if slug in RESERVED_SLUGS:
        raise CarrouselError(f"slug '{slug}' is a reserved file name on Windows", field=field, line=line,
                             hint=f"use '{slug}-post'")
    return slug


def find_posts(content_dir: Path) -> list[Path]:
    """Every post file directly under content_dir, sorted by name."""
    return sorted(p for p in content_dir.iterdir() if p.suffix in POST_SUFFIXES and p.is_file())


def read_text(path: Path, shown: str, limit: int | None = None, inside: Path | None = None) -> str:
    """Read a UTF-8 file, reporting a bad byte by its offset; refuse files over limit bytes, or whose real path
    (symlinks followed) is not under `inside`."""
    if inside is not None and not is_inside(path, inside):
        raise CarrouselError("the file links to a file outside the project", file=shown,
                             hint="copy the file into the project instead of linking to it")
    if limit is not None and path.stat().st_size > limit:
        raise CarrouselError(f"file is {path.stat().st_size / 1e6:.1f} MB; the limit is {limit / 1e6:g} MB",
                             file=shown, hint="split it into several posts")
    data = path.read_bytes()
    if limit is not None and len(data) > limit:  # the file grew, or is not a regular file
        raise CarrouselError(f"file is larger than {limit / 1e6:g} MB", file=shown)
    nul = data.find(b"\0")
    if nul >= 0:
        raise CarrouselError(f"NUL byte at offset {nul}", file=shown, line=data.count(b"\n", 0, nul) + 1,
                             hint="this looks like a binary file; posts are UTF-8 text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise CarrouselError(f"not valid UTF-8: byte 0x{data[err.start]:02x} at offset {err.start}", file=shown,
                             line=data.count(b"\n", 0, err.start) + 1, hint="save the file as UTF-8") from None


def check_inside(path: Path, project: Path) -> None:
    """A post inside the project must not be a link to a file outside it."""
    given = Path(path).absolute()
    if is_inside(given, project, real=False) and not is_inside(given, project):
        raise CarrouselError("the post file links to a file outside the project", file=str(given.relative_to(project)),
                             hint="copy the file into content/ instead of linking to it")
