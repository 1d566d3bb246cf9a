"""Vector icons by name from PyPI icon sets: `lucide:database` (the python-lucide package).

An icon is an SVG drawn with the theme's icon colour and embedded as a data:
URI, like the emoji. In Markdown text `:lucide:database:` is an inline icon.
"""

from __future__ import annotations

import base64
import re
from functools import lru_cache

from carrousel.errors import CarrouselError, did_you_mean

SETS = ("lucide",)
_INLINE = re.compile(r":(lucide):([a-z0-9][a-z0-9-]*):")
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")


def is_icon_name(value: str) -> bool:
    """True for `set:name` with a known set (not an emoji)."""
    head, sep, tail = str(value).partition(":")
    return bool(sep) and head in SETS and bool(tail)


@lru_cache(maxsize=1)
def _lucide_names() -> frozenset:
    import lucide

    return frozenset(lucide.get_icon_list())


@lru_cache(maxsize=512)
def data_uri(value: str, color: str = "#000") -> str:
    """The SVG of `set:name` in color as a data: URI; an unknown name is an error with a guess."""
    icon_set, _, name = str(value).partition(":")
    if icon_set not in SETS:
        raise CarrouselError(f"unknown icon set '{icon_set}'", field="icon", hint="expected one of: " + ", ".join(SETS))
    if name not in _lucide_names():
        guess = did_you_mean(name, _lucide_names())
        raise CarrouselError(f"unknown icon '{value}'", field="icon",
                             hint=(guess + " " if guess else "") + "names as on lucide.dev/icons")
    import lucide

    svg = lucide.lucide_icon(name, stroke=color, width=24, height=24)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def swap_in_html(html: str, color: str) -> str:
    """Replace `:lucide:name:` in the text parts of HTML by <img class="icon">."""
    if ":lucide:" not in html:
        return html

    def one(match: re.Match) -> str:
        uri = data_uri(f"{match.group(1)}:{match.group(2)}", color)
        return f'<img class="icon" alt="{match.group(2)}" src="{uri}">'

    parts = _TAG_OR_TEXT.split(html)
    return "".join(part if part.startswith("<") else _INLINE.sub(one, part) for part in parts)
