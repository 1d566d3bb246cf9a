"""A theme's backdrop: the page-wide gradient painted as a picture, the same pixels as the CSS gradient."""

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops, ImageStat

from carrousel.layout.weasy import weasyprint
from carrousel.load.settings import FORMATS
from carrousel.theme import backdrop
from helpers import build, error_of, make_project, open_png

TOKENS = {"bg": "#0b0f14", "bg-tint": "#17301f", "bg-2": "#0c1220", "glow": "var(--bg-tint)"}


def _raster(html_body_css: str, width: int, height: int) -> Image.Image:
    """A page of the given size whose body has the given CSS, rasterized by PDFium (as the PNG stage does)."""
    html = (f"<style>@page {{ size: {width}px {height}px; margin: 0 }} body {{ margin: 0 }}"
            f"div {{ height: {height}px; {html_body_css} }}</style><div></div>")
    page = pdfium.PdfDocument(weasyprint().HTML(string=html).write_pdf())[0]
    return page.render(scale=4 / 3).to_pil().convert("RGB")


@pytest.mark.parametrize("css, fmt", [
    ("linear-gradient(160deg, var(--bg-tint) 0%, var(--bg) 38%, var(--bg) 70%, var(--bg-2) 100%)", "portrait"),
    ("linear-gradient(to top right, #ff0000, #0000ff)", "story"),
    ("linear-gradient(#202020, var(--glow) 50%, #000000 75%, #f0f0f0)", "square"),
    ("linear-gradient(0.3turn, rgb(10, 120, 200), #e0e0e0)", "landscape"),
])
def test_the_picture_has_the_css_gradients_pixels(css, fmt):
    # Against WeasyPrint's own shading, on gradients it interpolates linearly as CSS says (it curves a segment that
    # holds the vector's middle without being centred on it; the picture, as a browser, stays linear).
    width, height = FORMATS[fmt]
    gradient = backdrop.parse(css, "theme.yaml")
    rule = backdrop.css(gradient, TOKENS, {fmt: {"width": width, "height": height}}, "theme.yaml")
    picture = rule.split('url("', 1)[1].split('")', 1)[0]
    resolved = css
    for name in ("glow", "bg-tint", "bg-2", "bg"):  # longest first: --bg is a prefix of the others
        resolved = resolved.replace(f"var(--{name})", TOKENS["bg-tint"] if name == "glow" else TOKENS[name])
    expected = _raster(f"background-image: {resolved}", width, height)
    actual = _raster(f'background: url("{picture}") 0 0 / 100% 100% no-repeat', width, height)
    difference = ImageChops.difference(expected, actual).convert("L")
    worst, mean = max(difference.getextrema()), ImageStat.Stat(difference).mean[0]
    # The theme's gentle gradient: a level at most. A steep one: PDFium draws a shading in 256 steps along its
    # vector, a band of 5 px here, a few levels on a ramp across the page; the picture is smooth.
    most, on_average = (1, 0.3) if fmt == "portrait" else (10, 3)
    assert worst <= most and mean <= on_average, f"{fmt}: {worst} levels apart, {mean:.2f} on average"


def test_stops_without_positions_are_spread_as_css_spreads_them():
    def picture(css: str) -> str:
        return backdrop.css(backdrop.parse(css, "t"), TOKENS, {"square": {"width": 1080, "height": 1080}}, "t")

    assert picture("linear-gradient(#000, #888, #fff 80%, #f00)") == \
        picture("linear-gradient(180deg, #000 0%, #888 40%, #fff 80%, #f00 100%)")
    assert picture("linear-gradient(#000 50%, #888 20%, #fff)") == \
        picture("linear-gradient(#000 50%, #888 50%, #fff 100%)")  # a stop before the one ahead of it moves up


def test_terminal_pages_hold_a_picture_and_no_shading(tmp_path):
    root = make_project(tmp_path / "p", files={"content/post.yaml": "title: T\ntheme: terminal\nslides:\n"
                                               "  - {kind: cover, title: Hello}\n  - {kind: quote, text: Hi}\n"})
    built = build(root / "content" / "post.yaml")
    pdf = built.files["post.pdf"]
    assert b"/ShadingType" not in pdf and b"/Subtype /Image" in pdf
    corner = open_png(built.files["png/01.png"]).getpixel((4, 4))
    assert corner != (0x0b, 0x0f, 0x14), "the top-left corner is tinted, as the gradient's first stop"


def test_a_brand_accent_tints_the_backdrop(tmp_path):
    def corner(accent: str) -> tuple:
        root = make_project(tmp_path / accent[1:], files={"content/post.yaml": (
            f'title: T\ntheme: terminal\nbrand: {{accent: "{accent}"}}\nslides:\n  - {{kind: quote, text: Hi}}\n')})
        return open_png(build(root / "content" / "post.yaml").files["png/01.png"]).getpixel((4, 4))

    red, blue = corner("#ff2020"), corner("#2060ff")
    assert red[0] > red[2] and blue[2] > blue[0], (red, blue)


def test_a_theme_may_drop_its_parents_backdrop(tmp_path):
    root = make_project(tmp_path / "p", files={
        "themes/flat/theme.yaml": "name: flat\nextends: terminal\nbackdrop: none\n",
        "content/post.yaml": "title: T\ntheme: flat\nslides:\n  - {kind: quote, text: Hi}\n"})
    image = open_png(build(root / "content" / "post.yaml").files["png/01.png"])
    assert image.getpixel((4, 4)) == image.getpixel((1075, 1345)) == (0x0b, 0x0f, 0x14)


@pytest.mark.parametrize("value, said", [
    ("radial-gradient(#000, #fff)", "expected linear-gradient(…)"),
    ("linear-gradient(to middle, #000, #fff)", "`to` takes a side or a corner"),
    ("linear-gradient(#000)", "two colour stops at least"),
    ("linear-gradient(#000, var(--nope) 50%)", "no colour token 'nope'"),
    ("linear-gradient(#000, banana)", "'banana' is not a colour"),
])
def test_a_wrong_backdrop_is_the_themes_error(tmp_path, value, said):
    root = make_project(tmp_path / "p", files={
        "themes/odd/theme.yaml": f"name: odd\nextends: terminal\nbackdrop: '{value}'\n",
        "content/post.yaml": "title: T\ntheme: odd\nslides:\n  - {kind: quote, text: Hi}\n"})
    message = error_of(build, root / "content" / "post.yaml").format()
    assert "themes/odd/theme.yaml" in message and "backdrop" in message and said in message, message


def test_a_themes_own_slide_background_wins_over_the_backdrop(tmp_path):
    root = make_project(tmp_path / "p", files={
        "themes/red/theme.yaml": "name: red\nextends: terminal\n",
        "themes/red/theme.css": ".slide { background: #c01010 }\n",
        "content/post.yaml": "title: T\ntheme: red\nslides:\n  - {kind: quote, text: Hi}\n"})
    image = open_png(build(root / "content" / "post.yaml").files["png/01.png"])
    assert image.getpixel((4, 4)) == image.getpixel((1075, 1345)) == (0xc0, 0x10, 0x10)
