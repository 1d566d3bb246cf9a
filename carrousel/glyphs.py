"""No tofu: every character a slide will draw must be in one of the theme's fonts, checked before rendering."""

from __future__ import annotations

import unicodedata

from . import fonts


def missing(texts: list[dict], families) -> list[dict]:
    """Characters of each slide's text (frames included) that none of the fonts can draw.

    `texts` comes from alt.slide_texts(html, frames=True): emoji are images by
    then, so what is left is drawn with the theme's fonts.
    """
    covered = fonts.covers(list(dict.fromkeys(families)))
    found = []
    for number, slide in enumerate(texts, 1):
        seen = set()
        for char in slide["chars"]:
            if char in seen or char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"):
                continue
            seen.add(char)
            if ord(char) not in covered:
                name = unicodedata.name(char, "unnamed character").lower()
                found.append({"slide": number, "char": char, "code": f"U+{ord(char):04X}", "name": name})
    return found


def warnings(found: list[dict], post, families) -> list[dict]:
    """Build warnings for missing characters (check makes them errors)."""
    names = ", ".join(dict.fromkeys(families))
    return [{"slide": gap["slide"], "kind": post.slides[gap["slide"] - 1].kind if gap["slide"] <= len(post.slides)
             else None, "level": "warning", "code": "glyph",
             "message": f"'{gap['char']}' ({gap['code']} {gap['name']}) is in none of the theme's fonts ({names})"}
            for gap in found]
