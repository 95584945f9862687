"""Plain YAML 1.2 scalars read the way ruamel's round-trip loader reads them.

The C path gets each scalar as text; `plain_scalar` resolves an unquoted one with the
same implicit resolvers ruamel's YAML 1.2 loaders use (null, booleans, integers in every
base, floats, timestamps) and builds the same Python value. Anything it cannot build the
same way raises `Declined`, and the file is read by the round-trip path instead.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ruamel.yaml.resolver import VersionedResolver


class Declined(ValueError):
    """The round-trip loader must read this scalar (an invalid date, an odd tag)."""


_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"

#: The YAML 1.2 implicit resolvers, by first character (what ruamel's loaders use).
_RESOLVERS: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    first: [(tag, re.compile(regexp.pattern, regexp.flags)) for tag, regexp in resolvers]
    for first, resolvers in VersionedResolver(version=(1, 2)).versioned_resolver.items()
}
_TIMESTAMP_PARTS = re.compile(
    r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})"
    r"(?:(?:[Tt]|[ \t]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2}))?"
)


def plain_scalar(value: str) -> Any:
    """The value of an unquoted scalar, or Declined."""
    for resolved, pattern in _RESOLVERS.get(value[:1], ()):
        if pattern.match(value):
            return _construct(resolved, value)
    return value


def _construct(tag: str, value: str) -> Any:
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return value[0] in "tT"
    if tag == _INT:
        return _int(value)
    if tag == _FLOAT:
        return _float(value)
    if tag == _TIMESTAMP:
        return _timestamp(value)
    raise Declined  # merge keys out of place, `=` values, ...


def _int(value: str) -> int:
    text = value.replace("_", "")
    sign = -1 if text[0] == "-" else 1
    text = text.lstrip("+-")
    for prefix, base in (("0b", 2), ("0x", 16), ("0o", 8)):
        if text.startswith(prefix):
            return sign * int(text[2:], base)
    return sign * int(text)


def _float(value: str) -> float:
    text = value.replace("_", "").lower()
    sign = -1.0 if text[0] == "-" else 1.0
    text = text.lstrip("+-")
    if text == ".inf":
        return sign * float("inf")
    if text == ".nan":
        return float("nan")
    return sign * float(text)


def _timestamp(value: str) -> dt.date:
    """Wall-clock date or time, fraction and zone dropped (as the round-trip path does)."""
    match = _TIMESTAMP_PARTS.match(value)
    if match is None:
        raise Declined
    year, month, day, hour, minute, second = (
        int(p) if p is not None else None for p in match.groups()
    )
    assert year is not None and month is not None and day is not None
    try:
        if hour is None or minute is None or second is None:
            if match.end() != len(value):
                raise Declined
            return dt.date(year, month, day)
        return dt.datetime(year, month, day, hour, minute, second)
    except ValueError:
        raise Declined from None  # the round-trip path reports the invalid date
