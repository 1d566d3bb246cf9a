"""Preflight: every limit reported on the reference post and on a post broken on purpose."""

import io
from types import SimpleNamespace

import pypdfium2 as pdfium
import pytest

from carrousel.checks import preflight
from helpers import REFERENCE, build, check, make_project, rows

ROWS = ["LinkedIn · PDF size", "LinkedIn · pages", "LinkedIn · same page size", "LinkedIn · title metadata",
        "LinkedIn · caption", "LinkedIn · shape", "LinkedIn · file size", "LinkedIn · safe zones",
        "Instagram · images", "Instagram · aspect ratio", "Instagram · image size", "Instagram · alt text",
        "Instagram · safe zones", "Text · contrast", "Text · glyphs", "Text · smallest size", "Fit · nothing cut"]

TINY_THEME = {
    # an accent the theme itself draws as text, too dark to read (a brand accent would be made readable)
    "themes/tiny/theme.yaml": "name: tiny\nextends: terminal\ntokens: {accent-text: \"#2b2b2b\"}\n",
    "themes/tiny/theme.css": ".item-text { font-size: 18px }\n",
}
BROKEN = (
    "title: Broken on purpose\nlang: en\ntheme: tiny\nformat: story\n"
    "caption: |\n  " + "word " * 700 + "\n"
    "slides:\n"
    "  - kind: cover\n    kicker: Kicker in the accent colour\n    title: Accent\n"
    "  - kind: list\n    title: Tiny text\n    items:\n      - title: One\n        text: far too small\n"
    "  - kind: list\n    title: Far too long\n    items:\n"
    + "".join(f"      - title: Item {n}\n        text: Lorem ipsum dolor sit amet consectetur adipiscing elit\n"
              for n in range(16))
    + "".join(f"  - kind: cover\n    title: Filler {n}\n" for n in range(18))
)


def test_reference_post_as_json(reference):
    # The reference post as built for the other tests: its slides are laid out already.
    result = check(reference.parent.parent / "content" / f"{REFERENCE}.yaml")
    assert result["slug"] == REFERENCE
    found = rows(result)
    assert list(found) == ROWS
    assert {r["status"] for r in found.values()} == {"ok"}
    assert found["LinkedIn · pages"]["value"] == "9"
    assert found["Instagram · aspect ratio"]["value"] == "1080×1350 (0.80)"
    assert found["Text · smallest size"]["value"] == "24 px"
    assert found["LinkedIn · caption"]["value"].endswith(" characters")
    assert float(found["Text · contrast"]["value"].split()[1].split(":")[0]) >= 4.5


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    """The rows of `check` on BROKEN (with the tiny theme), checked once."""
    project = make_project(tmp_path_factory.mktemp("broken") / "project",
                           {"content/broken.yaml": BROKEN, **TINY_THEME})
    return rows(check(project / "content" / "broken.yaml"))


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


def test_slides_label_groups_runs():
    assert preflight.slides_label([3]) == "slide 3"
    assert preflight.slides_label(range(1, 21)) == "slides 1–20"
    assert preflight.slides_label([5, 1, 3, 6, 7, 3]) == "slides 1, 3, 5–7"


def test_build_warns_about_text_below_the_floor(project):
    for rel, text in TINY_THEME.items():
        (project / rel).parent.mkdir(parents=True, exist_ok=True)
        (project / rel).write_text(text, encoding="utf-8")
    (project / "content" / "tiny.yaml").write_text(
        "title: Tiny\ntheme: tiny\nslides:\n  - kind: list\n    title: Hi\n    items:\n      - title: One\n"
        "        text: far too small\n", encoding="utf-8")
    lines = [w.line("tiny") for w in build(project / "content" / "tiny.yaml", scale=0.25).warnings]
    assert ('  ! tiny: slide 1 (list): text at 18 px, below the theme\'s 24 px floor ("far too small")'
            in lines), lines
