"""Mermaid in posts: the diagram kind and ```mermaid fences, as vector slides with their labels as PDF text."""

from __future__ import annotations

import uuid

import pytest
from graphics_kit import (
    alts,
    build,
    page_texts,
    pdf_of,
    prepared,
    project_with,
    raster_images,
)

from carrousel.errors import CarrouselError
from carrousel.figures import store

# Mermaid's documentation examples (mermaid.js.org: flowchart, sequenceDiagram, stateDiagram, classDiagram).
DOCS = {
    "flowchart": ("""flowchart LR
    A[Hard edge] -->|Link text| B(Round edge)
    B --> C{Decision}
    C -->|One| D[Result one]
    C -->|Two| E[Result two]
""", ["Hard edge", "Link text", "Round edge", "Decision", "Result one"]),
    "subgraphs": ("""flowchart TB
    c1-->a2
    subgraph one
    a1-->a2
    end
    subgraph two
    b1-->b2
    end
    subgraph three
    c1-->c2
    end
""", ["one", "two", "three", "c1", "b2"]),
    "shapes": ("""flowchart TD
    id1(Round) --> id2([Stadium]) & id3[[Subroutine]] & id4[(Database)]
    id4 --> id5((Circle))
""", ["Round", "Stadium", "Subroutine", "Database", "Circle"]),
    "sequence": ("""sequenceDiagram
    Alice->>John: Hello John, how are you?
    John-->>Alice: Great!
    Alice-)John: See you later!
""", ["Alice", "John", "Hello John, how are you?", "Great!"]),
    "state": ("""stateDiagram-v2
    [*] --> Still
    Still --> [*]

    Still --> Moving
    Moving --> Still
    Moving --> Crash
    Crash --> [*]
""", ["Still", "Moving", "Crash"]),
    "class": ("""classDiagram
    Animal <|-- Duck
    Animal <|-- Fish
    Animal : +int age
    Animal: +isMammal()
    class Duck{
        +String beakColor
        +swim()
    }
    class Fish{
        -int sizeInFeet
        -canEat()
    }
""", ["Animal", "+int age", "Duck", "+String beakColor", "-canEat()"]),
}


def indented(text: str, spaces: int) -> str:
    return "".join(" " * spaces + line if line.strip() else line for line in text.splitlines(keepends=True))


def docs_post() -> str:
    slides = "".join(f"  - kind: diagram\n    title: {name}\n    mermaid: |\n{indented(source, 6)}"
                     for name, (source, _) in DOCS.items())
    return f"title: Mermaid docs\nslides:\n{slides}"


@pytest.fixture(scope="module")
def docs_built(tmp_path_factory):
    """Every documentation example on its own diagram slide, built once."""
    project = project_with(tmp_path_factory.mktemp("docs") / "project", {"content/docs.yaml": docs_post()})
    return build(project, "docs.yaml")


def test_documentation_examples_are_vector_slides_with_their_labels_as_text(docs_built):
    texts, images = page_texts(pdf_of(docs_built)), raster_images(pdf_of(docs_built))
    assert len(texts) == len(DOCS)
    for (name, (_, words)), text, count in zip(DOCS.items(), texts, images):
        text = " ".join(text.split())
        assert [word for word in words if word not in text] == [], name
        assert count == 0, f"{name}: {count} raster images"
    assert not [w for w in docs_built.warnings if w.code in ("small-text", "contrast", "overflow")]


def test_alt_text_names_the_type_and_the_labels(docs_built):
    described = alts(docs_built)
    assert "Flowchart, flowchart: Hard edge, Round edge, Decision, Result one, Result two, Link text" in described[0]
    assert described[3].startswith("sequence\nSequence diagram, sequence: ")
    assert all(word in described[3] for word in ("Alice", "John", "Hello John, how are you?", "Great!"))


MD_POST = """---
title: Mistakes
---

---
kind: diagram
---
# The path
```mermaid
flowchart LR
  A --> B
  B --> -->
```

---
# A body
Some words first.

```mermaid
sequenceDiagram
  A->>B: hi
  B-->>: hello
```
"""


def test_a_mermaid_mistake_names_the_post_its_line_the_slide_and_the_parser(tmp_path):
    project = project_with(tmp_path / "p", {"content/post.md": MD_POST})
    with pytest.raises(CarrouselError) as caught:
        prepared(project, "post.md")
    assert caught.value.format().startswith("content/post.md:12: slide 1 (diagram): mermaid: Mermaid syntax error:")
    assert "unexpected edge operator" in caught.value.message
    fixed = MD_POST.replace("B --> -->", "B --> C")
    (project.root / "content" / "post.md").write_text(fixed, encoding="utf-8")
    with pytest.raises(CarrouselError) as caught:
        prepared(project, "post.md")
    assert caught.value.format().startswith("content/post.md:22: slide 2 (content): body: Mermaid syntax error")


def test_a_yaml_body_counts_from_its_block_scalar(tmp_path):
    post = "title: T\nslides:\n  - kind: content\n    body: |\n      Text.\n\n      ```mermaid\n" \
           "      flowchart LR\n        A --> B\n        B --> -->\n      ```\n"
    project = project_with(tmp_path / "p", {"content/post.yaml": post})
    with pytest.raises(CarrouselError) as caught:
        prepared(project, "post.yaml")
    assert caught.value.format().startswith("content/post.yaml:10: slide 1 (content): body: Mermaid syntax error")


def test_a_type_it_cannot_draw_lists_the_ones_it_can(tmp_path):
    post = 'title: T\nslides:\n  - kind: diagram\n    mermaid: |\n      pie title Pets\n        "Dogs" : 386\n'
    project = project_with(tmp_path / "p", {"content/post.yaml": post})
    with pytest.raises(CarrouselError) as caught:
        prepared(project, "post.yaml")
    message = caught.value.format()
    assert message.startswith("content/post.yaml:5: slide 1 (diagram): mermaid: Mermaid diagram type 'pie' is not")
    assert all(name in message for name in ("flowchart", "sequenceDiagram", "stateDiagram-v2", "classDiagram"))


def test_a_diagram_that_cannot_keep_its_labels_at_the_floor_is_refused(tmp_path):
    chain = " --> ".join(f"N{i}[Service number {i}]" for i in range(12))
    post = f"title: T\nslides:\n  - kind: diagram\n    mermaid: |\n      flowchart LR\n        {chain}\n"
    project = project_with(tmp_path / "p", {"content/post.yaml": post})
    with pytest.raises(CarrouselError) as caught:
        prepared(project, "post.yaml")
    assert "under the theme's 24 px floor" in caught.value.message and caught.value.slide == 1


def test_a_label_no_font_can_draw_fails_before_rendering(tmp_path):
    post = "title: T\nslides:\n  - kind: diagram\n    mermaid: |\n      flowchart LR\n        A[\u0fff mark] --> B\n"
    project = project_with(tmp_path / "p", {"content/post.yaml": post})
    with pytest.raises(CarrouselError) as caught:
        prepared(project, "post.yaml")
    assert "U+0FFF" in caught.value.message and caught.value.slide == 1


def test_figures_are_drawn_once_per_content(tmp_path):
    unique = uuid.uuid4().hex[:12]  # never drawn before, by any run
    slides = "".join(f"---\nkind: diagram\n---\n# Slide {i}\n```mermaid\nflowchart LR\n  A[{unique} {i}] --> B\n```\n\n"
                     for i in range(3))
    project = project_with(tmp_path / "p", {"content/post.md": f"---\ntitle: T\n---\n\n{slides}"})
    before = dict(store.COUNTS)
    prepared(project, "post.md")
    assert store.COUNTS["drawn"] - before["drawn"] == 3
    store.forget_memory()  # as a new process: the disk cache has them
    before = dict(store.COUNTS)
    prepared(project, "post.md")
    assert (store.COUNTS["drawn"] - before["drawn"], store.COUNTS["disk"] - before["disk"]) == (0, 3)
    post = project.root / "content" / "post.md"
    post.write_text(post.read_text(encoding="utf-8").replace(f"{unique} 1]", f"{unique} one]"), encoding="utf-8")
    before = dict(store.COUNTS)
    prepared(project, "post.md")
    assert (store.COUNTS["drawn"] - before["drawn"], store.COUNTS["memory"] - before["memory"]) == (1, 2)


def test_label_contrast_is_checked_on_the_boxes_the_labels_sit_on(tmp_path):
    """A theme whose node fill is as light as its text: the labels inside the nodes are reported."""
    theme = "name: pale\nextends: terminal\ntokens:\n  surface: \"#c9d1d9\"\n"
    post = "title: T\ntheme: pale\nslides:\n  - kind: diagram\n    title: Path\n    mermaid: |\n" \
           "      flowchart LR\n        A[Orders] --> B[Billing]\n"
    project = project_with(tmp_path / "p", {"themes/pale/theme.yaml": theme, "content/post.yaml": post})
    warnings = [w.message for w in build(project, "post.yaml").warnings if w.code == "contrast"]
    assert any("#e6edf3 on #c9d1d9" in message and ("Orders" in message or "Billing" in message)
               for message in warnings), warnings
