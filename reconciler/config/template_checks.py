"""Size checks made before a template operation runs: operators, string methods, filters.

Each function raises `TemplateLimitError` (through the `Budget`) when what the operation
would make passes a cap, judged from its inputs without making it: `'a' * n`, `2 ** n`,
`'%999999999s' % x`, `s.center(n)`, `s.replace(a, b)` of a long `s`, `join` of many long
strings. The sandbox (`template_sandbox`) calls them, then counts what was made.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from typing import Any, TypeGuard

import jinja2

from reconciler.config.limits import MAX_TEMPLATE_ITEMS, MAX_TEMPLATE_VALUE
from reconciler.config.template_budget import Budget, estimate, format_size, printf_size

#: Filters whose text can be several times as long as their input (escaping, quoting).
_EXPANDING = frozenset(
    {"string", "pprint", "tojson", "urlencode", "xmlattr", "escape", "e", "forceescape",
     "urlize"}
)  # fmt: skip
_ESCAPE_FACTOR = 6
#: Filters that make a list as long as their input.
_LISTING = frozenset(
    {"list", "sort", "reverse", "unique", "batch", "dictsort", "items", "groupby"}
)  # fmt: skip


def check_binop(budget: Budget, operator: str, left: Any, right: Any) -> None:
    """Refuse an operation whose result would pass a cap, before computing it."""
    if operator == "*":
        for seq, times in ((left, right), (right, left)):
            if is_int(times) and isinstance(seq, str | bytes):
                budget.check_value(len(seq) * max(times, 0), "a repeated string")
            elif is_int(times) and isinstance(seq, list | tuple):
                budget.check_items(len(seq) * max(times, 0), "a repeated list")
        if is_int(left) and is_int(right):
            budget.check_int(abs(left).bit_length() + abs(right).bit_length())
    elif operator == "**" and is_int(left) and is_int(right) and right > 0:
        if abs(left) > 1:
            budget.check_int(right * abs(left).bit_length())
    elif operator == "+":
        if isinstance(left, str | bytes) and isinstance(right, str | bytes):
            budget.check_value(len(left) + len(right), "a joined string")
        elif isinstance(left, list | tuple) and isinstance(right, list | tuple):
            budget.check_items(len(left) + len(right), "a joined list")
    elif operator == "%" and isinstance(left, str):
        budget.check_value(printf_size(left, right), "a '%' format")


def check_method(
    budget: Budget, obj: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any]
) -> tuple[Any, ...]:
    """Refuse a string method that would make a string past the cap; the arguments to
    call it with (an iterable given to `join` is read once, here)."""
    method = getattr(obj, "__wrapped__", obj)  # the sandbox wraps str.format
    owner = getattr(method, "__self__", None)
    if not isinstance(owner, str | bytes):
        return args
    name = getattr(method, "__name__", "")
    what = f"str.{name}()"
    first = args[0] if args else None
    if name in ("center", "ljust", "rjust", "zfill"):
        width = first if args else kwargs.get("width")
        if is_int(width):
            budget.check_value(max(len(owner), width), what)
    elif name == "expandtabs":
        tabs = first if args else kwargs.get("tabsize", 8)
        if is_int(tabs):
            tab = "\t" if isinstance(owner, str) else b"\t"
            budget.check_value(len(owner) + owner.count(tab) * max(tabs, 0), what)  # type: ignore[arg-type]  # str/bytes alike
    elif name == "replace" and len(args) >= 2:
        budget.check_value(_replaced_size(owner, args[0], args[1], args[2:3]), what)
    elif name == "join" and args:
        items = _materialize(budget, first, what)
        size = sum(estimate(i, MAX_TEMPLATE_VALUE) for i in items) + len(owner) * len(items)
        budget.check_value(size, what)
        return (items, *args[1:])
    elif name in ("format", "format_map") and isinstance(owner, str):
        mapping = first if name == "format_map" and isinstance(first, Mapping) else kwargs
        positional = () if name == "format_map" else args
        budget.check_value(format_size(owner, positional, mapping), what)
    elif name == "translate" and isinstance(first, Mapping):
        longest = max((len(v) for v in first.values() if isinstance(v, str | bytes)), default=1)
        budget.check_value(len(owner) * max(longest, 1), what)
    return args


def check_filter(
    budget: Budget, name: str, args: tuple[Any, ...], kwargs: Mapping[str, Any]
) -> tuple[Any, ...]:
    """Refuse a filter whose text or list would pass a cap; the arguments to call it with."""
    if not args:
        return args
    value, rest = args[0], args[1:]
    what = f"the filter '{name}'"
    text = value if isinstance(value, str) else None
    if name == "center" and text is not None:
        width = rest[0] if rest else kwargs.get("width", 80)
        if is_int(width):
            budget.check_value(max(len(text), width), what)
    elif name == "indent" and text is not None:
        width = rest[0] if rest else kwargs.get("width", 4)
        each = width if is_int(width) else len(str(width))
        budget.check_value(len(text) + (text.count("\n") + 1) * max(each, 0), what)
    elif name == "wordwrap" and text is not None:
        width = rest[0] if rest else kwargs.get("width", 79)
        wrap = rest[2] if len(rest) > 2 else kwargs.get("wrapstring")
        breaks = len(text) // max(width if is_int(width) else 1, 1) + text.count("\n") + 1
        budget.check_value(len(text) + breaks * len(str(wrap or "\n")), what)
    elif name == "format" and text is not None:
        budget.check_value(printf_size(text, rest or dict(kwargs)), what)
    elif name == "replace" and text is not None and len(rest) >= 2:
        budget.check_value(_replaced_size(text, rest[0], rest[1], rest[2:3]), what)
    elif name in ("join", "sum"):
        items = _materialize(budget, value, what)
        if name == "join":
            size = sum(estimate(i, MAX_TEMPLATE_VALUE) for i in items)
            budget.check_value(size + len(str(rest[0] if rest else "")) * len(items), what)
        else:
            start = rest[1] if len(rest) > 1 else kwargs.get("start")
            if isinstance(start, list | tuple):
                lengths = (len(i) for i in items if isinstance(i, list | tuple))
                budget.check_items(len(start) + sum(lengths), what)
        return (items, *rest)
    elif name == "slice" and rest and is_int(rest[0]):
        budget.check_items(rest[0], what)
    elif name in _EXPANDING:
        budget.check_value(estimate(value, MAX_TEMPLATE_VALUE) * _ESCAPE_FACTOR, what)
    elif name in _LISTING and hasattr(value, "__len__") and not isinstance(value, jinja2.Undefined):
        budget.check_items(len(value), what)
    return args


def _replaced_size(text: Any, old: Any, new: Any, count: tuple[Any, ...]) -> int:
    if not isinstance(old, str | bytes) or not isinstance(new, str | bytes):
        return len(text)
    try:
        hits = text.count(old) if old else len(text) + 1
    except TypeError:  # str and bytes mixed: replace() raises its own error
        return len(text)
    if count and is_int(count[0]) and count[0] >= 0:
        hits = min(hits, count[0])
    return int(len(text) + hits * len(new))


def _materialize(budget: Budget, iterable: Any, what: str) -> Any:
    """The items of `iterable` as a list, reading no more than the cap allows (a value
    that is not a plain iterable is returned as it is: the callee handles it)."""
    if isinstance(iterable, jinja2.Undefined | Mapping) or not isinstance(iterable, Iterable):
        return iterable
    items = list(itertools.islice(iterable, MAX_TEMPLATE_ITEMS + 1))
    budget.check_items(len(items), what)
    return items


def is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)
