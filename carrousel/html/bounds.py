"""Jinja's sandbox, bounded: a theme's template cannot build a huge string or list in one step, nor loop over a
huge range (what loops still do is bounded by the render time limit)."""

from __future__ import annotations

import math
import re

from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_LENGTH = 1_000_000  # characters (or items) one operation may build: a whole slide's HTML is far less
MAX_RANGE = 10_000  # items of range()
MAX_WIDTH = 10_000  # a field width or precision in % and str.format
MAX_POWER_BITS = 100_000  # size of a ** result
_PERCENT = re.compile(r"%[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")
_BRACES = re.compile(r"\{[^{}]*:[^{}]*?(\d+|\{)")
_WIDTH_METHODS = {"center", "ljust", "rjust", "zfill"}


class TooBig(SecurityError):
    """A template asked for a string, list or range past the bounds."""

    hint = "build smaller strings, lists and ranges in the theme's templates"


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, refusing string and list building past MAX_LENGTH, and ranges past MAX_RANGE."""

    intercepted_binops = frozenset(["*", "%", "**", "+"])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.globals["range"] = bounded_range
        self.globals.pop("lipsum", None)  # lorem ipsum of any length: nothing a slide needs
        for name in ("center", "indent", "format", "replace"):
            self.filters[name] = _bounded_filter(name, self.filters[name])

    def call_binop(self, context, operator, left, right):
        """left operator right, refused when its result would be too big."""
        if operator == "*":
            sized, times = (left, right) if isinstance(right, int) else (right, left)
            if isinstance(times, int) and hasattr(sized, "__len__"):
                _length(len(sized) * times, "repeat")
        elif operator == "+" and hasattr(left, "__len__") and hasattr(right, "__len__"):
            _length(len(left) + len(right), "join")
        elif operator == "%" and isinstance(left, str):
            _widths(left)
        elif operator == "**" and isinstance(left, (int, float)) and isinstance(right, (int, float)):
            if abs(left) > 1 and right > 0 and right * math.log2(abs(left)) > MAX_POWER_BITS:
                raise TooBig(f"a power of {right} is too big")
        return super().call_binop(context, operator, left, right)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - Jinja's own signature
        """Call a function from a template, refusing string methods asked for a huge result."""
        name = getattr(__obj, "__name__", "")
        # str.format comes wrapped by the sandbox: the string is the wrapped method's.
        owner = getattr(__obj, "__self__", None) or getattr(getattr(__obj, "__wrapped__", None), "__self__", None)
        if isinstance(owner, str):
            if name in _WIDTH_METHODS and args and isinstance(args[0], int):
                _length(args[0], name)
            elif name == "expandtabs":
                _length(len(owner) * (args[0] if args and isinstance(args[0], int) else 8), name)
            elif name == "replace" and len(args) >= 2:
                _length(len(owner) + owner.count(str(args[0])) * len(str(args[1])), name)
            elif name in ("format", "format_map"):
                _widths(owner)
            elif name == "join" and args and hasattr(args[0], "__iter__"):
                items = list(args[0])
                _length(sum(len(str(item)) for item in items) + len(owner) * len(items), name)
                args = (items, *args[1:])
        return super().call(__context, __obj, *args, **kwargs)


def bounded_range(*args: int) -> range:
    """range(), of at most MAX_RANGE items."""
    items = range(*args)
    if len(items) > MAX_RANGE:
        raise TooBig(f"a range of {len(items):,} items; at most {MAX_RANGE:,}")
    return items


def _length(n: int, what: str) -> None:
    if n > MAX_LENGTH:
        raise TooBig(f"{what} would make {n:,} characters or items; at most {MAX_LENGTH:,}")


def _widths(text: str) -> None:
    """Refuse a format string with a huge field width or precision, or one taken from an argument."""
    for match in _PERCENT.finditer(text):
        for width in match.groups():
            if width == "*" or (width and int(width) > MAX_WIDTH):
                raise TooBig(f"a format width of {width}; at most {MAX_WIDTH:,}")
    for match in _BRACES.finditer(text):
        width = match.group(1)
        if width == "{" or int(width) > MAX_WIDTH:
            raise TooBig(f"a format width of {width if width != '{' else 'an argument'}; at most "
                                f"{MAX_WIDTH:,}")


def _bounded_filter(name: str, function):
    """A built-in filter, refused when asked for a huge result."""
    passed = 1 if hasattr(function, "jinja_pass_arg") else 0  # the environment or context comes first

    def bounded(*given, **kwargs):
        value, args = given[passed], given[passed + 1:]
        text = str(value)
        if name == "center":
            _length(int((args or [kwargs.get("width", 80)])[0]), name)
        elif name == "indent":
            width = (args or [kwargs.get("width", 4)])[0]
            _length(len(text) + (text.count("\n") + 1) * (len(width) if isinstance(width, str) else int(width)), name)
        elif name == "format":
            _widths(text)
        elif name == "replace" and len(args) >= 2:
            _length(len(text) + text.count(str(args[0])) * len(str(args[1])), name)
        return function(*given, **kwargs)

    bounded.__name__ = function.__name__
    if passed:
        bounded.jinja_pass_arg = function.jinja_pass_arg
    return bounded
