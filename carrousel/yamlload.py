"""Strict YAML loading that remembers where each key came from."""

from __future__ import annotations

import yaml
from yaml.events import AliasEvent

from .errors import CarrouselError


class LocDict(dict):
    """A mapping that knows its own line and the line of each of its keys."""

    line: int = 0
    key_lines: dict


class LocList(list):
    """A sequence that knows its own line and the line of each item."""

    line: int = 0
    item_lines: list


class _Loader(yaml.SafeLoader):
    """Safe loader: no aliases, no duplicate keys, scalars that look like text stay text."""

    def compose_node(self, parent, index):
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise CarrouselError(
                "YAML aliases (*name) are not allowed in posts",
                line=event.start_mark.line + 1,
                hint="write the value out in full",
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        result = LocDict()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
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
        return result

    def construct_sequence(self, node, deep=False):
        result = LocList(self.construct_object(child, deep=True) for child in node.value)
        result.line = node.start_mark.line + 1
        result.item_lines = [child.start_mark.line + 1 for child in node.value]
        return result


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _Loader.construct_sequence)


def parse_yaml(text: str, first_line: int = 1):
    """Parse one YAML document; errors carry the line (offset by first_line - 1)."""
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except CarrouselError as err:
        if err.line:
            err.line += first_line - 1
        raise
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + first_line if mark else None
        problem = (err.problem or str(err)).strip()
        if "found character '\\t'" in problem:
            problem = "tab character used for indentation"
            hint = "indent with spaces"
        elif "could not determine a constructor" in problem:
            hint = "tags such as !!python/object are not allowed"
            problem = "unsupported YAML tag"
        else:
            hint = "check quotes, colons and indentation"
        raise CarrouselError(f"invalid YAML: {problem}", line=line, hint=hint) from None
    except yaml.YAMLError as err:
        raise CarrouselError(f"invalid YAML: {err}") from None
