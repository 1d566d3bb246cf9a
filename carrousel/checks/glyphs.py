"""No tofu: every character a slide will draw must be in one of the theme's fonts, checked before rendering."""

from __future__ import annotations

import unicodedata

from carrousel.errors import CarrouselError
from carrousel.theme import fonts


def missing(texts: list[dict], families) -> list[dict]:
    """Characters of each slide's text (frames included) that none of the fonts can draw.

    `texts` comes from alt.slide_texts(html): emoji are images by then, so
    what is left is drawn with the theme's fonts.
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



class MissingGlyphs(CarrouselError):
    """Characters that would render as tofu; `found` lists them all."""

    found: list = ()
    families: list = ()


def check(found: list[dict], post, families, where: str) -> None:
    """Raise, before rendering, naming the first character missing from the fonts (and how many more)."""
    if not found:
        return
    gap = found[0]
    names = ", ".join(dict.fromkeys(families))
    more = f" (+{len(found) - 1} more)" if len(found) > 1 else ""
    slide = post.slides[gap["slide"] - 1] if gap["slide"] <= len(post.slides) else None
    error = MissingGlyphs(f"'{gap['char']}' ({gap['code']} {gap['name']}) is in none of the theme's fonts "
                          f"({names}){more}", file=where, line=slide.line if slide else None, slide=gap["slide"],
                          kind=slide.kind if slide else None,
                          hint="replace the character, or use a theme or brand font that has it")
    error.found, error.families = found, list(families)
    raise error
