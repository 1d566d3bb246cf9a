"""Math in posts: $inline$ on the text's baseline, $$display$$ centred, in the colour of its text; dollars stay text."""

from __future__ import annotations

import ctypes
import re

import pytest
from graphics_kit import alts, build, pdf_of, png, prepared, project_with
from helpers import REPO

from carrousel.errors import CarrouselError
from carrousel.html import graphics, markup
from carrousel.html.document import page_size
from carrousel.layers import Layers
from carrousel.theme.themes import load_theme


@pytest.fixture(scope="module")
def converter():
    theme = load_theme("terminal", Layers(REPO))
    return markup.Converter(figures=graphics.Context.of(theme, page_size("portrait"), "portrait"))


@pytest.mark.parametrize("text", ["It costs $5 and $10.", "from $20,000 to $30,000", r"an escaped \$x\$",
                                  "`$HOME` and `$PATH`", "$ x$ and $x $"])
def test_dollars_that_are_not_math_stay_text(converter, text):
    html = converter.block(text)
    assert 'class="math"' not in html and "$" in html and "\\$" not in html


def test_inline_and_display_math_become_images_with_their_latex_as_alt(converter):
    html = converter.block("Energy $E = mc^2$, and a sum:\n\n$$C = \\sum_i r_i \\cdot p$$\n\nfor $5 a month.")
    assert html.count('class="math"') == 2 and 'alt="E = mc^2"' in html and 'alt="C = \\sum_i r_i \\cdot p"' in html
    assert '<span class="math-display">' in html and "for $5 a month." in html
    style = re.search(r'alt="E = mc\^2" style="([^"]+)"', html).group(1)
    assert re.fullmatch(r"width:[\d.]+em;height:[\d.]+em;vertical-align:-[\d.]+em;", style)  # sized by its text
    assert converter.inline("Why $O(n^2)$ *hurts*") .count('class="math"') == 1  # titles too; the rest is Markdown


def test_underscores_and_stars_in_math_are_latex_not_emphasis(converter):
    html = converter.block(r"$a_i * b_i$ and $\{x\}$")
    assert "<em>" not in html and 'alt="a_i * b_i"' in html and 'alt="\\{x\\}"' in html


POST = r"""title: Math
slides:
  - kind: content
    eyebrow: '$\Sigma\Sigma\Sigma\Sigma$'
    title: "x $x$ x"
    body: |
      With a hit rate $h$, a read costs

      $$\bar{t} = h \, t_c + (1 - h) \, t_d$$
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = project_with(tmp_path_factory.mktemp("math") / "project", {"content/math.yaml": POST})
    return build(project, "math.yaml")


def blobs(image, top: int, bottom: int, threshold: int = 140) -> list[tuple[int, int, int]]:
    """(left, right, lowest inked row) of each run of inked columns between rows top and bottom."""
    band = image.convert("L").crop((0, top, image.width, bottom)).point(lambda v: 255 if v > threshold else 0)
    pixels = band.load()
    inked = [any(pixels[x, y] for y in range(band.height)) for x in range(band.width)]
    found, start = [], None
    for x, ink in enumerate(inked + [False]):
        if ink and start is None:
            start = x
        elif not ink and start is not None:
            box = band.crop((start, 0, x, band.height)).getbbox()
            found.append((start, x, top + box[3]))
            start = None
    return found


def lines(image, top: int, bottom: int, threshold: int = 140) -> list[tuple[int, int]]:
    """(first, last) inked row of each line of ink between rows top and bottom."""
    band = image.convert("L").crop((0, top, image.width, bottom)).point(lambda v: 255 if v > threshold else 0)
    inked = [band.crop((0, y, band.width, y + 1)).getbbox() is not None for y in range(band.height)]
    found, start = [], None
    for y, ink in enumerate(inked + [False]):
        if ink and start is None:
            start = y
        elif not ink and start is not None:
            found.append((top + start, top + y - 1))
            start = None
    return found


def test_inline_math_sits_on_the_text_baseline(built):
    """The title `x $x$ x`: the formula's x and the two letters end on the same row, within a pixel."""
    image = png(built, 1)
    first, last = lines(image, 120, 1200)[1]  # under the frame: the eyebrow, then the title (the slide is centred)
    title = blobs(image, first, last + 1)
    assert len(title) == 3, title
    bottoms = [bottom for _, _, bottom in title]
    assert max(bottoms) - min(bottoms) <= 1, bottoms


def test_display_math_is_centred(built):
    image = png(built, 1)
    first, last = lines(image, 300, 1100)[-1]  # the formula is the body's last line
    formula = blobs(image, first, last + 1)
    left, right = formula[0][0], formula[-1][1]
    assert left > 200 and abs((left + right) / 2 - image.width / 2) <= 4, (left, right)


def path_fills(pdf: bytes) -> set[str]:
    """The fill colour of every path on the first page (formulas are paths; text is text)."""
    import pypdfium2 as pdfium
    from pypdfium2 import raw

    document = pdfium.PdfDocument(pdf)
    try:
        found = set()
        for obj in document[0].get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=20):
            r, g, b, a = (ctypes.c_uint() for _ in range(4))
            if raw.FPDFPageObj_GetFillColor(obj.raw, r, g, b, a):
                found.add(f"#{r.value:02x}{g.value:02x}{b.value:02x}")
        return found
    finally:
        document.close()


def test_math_takes_the_colour_of_its_text(built):
    fills = path_fills(pdf_of(built))
    assert "#56d364" in fills  # the eyebrow's accent (terminal's accent-text), not the body text colour
    assert "#e6edf3" in fills  # the body's and the title's formulas


def test_alt_text_is_the_latex(built):
    assert "\\bar{t} = h \\, t_c + (1 - h) \\, t_d" in alts(built)[0]


def test_a_latex_mistake_names_its_line(tmp_path):
    post = "title: T\nslides:\n  - kind: content\n    body: |\n      Fine.\n\n      Cost $\\frca{a}{b}$.\n"
    project = project_with(tmp_path / "p", {"content/p.yaml": post})
    with pytest.raises(CarrouselError) as caught:
        prepared(project, "p.yaml")
    assert caught.value.format().startswith("content/p.yaml:7: slide 1 (content): body: unknown LaTeX command \\frca")
    assert "did you mean '\\frac'" in caught.value.format()
