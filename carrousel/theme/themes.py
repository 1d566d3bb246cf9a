"""Themes: `themes/<name>/theme.yaml` (+ theme.css, templates/), resolved along `extends`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from carrousel.errors import CarrouselError, choices_hint
from carrousel.layers import Layers
from carrousel.load.files import read_text
from carrousel.load.yamlload import parse_yaml
from carrousel.theme import backdrop, colour

THEME_FIELDS = ("name", "extends", "description", "fonts", "fallback", "weights", "code_style", "tokens", "strings",
                "min_text_px", "fill", "modes", "mode", "backdrop")
MIN_TEXT_PX = 24  # legibility floor at 1080 px wide: auto-fit never shrinks text below it


@dataclass(frozen=True)
class Theme:
    """A resolved theme: merged settings and the folders it draws from, child first."""

    name: str
    dirs: tuple  # theme folders, child first
    fonts: dict  # role (sans, mono…) -> fonts.Chain: its family (the str), then its fallback families
    weights: tuple
    code_style: str
    tokens: dict  # design tokens -> CSS custom properties
    strings: dict  # lang -> {key: text}
    css: str  # every theme.css of the chain, parent first
    min_text_px: float = MIN_TEXT_PX  # smallest text size allowed on a slide, in px at 1080 px wide
    fallback: dict = None  # role (or `default`) -> families drawn after the role's own, as declared
    fill: dict = None  # {grow: {format or default: largest text scale}, place: {kind or default: top|center|spread}}
    modes: dict = None  # mode name (light, dark) -> the tokens that mode changes
    mode: str = ""  # the mode the tokens are in (the theme's own, or the one asked for)
    auto: tuple = ()  # tokens the theme leaves to the engine (`auto`): derived from the accent and surfaces
    backdrop: backdrop.Gradient | None = None  # the slides' page-wide gradient, painted as a picture

    def place(self, kind: str) -> str:
        """How the space a slide of this kind leaves is placed: top, center or spread."""
        places = (self.fill or {}).get("place") or {}
        return str(places.get(kind, places.get("default", "top")))

    def grow(self, format_name: str) -> float:
        """The largest text scale a slide may grow to, in a format."""
        grows = (self.fill or {}).get("grow") or {}
        return float(grows.get(format_name, grows.get("default", 1.0)))

    def template_dirs(self) -> list[Path]:
        """Template override folders, child theme first."""
        return [d / "templates" for d in self.dirs if (d / "templates").is_dir()]

    def words(self, lang: str) -> dict:
        """The theme's own words in lang (falling back to English)."""
        base = dict(self.strings.get("en", {}))
        base.update(self.strings.get(lang.split("-")[0], {}))
        return base


def available(layers: Layers) -> dict[str, Path]:
    """Every theme by name, with the folder that wins (the project's over a built-in one of the same name)."""
    found: dict[str, Path] = {}
    for themes_dir in layers.themes():
        for meta in sorted(themes_dir.glob("*/theme.yaml")):
            found.setdefault(meta.parent.name, meta.parent)
    return dict(sorted(found.items()))


def describe(folder: Path) -> str:
    """A theme's one-line description (its theme.yaml's `description`), or ''."""
    try:
        return str(_read_meta(folder).get("description") or "").strip()
    except CarrouselError:
        return ""


_LOADED: dict = {}


def load_theme(name: str, layers: Layers) -> Theme:
    """Resolve a theme and its parents into one Theme (kept while its files are unchanged: serve asks each edit)."""
    files = [f for folder in layers.themes() for f in sorted(folder.glob("*/theme.*"))]
    files += [folder / "strings.yaml" for folder in layers.templates()]
    key = (name, str(layers), tuple((str(f), st.st_mtime_ns, st.st_size) for f in files if f.is_file()
                                    for st in [f.stat()]))
    theme = _LOADED.get(key)
    if theme is None:
        if len(_LOADED) > 16:
            _LOADED.clear()
        theme = _LOADED[key] = _load_theme(name, layers)
    return theme


def _find(name: str, layers: Layers, below: Path | None = None) -> Path | None:
    """The folder of theme `name`: the first layer's that has it, or the next layer's when a theme extends its own
    name (a project's `terminal` that extends the built-in `terminal`)."""
    folders = layers.themes()
    if below is not None and below.parent in folders:
        folders = folders[folders.index(below.parent) + 1:]
    for themes_dir in folders:
        if (themes_dir / name / "theme.yaml").is_file():
            return themes_dir / name
    return None


def _load_theme(name: str, layers: Layers) -> Theme:
    chain, seen = [], []
    current, folder = name, None
    while current:
        current = str(current)
        shown = layers.shown(folder / "theme.yaml") if folder else None
        # A theme is a folder right under themes/: a name like '../..' must not reach elsewhere.
        found = None if "/" in current or current.startswith(".") else \
            _find(current, layers, folder if folder is not None and folder.name == current else None)
        if found is None:
            where = {"file": shown, "field": "extends"} if shown else {"field": "theme"}
            raise CarrouselError(f"unknown theme '{current}'", hint=choices_hint(current, available(layers)), **where)
        if found in [f for f, _ in chain]:
            raise CarrouselError(f"themes extend each other in a loop: {' → '.join(seen + [current])}",
                                 file=shown, field="extends")
        seen.append(current)
        folder = found
        meta = _read_meta(folder, layers)
        chain.append((folder, meta))
        current = meta.get("extends")
    merged: dict = {"fonts": {}, "fallback": {}, "tokens": {}, "strings": _base_strings(layers),
                    "weights": (400, 700),
                    "code_style": "default", "min_text_px": MIN_TEXT_PX, "fill": {"grow": {}, "place": {}},
                    "modes": {}, "mode": "", "backdrop": None}
    css = []
    for folder, meta in reversed(chain):  # parent first, child wins
        merged["fonts"].update(meta.get("fonts") or {})
        merged["fallback"].update(_fallback(meta, folder))
        merged["tokens"].update(meta.get("tokens") or {})
        _merge_fill(merged["fill"], meta, layers.shown(folder / "theme.yaml"))
        for mode, spec in _modes(meta, layers.shown(folder / "theme.yaml")).items():
            into = merged["modes"].setdefault(mode, {"tokens": {}, "code_style": None})
            into["tokens"].update(spec.get("tokens") or {})
            into["code_style"] = spec.get("code_style") or into["code_style"]
        merged["mode"] = str(meta.get("mode") or merged["mode"])
        if meta.get("backdrop") is not None:  # `backdrop: none` drops a parent's
            shown = layers.shown(folder / "theme.yaml")
            merged["backdrop"] = None if str(meta["backdrop"]).strip() == "none" else \
                (backdrop.parse(meta["backdrop"], shown), shown)
        for lang, words in (meta.get("strings") or {}).items():
            merged["strings"].setdefault(lang, {}).update(words)
        merged["weights"] = tuple(meta.get("weights") or merged["weights"])
        merged["code_style"] = meta.get("code_style") or merged["code_style"]
        if meta.get("min_text_px") is not None:
            merged["min_text_px"] = _positive_number(meta, "min_text_px", layers.shown(folder / "theme.yaml"))
        if (folder / "theme.css").is_file():
            css.append(read_text(folder / "theme.css", layers.shown(folder / "theme.css"), inside=folder.parent.parent))
    from carrousel.theme.fonts import chains

    try:
        fonts = chains(merged["fonts"], merged["fallback"])
    except CarrouselError as err:
        raise err.at(file=layers.shown(chain[0][0] / "theme.yaml"))
    tokens = {**chain_tokens(fonts), **merged["tokens"]}
    auto = tuple(name for name, value in tokens.items() if value == colour.AUTO)
    tokens = colour.derive(tokens, auto)
    gradient = None
    if merged["backdrop"]:
        gradient, shown = merged["backdrop"]
        backdrop.colours_of(gradient, tokens, shown)  # a stop naming no colour token is the theme's error
    return Theme(name=name, dirs=tuple(folder for folder, _ in chain), fonts=fonts,
                 weights=merged["weights"], code_style=merged["code_style"], tokens=tokens,
                 strings=merged["strings"], css="\n".join(css), min_text_px=merged["min_text_px"],
                 fallback=merged["fallback"], fill=merged["fill"], modes=merged["modes"], mode=merged["mode"],
                 auto=auto, backdrop=gradient)


MODES = ("light", "dark")


def _modes(meta: dict, shown: str) -> dict:
    """A theme's `modes:` (light/dark -> {tokens, code_style}), checked; and its own `mode:`."""
    declared = meta.get("modes") or {}
    ok = isinstance(declared, dict) and set(declared) <= set(MODES) and all(
        isinstance(spec, dict) and set(spec) <= {"tokens", "code_style"} for spec in declared.values())
    if not ok or meta.get("mode") not in (None, *MODES):
        raise CarrouselError("expected mode: light or dark, and modes: {light|dark: {tokens: {…}, code_style: …}}",
                             file=shown, line=meta.key_lines.get("modes") or meta.key_lines.get("mode"), field="modes",
                             hint="the theme's tokens are its own mode's; modes: gives the other mode's changes")
    return {str(mode): spec for mode, spec in declared.items()}


def _merge_fill(fill: dict, meta: dict, shown: str) -> None:
    """A theme's `fill:` merged over its parent's: `grow` (a number, or one per format) and `place` (per kind)."""
    declared = meta.get("fill") or {}
    grow = declared.get("grow") if isinstance(declared, dict) else None
    place = declared.get("place") if isinstance(declared, dict) else None
    grow = {"default": grow} if isinstance(grow, (int, float)) and not isinstance(grow, bool) else grow
    ok = isinstance(declared, dict) and set(declared) <= {"grow", "place"} \
        and all(isinstance(v, (int, float)) and not isinstance(v, bool) and 1 <= v <= 3 for v in (grow or {}).values()) \
        and all(v in ("top", "center", "spread") for v in (place or {}).values())
    if not ok:
        raise CarrouselError("expected fill: {grow: a scale from 1 to 3 (or one per format), place: {kind: top, "
                             "center or spread}}", file=shown, line=meta.key_lines.get("fill"), field="fill",
                             hint="e.g. fill: {grow: 1.5, place: {default: center, list: spread}}")
    fill["grow"].update(grow or {})
    fill["place"].update(place or {})


def _fallback(meta: dict, folder: Path) -> dict:
    """A theme's `fallback:` (role or `default` -> list of families), checked."""
    declared = meta.get("fallback") or {}
    ok = isinstance(declared, dict) and all(isinstance(v, list) and all(isinstance(n, str) for n in v)
                                            for v in declared.values())
    if not ok:
        raise CarrouselError("expected a mapping of role to a list of font families",
                             file=f"themes/{folder.name}/theme.yaml", line=meta.key_lines.get("fallback"),
                             field="fallback", hint="e.g. fallback: {default: [Noto Sans, Noto Sans CJK JP]}")
    return {str(role): tuple(names) for role, names in declared.items()}


def chain_tokens(fonts: dict) -> dict:
    """`--chain-<role>`: the CSS font-family list of each role: its own family's variable, its fallback families,
    then the other roles' variables (so that a brand font changes every chain it is in)."""
    firsts = {str(family) for family in fonts.values()}
    tokens = {}
    for role, family in fonts.items():
        rest = [f'"{name}"' for name in getattr(family, "families", ())[1:] if name not in firsts]
        others = [f"var(--font-{other})" for other in fonts if other != role]
        tokens[f"chain-{role}"] = ", ".join([f"var(--font-{role})", *rest, *others])
    return tokens


def _positive_number(meta: dict, key: str, shown: str) -> float:
    value = meta[key]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise CarrouselError(f"expected a positive number of px, got {value!r}", file=shown,
                             line=meta.key_lines.get(key), field=key, hint="e.g. min_text_px: 24")
    return float(value)


def _base_strings(layers: Layers) -> dict:
    """The words every theme starts from: templates/strings.yaml (lang -> key -> text)."""
    path = layers.template("strings.yaml")
    if not path.is_file():
        return {}
    try:
        data = parse_yaml(read_text(path, layers.shown(path))) or {}
    except CarrouselError as err:
        raise err.at(file=layers.shown(path))
    return {lang: dict(words) for lang, words in data.items()}


def _read_meta(folder: Path, layers: Layers | None = None) -> dict:
    shown = layers.shown(folder / "theme.yaml") if layers else f"themes/{folder.name}/theme.yaml"
    try:
        meta = parse_yaml(read_text(folder / "theme.yaml", shown, inside=folder.parent.parent)) or {}
        if not isinstance(meta, dict):
            raise CarrouselError("expected a mapping of theme settings")
        for key in meta:
            if key not in THEME_FIELDS:
                raise CarrouselError(f"unknown setting '{key}'", line=meta.key_lines[key],
                                     hint=choices_hint(key, THEME_FIELDS))
        return meta
    except CarrouselError as err:
        raise err.at(file=shown)


def tokens_css(tokens: dict) -> str:
    """Design tokens as CSS custom properties on :root."""
    body = "".join(f"  --{key.replace('_', '-')}: {value};\n" for key, value in tokens.items())
    return ":root {\n" + body + "}"
