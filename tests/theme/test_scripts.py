"""Every script an author writes in: the post of each script family (tests/data/scripts/) built in every theme,
one build per theme holding them all. Fonts come from the chains only, the text layer gives each string back,
right-to-left slides are mirrored, and the slides match their baselines (tests/baselines/scripts/)."""

from __future__ import annotations

import re
import unicodedata

import pytest
from theme_kit import boxes, build, family_of, pdf_chars, pdf_text, png

from carrousel.dev import scripts, visual
from carrousel.layers import Layers
from carrousel.theme import fonts
from carrousel.theme.themes import available
from helpers import REPO, pdf_fonts, project_at

THEMES = list(available(Layers(REPO)))
# The face each script's own letters must come from, by theme role family prefix (any role may set them).
# Noto Sans (fontpkg's, v2) draws Devanagari itself: it comes before Noto Sans Devanagari in the chains.
FACES = {"ja": "CJK JP", "zh": "CJK SC", "ko": "CJK KR", "ar": "Arabic", "he": "Hebrew", "hi": "Noto Sans",
         "th": "Thai"}
# WeasyPrint 70 maps each glyph of a font to text once, for the whole PDF (its ToUnicode CMap), from the first
# cluster the glyph is drawn in: a glyph of a multi-glyph cluster (a Devanagari vowel sign drawn before its
# consonant, an Arabic lam-alef) gets '' or its whole cluster, and every later use of that glyph says the same.
# Splitting text runs cannot help (the map is per glyph, not per use); only ActualText spans per cluster in
# WeasyPrint's drawing would. Kozea/WeasyPrint#2841.
BROKEN_TEXT_LAYER = {"ar", "hi"}
# Thai's above-base vowels and tone marks that the font raises are drawn with a text rise (Ts): PDFium reads them
# as a line of their own, out of their word (the characters are all there, the order is not).
RISEN_MARKS = {"th"}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    """{theme: (Built, labels)}: the scripts post of each theme, built and laid out once."""
    repo = project_at(REPO)
    out = {}
    for theme in THEMES:
        text, labels = scripts.combined(repo, theme)
        out[theme] = (build(tmp_path_factory, f"scripts-{theme}", text), labels)
    return out


def _pages(labels, script: str) -> list[int]:
    return [index for index, label in enumerate(labels) if label.startswith(script + "-")]


@pytest.mark.parametrize("theme", THEMES)
def test_every_slide_builds_without_warning(built, theme):
    deck, labels = built[theme]
    assert len(labels) == sum(len(post["slides"]) for post in scripts.posts(project_at(REPO)).values())
    assert not [w for w in deck.deck.warnings if w.code in ("overflow", "glyph", "small-text")], deck.deck.warnings


@pytest.mark.parametrize("theme", THEMES)
def test_every_font_in_the_pdf_is_in_the_chains_and_each_script_has_its_own_face(built, theme, tmp_path):
    deck, labels = built[theme]
    chains = {name for family in deck.theme.fonts.values() for name in family.families}
    allowed = chains | {fonts.regional(name, region) for name in chains for region, _ in fonts.REGIONS.values()}
    pdf = tmp_path / "deck.pdf"
    pdf.write_bytes(deck.files[f"{deck.post.slug}.pdf"])
    # The PDF's font dictionaries: every font embedded, whether its characters read back or not.
    embedded = {row.split()[0].split("+", 1)[-1] for row in pdf_fonts(pdf)}
    outside = {font for font in embedded if family_of(font, allowed) is None}
    assert embedded and not outside, f"fonts outside the chains: {outside}"
    pages = pdf_chars(deck.files[f"{deck.post.slug}.pdf"])
    for script, face in FACES.items():
        if script in BROKEN_TEXT_LAYER:  # its characters do not read back: the face is embedded at least
            assert any(face in family_of(font, allowed) for font in embedded), (script, embedded)
            continue
        used = {family_of(font, allowed) for index in _pages(labels, script) for char, font in pages[index]
                if unicodedata.name(char, "").split(" ")[0] in ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "HEBREW",
                                                              "THAI")}
        assert used and all(face in family for family in used), (script, used)


def _strings(slide: dict) -> list[str]:
    """The texts a slide shows, as plain text (Markdown's ** and ` dropped)."""
    out = []
    for key, value in slide.items():
        if key in ("kind", "lang", "dir", "tone"):
            continue
        if isinstance(value, list):
            out += [s for item in value for s in _strings(item)]
        elif isinstance(value, dict):
            out += _strings(value)
        else:
            out.append(re.sub(r"\*\*|`", "", str(value)))
    return out


def _words(text: str) -> list[str]:
    """The runs of letters and digits of a text, case and accents dropped (kickers are set in capitals, Greek
    capitals drop their accents), each a whole in the PDF text whatever the line breaks and the bidi order of
    the reader."""
    plain = "".join(c for c in unicodedata.normalize("NFD", text.casefold()) if unicodedata.category(c) != "Mn")
    return re.findall(r"[^\W_]+", plain)  # node_modules: two words (PDFium orders its halves by bidi)


@pytest.mark.parametrize("script", [pytest.param(s, marks=pytest.mark.xfail(
    strict=True, reason="glyph-level ToUnicode of multi-glyph clusters: Kozea/WeasyPrint#2841"))
    if s in BROKEN_TEXT_LAYER else pytest.param(s, marks=pytest.mark.xfail(
        strict=True, reason="marks drawn with a text rise are read as a line of their own"))
    if s in RISEN_MARKS else s for s in scripts.SCRIPTS])
def test_each_string_comes_back_from_the_pdf_text_layer(built, script):
    post = scripts.posts(project_at(REPO))[script]
    for theme in THEMES:
        deck, labels = built[theme]
        texts = pdf_text(deck.files[f"{deck.post.slug}.pdf"])
        for slide, index in zip(post["slides"], _pages(labels, script)):
            # A word hyphenated at a line end comes back whole once the hyphen and the line end are dropped.
            page = "".join(_words(re.sub(r"[\u00ad\u2010-]\s*\r?\n", "", texts[index])))
            for string in _strings(slide):
                for word in _words(string):
                    assert word in page, (theme, script, word, string, texts[index])


def _ink_right(image, box) -> int:
    """The x of the rightmost column of a box with a pixel far from the box's top-left colour."""
    x0, y0 = round(box.position_x), round(box.position_y)
    x1, y1 = round(box.position_x + box.margin_width()), round(box.position_y + box.margin_height())
    background = image.getpixel((x0 + 1, y0 + 1))
    pixels = image.load()
    return max(x for x in range(x0, x1) for y in range(y0, y1, 2)
               if sum(abs(a - b) for a, b in zip(pixels[x, y], background)) > 120)


@pytest.mark.parametrize("theme", THEMES)
def test_right_to_left_slides_are_mirrored_and_their_code_reads_left_to_right(built, theme):
    deck, labels = built[theme]
    for script in ("ar", "he"):
        for index in _pages(labels, script):
            (section,) = boxes(deck, index, "slide")
            assert (section.element.get("lang"), section.element.get("dir")) == (script, "rtl")
            if deck.post.slides[index].kind == "cover":  # its big title: flush right
                (title,) = boxes(deck, index, "title")
                right = title.position_x + title.padding_left + title.border_left_width + title.width
                assert right - 14 <= _ink_right(png(deck, index), title) <= right + 2, (script, index)
            if index + 1 < len(labels):  # the swipe hint: in its language, on the left, its arrow pointing left
                (swipe,) = boxes(deck, index, "swipe")
                text = "".join(swipe.element.itertext())
                assert text.endswith("←") and deck.theme.words(script)["swipe"] in text
                assert swipe.position_x + swipe.margin_width() < 540
        codes = [child for index in _pages(labels, script)
                 for box in boxes(deck, index, "item-text") + boxes(deck, index, "step-text")
                 for child in box.descendants() if getattr(child, "element_tag", None) == "code"]
        assert codes and all(code.style["direction"] == "ltr" for code in codes)  # identifiers read left to right


@pytest.mark.parametrize("theme", THEMES)
def test_left_to_right_slides_keep_their_hint_and_arrow(built, theme):
    deck, labels = built[theme]
    (index,) = _pages(labels, "ja")[:1]
    (swipe,) = boxes(deck, index, "swipe")
    assert "".join(swipe.element.itertext()).strip() == "スワイプ →"
    assert swipe.position_x > 540


@pytest.mark.parametrize("theme", THEMES)
def test_slides_match_their_baselines(built, theme, tmp_path):
    deck, labels = built[theme]
    failures = []
    for index, label in enumerate(labels):
        path = REPO / "tests" / "baselines" / "scripts" / theme / f"{label}.png"
        if not path.is_file():
            failures.append(f"{theme}/{label}: no baseline")
            continue
        expected, actual = visual.open_image(path.read_bytes()), visual.thumbnail(deck.files[f"png/{index + 1:02d}.png"])
        result = visual.compare(expected, actual)
        if not result.passed:
            diff = tmp_path / f"{theme}-{label}-diff.png"
            visual.diff_image(expected, actual).save(diff)
            failures.append(f"{theme}/{label}: {result.describe()} — diff image: {diff}")
    assert not failures, "\n".join(failures) + "\nIf intended: python build.py gallery --scripts --update-baselines"


# A post as an author mixes scripts: English with Japanese, Arabic and Hindi in one line, and slides in each.
MIXED = """\
title: Shipping one API to Tokyo, Cairo and Delhi
lang: en
slides:
  - kind: cover
    kicker: i18n notes
    title: One API, **three** markets
    subtitle: What we learned shipping to 東京, القاهرة and दिल्ली
  - kind: list
    title: Strings that broke our UI
    items:
      - {title: 日本語, text: "「保存しました」 is 7 characters, but twice as wide as \\"Saved\\"", tag: {text: CJK, tone: blue}}
      - {title: العربية, text: "تم الحفظ — reads right to left, numbers like 42 stay left to right"}
      - {title: हिन्दी, text: "सहेजा गया needs a font with Devanagari conjuncts"}
  - kind: quote
    lang: ja
    text: 早すぎる最適化は諸悪の根源である。
    cite: ドナルド・クヌース
  - kind: statement
    lang: ar
    title: اختبر بلغة المستخدم، لا بلغتك.
  - kind: end
    title: Ship it everywhere
    text: नमस्ते, こんにちは, مرحبا — one build.
"""


@pytest.mark.parametrize("theme", THEMES)
def test_a_post_mixing_japanese_arabic_hindi_and_english_builds_in_every_theme(tmp_path_factory, theme, tmp_path):
    deck = build(tmp_path_factory, f"mixed-{theme}", MIXED.replace("lang: en\n", f"lang: en\ntheme: {theme}\n", 1))
    assert not deck.deck.warnings, deck.deck.warnings  # no glyph missing, nothing cut or shrunk under the floor
    chains = {name for family in deck.theme.fonts.values() for name in family.families}
    allowed = chains | {fonts.regional(name, region) for name in chains for region, _ in fonts.REGIONS.values()}
    pdf = tmp_path / "mixed.pdf"
    pdf.write_bytes(deck.files[f"{deck.post.slug}.pdf"])
    embedded = {row.split()[0].split("+", 1)[-1] for row in pdf_fonts(pdf)}
    assert not {font for font in embedded if family_of(font, allowed) is None}, embedded
    for face in ("CJK JP", "Arabic"):  # Devanagari comes from Noto Sans itself (see FACES)
        assert any(face in family_of(font, allowed) for font in embedded), (face, embedded)
    texts = [" ".join(page.split()) for page in pdf_text(deck.files[f"{deck.post.slug}.pdf"])]
    assert "早すぎる最適化は諸悪の根源である。" in texts[2].replace(" ", "")

