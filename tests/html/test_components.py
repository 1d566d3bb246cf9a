"""Components: code options, word-level diffs, vector icons, callouts, tables, figures."""

import re

import pytest
from helpers import (
    REPO,
    build,
    error_of,
    load,
    make_project,
    pdf_texts,
    prepare,
    render_html,
)

POST = """---
title: Components
---
---
kind: code
numbers: true
arrow: true
---
# Highlighted
```python file=app.py highlight=2
def handler(event):
    return process(event)
```
!!! annotation blue
    → the line that matters

---
kind: code
---
# Word diff
```diff sql
-CREATE INDEX i ON orders (created_at, user_id);
+CREATE INDEX i ON orders (user_id, created_at);
```

---
kind: list
---
# Icons
- lucide:database **Storage** — one primary, two replicas
- 🚀 **Deploys** — every merge

---
# Code in a body
The sum, in one line:

```rust
let total: u64 = orders.iter().map(|o| o.amount).sum();
```

---
# Body components
:lucide:shield-check: Checked by CI.

| index | scans |
|---|---|
| orders_idx | 1204 |

!!! callout amber
    Drop **unused** indexes.

![Three services](assets/diagram.png "The request path")
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The post's HTML document (terminal theme), and the post built in memory."""
    root = make_project(tmp_path_factory.mktemp("components") / "project", files={
        "content/c.md": POST, "content/assets/diagram.png": (REPO / "content/assets/example-diagram.png").read_bytes()})
    document = render_html(root, load(root, "content/c.md"), "terminal")
    return document, build(root / "content" / "c.md", scale=0.25)  # the PNGs are not looked at


def test_code_block_options(built):
    document, _ = built
    assert 'class="code-label">app.py<' in document
    assert re.search(r'<span class="line hl( i\d+)?"><span class="ln">2</span>', document)  # i<N>: its indentation
    assert 'class="annotation tone-blue has-arrow"' in document


def test_word_level_diff_marks_only_the_changed_words(built):
    document, _ = built
    deleted = re.findall(r'<mark class="wdel">(.*?)</mark>', document)
    added = re.findall(r'<mark class="wadd">(.*?)</mark>', document)
    strip = lambda parts: [re.sub(r"<[^>]+>", "", p) for p in parts]  # noqa: E731
    assert "CREATE" not in "".join(strip(deleted + added))
    assert set(strip(deleted)) <= {"created_at", "user_id"} and strip(deleted)
    assert set(strip(added)) <= {"created_at", "user_id"} and strip(added)


def test_vector_icons_callout_table_and_figure(built):
    document, post = built
    assert document.count('class="item-glyph icon-vector"') == 1
    assert 'class="icon" alt="shield-check"' in document and ":lucide:" not in document
    assert '<div class="callout tone-amber">' in document
    assert "<table>" in document and "<figcaption" in document
    text = pdf_texts(post.files["c.pdf"])[4]
    assert "orders_idx 1204" in text and "The request path" in text and "Drop unused indexes." in text


def test_a_fence_in_a_body_is_the_code_kinds_panel(built):
    document, built_post = built
    body = document[document.index("Code in a body"):document.index("Body components")]
    # Drawn by the theme's code_panel macro: lines that wrap hanging at their indentation, not one inline chip.
    panel = re.search(r'<figure class="code code-panel">\s*<pre>(.*?)</pre>', body, re.S)
    assert panel and panel.group(1).startswith('<span class="line">') and "<code" not in panel.group(1)
    assert "let total: u64 = orders.iter().map(|o| o.amount).sum();" in pdf_texts(built_post.files["c.pdf"])[3]


def test_unknown_icon_names_a_close_one(project):
    (project / "content" / "p.yaml").write_text(
        "title: T\nslides:\n  - kind: list\n    title: L\n    items:\n      - {icon: 'lucide:databse', title: x}\n",
        encoding="utf-8")
    message = error_of(prepare, project / "content" / "p.yaml").format()  # found before any layout
    assert message.startswith("content/p.yaml") and "unknown icon 'lucide:databse'" in message
    assert "did you mean 'database'?" in message
