"""Mermaid diagrams: the documentation's examples render themed, with real text, at or above the floor."""

from __future__ import annotations

import re

import pytest
from figure_kit import DARK, LIGHT, page_pdf, pdf_fonts, pdf_text

from carrousel.errors import CarrouselError
from carrousel.figures import mermaid, svgtree

# From mermaid.js.org's syntax pages (flowchart, sequenceDiagram, stateDiagram, classDiagram).
DOCS = {
    "flowchart": """flowchart LR
    A[Hard edge] -->|Link text| B(Round edge)
    B --> C{Decision}
    C -->|One| D[Result one]
    C -->|Two| E[Result two]
""",
    "subgraphs": """flowchart TB
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
""",
    "shapes": """flowchart TD
    id1(Round) --> id2([Stadium]) & id3[[Subroutine]] & id4[(Database)]
    id4 --> id5((Circle))
""",
    "more shapes": """flowchart TD
    id6>Asymmetric] --> id7{Rhombus} --> id8{{Hexagon}} & id9[/Parallel/]
    id7 --> id10[/Trapezoid\\] --> id11(((Double)))
""",
    "sequence": """sequenceDiagram
    Alice->>John: Hello John, how are you?
    John-->>Alice: Great!
    Alice-)John: See you later!
""",
    "state": """stateDiagram-v2
    [*] --> Still
    Still --> [*]

    Still --> Moving
    Moving --> Still
    Moving --> Crash
    Crash --> [*]
""",
    "class": """classDiagram
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
""",
}
WORDS = {
    "flowchart": ["Hard edge", "Link text", "Round edge", "Decision", "Result one", "Two"],
    "subgraphs": ["one", "two", "three", "c1", "a2", "b2"],
    "shapes": ["Round", "Stadium", "Subroutine", "Database", "Circle"],
    "more shapes": ["Asymmetric", "Rhombus", "Hexagon", "Parallel", "Trapezoid", "Double"],
    "sequence": ["Alice", "John", "Hello John, how are you?", "Great!", "See you later!"],
    "state": ["Still", "Moving", "Crash"],
    "class": ["Animal", "+int age", "+isMammal()", "Duck", "+String beakColor", "-canEat()"],
}


def drawn_sizes(figure) -> list[float]:
    """The size in slide px of every label, from the SVG's own font sizes and its scale."""
    root = svgtree.parse(figure.svg)
    scale = float(root.get("width")) / float(root.get("viewBox").split()[2])
    sizes = [re.search(r"font-size:([\d.]+)px", text.get("style", "")) for text in root.iter(svgtree.tag("text"))]
    return [float(found.group(1)) * scale for found in sizes if found]


@pytest.mark.parametrize("name", sorted(DOCS))
def test_documentation_examples_render_as_text_at_or_above_the_floor(name):
    figure = mermaid.render(DOCS[name], DARK, 904, 1000)
    text = " ".join(figure.labels)
    for word in WORDS[name]:
        assert word in text
    assert "<text" in figure.svg and "foreignObject" not in figure.svg and "<image" not in figure.svg
    assert figure.width <= 904 and figure.height <= 1000
    sizes = drawn_sizes(figure)
    assert sizes and min(sizes) >= DARK.min_px - 0.01 and figure.text_px >= DARK.min_px


@pytest.mark.parametrize("direction", ["TB", "TD", "BT", "LR", "RL"])
def test_every_flowchart_direction_places_the_second_node_accordingly(direction):
    figure = mermaid.render(f"flowchart {direction}\n    A[Start] --> B[End]\n", LIGHT, 904, 1000)
    where = {svgtree.text_of(t): (float(t.get("x")), float(t.get("y")))
             for t in svgtree.parse(figure.svg).iter(svgtree.tag("text"))}
    (ax, ay), (bx, by) = where["Start"], where["End"]
    expected = {"TB": by > ay, "TD": by > ay, "BT": by < ay, "LR": bx > ax, "RL": bx < ax}
    assert expected[direction], (direction, where)


def test_the_palette_colours_the_diagram():
    dark = mermaid.render(DOCS["flowchart"], DARK, 904, 1000).svg.lower()
    light = mermaid.render(DOCS["flowchart"], LIGHT, 904, 1000).svg.lower()
    for palette, svg in ((DARK, dark), (LIGHT, light)):
        assert palette.surface in svg and palette.accent in svg and palette.text in svg
        assert '"inter", sans-serif' in svg.replace("&quot;", '"')
    assert DARK.surface not in light


def test_same_source_same_bytes():
    assert mermaid.render(DOCS["sequence"], DARK, 904, 1000).svg == mermaid.render(DOCS["sequence"], DARK, 904,
                                                                                    1000).svg


def test_a_type_it_cannot_draw_lists_the_ones_it_can():
    with pytest.raises(CarrouselError) as caught:
        mermaid.render('pie title Pets\n    "Dogs" : 386\n', DARK, 904, 1000)
    message = str(caught.value)
    assert "'pie' is not supported" in message
    for kind in ("flowchart", "sequenceDiagram", "stateDiagram-v2", "classDiagram"):
        assert kind in message


def test_a_syntax_error_names_its_line_and_the_parsers_message():
    with pytest.raises(CarrouselError) as caught:
        mermaid.render("flowchart LR\n    A --> B\n    B --> -->\n    C --> D\n", DARK, 904, 1000)
    assert caught.value.line == 3
    assert "unexpected edge operator" in caught.value.message and "\n" not in str(caught.value)


def test_an_unclosed_subgraph_points_at_the_end_of_input():
    with pytest.raises(CarrouselError) as caught:
        mermaid.render("flowchart LR\n    subgraph api\n    A --> B\n", DARK, 904, 1000)
    assert caught.value.line == 3 and 'expected "end"' in caught.value.message


def test_a_diagram_too_wide_for_the_floor_is_refused_with_a_hint():
    chain = "flowchart LR\n    " + " --> ".join(f"N{i}[Service number {i}]" for i in range(9)) + "\n"
    with pytest.raises(CarrouselError) as caught:
        mermaid.render(chain, DARK, 904, 1000)
    assert "under the theme's 24 px floor" in caught.value.message and "direction" in caught.value.hint


def test_weasyprint_draws_the_labels_as_real_text_in_the_theme_font():
    figure = mermaid.render(DOCS["flowchart"], DARK, 904, 1000)
    pdf = page_pdf([(figure.svg, figure.width, figure.height)], DARK.background)
    text = " ".join(pdf_text(pdf).split())
    for word in WORDS["flowchart"]:
        assert word in text
    assert pdf_fonts(pdf) and all(name.startswith("Inter") for name in pdf_fonts(pdf))
    assert b"/Subtype /Image" not in pdf and b"/Subtype/Image" not in pdf


def test_bytes_do_not_depend_on_what_rendered_before():
    """ElementTree's namespace prefixes are global: math (ziamath) in between must not change a diagram."""
    from carrousel.figures.math import render as render_math

    before = mermaid.render(DOCS["state"], LIGHT, 904, 1000).svg
    render_math(r"\sqrt{x}", "#000", 30)
    assert mermaid.render(DOCS["state"], LIGHT, 904, 1000).svg == before
    assert before.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
