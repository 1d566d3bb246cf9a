"""Filling a kind's fields from the Markdown body of one slide.

The kind's schema header says how (`markdown:` — heading, lead, list, code, fence,
note, image, sections, body); this module reads the body's blocks
accordingly: list items with icon, **title**, text and [[tag]], code fences
(one is `code`, two are before/after, a diff fence is split in two), images.
"""

from __future__ import annotations

import re
from itertools import pairwise

from carrousel.errors import CarrouselError
from carrousel.figures.chart_spec import read_numbers
from carrousel.load.kinds import Kind
from carrousel.load.mdblocks import Block, blocks_of, locdict
from carrousel.load.mdsyntax import trailing_tag
from carrousel.load.yamlload import LocDict, LocList, parse_yaml, shift_lines

_IMAGE = re.compile(r'^!\[(?P<alt>[^\]]*)\]\((?P<src>[^\s)]+)(?:\s+"(?P<title>[^"]*)")?\)$')
_BOLD_START = re.compile(r"^\*\*(.+?)\*\*(?!\*)\s*(?:[—–:-]\s+|[:—–]\s*)?")
_ICON_NAME = re.compile(r"^([a-z][a-z0-9]*:[a-z0-9][a-z0-9-]*)\s+")
ICON_SETS = ("lucide",)  # vector icon sets usable by name; see carrousel/icons.py

_SECTION_TONE = re.compile(r"\s*\[\[(default|green|blue|amber|red)\]\]\s*$")


def fill(slide: LocDict, start: int, lines: list[str], kinds: dict[str, Kind], number: int) -> LocDict:
    """Fill a slide's fields from its Markdown body, following its kind's `markdown` rules."""
    kind = kinds.get(slide.get("kind"))
    try:
        blocks = blocks_of(start, lines)
        if kind is not None and blocks:  # an unknown kind is reported by the loader, with the choices
            _Filler(slide, kind).run(blocks)
    except CarrouselError as err:
        raise err.at(slide=number, kind=kind.name if kind else None)
    return slide


class _Filler:
    """Applies a kind's Markdown rules to the blocks of one slide body."""

    def __init__(self, slide: LocDict, kind: Kind):
        self.slide, self.kind = slide, kind
        spec = dict(kind.markdown)
        if "heading" not in spec and "title" in kind.fields:
            spec["heading"] = "title"
        if "body" not in spec:
            spec["body"] = next((n for n, s in kind.fields.items() if s["type"] == "block"), None)
        self.spec = spec

    def set(self, name: str, value, line: int) -> None:
        """Set a field from the body, refusing one the YAML block already gives another value."""
        if name not in self.kind.fields:
            raise CarrouselError(f"a {self.kind.name} slide has no field '{name}'", line=line)
        given = self.slide.get(name)
        if given is not None:
            if _same(given, value):
                return  # `language: sql` above a ```sql fence says the same thing twice
            raise CarrouselError(f"'{name}' is given twice, differently: {_shown(given)} in the YAML block (line "
                                 f"{self.slide.key_lines.get(name)}) and {_shown(value)} in the Markdown", line=line,
                                 field=name, hint="keep one of them")
        self.slide[name] = value
        self.slide.key_lines[name] = line

    def run(self, blocks: list[Block]) -> None:
        spec = self.spec
        if spec.get("heading") and blocks[0].type == "heading" and blocks[0].level == 1:
            block = blocks.pop(0)
            self.set(spec["heading"], block.text, block.line)
        if spec.get("lead") and blocks and blocks[0].type == "para":
            block = blocks.pop(0)
            self.set(spec["lead"], block.text, block.line)
        if spec.get("sections"):
            blocks = self._sections(blocks, spec["sections"])
        if spec.get("image"):
            blocks = self._image(blocks)
        if spec.get("list"):
            blocks = self._list(blocks, spec["list"])
        if spec.get("code"):
            blocks = self._code(blocks)
        if spec.get("fence"):
            blocks = self._fence(blocks, spec["fence"])
        if spec.get("note") and blocks and blocks[-1].type in ("box", "para"):
            self._note(blocks.pop(), spec["note"])
        if blocks:
            if not spec.get("body"):
                raise CarrouselError(f"this Markdown has no place in a {self.kind.name} slide", line=blocks[0].line,
                                     hint=_where_hint(self.kind))
            self.set(spec["body"], joined(blocks), blocks[0].line)

    def _sections(self, blocks: list[Block], names: list[str]) -> list[Block]:
        """`## Label` sections, in order, into map fields {label, body}; `## Label [[green]]` gives a tone."""
        groups: list[list[Block]] = []
        rest = []
        for block in blocks:
            if block.type == "heading" and block.level == 2:
                groups.append([block])
            elif groups:
                groups[-1].append(block)
            else:
                rest.append(block)
        if len(groups) > len(names):
            raise CarrouselError(f"a {self.kind.name} slide has {len(names)} '## ' sections, found {len(groups)}",
                                 line=groups[len(names)][0].line)
        for name, group in zip(names, groups):
            head, body = group[0], group[1:]
            toned = _SECTION_TONE.search(head.text)  # `## Do [[green]]`: the column's tone
            value = locdict({"label": head.text[:toned.start()] if toned else head.text}, head.line)
            if toned:
                value["tone"] = toned.group(1)
            if body:
                value["body"] = "\n\n".join(b.source for b in body)
                value.key_lines["body"] = body[0].line
            self.set(name, value, head.line)
        return rest

    def _image(self, blocks: list[Block]) -> list[Block]:
        for index, block in enumerate(blocks):
            match = _IMAGE.match(block.text) if block.type == "para" else None
            if match:
                self.set("src", match.group("src"), block.line)
                if match.group("alt"):
                    self.set("alt", match.group("alt"), block.line)
                if match.group("title"):
                    self.set("caption", match.group("title"), block.line)
                return blocks[:index] + blocks[index + 1:]
        return blocks

    def _list(self, blocks: list[Block], name: str) -> list[Block]:
        for index, block in enumerate(blocks):
            if block.type == "list":
                item_spec = self.kind.fields[name].get("item") or {}
                items = LocList(_list_item(text, line, item_spec) for line, text in block.items)
                items.line, items.item_lines = block.line, [line for line, _ in block.items]
                self.set(name, items, block.line)
                return blocks[:index] + blocks[index + 1:]
        return blocks

    def _code(self, blocks: list[Block]) -> list[Block]:
        fences = [b for b in blocks if b.type == "fence"]
        if not fences:
            return blocks
        if len(fences) > 2:
            raise CarrouselError("a code slide takes one fenced block (or two: before and after)",
                                 line=fences[2].line)
        first = fences[0]
        words = _info_words(first.text, first.line)
        language = words.pop(0) if words and "=" not in words[0] else None
        if language == "diff" and len(fences) == 1:
            language = words.pop(0) if words and "=" not in words[0] else None
            before, after = unified_diff_sides(first.code)
            self.set("before", before, first.line)
            self.set("after", after, first.line)
        elif len(fences) == 1:
            self.set("code", first.code, first.line)
        else:
            self.set("before", first.code, first.line)
            self.set("after", fences[1].code, fences[1].line)
        if language:
            self.set("language", language, first.line)
        for word in words:
            key, sep, value = word.partition("=")
            spec = self.kind.fields.get(key)
            if spec is None:
                raise CarrouselError(f"unknown code option '{key}'", line=first.line,
                                     hint="options after the language set fields, e.g. ```python file=app.py "
                                          "highlight=2-3 numbers")
            self.set(key, True if not sep and spec["type"] == "flag" else value.strip('"'), first.line)
        return [b for b in blocks if b.type != "fence"]

    def _fence(self, blocks: list[Block], name: str) -> list[Block]:
        """The first fenced block's text into a field (a diagram's source, a chart's YAML)."""
        for index, block in enumerate(blocks):
            if block.type == "fence":
                value = block.code
                if self.kind.fields.get(name, {}).get("type") == "chart":  # the same data as in a YAML post
                    value = parse_yaml(block.code, first_line=block.line + 1, as_text=True)
                    shift_lines(value, block.line)
                    read_numbers(value)
                self.set(name, value, block.line)
                self.slide.value_lines = {**getattr(self.slide, "value_lines", {}), name: block.line + 1}
                return blocks[:index] + blocks[index + 1:]
        return blocks

    def _note(self, block: Block, name: str) -> None:
        if block.type == "box":
            tone, text = block.tone, block.text
        else:
            tone, text = "default", " ".join(block.text.split("\n"))
        value = text if tone == "default" else locdict({"text": text, "tone": tone}, block.line)
        self.set(name, value, block.line)


def joined(blocks: list[Block]) -> str:
    """Blocks' text as one body, a blank line or more between them as in the file: the body's line k is the
    file's line (first block's line + k - 1) wherever the author left a blank line between blocks."""
    text = blocks[0].source
    for before, block in pairwise(blocks):
        end = before.line + before.source.count("\n")
        text += "\n" * max(2, block.line - end) + block.source
    return text


def _same(given, value) -> bool:
    """Whether the YAML block's value says what the body's does (a flag reads as the YAML text true/false)."""
    if isinstance(value, bool):
        return str(given).lower() == str(value).lower()
    return given == value


def _shown(value) -> str:
    """A value as an error message shows it: quoted, on one line, cut short."""
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if isinstance(value, dict):
        text = "{" + ", ".join(f"{key}: {item}" for key, item in value.items()) + "}"
    else:
        text = str(value).lower() if isinstance(value, bool) else str(value)
    text = " ".join(text.split())
    return f"'{text[:40]}…'" if len(text) > 41 else f"'{text}'"


def _info_words(info: str, line: int) -> list[str]:
    try:
        import shlex

        return shlex.split(info)
    except ValueError:
        raise CarrouselError(f"cannot read the code fence options '{info}'", line=line) from None


def _list_item(text: str, line: int, spec: dict) -> LocDict:
    """`- 🔗 **Title** — text [[tone: tag]]` into {icon, title, text, tag}."""
    names = list(spec)
    title_key = "title" if "title" in spec else next((n for n in names if spec[n].get("required")), names[0])
    text_key = "text" if "text" in spec else next((n for n in names if n != title_key
                                                   and spec[n]["type"] in ("inline", "block")), None)
    item = locdict({}, line)
    text = text.strip()
    if "tag" in spec:
        found = trailing_tag(text)
        if found:
            text, tag = found
            item["tag"] = tag.text if tag.tone == "default" else locdict({"text": tag.text, "tone": tag.tone}, line)
    if "icon" in spec:
        icon = _leading_icon(text)
        if icon:
            item["icon"] = icon
            text = text[len(icon):].lstrip()
    bold = _BOLD_START.match(text)
    if bold and text_key:
        item[title_key] = bold.group(1)
        rest = text[bold.end():].strip()
        if rest:
            item[text_key] = rest
    else:
        item[title_key] = text
    item.key_lines = dict.fromkeys(item, line)
    return item


def _leading_icon(text: str) -> str | None:
    named = _ICON_NAME.match(text)
    if named and named.group(1).split(":")[0] in ICON_SETS:
        return named.group(1)
    from carrousel.html.emoji import leading

    icon = leading(text)
    if icon and text[len(icon):len(icon) + 1] in (" ", ""):
        return icon
    return None


def unified_diff_sides(diff: str) -> tuple[str, str]:
    """The before and after texts of a unified diff (headers and hunk lines dropped)."""
    before, after = [], []
    for line in diff.rstrip("\n").split("\n"):
        if line.startswith(("--- ", "+++ ", "@@")):
            continue
        mark, rest = line[:1], line[1:]
        if mark == "-":
            before.append(rest)
        elif mark == "+":
            after.append(rest)
        else:
            before.append(rest if mark == " " else line)
            after.append(rest if mark == " " else line)
    return "\n".join(before) + "\n", "\n".join(after) + "\n"


def _where_hint(kind: Kind) -> str:
    spec = kind.markdown
    parts = [f"{key} → {value}" for key, value in spec.items()]
    return f"{kind.name} takes: " + (", ".join(parts) if parts else "a '# heading' only") + \
        "; give other fields in the slide's YAML block"
