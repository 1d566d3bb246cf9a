"""Markdown posts (`content/*.md`) into the same data a YAML post gives.

    ---                      front matter: the post's fields (title, theme, format…)
    title: Three Postgres indexing mistakes
    ---

    ---                      a slide may open with its own YAML block (with `kind`)
    kind: cover
    kicker: Database tips
    ---
    # Three Postgres indexing mistakes
    Why your queries are still slow

    ---                      no YAML block: a `content` slide
    # A heading
    Any Markdown body.

How a body fills a kind's fields is data too: the `markdown:` key of the
kind's schema header (heading, lead, list, code, note, image, sections,
body). The result keeps the .md file's line numbers for error messages.
"""

from __future__ import annotations

import re

from carrousel.errors import CarrouselError
from carrousel.load.kinds import Kind
from carrousel.load.mdblocks import FENCE, locdict
from carrousel.load.mdfill import fill
from carrousel.load.yamlload import LocDict, LocList, parse_yaml, shift_lines

_SEPARATOR = re.compile(r"^---\s*$")
_YAML_KEY = re.compile(r"^[A-Za-z_][\w-]*\s*:(\s|$)")
_KIND_KEY = re.compile(r"^kind\s*:\s*\S")


def parse_markdown_post(text: str, kinds: dict[str, Kind]) -> LocDict:
    """Parse a Markdown post into post data (front matter + slides), lines kept."""
    chunks = _chunks(text.split("\n"))
    if not chunks or chunks[0][1] and any(line.strip() for line in chunks[0][1]):
        raise CarrouselError("a Markdown post starts with its front matter between two '---' lines", line=1,
                             hint="begin the file with ---, then title: …, then ---")
    if len(chunks) < 2:
        raise CarrouselError("the front matter is not closed by a '---' line", line=1)
    start, lines = chunks[1]
    data = parse_yaml("\n".join(lines), first_line=start, as_text=True)
    if data is None:
        data = locdict({}, start)
    if not isinstance(data, dict):
        raise CarrouselError("expected the post's fields (title: …) in the front matter", line=start)
    shift_lines(data, start - 1)
    if "slides" in data:
        raise CarrouselError("a Markdown post gives its slides after the front matter, not in it",
                             line=data.key_lines["slides"], field="slides")
    slides = LocList()
    slides.line, slides.item_lines = start, []
    rest = chunks[2:]
    i = 0
    while i < len(rest):
        start, lines = rest[i]
        i += 1
        if _is_yaml_block(lines):
            meta = parse_yaml("\n".join(lines), first_line=start, as_text=True)
            if not isinstance(meta, dict):
                raise CarrouselError("expected a mapping with 'kind:' in the slide's YAML block", line=start)
            shift_lines(meta, start - 1)
            body_start, body = start + len(lines), []
            if i < len(rest) and not _is_yaml_block(rest[i][1]):
                body_start, body = rest[i]
                i += 1
            slide = meta
        elif not any(line.strip() for line in lines):
            continue  # blank space between separators
        else:
            slide = locdict({"kind": "content"}, _first_line(start, lines))
            body_start, body = start, lines
        slide = fill(slide, body_start, body, kinds, len(slides) + 1)
        slides.append(slide)
        slides.item_lines.append(slide.line)
    data["slides"] = slides
    data.key_lines["slides"] = slides.line
    return data


def _chunks(lines: list[str]) -> list[tuple[int, list[str]]]:
    """Split at `---` lines outside code fences: [(first line number, lines)]."""
    chunks, current, start, fence = [], [], 1, None
    for number, line in enumerate(lines, 1):
        match = FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)
        elif fence is not None and line.strip().startswith(fence) and not line.strip().strip(fence[0]):
            fence = None
        if fence is None and _SEPARATOR.match(line):
            chunks.append((start, current))
            current, start = [], number + 1
            continue
        current.append(line)
    chunks.append((start, current))
    return chunks


def _is_yaml_block(lines: list[str]) -> bool:
    filled = [line for line in lines if line.strip()]
    return bool(filled) and bool(_YAML_KEY.match(filled[0])) and any(_KIND_KEY.match(line) for line in filled)


def _first_line(start: int, lines: list[str]) -> int:
    for offset, line in enumerate(lines):
        if line.strip():
            return start + offset
    return start
