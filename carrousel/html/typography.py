"""Typography of the HTML stage: quotes and spaces of the post's language, real dashes, lines that break right.

Quotes, apostrophes, dashes and ellipses come from Python-Markdown's smarty
extension, configured per language (code is never touched: Markdown keeps code
spans and blocks out of its reach). The rest works on the HTML text between
tags, outside <pre> and <code>:

- French puts a narrow no-break space before ; : ! ? and inside « ».
- Korean breaks lines between words (at spaces), not between syllables, as its
  readers expect (CSS word-break: keep-all, which WeasyPrint 70 refuses): each
  word holding Hangul is set in <span class="kw">, kept whole by base.css.
- An em dash is wrapped in <span class="dash">, so a theme whose face draws a
  short one (Newsreader) can set it in another (`--dash-family`).
- WeasyPrint 70 breaks a line after its first word when the text before an
  inline element (<strong>, <code>…) ends with a space and that element does
  not fit: re-splitting the text box that ends with the collapsible space finds
  its first break instead of its last. Setting that space in its own <span>
  avoids it (tests/html/test_typography.py reproduces the bug).
"""

from __future__ import annotations

import re

NNBSP = "\u202f"  # narrow no-break space
NBSP = "\u00a0"
# Opening and closing double quotes, and the opening single quote, per language. The closing single quote is
# always ’: smarty cannot tell it from an apostrophe (c’est, geht’s), and ’ is the apostrophe everywhere.
QUOTES = {
    "en": ("“", "”", "‘"),
    "fr": ("«" + NBSP, NBSP + "»", "‘"),
    "de": ("„", "“", "‚"),
    "es": ("«", "»", "‘"),
    "it": ("«", "»", "‘"),
    "pt": ("«", "»", "‘"),
    "nl": ("“", "”", "‘"),
    "pl": ("„", "”", "‚"),
    "ru": ("«", "»", "‘"),
    "uk": ("«", "»", "‘"),
    "el": ("«", "»", "‘"),
    "ja": ("「", "」", "‘"),
    "zh": ("“", "”", "‘"),
    "ko": ("“", "”", "‘"),
    "ar": ("«", "»", "‘"),
    "fa": ("«", "»", "‘"),
    "he": ("„", "”", "‚"),
}
_KOREAN_WORD = re.compile(r"\S*[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]\S*")
INLINE = ("strong", "em", "code", "span", "a", "b", "i", "mark", "del", "img")
_SKIP = re.compile(r"(<pre\b.*?</pre>|<code\b.*?</code>|<[^>]+>)", re.S)
_TRAILING_SPACE = re.compile(r"\S $")
_INLINE_OPEN = re.compile(r"<(?:" + "|".join(INLINE) + r")\b")
# An entity (&amp;) is matched first and kept: its `;` is not punctuation.
_FRENCH_PUNCT = re.compile(r"(&#?\w+;)|(?<=[^\s(\[«" + NBSP + NNBSP + r"])[ " + NBSP + r"]?([;:!?])(?=\s|$|[<»)\]])")
_LEADING_BLOCK = re.compile(r"^(\s*(?:\d+(?=[.)]\s))?)(#|>|[-+*](?=\s)|[.)])")


def language(lang: str) -> str:
    """The language part of a language tag (`fr-CA` → `fr`), lower case."""
    return (lang or "en").split("-")[0].split("_")[0].lower()


def smarty_config(lang: str) -> dict:
    """Python-Markdown smarty settings for the post's language: its quotes, ’ for apostrophes, real dashes."""
    left_double, right_double, left_single = QUOTES.get(language(lang), QUOTES["en"])
    return {"smart_angled_quotes": False, "smart_dashes": True, "smart_ellipses": True, "smart_quotes": True,
            "substitutions": {"left-double-quote": left_double, "right-double-quote": right_double,
                              "left-single-quote": left_single, "right-single-quote": "’",
                              "apostrophe": "’", "mdash": "—", "ndash": "–", "ellipsis": "…"}}


def inline_source(text: str) -> str:
    """Inline Markdown with a leading `#`, `>`, list marker or `1.` kept as text: an inline field is never a block."""
    return _LEADING_BLOCK.sub(lambda m: m.group(1) + "\\" + m.group(2), text, count=1)


def finish(html: str, lang: str) -> str:
    """Sanitised HTML with the language's spacing and wrapped em dashes."""
    french, korean = language(lang) == "fr", language(lang) == "ko"
    parts = _SKIP.split(html)
    for index in range(0, len(parts), 2):  # even parts are text between tags and code
        text = parts[index]
        if french:
            text = _FRENCH_PUNCT.sub(lambda m: m.group(1) or NNBSP + m.group(2), text.replace("&nbsp;", NBSP))
        if korean:
            text = _KOREAN_WORD.sub(lambda m: f'<span class="kw">{m.group()}</span>', text)
        parts[index] = text.replace("—", '<span class="dash">—</span>')
    return "".join(parts)


def spaces_apart(html: str) -> str:
    """The slides' HTML with each space between a word and an inline element set in its own <span>, so that
    WeasyPrint does not break the line after its first word (see above)."""
    parts = _SKIP.split(html)
    for index in range(0, len(parts) - 1, 2):
        if _TRAILING_SPACE.search(parts[index]) and _INLINE_OPEN.match(parts[index + 1]):
            parts[index] = parts[index][:-1] + '<span class="sp"> </span>'
    return "".join(parts)
