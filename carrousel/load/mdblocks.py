"""The blocks of a Markdown slide body: headings, fences, lists, boxes, paragraphs, with their lines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from carrousel.errors import CarrouselError
from carrousel.load.mdsyntax import box, box_body, box_extent, names_box
from carrousel.load.yamlload import LocDict

FENCE = re.compile(r"^(`{3,}|~{3,})\s*(.*)$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_ITEM = re.compile(r"^ {0,3}([-*+]|\d{1,3}[.)])\s+(.*)$")


@dataclass
class Block:
    """One Markdown block of a slide body, with its source text and first line."""

    type: str  # heading, fence, list, box, para
    line: int
    source: str  # the block's text as written
    level: int = 0  # heading level
    text: str = ""  # heading text, fence info, paragraph text, box body on one line
    code: str = ""  # fence content
    tone: str = "default"  # box tone
    items: list = field(default_factory=list)  # list: (line, text)


def locdict(values: dict, line: int) -> LocDict:
    """A LocDict whose keys all sit on one line (values read from Markdown)."""
    out = LocDict(values)
    out.line, out.key_lines = line, dict.fromkeys(values, line)
    return out


def blocks_of(start: int, lines: list[str]) -> list[Block]:
    """Cut a Markdown body into blocks: headings, fences, lists, boxes, paragraphs."""
    out: list[Block] = []
    i = 0
    while i < len(lines):
        line, number = lines[i], start + i
        if not line.strip():
            i += 1
            continue
        fence = FENCE.match(line)
        if fence:
            end = i + 1
            while end < len(lines) and not (lines[end].strip().startswith(fence.group(1))
                                            and not lines[end].strip().strip(fence.group(1)[0])):
                end += 1
            if end >= len(lines):
                raise CarrouselError(f"code fence {fence.group(1)} is not closed", line=number,
                                     hint=f"end the code with a line {fence.group(1)}")
            out.append(Block("fence", number, "\n".join(lines[i:end + 1]), text=fence.group(2).strip(),
                             code="\n".join(lines[i + 1:end]) + "\n"))
            i = end + 1
            continue
        heading = _HEADING.match(line)
        if heading:
            out.append(Block("heading", number, line, level=len(heading.group(1)), text=heading.group(2)))
            i += 1
            continue
        if _ITEM.match(line):
            end, items = i, []
            while end < len(lines):
                item = _ITEM.match(lines[end])
                if item:
                    items.append([start + end, item.group(2)])
                elif lines[end].strip() and (lines[end].startswith((" ", "\t")) or
                                             not _starts_block(lines[end])):
                    items[-1][1] += " " + lines[end].strip()
                elif not lines[end].strip() and end + 1 < len(lines) and _ITEM.match(lines[end + 1]):
                    pass  # a loose list goes on after a blank line
                else:
                    break
                end += 1
            out.append(Block("list", number, "\n".join(lines[i:end]).rstrip(), items=[tuple(x) for x in items]))
            i = end
            continue
        found = _box(line, number)
        if found:
            end = i + box_extent(lines[i:])
            body = box_body(lines[i + 1:end]).split("\n")
            out.append(Block("box", number, "\n".join(lines[i:end]).rstrip(), text=" ".join(
                part.strip() for part in body if part.strip()), tone=found.tone))
            i = end
            continue
        end = i
        while end < len(lines) and lines[end].strip() and (end == i or not _starts_block(lines[end])):
            end += 1
        out.append(Block("para", number, "\n".join(lines[i:end]), text="\n".join(lines[i:end]).strip()))
        i = end
    return out


def _starts_block(line: str) -> bool:
    return bool(FENCE.match(line) or _HEADING.match(line) or _ITEM.match(line) or names_box(line))


def _box(line: str, number: int):
    """The box a line opens, or None; a wrong tone is an error at that line."""
    try:
        return box(line)
    except CarrouselError as err:
        raise err.at(line=number)
