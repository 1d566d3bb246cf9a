"""Brand overrides (`brand: {accent, font, mono, logo}`) applied on top of a theme."""

from __future__ import annotations

import re
from dataclasses import replace

from carrousel.errors import CarrouselError, did_you_mean
from carrousel.theme import colour
from carrousel.theme.themes import Theme

_HEX = re.compile(r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def apply(theme: Theme, brand: dict) -> Theme:
    """The theme with the brand's accent colour, and its fonts first in their roles' chains; the logo is shown by the
    frame."""
    brand = {key: value for key, value in (brand or {}).items() if value}
    if not brand:
        return theme
    tokens, fonts, auto = dict(theme.tokens), dict(theme.fonts), theme.auto
    if "accent" in brand:
        red, green, blue = _rgb(str(brand["accent"]))
        # The accent's own colour draws what the theme marks as accent; the variants that carry text are
        # derived from it for this theme's surfaces, so that any brand colour reads (tones stay themselves).
        auto = tuple(sorted(set(auto) | set(colour.ACCENT_DERIVED)))
        tokens = colour.derive({**tokens, "accent": f"#{red:02x}{green:02x}{blue:02x}"}, auto)
    for role, key in (("sans", "font"), ("mono", "mono")):
        if key in brand:
            fonts[role] = check_family(str(brand[key]), f"brand.{key}")
    if fonts != theme.fonts:
        from carrousel.theme.fonts import chains

        # The brand's family goes first in the role's chain: the theme's fallback still follows it.
        fonts = chains({role: str(family) for role, family in fonts.items()}, theme.fallback or {})
    return replace(theme, tokens=tokens, fonts=fonts, auto=auto)


def check_family(name: str, field: str) -> str:
    """The font-package family name, or an error naming the pip package to install."""
    import fontpkg

    try:
        return fontpkg.family(name).name
    except Exception:  # fontpkg raises its own LookupError subclasses
        package = "fontpkg-" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        known = [f.name for f in fontpkg.families().values()]
        guess = did_you_mean(name, known)
        raise CarrouselError(f"font family '{name}' is not installed", field=field,
                             hint=(guess + " " if guess else "") + f"install it with: pip install {package}") from None


def _rgb(value: str) -> tuple[int, int, int]:
    match = _HEX.match(value.strip())
    if not match:
        raise CarrouselError(f"'{value}' is not a colour", field="brand.accent", hint='give a hex colour like "#ff5a1f"')
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)
