"""A theme's tokens map onto a Palette."""

from __future__ import annotations

from pathlib import Path

import yaml

from carrousel.figures.palette import Palette, luminance, mix

THEMES = Path(__file__).resolve().parents[2] / "themes"


def test_the_terminal_theme_gives_a_dark_palette_in_its_fonts():
    theme = yaml.safe_load((THEMES / "terminal" / "theme.yaml").read_text())
    palette = Palette.from_theme(theme["fonts"], theme["tokens"], theme["min_text_px"])
    assert (palette.sans, palette.mono, palette.font_px, palette.min_px) == ("Inter", "JetBrains Mono", 34, 24)
    assert (palette.background, palette.accent) == ("#0b0f14", "#3fb950")
    assert palette.line == mix("#9aa7b8", "#0b0f14", 0.75)  # edges and axes: muted text, a little into the slide
    assert palette.dark and palette.font_css == '"Inter", sans-serif'


def test_the_paper_theme_is_light():
    theme = yaml.safe_load((THEMES / "paper" / "theme.yaml").read_text())
    palette = Palette.from_theme(theme["fonts"], theme["tokens"])
    assert not palette.dark and palette.sans == "Source Sans 3" and palette.text == "#1f1b16"


def test_mix_blends_towards_the_other_colour():
    assert mix("#ffffff", "#000000", 0.5) == "#808080"
    assert luminance(mix("#9aa7b8", "#0d1117", 0.55)) < luminance("#9aa7b8")
