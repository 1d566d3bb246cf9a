"""Mermaid's look from a Palette: init settings before layout, style edits on the SVG after it."""

from __future__ import annotations

import re

from carrousel.figures import svgtree
from carrousel.figures.figure import number
from carrousel.figures.palette import Palette


def config(palette: Palette, size: float, kind: str = "flowchart", widen: float = 1.0) -> dict:
    """Mermaid's init settings: the `base` theme's variables from the palette, spacings in proportion to size,
    text measured `widen` times larger (merman's metrics are narrower than the theme's font)."""
    p = palette
    on_line = {"textColor": p.text, "lineColor": p.line, "defaultLinkColor": p.line}
    variables = {
        "darkMode": p.dark, "background": p.background, "fontFamily": p.font_css, "fontSize": f"{size * widen:.2f}px",
        "primaryColor": p.surface, "primaryTextColor": p.text, "primaryBorderColor": p.accent,
        "secondaryColor": p.surface, "secondaryTextColor": p.text, "secondaryBorderColor": p.line,
        "tertiaryColor": p.background, "tertiaryTextColor": p.text, "tertiaryBorderColor": p.line,
        "mainBkg": p.surface, "nodeBorder": p.accent, "nodeTextColor": p.text, "titleColor": p.text,
        "clusterBkg": p.background, "clusterBorder": p.line, "edgeLabelBackground": p.background,
        "actorBkg": p.surface, "actorBorder": p.accent, "actorTextColor": p.text, "actorLineColor": p.line,
        "signalColor": p.line, "signalTextColor": p.text, "labelBoxBkgColor": p.surface,
        "labelBoxBorderColor": p.line, "labelTextColor": p.text, "loopTextColor": p.text,
        "noteBkgColor": p.surface, "noteTextColor": p.text, "noteBorderColor": p.amber,
        "activationBkgColor": p.surface, "activationBorderColor": p.line, "sequenceNumberColor": p.background,
        "classText": p.text, "labelColor": p.text, "stateLabelColor": p.text, "transitionColor": p.line,
        "transitionLabelColor": p.text, "stateBkg": p.surface, "stateBorder": p.accent,
        "compositeBackground": p.background, "compositeTitleBackground": p.surface, "altBackground": p.surface,
        "specialStateColor": p.muted, "innerEndBackground": p.text, "strokeWidth": 1, **on_line,
    }
    gap = {"nodeSpacing": round(1.1 * size), "rankSpacing": round(1.3 * size), "padding": round(0.55 * size)}
    return {
        "theme": "base", "look": "classic", "themeVariables": variables, "fontSize": size * widen,
        # dagre honours the spacings and draws curved edges; merman's own layout suits class diagrams better.
        **({"layout": "dagre"} if kind in ("flowchart", "state") else {}),
        "flowchart": {**gap, "wrappingWidth": round(9 * size), "diagramPadding": 4, "curve": "basis",
                      "minNodeWidth": round(2.5 * size)},
        "state": {**gap}, "class": {**gap},
        "sequence": {
            "mirrorActors": False, "labelBoxWidth": round(2.4 * size), "labelBoxHeight": round(1.3 * size),
            "width": round(4.5 * size), "height": round(2.2 * size), "actorMargin": round(2.4 * size),
            "boxMargin": round(0.4 * size), "messageMargin": round(1.4 * size), "noteMargin": round(0.4 * size),
            "diagramMarginX": 4, "diagramMarginY": 4,
        },
    }


def restyle(root, palette: Palette, size: float, scale: float) -> None:
    """Final touches: the drawn size, the theme's font at the label size, line widths, no HTML or shadows."""
    _, _, width, height = (float(v) for v in root.get("viewBox").split())
    for key in ("style", "width", "height"):
        root.attrib.pop(key, None)
    root.set("width", number(width * scale))
    root.set("height", number(height * scale))
    align_members(root)
    svgtree.remove(root, lambda e: e.tag in (svgtree.tag("foreignObject"), svgtree.tag("filter")))
    for element in root.iter():
        for key in [k for k in element.attrib if k == "filter" or k.startswith("data-")]:
            del element.attrib[key]  # data-points alone is a third of a flowchart's bytes
        if element.tag in (svgtree.tag("text"), svgtree.tag("tspan")):
            for key in ("font-size", "font-family"):
                element.attrib.pop(key, None)
    for text in root.iter(svgtree.tag("text")):
        svgtree.set_style(text, font_family=palette.font_css, font_size=f"{number(size)}px")
    for marker in root.iter(svgtree.tag("marker")):
        if marker.get("markerUnits") is None:  # sized by the line's width: thick lines would get huge heads
            marker.set("markerUnits", "userSpaceOnUse")
            for path in marker.iter(svgtree.tag("path")):
                path.set("fill", path.get("fill", palette.line))
    width = palette.line_width / scale  # in the SVG's units, which the slide scales by `scale`
    rules = {"flowchart-link,messageLine0,messageLine1,transition,relation": width,
             "edge-thickness-thick": 2 * width,
             "node rect,node circle,node polygon,node path,actor,cluster rect,note,loopLine,labelBox": 0.6 * width,
             "actor-line": 0.4 * width}
    style = svgtree.ET.SubElement(root, svgtree.tag("style"))
    # '#merman' and !important: merman's own rules are id-scoped and would win.
    style.text = " ".join(",".join(f"#merman .{name}" for name in names.split(",")) +
                          f"{{stroke-width:{number(value)}px !important}}" for names, value in rules.items())
    svgtree.drop_unused_symbols(root)
    svgtree.round_numbers(root)


def align_members(root) -> None:
    """Left-align class members on their box's text edge (merman centres them with its own text widths)."""
    boxes = []  # (left, top, right, bottom, text left edge) of each class
    for node in root.iter(svgtree.tag("g")):
        if not node.get("id", "").startswith("merman-classId-"):
            continue
        cx, cy = translate(node)
        outline = node.find(f"{svgtree.tag('g')}/{svgtree.tag('path')}")
        group = next((g for g in node if "members-group" in g.get("class", "")), None)
        corner = re.match(r"\s*M\s*(-?[\d.]+)[ ,](-?[\d.]+)", outline.get("d", "")) if outline is not None else None
        if group is None or corner is None:
            continue
        half_w, half_h = -float(corner.group(1)), -float(corner.group(2))
        boxes.append((cx - half_w, cy - half_h, cx + half_w, cy + half_h, cx + translate(group)[0]))
    for text in root.iter(svgtree.tag("text")):
        source = text.get("data-merman-source-classes", "")
        if "members-group" not in source and "methods-group" not in source:
            continue
        x, y = float(text.get("x", 0)), float(text.get("y", 0))
        for left, top, right, bottom, edge in boxes:
            if left <= x <= right and top <= y <= bottom:
                text.set("x", number(edge))
                svgtree.set_style(text, text_anchor="start")
                break


def translate(element) -> tuple[float, float]:
    """The x, y of an element's transform="translate(x, y)" (0, 0 when it has none)."""
    found = re.search(r"translate\(\s*(-?[\d.]+)[ ,]+(-?[\d.]+)", element.get("transform", ""))
    return (float(found.group(1)), float(found.group(2))) if found else (0.0, 0.0)
