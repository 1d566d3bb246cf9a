"""Selectable, copyable code: the PDF's text of every code slide gives back the characters of the source.

Ligatures are off in code (JetBrains Mono draws `::` and `->` with its `calt` feature, which a text layer gives
back as `-:`), and every mark of a code panel (−, +, ↳) is drawn, not written: only the code is text.
"""

import re
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import yaml
from helpers import REFERENCE, REPO, make_project, run_cli

POSTS = REPO / "tests" / "html" / "posts"  # written as an author would: a YAML diff, a Rust diff, SQL, a split
MARKS = "−+↳"


def page_texts(pdf) -> list[str]:
    """The text layer of every page, as a reader's copy gets it."""
    document = pdfium.PdfDocument(pdf)
    try:
        return [page.get_textpage().get_text_range().replace("\r\n", "\n") for page in document]
    finally:
        document.close()


def code_of(data: dict) -> list[str]:
    """The code a slide shows: its block, or its before and after."""
    return [data[name] for name in ("code", "before", "after") if data.get(name)]


def assert_copies(text: str, source: str, numbered: bool = False) -> None:
    """Every character of source, in order, in the text (spaces aside: a viewer rebuilds them from positions), and
    each line that fits one row on a row of its own, its words spaced as written."""
    rows = text.split("\n")
    if numbered:  # line numbers are text a reader sees; they are not part of the code
        rows = [re.sub(r"^\d+ ", "", row) for row in rows if not re.fullmatch(r"\d+", row.strip())]
    squeezed = re.sub(r"\s+", "", "".join(rows))
    assert re.sub(r"\s+", "", source) in squeezed, f"{source!r} not in {text!r}"
    spaced = {" ".join(row.split()) for row in rows}
    whole = [line for line in source.splitlines() if line.strip() and " ".join(line.split()) in spaced]
    assert len(whole) >= len([line for line in source.splitlines() if line.strip()]) // 2, (whole, rows)
    assert not set(MARKS) & set(squeezed) - set(source), "a gutter mark came out as text"


def test_the_reference_posts_code_copies_as_written(reference):
    source = yaml.safe_load((REPO / "content" / f"{REFERENCE}.yaml").read_text(encoding="utf-8"))
    texts = page_texts(reference / f"{REFERENCE}.pdf")
    codes = [(i, data) for i, data in enumerate(source["slides"]) if data["kind"] == "code"]
    assert codes
    for index, data in codes:
        for block in code_of(data):
            assert_copies(texts[index], block)


def test_the_gallery_code_slides_copy_as_written(portrait_sheets, gallery_project):
    example = yaml.safe_load(gallery_project.kinds["code"].example)
    for sheet in portrait_sheets.values():
        texts = page_texts(sheet.pdf)
        text = texts[sheet.kinds.index("code")]
        for block in code_of(example):
            assert_copies(text, block)


@pytest.fixture(scope="module")
def authors(tmp_path_factory):
    """The authors' posts, built as written (terminal, their own formats)."""
    root = make_project(tmp_path_factory.mktemp("authors") / "project")
    for post in POSTS.iterdir():
        shutil.copy(post, root / "content" / post.name)
    result = run_cli(root, *[f"content/{post.name}" for post in sorted(POSTS.iterdir())])
    assert result.returncode == 0, result.stderr
    return root


def _slides(root: Path, name: str):
    from carrousel.build.project import Project
    from carrousel.load.post import load_post

    project = Project.at(root)
    return load_post(root / "content" / name, root, project.kinds, project.settings).slides


def _numbered_rows(text: str) -> str:
    """The rows of a page from the first line number to the last: its code, without the title and the frame."""
    rows = text.split("\n")
    numbered = [i for i, row in enumerate(rows) if re.match(r"\d+( |$)", row)]
    return "\n".join(rows[numbered[0]:numbered[-1] + 1])


@pytest.mark.parametrize("name", sorted(p.name for p in POSTS.iterdir()))
def test_the_authors_code_copies_as_written(authors, name):
    slug = name.rsplit(".", 1)[0]
    texts = page_texts(authors / "output" / slug / f"{slug}.pdf")
    slides = _slides(authors, name)
    if len(texts) > len(slides):  # a block split over slides: its parts (numbered rows), read in order, are the block
        texts = ["\n".join(_numbered_rows(text) for text in texts)]
    for text, slide in zip(texts, slides):
        for block in code_of(slide.data):
            assert_copies(text, block, numbered=bool(slide.data.get("numbers")))


def test_no_ligature_in_the_text_layer(authors):
    text = "".join(page_texts(authors / "output" / "rust-errors" / "rust-errors.pdf"))
    assert "std::fs::read_to_string" in text and "-> Result<Config" in text
    assert "-:" not in text and "\u2192 Result" not in text
