"""Mermaid source -> themed vector SVG with real <text> labels, no browser.

Engine: mmdr 0.4.0 (MIT), its default 'merman' backend: a Rust port of mermaid.js's parsers and
layouts shipped in the wheel. Flowchart 10 ms, sequence 2 ms; labels as plain <text> (it turns
mermaid's <foreignObject> labels into text itself); themed by mermaid's own `base` theme variables
and config given in an init directive. Compared: mermaidx 0.10.1 (MIT; real mermaid.js in
QuickJS, with line numbers in errors, but 1 to 15 s a diagram), merm 0.1.5 (WTFPL, pure Python:
labels overflow their nodes, no `>` shape, sequence ignores the theme's sizes).

merman measures text with built-in metrics whatever the font, so each label is measured again with
HarfBuzz in the theme's font and the diagram laid out at a size where the widest label fits, then
drawn at the wanted size. merman's errors carry no line: the line is found as the first prefix of
the source that fails with the same message.
"""

from __future__ import annotations

import json
import re

from carrousel.errors import CarrouselError, did_you_mean
from carrousel.figures import svgtree
from carrousel.figures.figure import Figure, fit_scale, text_width
from carrousel.figures.mermaid_theme import config, restyle
from carrousel.figures.palette import Palette

SUPPORTED = {"flowchart": "flowchart", "graph": "flowchart", "sequenceDiagram": "sequence",
             "stateDiagram": "state", "stateDiagram-v2": "state", "classDiagram": "class",
             "classDiagram-v2": "class"}
LABEL_SCALE = 0.8  # diagram labels are drawn at 80% of the body text size, never under the floor


def render(source: str, palette: Palette, max_width: float, max_height: float) -> Figure:
    """Draw a Mermaid diagram in the palette, fitted inside max_width x max_height px."""
    kind, header = diagram_type(source)
    size = max(palette.min_px, LABEL_SCALE * palette.font_px)
    root = svgtree.parse(draw(source, header, config(palette, size, kind)))
    boxed = boxed_labels(root)
    ratio = layout_ratio(boxed, palette)
    if ratio > 1.0:  # some label is wider in the theme's font than merman thinks: lay out for it
        root = svgtree.parse(draw(source, header, config(palette, size, kind, ratio)))
    width, height = (float(v) for v in root.get("viewBox").split()[2:])
    scale = fit_scale(width, height, max_width, max_height)
    if size * scale < palette.min_px - 0.01:
        raise CarrouselError(
            f"the diagram is too large for the slide: its labels would be {size * scale:.0f} px, under the "
            f"theme's {palette.min_px:g} px floor", hint="split it, shorten its labels or change its direction")
    restyle(root, palette, size, scale)
    # Labels as a reader takes them in: the boxes (nodes, actors, states), then what links them.
    boxes = [label for label, box in boxed.items() if box]
    if kind == "sequence":  # participants left to right (merman draws them in another order)
        across = {svgtree.text_of(text): float(text.get("x", 0)) for text in root.iter(svgtree.tag("text"))}
        boxes.sort(key=lambda label: across.get(label, 0.0))
    labels = boxes + [label for label, box in boxed.items() if not box]
    return Figure(svgtree.serialize(root), round(width * scale, 2), round(height * scale, 2), labels,
                  round(size * scale, 2))


def diagram_type(source: str) -> tuple[str, int]:
    """The diagram's kind (flowchart, sequence, state, class) and the 0-based index of its header line."""
    lines = source.splitlines()
    index = 0
    if lines and lines[0].strip() == "---":  # YAML front matter (title, config) comes first
        index = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), len(lines)) + 1
    while index < len(lines) and (not lines[index].strip() or lines[index].lstrip().startswith("%%")):
        index += 1
    if index >= len(lines):
        raise CarrouselError("the Mermaid block is empty", hint="start it with a type, e.g. 'flowchart LR'")
    word = re.split(r"[\s;]", lines[index].strip(), maxsplit=1)[0]
    if word not in SUPPORTED:
        guess = did_you_mean(word, SUPPORTED)
        raise CarrouselError(f"Mermaid diagram type '{word}' is not supported", line=index + 1,
                             hint=(guess + " " if guess else "") + "supported: " + ", ".join(sorted(SUPPORTED)))
    return SUPPORTED[word], index


def draw(source: str, header: int, settings: dict) -> str:
    """merman's SVG for the source, with the settings as an init directive just above its header line."""
    import mmdr

    lines = source.splitlines()
    lines.insert(header, "%%{init: " + json.dumps(settings, sort_keys=True) + "}%%")
    try:
        return mmdr.render("\n".join(lines)).svg()
    except ValueError as error:
        raise syntax_error(source, str(error)) from None


def syntax_error(source: str, message: str) -> CarrouselError:
    """A Mermaid error for people: the parser's message and, when a prefix reproduces it, its line."""
    import mmdr

    line = None
    lines = source.splitlines()
    for count in range(1, len(lines) + 1):
        try:
            mmdr.render("\n".join(lines[:count])).svg()
        except ValueError as error:
            if str(error) == message:
                line = count
                break
    text = re.sub(r"^Diagram parse error \([^)]*\):\s*", "", message)
    return CarrouselError(f"Mermaid syntax error: {text}", line=line,
                          hint="see mermaid.js.org for the syntax of this diagram type")


def boxed_labels(root) -> dict[str, bool]:
    """Each label line, and whether it sits in a box with padding (node) or bare (edge label, message)."""
    found: dict[str, bool] = {}
    for text in root.iter(svgtree.tag("text")):
        where = text.get("data-merman-source-classes", "") + " " + text.get("class", "")
        label = svgtree.text_of(text)
        if label:
            bare = "edgeLabel" in where or "messageText" in where
            found[label] = found.get(label, True) and not bare
    return found


def layout_ratio(labels: dict[str, bool], palette: Palette) -> float:
    """How much wider a label is in the theme's font than in merman's own metrics, at most (>= 1)."""
    import mmdr

    lines = sorted(labels)
    if not lines:
        return 1.0
    # One calibration flowchart, a node per label at 100 px: merman's width is twice the label's offset.
    nodes = "\n".join(f'n{i}["{entities(text)}"]' for i, text in enumerate(lines))
    settings = {"look": "classic", "themeVariables": {"fontSize": "100px"}, "flowchart": {"wrappingWidth": 1e6}}
    svg = mmdr.render("%%{init: " + json.dumps(settings) + "}%%\nflowchart TB\n" + nodes).svg()
    offsets = re.findall(r'id="merman-flowchart-n(\d+)-\d+".*?<g class="label" transform="translate\((-?[\d.]+)',
                         svg, re.DOTALL)
    ratio = 1.0
    for index, offset in offsets:
        line = lines[int(index)]
        # A boxed label may spill 0.15 em into its node's padding (0.55 em) on each side; a bare one
        # (edge label, message) 0.08 em over its background, onto the line it masks.
        slack = 30 if labels[line] else 15
        ratio = max(ratio, text_width(line, palette.sans, 100) / (-2 * float(offset) + slack))
    return ratio


def entities(text: str) -> str:
    """Text safe inside a quoted Mermaid label: every non-alphanumeric character as #code;"""
    return "".join(c if c.isalnum() or c == " " else f"#{ord(c)};" for c in text)
