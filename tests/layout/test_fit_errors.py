"""Errors that point at the cause, all at once: a post's every error in one run, each at its field's line."""

import base64
import re

import pytest
from helpers import make_project, run_cli

CODE = "\n".join(f"      total_{i} = compute(value_{i}, factor={i})" for i in range(30))
# Five mistakes on five slides: a misspelt field, a renamed icon, a character no font draws, code too long for one
# slide, and a slide that is fine.
ALL = f"""title: All at once
slides:
  - kind: cover
    titel: Hello
  - kind: list
    title: Icons
    items:
      - icon: lucide:function-square
        title: Functions
  - kind: code
    title: Too long
    language: python
    code: |
{CODE}
  - kind: quote
    text: "A clef: \U0001D11E"
  - kind: content
    title: Fine
    body: Nothing wrong here.
"""


@pytest.fixture(scope="module")
def everything(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("errors") / "project", {"content/all.yaml": ALL})
    return run_cli(root, "content/all.yaml")


def test_every_error_of_the_post_in_one_run_each_at_its_field(everything):
    assert everything.returncode == 1 and "Traceback" not in everything.stderr
    lines = everything.stderr.strip().splitlines()
    assert len(lines) == 4, everything.stderr
    misspelt, icon, glyph, fit = lines
    # Validation errors first, slide by slide, then the fit failures; each at the line of the field itself.
    assert misspelt.startswith("✗ content/all.yaml:4: slide 1 (cover): unknown field 'titel' (did you mean 'title'?")
    assert icon.startswith("✗ content/all.yaml:8: slide 2 (list): items[1].icon: unknown icon 'lucide:function-square'")
    assert "renamed it 'square-function'" in icon
    assert glyph.startswith("✗ content/all.yaml:45: slide 4 (quote): text: '𝄞' (U+1D11E")
    assert fit.startswith("✗ content/all.yaml:13: slide 3 (code): code: ")
    assert "missing required field" not in everything.stderr, "titel/title is one mistake, reported once"


def test_a_fit_error_names_what_takes_the_room_and_what_to_do(everything):
    fit = everything.stderr.strip().splitlines()[-1]
    match = re.search(r"code: (\d+) px too long( at \d+%)?: .*24 px floor; the code takes (\d+)% of the height "
                      r"\(the code is 30 lines; (\d+) fit: split: true, or highlight the lines that matter\)", fit)
    assert match, fit
    assert int(match.group(3)) > 70 and 15 < int(match.group(4)) < 30


def test_the_first_slide_that_fits_gets_no_error(everything):
    assert "slide 5" not in everything.stderr


def test_icon_suggestions_come_from_names_renames_and_tags(project):
    from carrousel.html import icons

    assert "did you mean 'database'?" in icons.suggest("databse")
    assert "renamed it 'square-function'" in icons.suggest("function-square")
    assert icons.problem("lucide:database") is None and icons.problem("lucide:nope-nope-nope") is not None


MARKDOWN_ICON = """---
title: Icons in a body
theme: terminal
---

---
kind: content
---
# Storage
A body with :lucide:database: inline.
"""


def test_an_inline_icon_survives_weasyprints_namespace_table(project):
    """python-lucide writes SVG through ElementTree's global prefixes; once WeasyPrint's PDF metadata is imported
    (a warm renderer, a second post) they gave <ns0:svg>, which the image check refused."""
    import lucide  # noqa: F401 - imported first, as a build that drew an icon before did
    import weasyprint.pdf.metadata  # noqa: F401 - then what writing a PDF imports

    from carrousel.build.options import BuildOptions
    from carrousel.build.pipeline import build_post
    from carrousel.build.project import Project
    from carrousel.html import icons

    icons.data_uri.cache_clear()
    uri = icons.data_uri("lucide:database", "#123456")
    svg = base64.b64decode(uri.split(",", 1)[1]).decode()
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"') and "ns0" not in svg
    (project / "content" / "icons.md").write_text(MARKDOWN_ICON, encoding="utf-8")
    built = build_post(project / "content" / "icons.md", Project.at(project), BuildOptions())
    assert len(built.deck.pngs) == 1
