"""No tofu: a character none of the theme's fonts has is found before rendering, by `build` and by `check`."""

from carrousel.checks.glyphs import missing
from helpers import check, error_of, prepare, rows

TOFU = "title: Tofu\nslides:\n  - kind: cover\n    title: Fine\n  - kind: cover\n    title: Kanji 漢 here\n"


def test_missing_finds_each_character_once_per_slide_and_ignores_spaces_and_controls():
    texts = [{"chars": "Abc 漢漢\u200b\n"}, {"chars": "漢 ok"}]
    assert missing(texts, ["Inter"]) == [
        {"slide": 1, "char": "漢", "code": "U+6F22", "name": "cjk unified ideograph-6f22"},
        {"slide": 2, "char": "漢", "code": "U+6F22", "name": "cjk unified ideograph-6f22"}]
    # Any one of the fonts may draw a character: box drawing is in JetBrains Mono, not in Inter.
    assert [gap["char"] for gap in missing([{"chars": "┌─┐"}], ["Inter"])] == ["┌", "─", "┐"]
    assert missing([{"chars": "┌─┐"}], ["Inter", "JetBrains Mono"]) == []


def test_the_build_refuses_a_missing_glyph_naming_slide_line_and_fonts(project):
    (project / "content" / "tofu.yaml").write_text(TOFU, encoding="utf-8")
    err = error_of(prepare, project / "content" / "tofu.yaml")  # before any layout
    assert err.format() == ("content/tofu.yaml:5: slide 2 (cover): '漢' (U+6F22 cjk unified ideograph-6f22) "
                            "is in none of the theme's fonts (Inter, JetBrains Mono) "
                            "(replace the character, or use a theme or brand font that has it)")


def test_check_reports_the_glyph_row_as_an_error(project):
    (project / "content" / "tofu.yaml").write_text(TOFU, encoding="utf-8")
    row = rows(check(project / "content" / "tofu.yaml"))["Text · glyphs"]
    assert row["status"] == "error" and row["value"] == "1 missing"
    assert row["details"] == ["slide 2: '漢' U+6F22 cjk unified ideograph-6f22"]
    assert row["limit"] == "in the theme's fonts (Inter, JetBrains Mono)"


def test_check_reports_the_glyph_row_as_ok_when_every_character_is_drawable(demo):
    from carrousel.checks.preflight import text

    row = {r.check: r for r in text(demo)}["glyphs"]
    assert (row.status, row.value, row.details) == ("ok", "all drawable", [])
