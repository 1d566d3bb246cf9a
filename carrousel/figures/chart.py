"""A `chart` block -> themed vector SVG through matplotlib's SVG backend, labels kept as <text>.

Engine: matplotlib 3.11.2 (PSF-style licence): its SVG backend with `svg.fonttype: none` writes every
label as <text>; it measures labels with FreeType in the theme's own font files (registered from
carrousel.theme.fonts), so value labels, ticks and legends are placed for the font WeasyPrint draws; every
colour, size and grid line is a parameter; 40 to 80 ms a chart, after a 0.7 s import paid only when a
post has a chart. Compared: pygal 3.1.3 (LGPL-3, fast, but it guesses text widths from character
counts and writes CSS and scripts into the SVG), vl-convert-python 1.9 (BSD, Vega-Lite in a bundled
JavaScript runtime: 0.8 s for the first chart, a 90 MB wheel, text measured by its own engine).
Same input, same bytes: fixed hash salt and SVG id, no date.
"""

from __future__ import annotations

import io

from carrousel.figures import svgtree
from carrousel.figures.chart_draw import draw
from carrousel.figures.chart_spec import parse
from carrousel.figures.figure import Figure, number
from carrousel.figures.palette import Palette

ASPECT = 1.2  # a chart is at most 1.2 times as tall as it is wide, whatever height the slide offers
LABEL_SCALE = 0.8  # labels at 80% of the body text size, never under the floor


def render(spec, palette: Palette, max_width: float, max_height: float) -> Figure:
    """Draw a chart spec (mapping or Chart) in the palette, sized inside max_width x max_height px."""
    import matplotlib
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure as Canvas

    chart = parse(spec)
    size = max(palette.min_px, LABEL_SCALE * palette.font_px)
    width, height = max_width, min(max_height, max_width * ASPECT)
    register_fonts(palette.sans)
    settings = {"svg.fonttype": "none", "svg.hashsalt": "carrousel", "svg.id": "chart", "font.family": palette.sans,
                "font.size": size, "text.color": palette.text, "axes.unicode_minus": True}
    with matplotlib.rc_context(settings):
        # 72 dpi: one point of matplotlib's is one px of the slide.
        canvas = Canvas(figsize=(width / 72, height / 72), dpi=72, layout="constrained")
        canvas.get_layout_engine().set(w_pad=4 / 72, h_pad=4 / 72, wspace=0, hspace=0)  # 4 px: glyph overhangs
        FigureCanvasSVG(canvas)
        draw(canvas, chart, palette, size)
        buffer = io.StringIO()
        canvas.savefig(buffer, format="svg", transparent=True, metadata={"Date": None, "Creator": None})
    root = svgtree.parse(buffer.getvalue())
    root.set("width", number(width))
    root.set("height", number(height))
    svgtree.remove(root, lambda e: e.tag == "{http://www.w3.org/2000/svg}metadata")
    for text in root.iter(svgtree.tag("text")):
        # matplotlib names the family alone; the slide's CSS fallback goes with it.
        svgtree.set_style(text, font_family=palette.font_css)
    return Figure(svgtree.serialize(root), width, height, svgtree.labels(root), size)


def register_fonts(family: str) -> None:
    """Make the theme's static font files known to matplotlib (regular and semibold), once."""
    from matplotlib import font_manager

    from carrousel.theme.fonts import family_files

    known = {entry.fname for entry in font_manager.fontManager.ttflist}
    for _, _, _, path in family_files(family, (400, 600), styles=("normal",)):
        if str(path) not in known:
            font_manager.fontManager.addfont(str(path))
