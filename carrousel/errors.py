"""Errors meant for people: a message plus where it happened."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


@dataclass
class CarrouselError(Exception):
    """A user-facing error with its location: file, line, slide, field."""

    message: str
    file: str | None = None
    line: int | None = None
    slide: int | None = None
    kind: str | None = None
    field: str | None = None
    hint: str | None = None
    within: int | None = None  # a line of the field's own text (a diagram in a body), until its owner places it

    def __str__(self) -> str:
        return self.format()

    def format(self) -> str:
        """One line: `file:line: slide N (kind) › field: message. hint`."""
        where = ""
        if self.file:
            where = self.file + (f":{self.line}" if self.line else "") + ": "
        if self.slide is not None:
            where += f"slide {self.slide}" + (f" ({self.kind})" if self.kind else "") + ": "
        if self.field:
            where += f"{self.field}: "
        text = where + self.message
        if self.hint:
            text += f" ({self.hint})"
        # One line whatever the input held: control characters (a newline in a key…) are shown escaped.
        return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)

    def at(self, **where) -> "CarrouselError":
        """Fill in location fields that are still unknown, and return self."""
        for key, value in where.items():
            if getattr(self, key) is None:
                setattr(self, key, value)
        return self


class ErrorGroup(CarrouselError):
    """Several errors found in one run (every slide's, then every fit failure), reported together, one line each.

    Its own fields are the first error's, so code that reads `line` or `slide` still points somewhere true.
    """

    def __init__(self, errors):
        self.errors = list(errors)
        first = self.errors[0]
        super().__init__(first.message, first.file, first.line, first.slide, first.kind, first.field, first.hint)

    def format(self) -> str:
        """One line per error; the lines after the first carry the ✗ the commands print before the first."""
        return "\n✗ ".join(error.format() for error in self.errors)

    def at(self, **where) -> ErrorGroup:
        """Fill in unknown location fields of every error (the file, mostly)."""
        for error in self.errors:
            error.at(**where)
        super().at(**where)
        return self


def gather(errors) -> CarrouselError | None:
    """The errors as one exception to raise: the error itself when there is one, a group of all when several,
    None when there are none (a group inside is opened: its errors join the others)."""
    flat = [inner for error in errors for inner in (error.errors if isinstance(error, ErrorGroup) else [error])]
    if not flat:
        return None
    return flat[0] if len(flat) == 1 else ErrorGroup(flat)


def did_you_mean(word: str, choices) -> str | None:
    """A 'did you mean' hint for a misspelt name, or None."""
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else None


def choices_hint(word: str, choices) -> str:
    """Hint listing valid choices, with the closest one first when there is one."""
    choices = sorted(choices)
    guess = did_you_mean(word, choices)
    listing = "expected one of: " + ", ".join(choices)
    return f"{guess} {listing}" if guess else listing


@dataclass(frozen=True)
class SlideWarning:
    """Something a built post should look at (shrunk, overflow, small text, contrast, caption), kept with its slide."""

    slide: int | None  # None: the post as a whole
    kind: str | None
    level: str  # warning, or error (an overflow built anyway with --allow-overflow)
    code: str  # shrunk, overflow, small-text, contrast, caption
    message: str

    def line(self, slug: str) -> str:
        """How the warning is printed under its post's line."""
        where = f"slide {self.slide} ({self.kind}): " if self.slide else ""
        return f"  ! {slug}: {where}{self.message}"
