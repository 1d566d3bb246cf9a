"""Fonts: each text role's pinned fallback chain, its files, and a fontconfig that knows no other font.

fontpkg ships variable fonts only; WeasyPrint would instantiate them for every
weight and size at PDF time (seconds). Pinning each weight once with HarfBuzz
takes ~15 ms per instance and makes write_pdf ~8x faster. CJK, Hebrew and
symbol fonts come from Debian packages that scripts/setup.sh installs at a
pinned version; they are static, used in place, and their version is checked.
"""

from __future__ import annotations

import os
import tempfile
from functools import lru_cache
from pathlib import Path

from carrousel.errors import CarrouselError, did_you_mean
from carrousel.paths import user_cache

OPTICAL_SIZE = 32  # slides are read at display sizes
FALLBACK_WEIGHTS = (400, 700)  # a fallback font only needs a regular and a bold: Pango takes the nearest

# Where Debian's font packages put their files (the FHS location, the same on every Debian machine).
SYSTEM_ROOT = Path("/usr/share/fonts")
CJK = ("fonts-noto-cjk", "1:20220127+repack1-1")
CORE = ("fonts-noto-core", "20201225-1")
# family -> (Debian package and version, the font's own version string, {weight: file}, face index in the file)
SYSTEM = {
    "Noto Sans CJK JP": (CJK, "Version 2.004", {400: "opentype/noto/NotoSansCJK-Regular.ttc",
                                                 700: "opentype/noto/NotoSansCJK-Bold.ttc"}, 0),
    "Noto Sans Mono CJK JP": (CJK, "Version 2.004", {400: "opentype/noto/NotoSansCJK-Regular.ttc",
                                                      700: "opentype/noto/NotoSansCJK-Bold.ttc"}, 5),
    "Noto Serif CJK JP": (CJK, "Version 2.001", {400: "opentype/noto/NotoSerifCJK-Regular.ttc",
                                                  700: "opentype/noto/NotoSerifCJK-Bold.ttc"}, 0),
    "Noto Sans Hebrew": (CORE, "Version 3.000", {400: "truetype/noto/NotoSansHebrew-Regular.ttf",
                                                  700: "truetype/noto/NotoSansHebrew-Bold.ttf"}, 0),
    "Noto Serif Hebrew": (CORE, "Version 2.000", {400: "truetype/noto/NotoSerifHebrew-Regular.ttf",
                                                   700: "truetype/noto/NotoSerifHebrew-Bold.ttf"}, 0),
    "Noto Sans Math": (CORE, "Version 2.001", {400: "truetype/noto/NotoSansMath-Regular.ttf"}, 0),
    "Noto Sans Symbols2": (CORE, "Version 2.003", {400: "truetype/noto/NotoSansSymbols2-Regular.ttf"}, 0),
}
# The CJK files hold one face per region, each drawing Han characters as its readers expect (直, 骨, 説 differ
# between Japan, mainland China, Taiwan, Hong Kong and Korea): a slide in Chinese or Korean swaps the chains'
# JP faces for its region's (regional_css). Language tag prefix -> (region, face index offset from JP's).
REGIONS = {"ja": ("JP", 0), "ko": ("KR", 1), "zh": ("SC", 2), "zh-hans": ("SC", 2), "zh-cn": ("SC", 2),
           "zh-sg": ("SC", 2), "zh-hant": ("TC", 3), "zh-tw": ("TC", 3), "zh-hk": ("HK", 4), "zh-mo": ("HK", 4)}


def _regional_faces() -> dict:
    """The other regions' faces of each JP family in SYSTEM (same files and versions, next face indexes)."""
    out = {}
    for name, (package, version, files, index) in SYSTEM.items():
        if name.endswith(" JP"):
            for region, offset in set(REGIONS.values()) - {("JP", 0)}:
                out[name[:-2] + region] = (package, version, files, index + offset)
    return out


SYSTEM.update(_regional_faces())
# After a role's own family when its theme declares no `fallback:`: every script, then symbols, then CJK.
SHARED_FALLBACK = ("Noto Sans", "Noto Sans Arabic", "Noto Sans Hebrew", "Noto Sans Devanagari", "Noto Sans Thai",
                   "Noto Sans Math", "Noto Sans Symbols2", "Noto Sans CJK JP")


class Chain(str):
    """A text role's fonts in order: the str is its first family (what CSS variables and messages name),
    `families` the whole chain."""

    families: tuple = ()

    def __new__(cls, families):
        families = tuple(dict.fromkeys(families))
        chain = super().__new__(cls, families[0])
        chain.families = families
        return chain

    def __reduce__(self):  # pickled to and from worker processes as what it is
        return Chain, (self.families,)


def chains(families: dict, fallback: dict) -> dict:
    """Each role's Chain: its family, the theme's fallback for it (or `default`, or the shared one) as installed,
    then the other roles' families (so every chain can draw what any of the theme's fonts can)."""
    out = {}
    for role, family in families.items():
        declared = fallback.get(role, fallback.get("default", SHARED_FALLBACK))
        try:
            rest = [name for name in declared if installed(name)]
        except CarrouselError as err:
            err.field = f"fallback.{role}"
            raise
        out[role] = Chain([str(family), *rest, *(str(other) for other in families.values())])
    return out


def installed(name: str) -> bool:
    """Whether a chain's family can be used here: a fontpkg family, or a Debian one whose package is installed
    (a missing one is skipped: the glyph check names its package if a character needs it)."""
    if name in SYSTEM:
        return system_face(name, 400) is not None
    family_files(name, (), styles=())  # raises, naming the package, for a family that is not installed
    return True


def cache_dir() -> Path:
    """Where static font instances are kept (CARROUSEL_CACHE, else the user cache)."""
    return user_cache("fonts")


def family_files(name: str, weights, styles=("normal", "italic")) -> list[tuple[str, int, str, Path]]:
    """Static font files for a family: (family, weight, style, path), made on first use."""
    import fontpkg

    try:
        fam = fontpkg.family(name)
    except Exception:  # fontpkg raises its own LookupError subclasses
        names = [f.name for f in fontpkg.families().values()]
        raise CarrouselError(f"font family '{name}' is not installed", field="fonts",
                             hint=did_you_mean(name, names) or f"pip install fontpkg-{name.lower().replace(' ', '-')}")
    out = []
    for style in styles:
        if not any(f.style == style for f in fam.files):
            continue
        for weight in weights:
            target = cache_dir() / f"{fam.slug}-{fam.version}-{style}-{weight}.ttf"
            if not target.exists():
                # nearest: a family without this weight (Space Grotesk stops at 700) uses its closest one.
                _instantiate(fontpkg.select_file(fam, weight, style, nearest=True), weight, target)
            out.append((fam.name, weight, style, target))
    return out


def _instantiate(font_file, weight: int, target: Path) -> None:
    import uharfbuzz as hb

    source = Path(font_file.path)
    if not font_file.variable:
        data = source.read_bytes()
    else:
        face = hb.Face(hb.Blob.from_file_path(str(source)))
        plan = hb.SubsetInput()
        plan.keep_everything()
        axes = {a.tag for a in face.axis_infos}
        if "wght" in axes:
            lo, hi = font_file.wght_min or weight, font_file.wght_max or weight
            plan.pin_axis_location(face, "wght", min(max(weight, lo), hi))
        if "wdth" in axes:  # Noto's variable fonts also have a width axis: normal width
            plan.pin_axis_location(face, "wdth", 100)
        if "opsz" in axes:
            plan.pin_axis_location(face, "opsz", OPTICAL_SIZE)
        data = hb.subset(face, plan).blob.data
    tmp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename: two builds at once never see a half-written font.
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except OSError as err:
        if tmp:
            Path(tmp).unlink(missing_ok=True)  # no empty temp file left per failed attempt
        shown = str(target).replace(os.path.expanduser("~"), "~", 1)
        raise CarrouselError(f"{(err.strerror or type(err).__name__).lower()} writing {shown} (the font cache)",
                             hint="free some disk space, or set CARROUSEL_CACHE to a writable folder") from None


@lru_cache(maxsize=None)
def system_face(name: str, weight: int) -> tuple[Path, int] | None:
    """(file, face index) of a Debian chain font at the nearest weight, None when its package is not installed;
    an error when the installed font is not the pinned version."""
    import uharfbuzz as hb

    (package, version), expected, files, index = SYSTEM[name]
    path = SYSTEM_ROOT / files[min(files, key=lambda w: (abs(w - weight), -w))]
    if not path.is_file():
        return None
    found = hb.Face(hb.Blob.from_file_path(str(path)), index).get_name(hb.OTNameIdPredefined.VERSION_STRING) or ""
    if not found.startswith(expected + ";") and found != expected:
        raise CarrouselError(f"{name} is '{found.split(';')[0]}', expected '{expected}' ({package} {version})",
                             field="fonts", hint=f"install the pinned package: apt-get install {package}={version}")
    return path, index


def font_face_css(families: dict, weights) -> str:
    """@font-face rules for each role's chain: its own family in every weight and style, fontpkg fallbacks in
    regular and bold; Debian fonts are found by fontconfig (a comment pins their version for cache keys)."""
    firsts = list(dict.fromkeys(str(family) for family in families.values()))
    rest = [name for family in families.values() for name in getattr(family, "families", ())[1:]]
    rules = []
    for name in dict.fromkeys(firsts + rest):
        if name in SYSTEM:
            (package, version), expected, _, _ = SYSTEM[name]
            rules.append(f"/* {name}: {package} {version}, {expected} */")
            continue
        for family, weight, style, path in family_files(name, weights if name in firsts else FALLBACK_WEIGHTS):
            rules.append(f'@font-face {{ font-family: "{family}"; src: url("{path.as_uri()}"); '
                         f"font-weight: {weight}; font-style: {style}; }}")
    return "\n".join(rules)


@lru_cache(maxsize=64)
def _unicodes(path: Path, index: int) -> frozenset:
    import uharfbuzz as hb

    return frozenset(hb.Face(hb.Blob.from_file_path(str(path)), index).unicodes)


def family_covers(name: str) -> frozenset:
    """Code points a family can draw (its regular face)."""
    if name in SYSTEM:
        found = system_face(name, 400)
        return _unicodes(*found) if found else frozenset()
    try:
        files = family_files(name, (400,), styles=("normal",))
    except CarrouselError:  # a generic name (sans-serif) in a theme's CSS: no such font is configured either
        return frozenset()
    return _unicodes(files[0][3], 0) if files else frozenset()


def covers(families) -> set[int]:
    """Code points the given families (or every family of the given chains) can draw, for tofu checks."""
    points: set[int] = set()
    for family in families:
        for name in getattr(family, "families", (family,)):
            points |= family_covers(name)
    return points


def regional(name: str, region: str) -> str:
    """A CJK family's face for a region (`Noto Sans CJK JP`, KR → `Noto Sans CJK KR`); other families as they are."""
    return name[:-2] + region if name.endswith(" JP") and name in SYSTEM else name


def regional_css(chain_tokens: dict) -> str:
    """`:lang(…)` rules giving each `--chain-<role>` its region's CJK faces (the same files, other glyph forms);
    the longer tags last, so that zh-Hant wins over zh."""
    rules = []
    for tag, (region, _) in sorted(REGIONS.items(), key=lambda item: len(item[0])):
        body = "; ".join(f"--{key}: " + ", ".join(_swap(part, region) for part in value.split(", "))
                         for key, value in chain_tokens.items())
        rules.append(f":lang({tag}) {{ {body} }}")
    return "\n".join(rules)


def _swap(part: str, region: str) -> str:
    name = part.strip('"')
    return f'"{regional(name, region)}"' if part.startswith('"') else part


def fontconfig_file() -> Path:
    """A fontconfig configuration that knows only the Debian chain fonts: every other font is an @font-face."""
    folder = cache_dir() / "fontconfig"
    dirs = sorted({str((SYSTEM_ROOT / file).parent) for _, _, files, _ in SYSTEM.values() for file in files.values()})
    accepted = sorted({str(SYSTEM_ROOT / file) for _, _, files, _ in SYSTEM.values() for file in files.values()})
    text = "\n".join([
        '<?xml version="1.0"?>', '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">', "<fontconfig>",
        *(f"  <dir>{d}</dir>" for d in dirs),
        "  <selectfont><rejectfont><glob>*</glob></rejectfont><acceptfont>",
        *(f"    <glob>{f}</glob>" for f in accepted),
        "  </acceptfont></selectfont>",
        f"  <cachedir>{folder / 'cache'}</cachedir>",
        "</fontconfig>", ""])
    target = folder / "fonts.conf"
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, target)
    return target


def isolate() -> None:
    """Point fontconfig at fontconfig_file(): no system font (DejaVu…) can ever draw a glyph of a build."""
    os.environ["FONTCONFIG_FILE"] = str(fontconfig_file())
