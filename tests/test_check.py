"""`build.py check`: every limit reported on the reference post and on a post broken on purpose."""

import io
import json
from types import SimpleNamespace

import pypdfium2 as pdfium
import pytest

from carrousel.checks import preflight
from carrousel.checks.contrast import ratio
from conftest import REFERENCE, make_project, run_cli

ROWS = ["LinkedIn · PDF size", "LinkedIn · pages", "LinkedIn · same page size", "LinkedIn · title metadata",
        "LinkedIn · caption", "Instagram · images", "Instagram · aspect ratio", "Instagram · image size",
        "Text · contrast", "Text · glyphs", "Text · smallest size", "Fit · nothing cut"]

TINY_THEME = {
    "themes/tiny/theme.yaml": "name: tiny\nextends: terminal\n",
    "themes/tiny/theme.css": ".item-text { font-size: 18px }\n",
}
BROKEN = (
    "title: Broken on purpose\nlang: en\ntheme: tiny\nformat: story\nbrand:\n  accent: \"#2b2b2b\"\n"
    "caption: |\n  " + "word " * 700 + "\n"
    "slides:\n"
    "  - kind: cover\n    kicker: Kicker in the accent colour\n    title: Accent\n"
    "  - kind: list\n    title: Tiny text\n    items:\n      - title: One\n        text: far too small\n"
    "  - kind: list\n    title: Far too long\n    items:\n"
    + "".join(f"      - title: Item {n}\n        text: Lorem ipsum dolor sit amet consectetur adipiscing elit\n"
              for n in range(16))
    + "".join(f"  - kind: cover\n    title: Filler {n}\n" for n in range(18))
)


def _rows(result: dict) -> dict:
    return {f"{r['area']} · {r['check']}": r for r in result["rows"]}


@pytest.fixture(scope="module")
def reference_project(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("check") / "project", with_content=True)


def test_reference_post_passes_every_check_in_a_readable_table(reference_project):
    result = run_cli(reference_project, "check", f"content/{REFERENCE}.yaml")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"content/{REFERENCE}.yaml → {REFERENCE}"
    for name in ROWS:
        assert any(line.startswith(f"  ✓ {name}") for line in lines), name
    assert lines[-1] == "1 post checked: 0 errors, 0 warnings"
    assert not (reference_project / "output").exists(), "check writes nothing"


def test_reference_post_as_json(reference_project):
    result = run_cli(reference_project, "check", "--json", f"content/{REFERENCE}.yaml")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    rows = _rows(data["posts"][0])
    assert {r["status"] for r in rows.values()} == {"ok"}
    assert rows["LinkedIn · pages"]["value"] == "9"
    assert rows["Instagram · aspect ratio"]["value"] == "1080×1350 (0.80)"
    assert rows["Text · smallest size"]["value"] == "24 px"
    assert rows["LinkedIn · caption"]["value"].endswith(" characters")
    assert float(rows["Text · contrast"]["value"].split()[1].split(":")[0]) >= 4.5


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("broken") / "project",
                           {"content/broken.yaml": BROKEN, **TINY_THEME})
    result = run_cli(project, "check", "--json", "content/broken.yaml")
    assert result.returncode == 1, result.stderr
    return _rows(json.loads(result.stdout)["posts"][0])


@pytest.mark.parametrize("name,status,detail", [
    ("LinkedIn · pages", "warn", None),
    ("LinkedIn · caption", "error", None),
    ("Instagram · images", "error", None),
    ("Instagram · aspect ratio", "error", "slides 1–21: 1080×1920 (0.56)"),
    ("Text · contrast", "error", "slides 1–20: #2b2b2b on"),
    ("Text · glyphs", "ok", None),
    ("Text · smallest size", "error", "slide 2: 18.0 px"),
    ("Fit · nothing cut", "error", "slide 3 (list): overflows:"),
    ("LinkedIn · PDF size", "ok", None),
    ("LinkedIn · title metadata", "ok", None),
])
def test_broken_post_reports_each_limit(broken, name, status, detail):
    row = broken[name]
    assert row["status"] == status, row
    if detail:
        assert any(d.startswith(detail) for d in row["details"]), row["details"]


def test_contrast_names_the_colours(broken):
    details = broken["Text · contrast"]["details"]
    assert any("#2b2b2b on" in d and "needs 4.5:1" in d for d in details), details


def _pdf(*sizes) -> bytes:
    pdf = pdfium.PdfDocument.new()
    for width, height in sizes:
        pdf.new_page(width, height)
    buffer = io.BytesIO()
    pdf.save(buffer)
    pdf.close()
    return buffer.getvalue()


def test_mixed_page_sizes_missing_title_and_size_limits(monkeypatch):
    data = _pdf((810, 1012.5), (810, 810))
    built = SimpleNamespace(post=SimpleNamespace(slug="x", caption=None), files={"x.pdf": data})
    rows = {r.check: r for r in preflight.linkedin(built)}
    assert rows["same page size"].status == "error" and rows["same page size"].details == ["page 2: 810×810 pt"]
    assert rows["title metadata"].status == "error"
    monkeypatch.setitem(preflight.LINKEDIN, "pdf_bytes", len(data) - 1)
    assert {r.check: r for r in preflight.linkedin(built)}["PDF size"].status == "error"


def test_wcag_ratio_matches_known_values():
    assert ratio((0, 0, 0), (1, 1, 1)) == pytest.approx(21)
    grey = tuple(0x76 / 255 for _ in range(3))  # #767676: the classic 4.54:1 on white
    assert ratio(grey, (1, 1, 1)) == pytest.approx(4.54, abs=0.01)


def test_missing_glyph_is_found_before_rendering(project):
    # Tamil: in no font of the themes' fallback chains (CJK, Arabic… are: tests/theme/test_fallback.py).
    (project / "content" / "tofu.yaml").write_text(
        "title: Tofu\nslides:\n  - kind: cover\n    title: Fine\n  - kind: cover\n    title: Tamil க here\n",
        encoding="utf-8")
    result = run_cli(project, "check", "--json", "content/tofu.yaml")
    assert result.returncode == 1
    row = _rows(json.loads(result.stdout)["posts"][0])["Text · glyphs"]
    assert row["status"] == "error" and row["details"] == ["slide 2: 'க' U+0B95 tamil letter ka"]
    build = run_cli(project, "content/tofu.yaml")
    assert build.returncode == 1
    assert build.stderr.strip() == ("✗ content/tofu.yaml:6: slide 2 (cover): title: 'க' (U+0B95 tamil letter ka) "
                                    "is in no font of the theme's chains (Inter, JetBrains Mono and 9 fallbacks) "
                                    "(Tamil is drawn by Noto Sans Tamil from fontpkg-noto-sans-tamil: pip install "
                                    "fontpkg-noto-sans-tamil, and list 'Noto Sans Tamil' in the theme's fallback)")


def test_build_warns_about_low_contrast_on_the_slide_and_in_the_preview(project):
    (project / "content" / "dim.yaml").write_text(
        "title: Dim\nbrand:\n  accent: \"#2b2b2b\"\nslides:\n  - kind: cover\n    kicker: Dim kicker\n    title: Hi\n",
        encoding="utf-8")
    result = run_cli(project, "content/dim.yaml")
    assert result.returncode == 0, result.stderr
    assert "! dim: slide 1 (cover): low contrast: #2b2b2b on #" in result.stdout
    page = (project / "output" / "dim" / "index.html").read_text(encoding="utf-8")
    assert "low contrast: #2b2b2b" in page


def test_build_warns_about_text_below_the_floor(project):
    for rel, text in TINY_THEME.items():
        (project / rel).parent.mkdir(parents=True, exist_ok=True)
        (project / rel).write_text(text, encoding="utf-8")
    (project / "content" / "tiny.yaml").write_text(
        "title: Tiny\ntheme: tiny\nslides:\n  - kind: list\n    title: Hi\n    items:\n      - title: One\n"
        "        text: far too small\n", encoding="utf-8")
    result = run_cli(project, "content/tiny.yaml")
    assert result.returncode == 0, result.stderr
    assert ('! tiny: slide 1 (list): text at 18 px, below the theme\'s 24 px floor ("far too small")'
            in result.stdout), result.stdout
