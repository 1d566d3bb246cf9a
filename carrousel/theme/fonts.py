"""Fonts from PyPI font packages, pinned to static instances and cached.

fontpkg ships variable fonts only; WeasyPrint would instantiate them for every
weight and size at PDF time (seconds). Pinning each weight once with HarfBuzz
takes ~15 ms per instance and makes write_pdf ~8x faster.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from carrousel.errors import CarrouselError, did_you_mean
from carrousel.paths import user_cache

OPTICAL_SIZE = 32  # slides are read at display sizes


def cache_dir() -> Path:
    """Where static font instances are kept (CARROUSEL_CACHE, else the user cache)."""
    return user_cache("fonts")


def family_files(name: str, weights, styles=("normal", "italic")) -> list[tuple[str, int, str, Path]]:
    """Static font files for a family: (family, weight, style, path), made on first use."""
    import fontpkg

    try:
        fam = fontpkg.family(name)
    except Exception:  # fontpkg raises its own LookupError subclasses
        names = [f.name for f in fontpkg.families().values()]
        raise CarrouselError(f"font family '{name}' is not installed", field="fonts",
                             hint=did_you_mean(name, names) or f"pip install fontpkg-{name.lower().replace(' ', '-')}")
    out = []
    for style in styles:
        if not any(f.style == style for f in fam.files):
            continue
        for weight in weights:
            target = cache_dir() / f"{fam.slug}-{fam.version}-{style}-{weight}.ttf"
            if not target.exists():
                # nearest: a family without this weight (Space Grotesk stops at 700) uses its closest one.
                _instantiate(fontpkg.select_file(fam, weight, style, nearest=True), weight, target)
            out.append((fam.name, weight, style, target))
    return out


def _instantiate(font_file, weight: int, target: Path) -> None:
    import uharfbuzz as hb

    source = Path(font_file.path)
    if not font_file.variable:
        data = source.read_bytes()
    else:
        face = hb.Face(hb.Blob.from_file_path(str(source)))
        plan = hb.SubsetInput()
        plan.keep_everything()
        axes = {a.tag for a in face.axis_infos}
        if "wght" in axes:
            lo, hi = font_file.wght_min or weight, font_file.wght_max or weight
            plan.pin_axis_location(face, "wght", min(max(weight, lo), hi))
        if "opsz" in axes:
            plan.pin_axis_location(face, "opsz", OPTICAL_SIZE)
        data = hb.subset(face, plan).blob.data
    tmp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename: two builds at once never see a half-written font.
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except OSError as err:
        if tmp:
            Path(tmp).unlink(missing_ok=True)  # no empty temp file left per failed attempt
        shown = str(target).replace(os.path.expanduser("~"), "~", 1)
        raise CarrouselError(f"{(err.strerror or type(err).__name__).lower()} writing {shown} (the font cache)",
                             hint="free some disk space, or set CARROUSEL_CACHE to a writable folder") from None


def font_face_css(families: dict[str, str], weights) -> str:
    """@font-face rules for each family name, one per weight and style."""
    rules = []
    for name in dict.fromkeys(families.values()):
        for family, weight, style, path in family_files(name, weights):
            rules.append(f'@font-face {{ font-family: "{family}"; src: url("{path.as_uri()}"); '
                         f"font-weight: {weight}; font-style: {style}; }}")
    return "\n".join(rules)


def covers(families: list[str], weights=(400,)) -> set[int]:
    """Code points the given families can draw (for tofu checks before rendering)."""
    import uharfbuzz as hb

    points: set[int] = set()
    for name in families:
        for _, _, _, path in family_files(name, weights, styles=("normal",)):
            points |= set(hb.Face(hb.Blob.from_file_path(str(path))).unicodes)
    return points
