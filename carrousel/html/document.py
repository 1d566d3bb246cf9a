"""Render a post to one HTML document through the theme's Jinja templates."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import jinja2
from markupsafe import Markup

from carrousel.errors import CarrouselError, gather
from carrousel.html import code, codestyle, emoji, graphics, icons, markup, typography
from carrousel.html.bounds import BoundedSandbox
from carrousel.layers import Layers
from carrousel.limits import mark
from carrousel.load import direction
from carrousel.load.kinds import Kind
from carrousel.load.post import Post
from carrousel.load.settings import FORMATS
from carrousel.paths import user_cache
from carrousel.theme import backdrop, fonts
from carrousel.theme.themes import Theme, chain_tokens, tokens_css

PAGES = {name: {"width": width, "height": height} for name, (width, height) in FORMATS.items()}


def page_size(format_name: str) -> dict:
    """{width, height} in CSS px of a format (portrait, square, landscape, story)."""
    return PAGES[format_name]


@dataclass(frozen=True)
class SlideView:
    """What a slide template sees as `slide`."""

    number: int
    kind: str
    template: str
    data: dict
    line: int | None
    part: object = None  # a code block split over slides: this slide's share (load.post.Part), else None
    lang: str = ""  # the slide's language (its own, else the post's): <section lang> when it differs
    dir: str = "ltr"  # ltr or rtl, resolved (load/direction.py): <section dir>
    t: dict = None  # the theme's words in the slide's language (the swipe hint…)


_ENVIRONMENTS: dict = {}


def environment(layers: Layers, theme: Theme) -> jinja2.Environment:
    """The environment of a project and theme, kept so that a long-lived process (serve) compiles templates once.

    Jinja checks each template's modification time, so edited templates are still reloaded.
    """
    key = (str(layers), tuple(map(str, theme.template_dirs())), tuple(map(str, theme.dirs)))
    env = _ENVIRONMENTS.get(key)
    if env is None:
        env = _ENVIRONMENTS[key] = _new_environment(layers, theme)
    return env


def _new_environment(layers: Layers, theme: Theme) -> jinja2.Environment:
    """Sandboxed Jinja environment: theme overrides first, then the project's templates/, then the built-in ones.

    `{% extends "!base/slides/cover.html" %}` reaches the built-in original of
    an overridden template, and `!<theme>/...` a given theme's version.
    """
    search = [str(d) for d in theme.template_dirs()] + [str(d) for d in layers.templates()]
    prefixed = {"!base": jinja2.FileSystemLoader(str(layers.builtin_templates()))}
    # Every loader below is wrapped by _InsideLoader: a symlink cannot pull a file from elsewhere.
    for folder in theme.dirs:
        if (folder / "templates").is_dir():
            prefixed["!" + folder.name] = jinja2.FileSystemLoader(str(folder / "templates"))
    env = BoundedSandbox(  # the immutable sandbox, bounded: no huge strings, lists or ranges
        loader=_InsideLoader(layers, jinja2.ChoiceLoader([jinja2.FileSystemLoader(search),
                                                           jinja2.PrefixLoader(prefixed, delimiter="/")])),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=_bytecode_cache(),
    )
    icon_color = theme.tokens.get("icon", theme.tokens.get("accent-text", "#000"))
    env.globals.update(code_lines=code.code_lines, diff_lines=code.diff_lines, initials=initials,
                       is_icon_name=icons.is_icon_name, icon_uri=lambda name: icons.data_uri(str(name), icon_color))
    return env


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs (compiling them is 0.1 s of a cold build); keyed by source."""
    folder = user_cache("jinja-slides-bounded")  # only this environment's options: compiled code depends on them
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _BestEffortBytecodeCache(str(folder))


class _BestEffortBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept when they can be: a full disk costs the next build 0.1 s, not the build."""

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


class _InsideLoader(jinja2.BaseLoader):
    """Loads through another loader, refusing any template whose real path lies outside the project and the
    built-in templates."""

    def __init__(self, layers: Layers, inner: jinja2.BaseLoader):
        self.layers = layers
        self.inner = inner

    def get_source(self, environment, template):
        source, filename, uptodate = self.inner.get_source(environment, template)
        if filename and not self.layers.allows(filename):
            raise CarrouselError(f"template '{template}' leads outside the project", file=f"template '{template}'",
                                 hint="templates must be files inside the project, not links to elsewhere")
        return source, filename, uptodate


def initials(name: str) -> str:
    """Up to two initials of a person's name, for an avatar without a picture."""
    words = [w for w in str(Markup(name).striptags()).split() if w[:1].isalpha()]
    return "".join(w[0].upper() for w in words[:2]) or "?"


def stylesheet(theme: Theme, layers: Layers) -> str:
    """All CSS of a document: fonts, tokens, structure, code colours, theme."""
    base_css = layers.template("base.css").read_text(encoding="utf-8")
    return "\n".join([
        fonts.font_face_css(theme.fonts, theme.weights),
        tokens_css({**theme.tokens, **{f"font-{role}": f'"{family}"' for role, family in theme.fonts.items()}}),
        base_css,
        fonts.regional_css(chain_tokens(theme.fonts)),
        codestyle.stylesheet(theme.code_style, theme.tokens),
        backdrop.css(theme.backdrop, theme.tokens, PAGES, f"theme '{theme.name}'") if theme.backdrop else "",
        theme.css,
    ])


def slide_views(post: Post, kinds: dict[str, Kind], convert=markup.convert, theme: Theme | None = None,
                converter: markup.Converter | None = None) -> list[SlideView]:
    """Each slide with its fields rendered (Markdown, emoji) for the templates, in its language and direction (a
    slide in another language than the post's gets that language's quotes from `converter`)."""
    views = []
    for slide in post.slides:
        kind = kinds[slide.kind]
        mark("converting Markdown", slide.number, slide.kind, slide.line)  # named if the render is stopped here
        lang = slide.lang or post.lang
        own = convert if converter is None or lang == converter.lang else replace(converter, lang=lang).convert
        try:
            data = kind.check(slide.data, convert=own)
        except CarrouselError as err:
            raise err.at(slide=slide.number, kind=slide.kind, line=slide.line)
        way = direction.resolve(slide.dir, slide.lang, post.dir, post.lang, direction.texts_of(slide.data))
        views.append(SlideView(slide.number, slide.kind, kind.template, data, slide.line, slide.part, lang, way,
                               theme.words(lang) if theme is not None else {}))
    return views


def post_dir(views: list[SlideView], post: Post) -> str:
    """The direction of the whole document: rtl when every slide is rtl. A mixed post's <html> says ltr and each
    rtl slide says so itself, so that a theme's `[dir=rtl] …` rules never reach into a left-to-right slide."""
    if views and all(view.dir == "rtl" for view in views):
        return "rtl"
    return "ltr" if views else (direction.of_lang(post.lang) or "ltr")


def to_html(post: Post, theme: Theme, kinds: dict[str, Kind], layers: Layers, css: str | None = None) -> str:
    """The post as one HTML document, one <section class="slide"> per slide (every unknown icon is an error first)."""
    unknown = gather(icons.check_post(post))
    if unknown is not None:
        raise unknown
    env = environment(layers, theme)
    avatar = post.assets.get("author.avatar")
    logo = post.assets.get("brand.logo")
    try:
        components = env.get_template("components.html")  # its macros draw the components of Markdown too
        figures = graphics.Context.of(theme, page_size(post.format), post.format)
        # title and author: raw HTML never passes
        text = markup.Converter(components, figures=figures, lang=post.lang)
        converter = markup.Converter(components, post.allow_html, figures, post.lang)
        slides = slide_views(post, kinds, converter.convert, theme, converter)
        context = {
            "post": post,
            "dir": post_dir(slides, post),
            "title": text.convert("inline", post.title),
            "author": {key: text.convert("inline", value) if value and key != "avatar" else value
                       for key, value in post.author.items()},
            "avatar_uri": avatar.as_uri() if avatar else None,
            # the slides: raw HTML passes (sanitised) when carrousel.yaml or the post says allow_html
            "slides": slides,
            "t": theme.words(post.lang),
            "page": page_size(post.format),
            "format": post.format,
            "logo_uri": logo.as_uri() if logo else None,
            "css": Markup(css if css is not None else stylesheet(theme, layers)),
            "theme": theme.name,
            "mode": theme.mode,
            "fill": {"place": theme.place, "grow": theme.grow(post.format)},
        }
        mark("filling the theme's templates")
        document = env.get_template("base.html").render(context)
    except jinja2.TemplateSyntaxError as err:
        raise CarrouselError(f"template error: {err.message}", file=_shown(err.filename, layers), line=err.lineno)
    except jinja2.exceptions.SecurityError as err:
        raise CarrouselError(f"template error: refused by the sandbox: {err}", hint=getattr(
            err, "hint", "themes may not reach Python internals"), **_template_location(err, layers, theme)) from None
    except jinja2.TemplateNotFound as err:
        raise CarrouselError(f"template error: template '{err.name}' not found", hint="templates are looked up in the "
                             "theme's templates/ folders, then templates/", **_template_location(err, layers, theme)) \
            from None
    except jinja2.UndefinedError as err:
        raise CarrouselError(f"template error: {err}", hint="check the variable's name, or guard it with "
                             "{% if … is defined %}", **_template_location(err, layers, theme)) from None
    except RecursionError:
        raise CarrouselError("template error: templates include or call each other without end",
                             file=f"theme '{theme.name}'") from None
    head, sep, body = document.partition("<body")
    body = icons.swap_in_html(body, theme.tokens.get("icon", theme.tokens.get("accent-text", "#000")))
    body = emoji.swap_in_html(body, theme.tokens.get("emoji-line", "#000"))
    return head + sep + typography.spaces_apart(body)


def _template_location(err: BaseException, layers: Layers, theme: Theme) -> dict:
    """file and line of the innermost template frame of err's traceback (Jinja puts them there)."""
    found = {"file": f"theme '{theme.name}'"}
    tb = err.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith((".html", ".jinja", ".j2", ".txt", ".css")) and Path(name).is_file():
            found = {"file": layers.shown(name), "line": tb.tb_lineno}
        tb = tb.tb_next
    return found


def _shown(filename, layers: Layers) -> str:
    return layers.shown(filename) if filename else "template"
