"""No tofu: a character none of the theme's fonts has is found before rendering, by `build` and by `check`."""

from carrousel.checks.glyphs import missing
from helpers import check, error_of, prepare, rows

# Tamil: in no font of the themes' fallback chains (CJK, Arabic… are: tests/theme/test_fallback.py).
TOFU = "title: Tofu\nslides:\n  - kind: cover\n    title: Fine\n  - kind: cover\n    title: Tamil க here\n"


def test_missing_finds_each_character_once_per_slide_and_ignores_spaces_and_controls():
    texts = [{"chars": "Abc கக\u200b\n"}, {"chars": "க ok"}]
    found = missing(texts, ["Inter"])
    assert [(gap["slide"], gap["char"], gap["code"], gap["name"]) for gap in found] == [
        (1, "க", "U+0B95", "tamil letter ka"), (2, "க", "U+0B95", "tamil letter ka")]
    # Any one of the fonts may draw a character: box drawing is in JetBrains Mono, not in Inter.
    assert [gap["char"] for gap in missing([{"chars": "┌─┐"}], ["Inter"])] == ["┌", "─", "┐"]
    assert missing([{"chars": "┌─┐"}], ["Inter", "JetBrains Mono"]) == []


def test_the_build_refuses_a_missing_glyph_naming_slide_line_and_fonts(project):
    (project / "content" / "tofu.yaml").write_text(TOFU, encoding="utf-8")
    err = error_of(prepare, project / "content" / "tofu.yaml")  # before any layout
    assert err.format() == ("content/tofu.yaml:5: slide 2 (cover): title: 'க' (U+0B95 tamil letter ka) "
                            "is in no font of the theme's chains (Inter, JetBrains Mono and 9 fallbacks) "
                            "(Tamil is drawn by Noto Sans Tamil from fontpkg-noto-sans-tamil: pip install "
                            "fontpkg-noto-sans-tamil, and list 'Noto Sans Tamil' in the theme's fallback)")


def test_check_reports_the_glyph_row_as_an_error(project):
    (project / "content" / "tofu.yaml").write_text(TOFU, encoding="utf-8")
    row = rows(check(project / "content" / "tofu.yaml"))["Text · glyphs"]
    assert row["status"] == "error" and row["value"] == "1 missing"
    assert row["details"] == ["slide 2: 'க' U+0B95 tamil letter ka"]
    assert row["limit"].startswith("in the theme's fonts (Inter, JetBrains Mono")


def test_check_reports_the_glyph_row_as_ok_when_every_character_is_drawable(demo):
    from carrousel.checks.preflight import text

    row = {r.check: r for r in text(demo)}["glyphs"]
    assert (row.status, row.value, row.details) == ("ok", "all drawable", [])
