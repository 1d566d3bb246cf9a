"""Project settings: `carrousel.yaml` at the project root, defaults for every post.

All keys are optional: theme, format, lang, author, brand, allow_html, export, split. A post's
own fields win; `author` and `brand` merge key by key, so a project can give
the logo and a post only its accent.
"""

from __future__ import annotations

import os
from pathlib import Path

from carrousel.errors import CarrouselError
from carrousel.load.fields import check_fields, normalize_spec
from carrousel.load.yamlload import LocDict, parse_yaml

FILE = "carrousel.yaml"
FORMATS = {  # name -> page size in CSS px
    "portrait": (1080, 1350),
    "square": (1080, 1080),
    "landscape": (1920, 1080),
    "story": (1080, 1920),
    "tall": (1080, 1440),
}
RATIOS = {"4:5": "portrait", "1:1": "square", "16:9": "landscape", "9:16": "story", "3:4": "tall"}  # also accepted
MODES = ("light", "dark")
# What a build can write (--export, `export:`): pdf, png and zip by the build itself, the rest by carrousel.export.
EXPORTS = ("pdf", "png", "jpg", "gif", "mp4", "pptx", "zip")
DEFAULT_EXPORTS = ("pdf", "png")
# Seconds a slide may set with `duration:` (GIF and video). Browsers stretch GIF delays under 0.02 s to 0.1 s;
# past a minute a slide is a mistake (and 30 fps of it an encoding that never ends).
DURATIONS = (0.1, 60.0)
BRAND_FIELDS = {"accent": "text", "font": "text", "mono": "text", "logo": "path"}
AUTHOR_FIELDS = {"name": "inline", "role": "inline", "handle": "inline", "avatar": "path"}
SETTINGS_FIELDS = {
    name: normalize_spec(spec)
    for name, spec in {
        "theme": "text",
        "format": {"type": "text", "choices": list(FORMATS) + list(RATIOS)},
        "mode": {"type": "text", "choices": list(MODES)},
        "lang": "text",
        "author": {"type": "map", "item": AUTHOR_FIELDS},
        "brand": {"type": "map", "item": BRAND_FIELDS},
        "allow_html": "flag",
        "export": {"type": "names", "choices": EXPORTS},
        "split": "flag",  # code too long for a slide continues on the next ones, in every post
    }.items()
}
_PATHS = {"author": ("avatar",), "brand": ("logo",)}


def format_name(value: str | None) -> str | None:
    """A format's name, given by name or by ratio (`4:5` is portrait); None stays None."""
    return RATIOS.get(value, value) if value else value


def load(root: Path) -> dict:
    """The settings of the project at root (empty when there is no carrousel.yaml)."""
    from carrousel.load.files import read_text

    path = root / FILE
    if not path.is_file():
        return {}
    try:
        data = parse_yaml(read_text(path, FILE))
        if data is None:
            return {}
        check_fields(data, SETTINGS_FIELDS)
    except CarrouselError as err:
        raise err.at(file=FILE)
    return data


def apply(data, settings: dict, post_path: Path, root: Path):
    """Fill a post's missing fields from the project settings; the post wins.

    Paths in carrousel.yaml are relative to the project root; they are
    rewritten relative to the post so the post's own path rules apply.
    """
    if not settings or not isinstance(data, dict):
        return data
    for key, value in settings.items():
        if key in _PATHS and isinstance(value, dict):
            value = _rebase(value, _PATHS[key], post_path, root)
            mine = data.get(key)
            if isinstance(mine, dict):
                merged = LocDict({**value, **mine})
                merged.line, merged.key_lines = mine.line, dict(getattr(mine, "key_lines", {}))
                data[key] = merged
                continue
        if key not in data or data[key] is None:
            data[key] = value
    return data


def _rebase(values: dict, path_keys, post_path: Path, root: Path) -> LocDict:
    out = LocDict(values)
    out.line, out.key_lines = getattr(values, "line", None), {}
    for key in path_keys:
        if out.get(key):
            out[key] = os.path.relpath(root / str(out[key]), post_path.parent)
    return out
