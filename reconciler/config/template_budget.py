"""What rendering one template may cost, and how big a value is before it is made.

The sandboxed environment (`template_sandbox`) asks these before and after each operation
that can make something large: `Budget` holds the deadline and the running total of
characters and items built, `estimate` bounds the length of a value's text without making
it, `printf_size` and `format_size` bound what a format string can produce. Every refusal
is a `TemplateLimitError` whose message names the cap; raised inside the template's code,
it gets the template's file and line like any other template error.
"""

from __future__ import annotations

import re
import string
import time
from collections.abc import Iterable, Mapping
from typing import Any

from jinja2.utils import Namespace

from reconciler.config.limits import (
    MAX_TEMPLATE_BUILT,
    MAX_TEMPLATE_INT_BITS,
    MAX_TEMPLATE_ITEMS,
    MAX_TEMPLATE_OUTPUT,
    MAX_TEMPLATE_SECONDS,
    MAX_TEMPLATE_VALUE,
    size_words,
)

#: Containers walked beyond this many values are taken as too large to print.
_MAX_WALK = 1_000_000
#: repr() of a string inside a list or mapping may escape characters: counted this often.
_REPR_FACTOR = 4
_PRINTF_FIELD = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|[0-9]+)?(?:\.(\*|[0-9]+))?")
_DIGITS = re.compile(r"[0-9]+")


class TemplateLimitError(Exception):
    """A template went past one of its caps; the message names the cap."""


def value_cap_message(what: str) -> str:
    return f"{what} would be longer than {size_words(MAX_TEMPLATE_VALUE)} (the cap on one value)"


class Budget:
    """The deadline and the running totals of one rendering."""

    def __init__(self, deadline: float | None = None) -> None:
        self.deadline = time.monotonic() + MAX_TEMPLATE_SECONDS if deadline is None else deadline
        self.built = 0

    def tick(self) -> None:
        """One step of a loop or one call: stop when the deadline has passed."""
        if time.monotonic() > self.deadline:
            raise TemplateLimitError(
                f"rendering took longer than {MAX_TEMPLATE_SECONDS:g} seconds "
                "(the cap on rendering one template)"
            )

    def spend(self, size: int) -> None:
        """Count `size` characters or items built; refuse past the total cap."""
        self.built += size
        if self.built > MAX_TEMPLATE_BUILT:
            raise TemplateLimitError(
                f"the template built more than {size_words(MAX_TEMPLATE_BUILT)} of text and "
                "lists (the cap on what one template may build)"
            )

    def check_value(self, size: int, what: str) -> None:
        """Before making a string of `size` characters: refuse past the one-value cap."""
        if size > MAX_TEMPLATE_VALUE:
            raise TemplateLimitError(value_cap_message(what))

    def check_items(self, count: int, what: str) -> None:
        if count > MAX_TEMPLATE_ITEMS:
            raise TemplateLimitError(
                f"{what} would have more than {MAX_TEMPLATE_ITEMS:,} items (the cap on one list)"
            )

    def check_int(self, bits: int) -> None:
        if bits > MAX_TEMPLATE_INT_BITS:
            raise TemplateLimitError(
                f"an integer of more than {MAX_TEMPLATE_INT_BITS} bits (the cap on numbers)"
            )

    def check_result(self, value: Any, what: str) -> Any:
        """After an operation: count what it made, refuse it if it is too large."""
        if isinstance(value, str | bytes):
            self.check_value(len(value), what)
            self.spend(len(value))
        elif isinstance(value, list | tuple | dict | set | frozenset):
            self.check_items(len(value), what)
            self.spend(len(value))
        return value

    def check_output(self, size: int) -> None:
        if size > MAX_TEMPLATE_OUTPUT:
            raise TemplateLimitError(
                f"the output would be longer than {size_words(MAX_TEMPLATE_OUTPUT)} "
                "(the cap on a template's output, or on one block or macro)"
            )


def estimate(value: Any, limit: int) -> int:
    """An upper bound on `len(str(value))`, stopping as soon as it passes `limit`."""
    if isinstance(value, str | bytes):
        return len(value)
    total = 0
    stack = [value]
    walked = 0
    while stack:
        item = stack.pop()
        walked += 1
        if walked > _MAX_WALK:
            return limit + 1
        if isinstance(item, str | bytes):
            total += len(item) * (_REPR_FACTOR if item is not value else 1) + 2
        elif isinstance(item, Mapping):
            total += 2 + 4 * len(item)
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple | set | frozenset):
            total += 2 + 2 * len(item)
            stack.extend(item)
        elif isinstance(item, Namespace):  # printed as <Namespace {...}>
            total += 16
            stack.append(object.__getattribute__(item, "_Namespace__attrs"))
        elif isinstance(item, int):
            total += item.bit_length() // 3 + 2
        else:
            total += 64  # floats, None, Undefined, cyclers: short reprs
        if total > limit:
            return total
    return total


def printf_size(template: str, args: Any) -> int:
    """A bound on `template % args`: the template, the arguments, every width and precision."""
    size = len(template) + estimate(args, MAX_TEMPLATE_VALUE)
    star = False
    for match in _PRINTF_FIELD.finditer(template):
        for part in match.groups():
            if part == "*":
                star = True
            elif part:
                size += int(part) if len(part) < 12 else MAX_TEMPLATE_VALUE + 1
    if star:  # widths taken from the arguments
        size += sum(abs(a) for a in _ints(args))
    return size


def format_size(template: str, args: Iterable[Any], kwargs: Mapping[str, Any]) -> int:
    """A bound on `template.format(*args, **kwargs)` (each field may print any argument)."""
    values = [*args, *kwargs.values()]
    biggest = max((estimate(v, MAX_TEMPLATE_VALUE) for v in values), default=0)
    size = len(template)
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError:
        return size  # str.format raises the same error itself
    for _, name, spec, _ in fields:
        if name is None:
            continue
        size += biggest
        for number in _DIGITS.findall(spec or ""):
            size += int(number) if len(number) < 12 else MAX_TEMPLATE_VALUE + 1
        if spec and "{" in spec:  # a nested width from the arguments
            size += sum(abs(a) for a in _ints(values))
    return size


def _ints(args: Any) -> list[int]:
    items = args if isinstance(args, tuple | list) else [args]
    return [a for a in items if isinstance(a, int) and not isinstance(a, bool)]
