"""The post caption: Markdown in the post, plain text in caption.txt, ready to paste into LinkedIn."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_SOFT_WRAP = re.compile(r"[ \t]*\n[ \t]*")
LINKEDIN_MAX = 3000  # characters in a LinkedIn post's commentary

# `#CTO` at the start of a line is a hashtag, not a heading: Markdown headings need `# `.
_HASHTAG = re.compile(r"(?m)(^|(?<=\s))#(?=[^\s#])")


class _Text(HTMLParser):
    """HTML (from Markdown) to plain text: paragraphs, bullets, links with their address."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.lists: list[list] = []  # [kind, counter]
        self.href: list[str | None] = []
        self.link_text: list[int] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("ul", "ol"):
            self.lists.append([tag, 0])
        elif tag == "li" and self.lists:
            self.lists[-1][1] += 1
            kind, count = self.lists[-1]
            indent = "  " * (len(self.lists) - 1)
            self.out.append(f"\n{indent}" + ("• " if kind == "ul" else f"{count}. "))
        elif tag == "br":
            self.out.append("\n")
        elif tag == "a":
            self.href.append(dict(attrs).get("href"))
            self.link_text.append(len(self.out))

    def handle_endtag(self, tag):
        if tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"):
            self.out.append("\n\n")
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            if not self.lists:
                self.out.append("\n\n")
        elif tag == "a" and self.href:
            href, start = self.href.pop(), self.link_text.pop()
            text = "".join(self.out[start:]).strip()
            if href and href not in (text, f"mailto:{text}") and not href.startswith("#"):
                self.out.append(f" ({href})")

    def handle_data(self, data):
        if data.strip() or "\n" not in data:  # newlines between block tags are layout, not text
            # A line break inside a paragraph is a soft wrap: Markdown joins it with a space (a hard break,
            # two trailing spaces or a backslash, is a <br>).
            data = _SOFT_WRAP.sub(" ", data)
            self.out.append(data.lstrip(" ") if self.out and self.out[-1].endswith("\n") else data)


def to_text(markdown_text: str) -> str:
    """A caption written in Markdown as plain text: no markup, hashtags and line breaks kept."""
    import markdown

    protected = _HASHTAG.sub(lambda m: m.group(1) + "\\#", markdown_text.strip())
    html = markdown.markdown(protected, extensions=["sane_lists"], output_format="html")
    parser = _Text()
    parser.feed(html)
    text = "".join(parser.out)
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip() + "\n"


def length(text: str) -> int:
    """Characters as LinkedIn counts them (one per code point, without the final newline)."""
    return len(text.rstrip("\n"))
