"""Language and writing direction of a post and of each slide: `lang:` and `dir:` (ltr, rtl or auto).

A slide's own `dir` wins, then the direction of the slide's own `lang`, then the post's `dir`, then the
direction of the post's `lang` (Arabic, Hebrew, Persian and Urdu read right to left). `auto` is resolved here,
from the first letter of the slide's text that has a direction (HTML's rule for dir="auto"): WeasyPrint takes
dir="auto" as ltr, so the HTML only ever says ltr or rtl.
"""

from __future__ import annotations

import re
import unicodedata

from carrousel.errors import CarrouselError

DIRS = ("ltr", "rtl", "auto")
RTL_LANGS = ("ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "dv")
# A BCP 47 tag as authors write them: a language, then subtags (ja, zh-Hans, pt-BR, sr_Latn).
_LANG = re.compile(r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$")


def base(lang: str | None) -> str:
    """The language part of a tag (`zh-Hans` → `zh`), lower case; '' for none."""
    return re.split(r"[-_]", lang or "")[0].lower()


def check_lang(value, line=None) -> str:
    """A `lang:` value, checked: a language tag such as ja, zh-Hans, ar."""
    text = str(value).strip() if value is not None and not isinstance(value, (bool, dict, list)) else ""
    if not _LANG.match(text):
        raise CarrouselError(f"expected a language tag, not {value!r}", field="lang", line=line,
                             hint="e.g. lang: ja (Japanese), zh-Hans, ko, ar, he, hi, th, ru, el")
    return text


def check_dir(value, line=None) -> str:
    """A `dir:` value, checked: ltr, rtl or auto."""
    if value not in DIRS:
        raise CarrouselError(f"expected ltr, rtl or auto, not {value!r}", field="dir", line=line,
                             hint="dir: rtl mirrors the slide (Arabic, Hebrew); auto follows its first letter")
    return value


def of_lang(lang: str | None) -> str | None:
    """rtl for a right-to-left language, ltr for another one, None for none."""
    if not lang:
        return None
    return "rtl" if base(lang) in RTL_LANGS else "ltr"


def first_strong(texts) -> str | None:
    """ltr or rtl from the first letter with a strong direction in the texts (in order), None if none has one."""
    for text in texts:
        for char in str(text):
            kind = unicodedata.bidirectional(char)
            if kind == "L":
                return "ltr"
            if kind in ("R", "AL"):
                return "rtl"
    return None


# Fields whose text says nothing of the slide's direction: code reads left to right in every post.
NOT_PROSE = ("code", "before", "after", "language", "file", "icon", "image", "tone", "mermaid", "chart")


def texts_of(value):
    """Every prose string of a slide's fields, in the order they are written (code and names left out)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in NOT_PROSE:
                yield from texts_of(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from texts_of(item)


def resolve(slide_dir: str | None, slide_lang: str | None, post_dir: str | None, post_lang: str | None,
            texts=()) -> str:
    """ltr or rtl for one slide: its own dir, its own lang's, the post's dir, the post's lang's; `auto` (or
    nothing said) is read from the slide's text only when some dir says auto."""
    for said in (slide_dir, of_lang(slide_lang), post_dir):
        if said == "auto":
            return first_strong(texts) or of_lang(slide_lang or post_lang) or "ltr"
        if said:
            return said
    return of_lang(post_lang) or "ltr"
