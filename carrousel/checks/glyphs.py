"""No tofu: every character a slide draws must be in its role's fallback chain, checked before rendering.

Every role's chain ends with the theme's other families, so the chains all cover the same characters: a
character is drawable wherever it is set exactly when some font of the chains has it. After layout,
`unchained` checks each piece of text against the very font list it is set in (generated text included).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from carrousel.errors import CarrouselError, SlideWarning
from carrousel.theme import fonts

# (first, last code point, script, the package whose font draws it, the family to add to a theme's `fallback:`)
SCRIPTS = (
    (0x0370, 0x03FF, "Greek", "fontpkg-noto-sans", "Noto Sans"),
    (0x0400, 0x052F, "Cyrillic", "fontpkg-noto-sans", "Noto Sans"),
    (0x0590, 0x05FF, "Hebrew", "fonts-noto-core", "Noto Sans Hebrew"),
    (0x0600, 0x08FF, "Arabic", "fontpkg-noto-sans-arabic", "Noto Sans Arabic"),
    (0x0900, 0x097F, "Devanagari", "fontpkg-noto-sans-devanagari", "Noto Sans Devanagari"),
    (0x0B80, 0x0BFF, "Tamil", "fontpkg-noto-sans-tamil", "Noto Sans Tamil"),
    (0x0C00, 0x0C7F, "Telugu", "fontpkg-noto-sans-telugu", "Noto Sans Telugu"),
    (0x0E00, 0x0E7F, "Thai", "fontpkg-noto-sans-thai", "Noto Sans Thai"),
    (0x1100, 0x11FF, "Hangul", "fonts-noto-cjk", "Noto Sans CJK JP"),
    (0x1780, 0x17FF, "Khmer", "fontpkg-noto-sans-khmer", "Noto Sans Khmer"),
    (0x2190, 0x22FF, "arrows and maths", "fonts-noto-core", "Noto Sans Math"),
    (0x2300, 0x2BFF, "symbols", "fonts-noto-core", "Noto Sans Symbols2"),
    (0x2E80, 0x9FFF, "CJK", "fonts-noto-cjk", "Noto Sans CJK JP"),
    (0xAC00, 0xD7AF, "Hangul", "fonts-noto-cjk", "Noto Sans CJK JP"),
    (0xF900, 0xFAFF, "CJK", "fonts-noto-cjk", "Noto Sans CJK JP"),
    (0xFB50, 0xFEFF, "Arabic", "fontpkg-noto-sans-arabic", "Noto Sans Arabic"),
    (0xFF00, 0xFFEF, "CJK", "fonts-noto-cjk", "Noto Sans CJK JP"),
    (0x20000, 0x3FFFF, "CJK", "fonts-noto-cjk", "Noto Sans CJK JP"),
)


def script_of(char: str) -> tuple[str, str, str] | None:
    """(script, package, family) that would draw a character, from SCRIPTS; None when no pinned package is known."""
    point = ord(char)
    for first, last, script, package, family in SCRIPTS:
        if first <= point <= last:
            return script, package, family
    return None


def _skipped(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp")


def _gap(number: int, char: str) -> dict:
    name = unicodedata.name(char, "unnamed character").lower()
    return {"slide": number, "char": char, "code": f"U+{ord(char):04X}", "name": name,
            "script": (script_of(char) or ("",))[0]}


def missing(texts: list[dict], families) -> list[dict]:
    """Characters of each slide's text (frames included) that no font of the chains can draw.

    `texts` comes from alt.slide_texts(html): emoji are images by then, so
    what is left is drawn with the theme's fonts. `families` are the theme's
    roles (fonts.Chain, or plain family names).
    """
    covered = fonts.covers(list(dict.fromkeys(families)))
    found = []
    for number, slide in enumerate(texts, 1):
        seen = set()
        for char in slide["chars"]:
            if char in seen or _skipped(char):
                continue
            seen.add(char)
            if ord(char) not in covered:
                found.append(_gap(number, char))
    return found


def unchained(document) -> list[dict]:
    """After layout: characters that the font list they are set in cannot draw, per slide (page), generated text
    (CSS `content`, list markers) included; each with the `families` it was set in."""
    from weasyprint.formatting_structure.boxes import TextBox

    found = []
    for number, page in enumerate(document.pages, 1):
        seen = set()
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            stack.extend(getattr(box, "children", None) or ())
            if not isinstance(box, TextBox):
                continue
            families = tuple(box.style["font_family"])
            covered = _coverage(families)
            for char in box.text:
                if (char, families) not in seen and not _skipped(char) and ord(char) not in covered:
                    seen.add((char, families))
                    found.append({**_gap(number, char), "families": families})
    return found


@lru_cache(maxsize=256)
def _coverage(families: tuple) -> frozenset:
    # A theme sets a handful of font lists: each one's coverage is a union of sets worth keeping between slides.
    return frozenset(fonts.covers(families))


def unchained_warnings(found: list[dict], slide: int, kind: str | None) -> list[SlideWarning]:
    """A warning for each character a laid-out slide sets in a font list that cannot draw it (a theme's CSS
    naming a family outside the chains, generated `content:`): fontconfig then takes another pinned font, or
    none (tofu)."""
    out = []
    for gap in found:
        families = [name for name in gap["families"] if name]
        shown = ", ".join(families[:3]) + (f" (+{len(families) - 3})" if len(families) > 3 else "")
        known = script_of(gap["char"])
        where = f"; {known[1]} draws it: set it in a chain (var(--chain-…))" if known else ""
        out.append(SlideWarning(slide, kind, "warning", "glyph",
                                f"'{gap['char']}' ({gap['code']} {gap['name']}) is set in {shown or 'no font'}, "
                                f"which cannot draw it{where}"))
    return out


class MissingGlyphs(CarrouselError):
    """Characters that would render as tofu; `found` lists them all."""

    found: list = ()
    families: list = ()


def field_of(value, char: str, path: str = "") -> str | None:
    """The path of the first field of a slide's data (`items[2].text`) whose text holds the character."""
    if isinstance(value, str):
        return (path or "text") if char in value else None
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        where = f"{path}[{key + 1}]" if isinstance(key, int) else (f"{path}.{key}" if path else str(key))
        found = field_of(item, char, where)
        if found:
            return found
    return None


def check(found: list[dict], post, families, where: str) -> None:
    """Raise, before rendering, naming the first character no chain can draw, its field, the package that would
    draw it (and how many more)."""
    if not found:
        return
    gap = found[0]
    families = list(dict.fromkeys(families))
    fallbacks = {name for family in families for name in getattr(family, "families", ())} - set(families)
    names = ", ".join(families) + (f" and {len(fallbacks)} fallbacks" if fallbacks else "")
    more = f" (+{len(found) - 1} more)" if len(found) > 1 else ""
    slide = post.slides[gap["slide"] - 1] if gap["slide"] <= len(post.slides) else None
    field = field_of(slide.data, gap["char"]) if slide else None
    if field is None and gap["char"] in post.title:
        field = "title"
    error = MissingGlyphs(f"'{gap['char']}' ({gap['code']} {gap['name']}) is in no font of the theme's chains "
                          f"({names}){more}", file=where, line=slide.line if slide else None, slide=gap["slide"],
                          kind=slide.kind if slide else None, field=field, hint=_hint(gap["char"]))
    error.found, error.families = found, families
    raise error


def _hint(char: str) -> str:
    known = script_of(char)
    if known is None:
        return "replace the character: no pinned font package is known to draw it"
    script, package, family = known
    install = (f"apt-get install {package} (bash scripts/setup.sh does)" if package.startswith("fonts-")
               else f"pip install {package}")
    return f"{script} is drawn by {family} from {package}: {install}, and list '{family}' in the theme's fallback"
