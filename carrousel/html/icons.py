"""Vector icons by name from PyPI icon sets: `lucide:database` (the python-lucide package).

An icon is an SVG drawn with the theme's icon colour and embedded as a data:
URI, like the emoji. In Markdown text `:lucide:database:` is an inline icon.
A name Lucide does not know is an error at its slide, field and line, with a
suggestion from Lucide's names, the old names it renamed (`function-square` is
now `square-function`) and its tags.
"""

from __future__ import annotations

import base64
import difflib
import re
from functools import lru_cache

from carrousel.errors import CarrouselError

SETS = ("lucide",)
SVG = "http://www.w3.org/2000/svg"
_INLINE = re.compile(r":(lucide):([a-z0-9][a-z0-9-]*):")
_WHOLE = re.compile(r"^([a-z][a-z0-9]*):([a-z0-9][a-z0-9-]*)$")
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")


def is_icon_name(value: str) -> bool:
    """True for `set:name` with a known set (not an emoji)."""
    head, sep, tail = str(value).partition(":")
    return bool(sep) and head in SETS and bool(tail)


@lru_cache(maxsize=1)
def _catalogue() -> tuple[frozenset, dict, dict]:
    """Lucide's names, its old names (alias -> name) and its tags (tag -> names), from the package's database."""
    import lucide

    names, aliases, tags = frozenset(lucide.get_icon_list()), {}, {}
    with lucide.get_db_connection() as connection:
        if connection is not None:
            cursor = connection.cursor()
            aliases = dict(cursor.execute("SELECT alias, name FROM icon_aliases"))
            for name, tag in cursor.execute("SELECT name, tag FROM icon_tags ORDER BY name"):
                tags.setdefault(tag.lower(), []).append(name)
    return names, aliases, tags


def suggest(name: str) -> str:
    """A hint for a Lucide name that is not one: its new name, the closest names (and old names), or icons tagged
    with the word."""
    names, aliases, tags = _catalogue()
    if name in aliases:
        return f"Lucide renamed it '{aliases[name]}': write lucide:{aliases[name]}"
    close = difflib.get_close_matches(name, list(names) + list(aliases), n=1, cutoff=0.6)
    if close:
        return f"did you mean '{aliases.get(close[0], close[0])}'? names as on lucide.dev/icons"
    words = [word for word in re.split(r"[-_]", name) if word]
    tagged = list(dict.fromkeys(icon for word in words for icon in tags.get(word, ())))[:3]
    if tagged:
        return f"icons tagged '{' '.join(words)}': " + ", ".join(tagged) + " (names as on lucide.dev/icons)"
    return "names as on lucide.dev/icons"


def problem(value: str) -> CarrouselError | None:
    """The error for an icon reference `set:name` that names no icon, or None."""
    icon_set, _, name = str(value).partition(":")
    if icon_set not in SETS:
        return CarrouselError(f"unknown icon set '{icon_set}'", hint="expected one of: " + ", ".join(SETS))
    if name not in _catalogue()[0]:
        return CarrouselError(f"unknown icon '{value}'", hint=suggest(name))
    return None


@lru_cache(maxsize=512)
def data_uri(value: str, color: str = "#000") -> str:
    """The SVG of `set:name` in color as a data: URI; an unknown name is an error with a suggestion."""
    error = problem(value)
    if error is not None:
        raise error.at(field="icon")
    import lucide

    svg = lucide.lucide_icon(str(value).partition(":")[2], stroke=color, width=24, height=24)
    svg = _unprefixed(svg)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _unprefixed(svg: str) -> str:
    """The SVG with its namespace as the default one. python-lucide writes it through ElementTree's global prefix
    table, which WeasyPrint's PDF metadata changes on import: the icon then comes out as <ns0:svg>, which is no
    image (and ElementTree cannot write unprefixed attributes under a default namespace itself)."""
    declared = re.search(r'xmlns:([\w.-]+)="' + re.escape(SVG) + '"', svg)
    if declared is None:
        return svg
    prefix = re.escape(declared.group(1))
    svg = re.sub(r"(</?)" + prefix + ":", r"\1", svg)
    return svg.replace(declared.group(0), f'xmlns="{SVG}"')


def references(value, path: str = ""):
    """(field path, `set:name`) of every icon a slide's data names: whole `icon` values and `:set:name:` in text."""
    if isinstance(value, str):
        whole = _WHOLE.match(value.strip())
        if whole and whole.group(1) in SETS:
            yield path, value.strip()
        for found in _INLINE.finditer(value):
            yield path, f"{found.group(1)}:{found.group(2)}"
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from references(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for number, item in enumerate(value, 1):
            yield from references(item, f"{path}[{number}]")


def check_post(post) -> list[CarrouselError]:
    """An error for each icon of the post that names none, with its slide, field and line."""
    errors = []
    for field, value in references({"title": post.title, "author": post.author}):
        error = problem(value)
        if error is not None:
            errors.append(error.at(field=field))
    for slide in post.slides:
        for field, value in references(slide.data):
            error = problem(value)
            if error is not None:
                errors.append(error.at(slide=slide.number, kind=slide.kind, field=field,
                                       line=slide.lines.get(field, slide.line)))
    return errors


def swap_in_html(html: str, color: str) -> str:
    """Replace `:lucide:name:` in the text parts of HTML by <img class="icon">."""
    if ":lucide:" not in html:
        return html

    def one(match: re.Match) -> str:
        uri = data_uri(f"{match.group(1)}:{match.group(2)}", color)
        return f'<img class="icon" alt="{match.group(2)}" src="{uri}">'

    parts = _TAG_OR_TEXT.split(html)
    return "".join(part if part.startswith("<") else _INLINE.sub(one, part) for part in parts)
