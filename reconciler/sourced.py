"""Config values that came from the environment: compared by value, shown by origin.

A pull request's config runs next to the API key, and its plan is posted as a comment.
`caption: ${env:ANY_SECRET}` must therefore compare as the variable's value (so the
plan is right) but never print it. `Sourced` is that value as a `str` (equal to it,
hashed like it, and sent as it: `json.dumps` writes the value) whose `str()`, `repr()`
and f-string form are `shown`: the config text with its `${env:…}` references as
written, or `(from ${env:NAME})` when the whole value is one reference. Renderers
still go through `display`, so the value never reaches output even by a plain copy.
"""

from __future__ import annotations

from typing import Any


class Sourced(str):
    """A resolved config string whose printable form is where it came from."""

    shown: str

    def __new__(cls, value: str, shown: str) -> Sourced:
        obj = super().__new__(cls, value)
        obj.shown = shown
        return obj

    def __str__(self) -> str:
        return self.shown

    def __repr__(self) -> str:
        return repr(self.shown)

    def __format__(self, spec: str) -> str:
        return format(self.shown, spec)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Sourced, (str.__str__(self), self.shown))

    @property
    def value(self) -> str:
        """The resolved value itself, a plain `str` (for the request that needs it)."""
        return str.__str__(self)


def display(value: Any) -> Any:
    """What may be printed of `value`: the origin of a Sourced string, else the value."""
    return value.shown if isinstance(value, Sourced) else value


def displayed(data: Any) -> Any:
    """`display` applied through lists and dicts (keys too)."""
    if isinstance(data, dict):
        return {display(k): displayed(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [displayed(v) for v in data]
    return display(data)
