"""Load a post file into a validated Post. The only stage that reads user files."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from carrousel.errors import CarrouselError, choices_hint, gather
from carrousel.load import direction
from carrousel.load.fields import check_fields, normalize_spec
from carrousel.load.files import check_inside, check_slug, read_text, slugify
from carrousel.load.kinds import Kind, get_kind
from carrousel.load.settings import (
    AUTHOR_FIELDS,
    BRAND_FIELDS,
    DURATIONS,
    EXPORTS,
    FORMATS,
    MODES,
    RATIOS,
    format_name,
)
from carrousel.load.settings import apply as apply_settings
from carrousel.load.yamlload import LocDict, parse_yaml
from carrousel.paths import is_inside
from carrousel.paths import shown as shown_path

POST_FIELDS = {
    name: normalize_spec(spec)
    for name, spec in {
        "title": {"type": "inline", "required": True},
        "slug": {"type": "text"},
        "lang": {"type": "text", "default": "en"},
        "dir": {"type": "text", "choices": list(direction.DIRS)},  # default: from lang (ar, he, fa, ur: rtl)
        "theme": {"type": "text", "default": "terminal"},
        "format": {"type": "text", "choices": list(FORMATS) + list(RATIOS), "default": "portrait"},
        "mode": {"type": "text", "choices": list(MODES)},  # light or dark; default: the theme's own
        "author": {"type": "map", "item": AUTHOR_FIELDS},
        "brand": {"type": "map", "item": BRAND_FIELDS},
        "allow_html": {"type": "flag", "default": False},
        "slides": {"type": "list", "required": True},
        "caption": {"type": "text"},  # Markdown, becomes caption.txt (plain text to paste)
        "export": {"type": "names", "choices": EXPORTS},  # what the build writes (--export wins)
        "split": {"type": "flag", "default": False},  # code blocks too long for a slide continue on the next
    }.items()
}
SLIDE_FIELDS = ("kind", "duration", "lang", "dir")  # fields every slide may have, whatever its kind
# Limits: far above any real carousel, low enough that a hostile post is refused before it costs anything.
MAX_POST_BYTES = 256_000  # PyYAML parses ~100 KB/s: a limit in bytes is a limit in seconds
MAX_SLIDES = 100
MAX_FIELD_CHARS = 10_000


@dataclass(frozen=True)
class Part:
    """A share of a code block split over slides: slide `index` of `count`, showing lines first..last (1-based)."""

    index: int
    count: int
    first: int
    last: int


@dataclass(frozen=True)
class Slide:
    """One slide: its 1-based number, kind, checked fields, source line, the line of each field, and seconds shown
    in a GIF or video."""

    number: int
    kind: str
    data: dict
    line: int | None = None
    lines: dict = field(default_factory=dict)  # field path (`code`, `items[2].icon`) -> its line in the post file
    part: Part | None = None  # set on the slides a split code block becomes
    duration: float | None = None  # None: the exports' default
    lang: str | None = None  # the slide's own language when it differs from the post's
    dir: str | None = None  # ltr, rtl or auto: the slide's own direction (None: from its lang, then the post's)


@dataclass(frozen=True)
class Post:
    """A validated post, ready to render."""

    path: Path
    slug: str
    title: str
    lang: str
    theme: str
    author: dict
    slides: tuple
    assets: dict = field(default_factory=dict)  # field path -> resolved file inside the project
    format: str = "portrait"
    brand: dict = field(default_factory=dict)  # accent, font, mono, logo (None when not given)
    allow_html: bool = False
    caption: str | None = None  # Markdown text for the platform's post body
    export: tuple | None = None  # export names from the post or carrousel.yaml (None: the default)
    split: bool = False  # code blocks too long for one slide continue on the next (a slide's `split` wins)
    problems: tuple = ()  # lenient loading only: the errors of the slides left out (the build reports them)
    mode: str | None = None  # light or dark (None: the theme's own)
    dir: str | None = None  # ltr, rtl or auto (None: from lang)


def load_post(path: Path, project: Path, kinds: dict[str, Kind], settings: dict | None = None,
              lenient: bool = False) -> Post:
    """Read, parse and validate one post file (YAML, or Markdown for .md), with project defaults.

    Every slide is checked: the errors of all of them are raised together. `lenient` keeps the valid slides
    instead and hands the errors over in `problems`, for a build that goes on to find the other errors (fit).
    """
    shown = shown_path(path, project)
    try:
        check_inside(path, project)
        text = read_text(path, shown, limit=MAX_POST_BYTES)
        if path.suffix == ".md":
            from carrousel.load.mdpost import parse_markdown_post

            data = parse_markdown_post(text, kinds)
        else:
            data = parse_yaml(text, as_text=True)
        data = apply_settings(data, settings or {}, path, project)
        post = build_post(data, path, project, kinds, lenient)
    except CarrouselError as err:
        raise err.at(file=shown)
    for problem in post.problems:
        problem.at(file=shown)
    return post


def build_post(data, path: Path, project: Path, kinds: dict[str, Kind], lenient: bool = False) -> Post:
    """Validate parsed post data (from YAML or Markdown) into a Post; the errors of every slide are raised
    together (with `lenient`, the valid slides are kept and the errors given in `problems`)."""
    if data is None:
        raise CarrouselError("the post is empty", hint="start with 'title:' and 'slides:'")
    if not isinstance(data, dict):
        raise CarrouselError(f"expected a mapping of post fields at the top, got {'a list' if isinstance(data, list) else 'text'}",
                             line=getattr(data, "line", 1), hint="start with 'title:' and 'slides:'")
    _check_lengths(data)
    post = check_fields(data, POST_FIELDS)
    lines = getattr(data, "key_lines", {})
    post["lang"] = direction.check_lang(post["lang"], lines.get("lang"))
    raw_slides = data["slides"]
    if not raw_slides:
        raise CarrouselError("the post has no slides", field="slides", line=data.key_lines.get("slides"))
    if len(raw_slides) > MAX_SLIDES:
        raise CarrouselError(f"{len(raw_slides)} slides; a post holds at most {MAX_SLIDES}", field="slides",
                             line=data.key_lines.get("slides"), hint="split it into several posts")
    if post.get("slug") is not None:
        slug = check_slug(post["slug"], line=data.key_lines.get("slug"), given=True)
    else:
        slug = check_slug(slugify(path.stem))
    slides, problems = [], []
    for number, raw in enumerate(raw_slides, 1):
        line = raw_slides.item_lines[number - 1] if hasattr(raw_slides, "item_lines") else None
        try:
            slides.append(_load_slide(raw, number, line, kinds, path, project))
        except CarrouselError as err:
            problems.append(err)
    if problems and (not lenient or not slides):
        raise gather(problems)
    assets = {}
    for group, key in (("author", "avatar"), ("brand", "logo")):
        value = (post.get(group) or {}).get(key)
        if value:
            lines = getattr(data[group], "key_lines", {})
            assets[f"{group}.{key}"] = resolve_asset(value, path, project, field=f"{group}.{key}",
                                                     line=lines.get(key))
    return Post(path=path, slug=slug, title=post["title"], lang=post["lang"], theme=post["theme"],
                author=post.get("author") or dict.fromkeys(POST_FIELDS["author"]["item"]), slides=tuple(slides),
                assets=assets, format=format_name(post["format"]),
                brand=post.get("brand") or dict.fromkeys(BRAND_FIELDS),
                allow_html=bool(post["allow_html"]), caption=post.get("caption"), export=post.get("export"),
                split=bool(post["split"]), problems=tuple(problems), mode=post.get("mode"),
                dir=post.get("dir"))


def _load_slide(raw, number: int, line, kinds, path: Path, project: Path) -> Slide:
    kind_name = raw.get("kind") if isinstance(raw, dict) else None
    try:
        if not isinstance(raw, dict):
            raise CarrouselError("expected a mapping with 'kind:'", line=line)
        if "kind" not in raw:
            raise CarrouselError("missing 'kind'", line=raw.line, hint=choices_hint("", kinds))
        kind = get_kind(kinds, kind_name)
        # `duration`, `lang` and `dir` belong to every slide, like `kind`: how long the slide shows and in which
        # language and direction, not what it says.
        duration = raw.get("duration")
        duration = None if duration is None else _duration(duration, raw.key_lines.get("duration"))
        lang = None if raw.get("lang") is None else direction.check_lang(raw["lang"], raw.key_lines.get("lang"))
        way = None if raw.get("dir") is None else direction.check_dir(raw["dir"], raw.key_lines.get("dir"))
        fields = LocDict({k: v for k, v in raw.items() if k not in SLIDE_FIELDS})
        fields.line, fields.key_lines = raw.line, raw.key_lines
        data = kind.check(fields)
        for name, spec in kind.fields.items():
            if spec["type"] == "path" and data.get(name):
                # Files a slide shows (an image) resolve now, so a missing one fails before rendering.
                data[name] = resolve_asset(data[name], path, project, field=name,
                                           line=raw.key_lines.get(name)).as_uri()
        located = LocDict(data)  # the fields keep their lines: figures are drawn (and may fail) later
        located.line, located.key_lines = raw.line, raw.key_lines
        located.value_lines = getattr(raw, "value_lines", {})
        return Slide(number, kind.name, located, raw.line, field_lines(raw), duration=duration, lang=lang, dir=way)
    except CarrouselError as err:
        line = raw.key_lines.get("kind") if isinstance(raw, LocDict) and err.field == "kind" else line
        raise err.at(slide=number, kind=kind_name if kind_name in kinds else None, line=line)


def _duration(value, line) -> float:
    """A slide's `duration:` in seconds, within DURATIONS."""
    try:
        seconds = float(value) if not isinstance(value, bool) and isinstance(value, (str, int, float)) else None
    except ValueError:
        seconds = None
    if seconds is None or not DURATIONS[0] <= seconds <= DURATIONS[1]:  # NaN fails both comparisons
        raise CarrouselError(f"duration must be a number of seconds from {DURATIONS[0]:g} to {DURATIONS[1]:g}, "
                             f"not {value!r}", field="duration", line=line, hint="for example duration: 4.5")
    return seconds


def field_lines(data, path: str = "") -> dict:
    """The line of every field of a slide, nested ones too: {`code`: 14, `items[2].icon`: 22}."""
    out = {}
    if isinstance(data, dict):
        lines = getattr(data, "key_lines", {})
        for key, value in data.items():
            where = f"{path}.{key}" if path else str(key)
            if lines.get(key):
                out[where] = lines[key]
            out.update(field_lines(value, where))
    elif isinstance(data, list):
        lines = getattr(data, "item_lines", [None] * len(data))
        for number, value in enumerate(data, 1):
            where = f"{path}[{number}]"
            if lines[number - 1]:
                out[where] = lines[number - 1]
            out.update(field_lines(value, where))
    return out


def resolve_asset(value: str, post_path: Path, project: Path, field: str, line=None) -> Path:
    """Resolve a file path given in a post: it must exist and stay inside the project."""
    target = (post_path.parent / value).resolve()
    if not is_inside(target, project):
        raise CarrouselError(f"'{value}' points outside the project", field=field, line=line,
                             hint="keep assets next to the post, e.g. content/assets/")
    if not target.is_file():
        raise CarrouselError(f"file not found: '{value}'", field=field, line=line,
                             hint="paths are relative to the post file")
    return target


def _check_lengths(data, where: str = "", line=None) -> None:
    """Refuse any text longer than MAX_FIELD_CHARS, naming its field and line."""
    if isinstance(data, str):
        if len(data) > MAX_FIELD_CHARS:
            raise CarrouselError(f"text of {len(data)} characters; at most {MAX_FIELD_CHARS} per field",
                                 field=where or None, line=line, hint="shorten it or split it over slides")
    elif isinstance(data, dict):
        lines = getattr(data, "key_lines", {})
        for key, value in data.items():
            _check_lengths(value, f"{where}.{key}" if where else key, lines.get(key, line))
    elif isinstance(data, list):
        lines = getattr(data, "item_lines", [line] * len(data))
        for number, value in enumerate(data, 1):
            _check_lengths(value, f"{where}[{number}]", lines[number - 1])
