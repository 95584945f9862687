"""Wording shared by every check: "did you mean" hints and names for value types.

Messages name a value's type, never the value itself, unless the caller knows the value
cannot be a secret (a speed, a time of day).
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """` (did you mean 'x'?)` for the closest candidate, or "" when none is close."""
    close = difflib.get_close_matches(name, sorted(set(candidates)), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def unknown_field(name: str, candidates: Iterable[str]) -> str:
    """The message for a key that is not allowed where it stands."""
    return f"unknown field '{name}'{did_you_mean(name, candidates)}"


def describe(value: object) -> str:
    """A value's YAML type in words ("a string", "null"), without the value."""
    if value is None:
        return "null (an empty value)"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, dt.datetime):
        return "a date and time"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "an unsupported value"


def shorten(value: object, limit: int = 40) -> str:
    """`repr` of a value, cut to `limit` characters, for values known not to be secret."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
