"""Alternative text: required for images, defaulted for emoji, listed per slide in alt.json.

Generic on purpose: any slide field named `alt` next to a file (`path`) field
is the text of that picture, whatever the kind; every <img> a template writes
must carry an alt attribute (`alt=""` marks a decorative one). Emoji keep the
emoji itself as alt text: screen readers say its name in the reader's language.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from carrousel.errors import CarrouselError
from carrousel.figures import svgtree
from carrousel.html import marks

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "div", "figure", "figcaption", "blockquote", "pre", "ul",
           "ol", "section", "br", "span"}
_SKIP = {"frame-top", "frame-bottom"}  # window chrome, byline, counter: the same on every slide


_MARKDOWN_IMAGE_WITHOUT_ALT = re.compile(r"!\[\s*\]\(")


def check_fields(post, kinds) -> None:
    """Raise if a picture given in a slide has no alt text: a kind's `alt` field, or `![alt](…)` in Markdown."""
    for slide in post.slides:
        kind = kinds.get(slide.kind)
        if kind is None:
            continue
        problem = _missing_alt(slide.data, kind.fields, "") or _markdown_image_without_alt(slide.data, "")
        if problem:
            raise CarrouselError("missing alt text for the image", line=slide.line, slide=slide.number,
                                 kind=slide.kind, field=problem,
                                 hint="describe the picture in a few words for people who cannot see it")


def _markdown_image_without_alt(value, path: str) -> str | None:
    if isinstance(value, str):
        return path or "text" if _MARKDOWN_IMAGE_WITHOUT_ALT.search(value) else None
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        found = _markdown_image_without_alt(item, f"{path}[{key + 1}]" if isinstance(key, int) else
                                            (f"{path}.{key}" if path else str(key)))
        if found:
            return found
    return None


def _missing_alt(data, schema: dict, path: str) -> str | None:
    if not isinstance(data, dict):
        return None
    has_picture = any(spec.get("type") == "path" and data.get(name) for name, spec in schema.items())
    if has_picture and "alt" in schema and not str(data.get("alt") or "").strip():
        return f"{path}alt"
    for name, spec in schema.items():
        if spec.get("type") == "list" and spec.get("item") and isinstance(data.get(name), list):
            for number, item in enumerate(data[name], 1):
                found = _missing_alt(item, spec["item"], f"{path}{name}[{number}].")
                if found:
                    return found
        elif spec.get("type") == "map" and spec.get("item") and isinstance(data.get(name), dict):
            found = _missing_alt(data[name], spec["item"], f"{path}{name}.")
            if found:
                return found
    return None


class _Slides(HTMLParser):
    """Collect, per <section class="slide">, its readable text with images replaced by their alt."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skip = _SKIP
        self.slides: list[dict] = []
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, skipped, breaks the line)

    @property
    def skipping(self) -> bool:
        return any(skipped for _, skipped, _ in self.stack)

    def breaks(self, tag: str, classes: set) -> bool:
        """Whether an element is a line of its own: in code (<pre>), a span is a token, only a `line` span is."""
        if tag == "span" and any(top == "pre" for top, _, _ in self.stack):
            return "line" in classes
        return tag in _BLOCKS

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = set((attrs.get("class") or "").split())
        if marks.is_slide(tag, sorted(classes), attrs.get("id")):
            self.slides.append({"parts": [], "images": [], "chars": []})
        if tag == "img":
            if self.slides and not self.skipping:
                alt = attrs.get("alt")
                self.slides[-1]["images"].append({"src": (attrs.get("src") or "")[:60], "alt": alt})
                if alt:
                    self.slides[-1]["parts"].append(f" {alt} ")
            if self.slides:  # an SVG's labels are text the theme's fonts draw (a diagram, a chart)
                root = svgtree.from_data_uri(attrs.get("src") or "")
                if root is not None:
                    self.slides[-1]["chars"] += [label for label, _, _ in svgtree.drawn_labels(root)]
            return
        if tag in _VOID:
            return
        breaks = self.breaks(tag, classes)
        self.stack.append((tag, bool(classes & self.skip), breaks))
        if breaks and self.slides:
            self.slides[-1]["parts"].append("\n")

    def handle_endtag(self, tag):
        if tag in _VOID:
            return
        breaks = tag in _BLOCKS
        while self.stack:
            top, _, breaks = self.stack.pop()
            if top == tag:
                break
        if breaks and self.slides:
            self.slides[-1]["parts"].append("\n")

    def handle_data(self, data):
        if self.slides:
            self.slides[-1]["chars"].append(data)  # frames included: their text is drawn too
            if not self.skipping:
                self.slides[-1]["parts"].append(data)


def slide_texts(document_html: str) -> list[dict]:
    """Per slide: `text` (what the slide says, images as their alt), its `images`, and `chars`: every character
    of text it draws, the frame's (byline, counter…) included."""
    parser = _Slides()
    parser.feed(document_html[document_html.find("<body"):])
    out = []
    for slide in parser.slides:
        lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in "".join(slide["parts"]).split("\n")]
        out.append({"text": "\n".join(line for line in lines if line), "images": slide["images"],
                    "chars": "".join(slide["chars"])})
    return out


def check_images(texts: list[dict], post, where: str) -> None:
    """Raise if a template wrote an <img> without any alt attribute."""
    for number, slide in enumerate(texts, 1):
        for image in slide["images"]:
            if image["alt"] is None:
                kind = post.slides[number - 1].kind if number <= len(post.slides) else None
                raise CarrouselError(f"an image has no alt attribute ({image['src']}…)", file=where, slide=number,
                                     kind=kind, hint="templates must write alt=\"…\" (alt=\"\" for decoration)")


def alt_json(texts: list[dict], pngs: list[str]) -> str:
    """output/<slug>/alt.json: one alt text per slide image, for platforms that take it per image."""
    rows = [{"slide": number, "png": png, "alt": texts[number - 1]["text"] if number <= len(texts) else ""}
            for number, png in enumerate(pngs, 1)]
    return json.dumps(rows, ensure_ascii=False, indent=1)
