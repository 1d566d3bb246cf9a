"""Markdown posts: same PDF as the YAML post with the same content, errors with .md line numbers."""

import pytest

from carrousel.errors import CarrouselError
from carrousel.load.settings import FORMATS
from helpers import REPO, build, make_project, open_png, pdf_pages, prepare, project_at
from helpers import load as load_file

TWIN = """title: Three Postgres indexing mistakes
lang: en
theme: terminal
author: {name: Ada Example, role: Staff Engineer, handle: /in/ada-example}
slides:
  - kind: cover
    kicker: Database tips
    title: Three **Postgres** indexing mistakes
    subtitle: Why your queries are still slow after you "added an index"
  - kind: list
    title: Mistakes I see in every **code review**
    items:
      - icon: 🐢
        title: Indexing every column
        text: writes slow down, the planner ignores most of them
        tag: {text: cost, tone: amber}
      - icon: 🔀
        title: Wrong column order
        text: "`(created_at, user_id)` cannot serve `WHERE user_id = ?`"
        tag: {text: bug, tone: red}
      - icon: 🧮
        title: Functions on indexed columns
        text: "`lower(email)` skips a plain index on `email`"
  - kind: code
    eyebrow: "Fix #2: column order"
    title: Put the **equality** column first
    language: sql
    before: |
      CREATE INDEX orders_idx ON orders (created_at, user_id);
      SELECT * FROM orders WHERE user_id = 42 ORDER BY created_at DESC;
    after: |
      CREATE INDEX orders_idx ON orders (user_id, created_at);
      SELECT * FROM orders WHERE user_id = 42 ORDER BY created_at DESC;
    annotation: {text: → one index serves the filter **and** the sort, tone: green}
  - kind: steps
    title: Check an index in three steps
    steps:
      - {title: Run EXPLAIN ANALYZE, text: "on the real query, with production-like data"}
      - {title: Look for Seq Scan, text: on a big table it means the index is not used, tag: {text: smell, tone: amber}}
      - title: Drop what is unused
        text: "`pg_stat_user_indexes` shows indexes with zero scans"
        tag: {text: free win, tone: green}
  - kind: quote
    text: Fancy algorithms are slow when *n* is small, and *n* is usually small.
    cite: Rob Pike
  - kind: content
    title: The rule of thumb
    body: |
      An index is a **promise to the planner**: it pays at read time and costs at write time.

      Measure with `EXPLAIN (ANALYZE, BUFFERS)` before and after. [[green: measure]] [[blue: then index]]
  - kind: end
    kicker: Your turn
    title: Which one bit you?
    text: Tell me in the comments, and **save** this post for your next review.
    links:
      - {label: blog, value: example.dev/postgres}
      - {label: newsletter, value: example.dev/news}
"""
MD_EXAMPLE = "postgres-indexing.md"


@pytest.fixture(scope="module")
def twins(tmp_path_factory):
    """A project holding TWIN as YAML and the Markdown example post."""
    root = make_project(tmp_path_factory.mktemp("twins") / "project", files={
        "content/twin.yaml": TWIN,
        "content/twin.md": (REPO / "content" / MD_EXAMPLE).read_text(encoding="utf-8"),
    })
    return project_at(root)


def built_pdf(project, name, fmt):
    """Each page's text and size of the post built in format fmt."""
    # The PNGs are not compared: a small scale keeps rasterizing cheap. Identical slides are laid out once.
    built = build(project.root / "content" / name, project, format=fmt, scale=0.25)
    return pdf_pages(built.files[f"{built.post.slug}.pdf"])


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_markdown_and_yaml_posts_give_the_same_pdf(twins, fmt):
    # The same HTML for every slide, with the same stylesheet: the same cache keys, hence the same PDF and PNGs.
    from_yaml, from_md = (prepare(twins.root / "content" / name, twins, format=fmt)
                          for name in ("twin.yaml", "twin.md"))
    assert len(from_md.documents) == len(from_yaml.documents) == 7
    assert from_md.documents == from_yaml.documents and from_md.css == from_yaml.css
    assert (from_md.slide_keys, from_md.pdf_key) == (from_yaml.slide_keys, from_yaml.pdf_key)
    assert f"format-{fmt}" in from_md.documents[0]
    if fmt != "portrait":
        return
    # And on the real output, once: the PDFs read the same, page by page.
    pdf_yaml, pdf_md = built_pdf(twins, "twin.yaml", fmt), built_pdf(twins, "twin.md", fmt)
    assert pdf_md == pdf_yaml and len(pdf_md) == 7
    width, height = FORMATS[fmt]
    assert pdf_md[0][1] == (width * 0.75, height * 0.75)
    assert "Three Postgres indexing mistakes" in pdf_md[0][0]
    assert "Which one bit you?" in pdf_md[-1][0]


def load(project, text, name="post.md"):
    """The Post of content/<name> holding text."""
    return load_file(project, f"content/{name}", text)


def error(project, text) -> CarrouselError:
    """The error loading text raises."""
    with pytest.raises(CarrouselError) as err:
        load(project, text)
    return err.value


def test_a_slide_without_yaml_block_is_content_and_fences_keep_separators(project):
    post = load(project, "---\ntitle: T\n---\n\n---\n# Hello\n\n```yaml\n---\nkey: 1\n---\n```\n")
    assert [s.kind for s in post.slides] == ["content"]
    assert post.slides[0].data["title"] == "Hello"
    assert "---\nkey: 1\n---" in post.slides[0].data["body"]


def test_code_fences_one_two_and_diff(project):
    post = load(project, "---\ntitle: T\n---\n---\nkind: code\n---\n# One\n```python\nx = 1\n```\n"
                         "---\nkind: code\n---\n# Two\n```js\na()\n```\n```js\nb()\n```\nA note\n")
    one, two = (s.data for s in post.slides)
    assert (one["code"], one["language"]) == ("x = 1\n", "python")
    assert (two["before"], two["after"], two["annotation"]) == ("a()\n", "b()\n", {"text": "A note", "tone": "default"})


def test_errors_keep_the_markdown_file_line_numbers(project):
    err = error(project, "---\ntitle: T\n---\n\n---\nkind: cover\ntitel: x\n---\n# Hi\n")
    assert err.format().startswith("content/post.md:7: slide 1 (cover): unknown field 'titel'")
    err = error(project, "---\ntitle: T\n---\n---\nkind: qoute\n---\nHello\n")
    assert err.format().startswith("content/post.md:5: slide 1: kind: unknown kind 'qoute'")
    assert "did you mean 'quote'?" in err.format()
    err = error(project, "---\ntitle: T\n---\n---\nkind: cover\ntitle: A\n---\n# B\n")
    assert err.line == 8 and "'title' is given twice" in err.format()
    err = error(project, "---\ntitle: T\n---\n---\n# Code\n\n```python\nx = 1\n")
    assert err.line == 7 and "not closed" in err.message
    err = error(project, "---\ntitle: T\n---\n---\nkind: cover\n---\n# Title\nSub\n\n- a list\n")
    assert err.line == 10 and "no place in a cover slide" in err.message
    err = error(project, "---\ntitle: [unclosed\n---\n")
    assert err.file == "content/post.md" and err.line in (2, 3) and "invalid YAML" in err.message
    err = error(project, "# No front matter\n")
    assert "front matter" in err.message and err.line == 1


def test_markdown_posts_are_found_and_built_with_their_format_unless_one_is_given(project):
    (project / "content" / "hello.md").write_text("---\ntitle: Hello\nformat: square\n---\n---\n# Hi\n\nThere\n",
                                                  encoding="utf-8")
    (project / "content" / "notes.txt").write_text("not a post", encoding="utf-8")
    found = project_at(project).posts()
    assert found == [project / "content" / "hello.md"]
    assert open_png(build(found[0]).files["png/01.png"]).size == (1080, 1080)
    assert open_png(build(found[0], format="landscape").files["png/01.png"]).size == (1920, 1080)
