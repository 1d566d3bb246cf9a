"""Figures in Markdown text: ```mermaid and ```chart fences, $inline$ and $$display$$ math (Python-Markdown);
and code fences drawn as the code kind's panel (its lines wrap hanging at their indentation, as on a code slide).

Fences are taken out before Python-Markdown's own fenced code sees them, drawn through html.graphics, framed
by the theme's `graphic` macro and stashed (the sanitiser then checks that HTML like the rest). Math is found
with the dollar rules of carrousel.figures.math before escapes and emphasis, so `_`, `*` and `\\{` inside a
formula stay LaTeX; `\\$` is a dollar. With no figure context (text read for its words alone) a fence stays
code and a formula its LaTeX. Errors carry `within`, the line inside the converted text; the field's owner
turns it into a line of the post.
"""

from __future__ import annotations

import re

from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.util import AtomicString
from markupsafe import Markup, escape

from carrousel.errors import CarrouselError
from carrousel.html import code, figurefields, graphics

FENCES = ("mermaid", "chart")
OPENING = re.compile(r"^(`{3,}|~{3,})\s*([^\s`]*)")


class FigureState:
    """What one conversion draws with: the figure context, the theme's macros and the text being converted."""

    def __init__(self):
        self.context: graphics.Context | None = None
        self.macros = None
        self.source = ""


def closing(lines: list[str], start: int, fence: str) -> int | None:
    """The index of the line closing the fence opened at start, or None."""
    for index in range(start + 1, len(lines)):
        stripped = lines[index].strip()
        if stripped.startswith(fence) and not stripped.strip(fence[0]):
            return index
    return None


class FigureFences(Preprocessor):
    """```mermaid and ```chart fences (top level) become their figure, stashed as HTML."""

    def __init__(self, md, state: FigureState):
        super().__init__(md)
        self.state = state

    def run(self, lines):
        if self.state.context is None and self.state.macros is None:
            return lines
        out, index = [], 0
        while index < len(lines):
            found = OPENING.match(lines[index])
            end = closing(lines, index, found.group(1)) if found else None
            if end is None:
                out.append(lines[index])
                index += 1
                continue
            language, source = found.group(2).lower(), "\n".join(lines[index + 1:end])
            panel = getattr(self.state.macros, "code_panel", None)
            if language in FENCES and self.state.context is not None:
                out += ["", self.md.htmlStash.store(self.figure(language, source, index + 2)), ""]
            elif language not in FENCES and panel is not None and source.strip():
                out += ["", self.md.htmlStash.store(str(panel(code.code_lines(source, language)))), ""]
            else:
                out += lines[index:end + 1]  # code (and any fence inside it) is left to fenced_code
            index = end + 1
        return out

    def figure(self, kind: str, source: str, first: int) -> str:
        """One fence's figure HTML; `first` is the text's line of the fence's first source line."""
        context, extra = self.state.context, {}
        try:
            if kind == "mermaid":
                graphic = graphics.diagram(source, context, fill=False)
            else:
                spec, extra = figurefields.chart_block(source)
                graphic = graphics.chart(spec, context, fill=False)
        except CarrouselError as err:
            if err.within is not None:
                err.within += first - 1
            raise figurefields.inside(err, first)
        alt = extra.get("alt") or graphic.alt_for(extra.get("title"))
        caption = extra.get("caption")
        macro = getattr(self.state.macros, "graphic", None)
        if macro is None:  # a theme's own components.html without the macro: a plain figure
            return f'<figure class="graphic"><img class="graphic-img" src="{graphic.uri}" alt="{escape(alt)}" ' \
                   f'style="{graphic.style()}"></figure>'
        return str(macro(graphic, alt, Markup(escape(caption)) if caption else None))


class MathPattern(InlineProcessor):
    """$inline$ and $$display$$ math, by the dollar rules (a price such as $5 stays text)."""

    def __init__(self, md, state: FigureState):
        super().__init__(r"\$", md)
        self.state = state

    def handleMatch(self, m, data):
        from carrousel.figures.math import find_math

        start = m.start(0)
        if (len(data[:start]) - len(data[:start].rstrip("\\"))) % 2:
            return None, None, None  # \$: a dollar, left to the escape pattern
        spans = find_math(data[start:])
        if not spans or spans[0].start != 0:
            return None, None, None
        span = spans[0]
        context = self.state.context
        if context is None:
            return AtomicString(span.latex), start, start + span.end
        try:
            html = graphics.formula(span.latex, span.display, context.palette.text)
        except CarrouselError as err:
            written = data[start:start + span.end]
            at = self.state.source.find(written)
            err.within = self.state.source.count("\n", 0, at) + 1 if at >= 0 else None
            raise
        return self.md.htmlStash.store(html), start, start + span.end


class FiguresExtension(Extension):
    """Mermaid and chart fences, and math; `state` is set for each conversion."""

    def __init__(self, **kwargs):
        self.state = FigureState()
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        md.ESCAPED_CHARS.append("$")
        # After whitespace normalisation (30), before fenced code (25).
        md.preprocessors.register(FigureFences(md, self.state), "carrousel-figure-fences", 27)
        # Before escapes (180) and emphasis, after code spans (190): `$x$` in backticks stays code.
        md.inlinePatterns.register(MathPattern(md, self.state), "carrousel-math", 185)
