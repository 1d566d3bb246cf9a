"""Brand overrides: accent colour and fonts on top of a theme, the logo in the frame."""

import numpy
import pytest
from PIL import Image

from carrousel.errors import CarrouselError
from carrousel.theme import brand
from carrousel.theme.themes import load_theme
from carrousel.layers import Layers
from helpers import REPO, build, colours, error_of, make_project, open_png


def test_a_missing_brand_font_names_the_package(tmp_path):
    root = make_project(tmp_path / "p", files={
        "content/post.yaml": "title: T\nbrand: {font: No Such Grotesk}\nslides:\n  - kind: cover\n    title: Hello\n"})
    message = error_of(build, root / "content" / "post.yaml").format()
    assert "brand.font: font family 'No Such Grotesk' is not installed" in message
    assert "pip install fontpkg-no-such-grotesk" in message


def test_brand_accent_and_logo_show_on_the_slides(tmp_path):
    root = make_project(tmp_path / "p", files={
        "carrousel.yaml": "brand: {logo: assets/logo.png}\n",
        "content/post.yaml": 'title: T\nbrand: {accent: "#ff5a1f"}\n'
                             'slides:\n  - {kind: cover, title: "**Big** hello"}\n',
    })
    (root / "assets").mkdir()
    Image.new("RGB", (120, 40), (255, 0, 255)).save(root / "assets" / "logo.png")
    image = open_png(build(root / "content" / "post.yaml").files["png/01.png"])
    assert (255, 0, 255) in colours(image.crop((0, 0, 1080, 96))), "the logo is drawn in the frame"
    assert any(abs(r - 255) + abs(g - 90) + abs(b - 31) < 12 for r, g, b in colours(image)), "the accent colour is used"


def test_accent_sets_every_accent_token_and_short_hex_is_expanded():
    theme = brand.apply(load_theme("terminal", Layers(REPO)), {"accent": "#f80", "font": None})
    assert theme.tokens["accent"] == "#ff8800"
    # what is drawn in the accent is derived from it, readable on the theme's surfaces (theme/colour.py)
    assert theme.tokens["avatar-bg"] == "var(--accent-fill)" and theme.tokens["accent-text"].startswith("#")
    assert theme.tokens["accent-soft"] == "rgba(255, 136, 0, 0.1)"
    assert theme.tokens["accent-line"] == "rgba(255, 136, 0, 0.55)"


def test_no_brand_keeps_the_theme_and_a_bad_colour_is_refused():
    theme = load_theme("paper", Layers(REPO))
    assert brand.apply(theme, {"accent": None, "font": ""}) is theme
    with pytest.raises(CarrouselError, match="'orange' is not a colour") as err:
        brand.apply(theme, {"accent": "orange"})
    assert err.value.field == "brand.accent"


def test_brand_fonts_replace_the_theme_roles():
    theme = brand.apply(load_theme("terminal", Layers(REPO)), {"font": "Space Grotesk", "mono": "IBM Plex Mono"})
    assert (theme.fonts["sans"], theme.fonts["mono"]) == ("Space Grotesk", "IBM Plex Mono")



@pytest.mark.parametrize("theme", ["terminal", "paper", "blueprint", "poster"])
def test_the_logo_sits_whole_in_the_head_and_changes_sides_right_to_left(tmp_path, theme):
    root = make_project(tmp_path / "p", files={
        f"content/{lang}.yaml": f"title: T\ntheme: {theme}\nlang: {lang}\nauthor: {{name: Ada, handle: /in/ada}}\n"
                                f"brand: {{logo: logo.png}}\nslides:\n  - {{kind: cover, title: Hello}}\n"
        for lang in ("en", "ar")})
    Image.new("RGB", (120, 40), (255, 0, 255)).save(root / "content" / "logo.png")
    for lang in ("en", "ar"):
        left, top, right, bottom = _magenta_box(open_png(build(root / "content" / f"{lang}.yaml").files["png/01.png"]))
        assert bottom - top >= 36 and top >= 8, f"{lang}: the logo is cut ({top}–{bottom})"
        assert bottom <= 160, f"{lang}: the logo is below the head ({top}–{bottom})"
        assert (right < 540) if lang == "en" else (left > 540), f"{lang}: the logo is on the wrong side ({left}–{right})"


def _magenta_box(image) -> tuple:
    """(left, top, right, bottom) of the logo's magenta pixels."""
    pixels = numpy.asarray(image.convert("RGB")).astype(int)
    ys, xs = numpy.nonzero((pixels[..., 0] > 235) & (pixels[..., 1] < 20) & (pixels[..., 2] > 235))
    return xs.min(), ys.min(), xs.max() + 1, ys.max() + 1
