"""Light and dark, and themes that are their tokens: every theme has both modes, and a child theme of tokens
recolours every slide."""

from __future__ import annotations

import re

import pytest
from PIL import Image

from carrousel.layers import Layers
from carrousel.theme import colour
from carrousel.theme.modes import available_modes, with_mode
from carrousel.theme.themes import available, load_theme

from helpers import REPO, make_project, run_cli, run_cli_here

THEMES = list(available(Layers(REPO)))
POST = """\
title: Modes
theme: {theme}
{mode}slides:
  - kind: list
    title: Tones
    items:
      - {{title: Good, text: fine, tag: {{text: ok, tone: green}}}}
  - kind: statement
    title: Stop **here**.
"""


def _luminance(value: str) -> float:
    return colour.parse(value).luminance()


@pytest.mark.parametrize("name", THEMES)
def test_every_theme_has_a_light_and_a_dark_mode_each_designed(name):
    theme = load_theme(name, Layers(REPO))
    assert set(available_modes(theme)) == {"light", "dark"}
    light, dark = with_mode(theme, "light"), with_mode(theme, "dark")
    assert _luminance(light.tokens["bg"]) > 0.6 > 0.1 > _luminance(dark.tokens["bg"])
    for mode in (light, dark):  # body text and the accent read on the page, in both modes
        for fg in ("text", "muted", "accent-text", "green-text", "red-text", "blue-text", "amber-text"):
            ratio = colour.contrast(colour.parse(mode.tokens[fg]), colour.parse(mode.tokens["bg"]))
            assert ratio >= 4.5, f"{name} {mode.mode}: {fg} on bg is {ratio:.2f}:1"
    # designed, not inverted: the accent and the code colours are chosen per mode
    assert light.tokens["accent"] != dark.tokens["accent"] or light.code_style != dark.code_style


@pytest.mark.parametrize("name", THEMES)
def test_theme_css_draws_no_colour_of_its_own(name):
    """Every colour a theme draws comes from its tokens: no #hex, rgb() or named colour in theme.css."""
    css = (REPO / "themes" / name / "theme.css").read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    assert not re.findall(r"#[0-9a-fA-F]{3,8}\b|rgba?\(|hsla?\(", css)


def test_mode_from_the_post_the_project_and_the_command_line(tmp_path):
    root = make_project(tmp_path / "p", {"content/m.yaml": POST.format(theme="terminal", mode="mode: light\n"),
                                        "carrousel.yaml": "mode: dark\n"})
    # In new processes, as a user runs it: late in a long test session a worker forked from this big process can
    # fail inside a C extension (seen twice, never alone).
    result = run_cli(root, "content/m.yaml")
    assert result.returncode == 0, result.stderr
    light = Image.open(root / "output" / "m" / "png" / "01.png").convert("RGB").getpixel((540, 700))
    assert sum(light) > 600  # the post's own mode wins over carrousel.yaml
    result = run_cli(root, "content/m.yaml", "--mode", "dark")
    assert result.returncode == 0, result.stderr
    dark = Image.open(root / "output" / "m" / "dark" / "png" / "01.png").convert("RGB").getpixel((540, 700))
    assert sum(dark) < 100  # --mode wins, and builds beside the post's own outputs


def test_a_theme_without_the_mode_asked_is_one_clear_error(tmp_path):
    root = make_project(tmp_path / "p", {
        "themes/flat/theme.yaml": "extends: terminal\nmodes: {}\n",
        "content/m.yaml": POST.format(theme="flat", mode="mode: sepia\n")})
    code, out, err = run_cli_here(root, "build", "content/m.yaml")
    assert code == 1 and "mode: 'sepia' is not allowed" in err


def test_a_child_theme_of_tokens_recolours_every_slide(tmp_path):
    tokens = ('extends: terminal\ntokens: {bg: "#2a0f3d", bg-2: "#2a0f3d", surface: "#3a1853", '
              'surface-2: "#321447", text: "#fff4e8", border: "#5a2d7a", accent: "#ffb000"}\n')
    root = make_project(tmp_path / "p", {"themes/grape/theme.yaml": tokens,
                                        "content/g.yaml": POST.format(theme="grape", mode="")})
    result = run_cli(root, "content/g.yaml")
    assert result.returncode == 0, result.stderr
    assert "contrast" not in result.stdout + result.stderr  # its derived accent variants read on its surfaces
    for name in ("01.png", "02.png"):
        image = Image.open(root / "output" / "g" / "png" / name).convert("RGB")
        colours = {rgb for _, rgb in image.getcolors(1 << 22)}
        assert image.getpixel((540, 1300)) == (0x2a, 0x0f, 0x3d) or image.getpixel((1070, 700))[2] > 0x30
        assert not any(abs(r - 0x0b) + abs(g - 0x0f) + abs(b - 0x14) < 6 for r, g, b in colours), \
            "terminal's own background shows through"
        assert not any(abs(r - 0x10) + abs(g - 0x20) + abs(b - 0x17) < 4 for r, g, b in colours), \
            "terminal's green-tinted gradient shows through"
