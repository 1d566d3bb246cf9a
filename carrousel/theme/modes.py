"""Light and dark: a theme's tokens are its own mode's; `modes:` in theme.yaml gives the other mode's."""

from __future__ import annotations

from dataclasses import replace

from carrousel.errors import CarrouselError
from carrousel.theme import colour
from carrousel.theme.themes import MODES, Theme


def with_mode(theme: Theme, mode: str | None) -> Theme:
    """The theme in mode (light or dark); unchanged for None or its own mode."""
    if not mode or mode == theme.mode:
        return theme
    if mode not in MODES:
        raise CarrouselError(f"unknown mode '{mode}'", field="mode", hint="expected one of: " + ", ".join(MODES))
    spec = (theme.modes or {}).get(mode)
    if spec is None:
        raise CarrouselError(f"theme '{theme.name}' has no {mode} mode", field="mode",
                             hint=f"add modes: {{{mode}: {{tokens: …}}}} to its theme.yaml, or leave mode out")
    changed = spec["tokens"]
    auto = {name for name in theme.auto if name not in changed} | {n for n, v in changed.items() if v == colour.AUTO}
    tokens = colour.derive({**theme.tokens, **changed}, auto)
    return replace(theme, tokens=tokens, code_style=spec["code_style"] or theme.code_style, mode=mode,
                   auto=tuple(sorted(auto)))


def available_modes(theme: Theme) -> list[str]:
    """The modes a theme can be built in: its own, then those `modes:` declares."""
    return list(dict.fromkeys([m for m in (theme.mode, *(theme.modes or {})) if m]))
