"""Themes: `themes/<name>/theme.yaml` (+ theme.css, templates/), resolved along `extends`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .content import read_text
from .errors import CarrouselError, choices_hint
from .yamlload import parse_yaml

THEME_FIELDS = ("name", "extends", "description", "fonts", "fallback", "weights", "code_style", "tokens", "strings",
                "min_text_px")
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

    def template_dirs(self) -> list[Path]:
        """Template override folders, child theme first."""
        return [d / "templates" for d in self.dirs if (d / "templates").is_dir()]

    def words(self, lang: str) -> dict:
        """The theme's own words in lang (falling back to English)."""
        base = dict(self.strings.get("en", {}))
        base.update(self.strings.get(lang.split("-")[0], {}))
        return base


def available(themes_dir: Path) -> list[str]:
    """Names of the themes found under themes_dir."""
    return sorted(p.parent.name for p in themes_dir.glob("*/theme.yaml"))


_LOADED: dict = {}


def load_theme(name: str, project: Path) -> Theme:
    """Resolve a theme and its parents into one Theme (kept while its files are unchanged: serve asks each edit)."""
    files = sorted((project / "themes").glob("*/theme.*")) + [project / "templates" / "strings.yaml"]
    key = (name, str(project), tuple((str(f), st.st_mtime_ns, st.st_size) for f in files if f.is_file()
                                     for st in [f.stat()]))
    theme = _LOADED.get(key)
    if theme is None:
        if len(_LOADED) > 16:
            _LOADED.clear()
        theme = _LOADED[key] = _load_theme(name, project)
    return theme


def _load_theme(name: str, project: Path) -> Theme:
    themes_dir = project / "themes"
    chain, seen = [], []
    current = name
    while current:
        if current in seen:
            raise CarrouselError(f"themes extend each other in a loop: {' → '.join(seen + [current])}",
                                 file=f"themes/{seen[-1]}/theme.yaml", field="extends")
        folder = themes_dir / str(current)
        # A theme is a folder right under themes/: a name like '../..' must not reach elsewhere.
        if not (folder / "theme.yaml").is_file() or "/" in str(current) or str(current).startswith("."):
            where = {"file": f"themes/{seen[-1]}/theme.yaml", "field": "extends"} if seen else {"field": "theme"}
            raise CarrouselError(f"unknown theme '{current}'", hint=choices_hint(str(current), available(themes_dir)),
                                 **where)
        seen.append(str(current))
        meta = _read_meta(folder)
        chain.append((folder, meta))
        current = meta.get("extends")
    merged: dict = {"fonts": {}, "fallback": {}, "tokens": {}, "strings": _base_strings(project), "weights": (400, 700),
                    "code_style": "default", "min_text_px": MIN_TEXT_PX}
    css = []
    for folder, meta in reversed(chain):  # parent first, child wins
        merged["fonts"].update(meta.get("fonts") or {})
        merged["fallback"].update(_fallback(meta, folder))
        merged["tokens"].update(meta.get("tokens") or {})
        for lang, words in (meta.get("strings") or {}).items():
            merged["strings"].setdefault(lang, {}).update(words)
        merged["weights"] = tuple(meta.get("weights") or merged["weights"])
        merged["code_style"] = meta.get("code_style") or merged["code_style"]
        if meta.get("min_text_px") is not None:
            merged["min_text_px"] = _positive_number(meta, "min_text_px", folder)
        if (folder / "theme.css").is_file():
            css.append(read_text(folder / "theme.css", f"themes/{folder.name}/theme.css", inside=project))
    from .fonts import chains

    try:
        fonts = chains(merged["fonts"], merged["fallback"])
    except CarrouselError as err:
        raise err.at(file=f"themes/{name}/theme.yaml")
    tokens = {**chain_tokens(fonts), **merged["tokens"]}
    return Theme(name=name, dirs=tuple(folder for folder, _ in chain), fonts=fonts,
                 weights=merged["weights"], code_style=merged["code_style"], tokens=tokens,
                 strings=merged["strings"], css="\n".join(css), min_text_px=merged["min_text_px"],
                 fallback=merged["fallback"])


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
def _positive_number(meta: dict, key: str, folder: Path) -> float:
    value = meta[key]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise CarrouselError(f"expected a positive number of px, got {value!r}", file=f"themes/{folder.name}/theme.yaml",
                             line=meta.key_lines.get(key), field=key, hint="e.g. min_text_px: 24")
    return float(value)


def _base_strings(project: Path) -> dict:
    """The words every theme starts from: templates/strings.yaml (lang -> key -> text)."""
    path = project / "templates" / "strings.yaml"
    if not path.is_file():
        return {}
    try:
        data = parse_yaml(read_text(path, "templates/strings.yaml")) or {}
    except CarrouselError as err:
        raise err.at(file="templates/strings.yaml")
    return {lang: dict(words) for lang, words in data.items()}


def _read_meta(folder: Path) -> dict:
    shown = f"themes/{folder.name}/theme.yaml"
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
