"""Strict YAML loading that remembers where each key came from."""

from __future__ import annotations

import yaml
from yaml.events import AliasEvent

from carrousel.errors import CarrouselError

MAX_DEPTH = 40  # posts nest a few levels; a deeper document is hostile or a mistake


class LocDict(dict):
    """A mapping that knows its own line, the line of each of its keys and where each value's text starts."""

    line: int = 0
    key_lines: dict
    value_lines: dict  # only where it differs from the key's line: a block scalar (|, >) starts on the next


class LocList(list):
    """A sequence that knows its own line and the line of each item."""

    line: int = 0
    item_lines: list


class _Loader(yaml.SafeLoader):
    """Safe loader: no aliases, no duplicate keys, bounded nesting."""

    _depth = 0

    def compose_node(self, parent, index):
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise CarrouselError(
                "YAML aliases (*name) are not allowed in posts",
                line=event.start_mark.line + 1,
                hint="write the value out in full",
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise CarrouselError(f"the document nests deeper than {MAX_DEPTH} levels",
                                     line=self.peek_event().start_mark.line + 1, hint="flatten the structure")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node, deep=False):
        result = LocDict()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        result.value_lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                key = str(key)
            line = key_node.start_mark.line + 1
            if key in result:
                raise CarrouselError(
                    f"duplicate key '{key}' (first at line {result.key_lines[key]})",
                    line=line,
                    hint="remove one of them",
                )
            result[key] = self.construct_object(value_node, deep=True)
            result.key_lines[key] = line
            if isinstance(value_node, yaml.ScalarNode) and value_node.style in ("|", ">"):
                result.value_lines[key] = value_node.start_mark.line + 2
        return result

    def construct_sequence(self, node, deep=False):
        result = LocList(self.construct_object(child, deep=True) for child in node.value)
        result.line = node.start_mark.line + 1
        result.item_lines = [child.start_mark.line + 1 for child in node.value]
        return result


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _Loader.construct_sequence)


class _TextLoader(_Loader):
    """Like _Loader, but every scalar stays the text the author typed (`NO`, `1.10`, `0o7`), except null."""


# Only null is resolved implicitly; booleans, numbers and dates stay strings.
_TextLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag == "tag:yaml.org,2002:null"]
    for first, resolvers in _Loader.yaml_implicit_resolvers.items()
}


def parse_yaml(text: str, first_line: int = 1, as_text: bool = False):
    """Parse one YAML document; errors carry the line (offset by first_line - 1).

    as_text keeps every scalar as a string (posts: fields expect text, so `NO`
    must not become False nor `1.10` become 1.1).
    """
    loader = _TextLoader if as_text else _Loader
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - both loaders derive from SafeLoader
    except CarrouselError as err:
        if err.line:
            err.line += first_line - 1
        raise
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + first_line if mark else None
        problem = (err.problem or str(err)).strip()
        if "quoted scalar" in (err.context or "") and err.context_mark:
            problem, line = "unclosed quote", err.context_mark.line + first_line
            hint = "close the quote on the same value, or use a block scalar (|) for multi-line text"
        elif "found character '\\t'" in problem:
            problem = "tab character used for indentation"
            hint = "indent with spaces"
        elif "could not determine a constructor" in problem:
            tag = problem.rsplit(" ", 1)[-1].replace("tag:yaml.org,2002:", "!!")
            hint = "tags such as !!python/object are not allowed"
            problem = f"unsupported YAML tag {tag}"
        else:
            hint = "check quotes, colons and indentation"
        raise CarrouselError(f"invalid YAML: {' '.join(problem.split())}", line=line, hint=hint) from None
    except yaml.reader.ReaderError as err:
        # A control character (NUL…) in the text: report where it is.
        line = text.count("\n", 0, err.position) + first_line
        char = err.character if isinstance(err.character, int) else ord(err.character)
        raise CarrouselError(f"invalid character U+{char:04X} at offset {err.position}", line=line,
                             hint="remove control characters (save the file as plain UTF-8 text)") from None
    except RecursionError:
        raise CarrouselError("the document nests too deeply", hint="flatten the structure") from None
    except yaml.YAMLError as err:
        raise CarrouselError(f"invalid YAML: {' '.join(str(err).split())}") from None


def shift_lines(node, offset: int) -> None:
    """Move every line a parse recorded by offset (a YAML block read out of a larger file)."""
    if isinstance(node, LocDict):
        node.line += offset
        node.key_lines = {key: line + offset for key, line in node.key_lines.items()}
        node.value_lines = {key: line + offset for key, line in getattr(node, "value_lines", {}).items()}
        for value in node.values():
            shift_lines(value, offset)
    elif isinstance(node, LocList):
        node.line += offset
        node.item_lines = [line + offset for line in node.item_lines]
        for value in node:
            shift_lines(value, offset)
