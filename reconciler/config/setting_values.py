"""One settings value checked against its `SettingSpec` and put in canonical form.

Typing is strict: a quoted "true" is not a boolean and "3" is not an integer, because the
YAML says something other than what the user meant; the message says how to write it,
and mentions quotes only when the value was quoted. After the type, what the documents
restrict is checked: choices, number bounds, a string's form. A duration field
(`spec.unit`) also takes a duration string (`90m`, `24h`, `1h30m`, `7d`), canonical as
`"<seconds>s"`; a bare number stays a number, in the installation's unit.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from reconciler.catalog import Kind, SettingSpec
from reconciler.config.model_base import SettingValue
from reconciler.config.suggest import describe, did_you_mean, shorten
from reconciler.normalize import NormalizeError, to_time

_BOOL_WORDS = {"true", "false", "yes", "no", "on", "off", "y", "n"}
_DATETIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S")
_DURATION = re.compile(r"(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?")
_UNIT_SECONDS = {"seconds": 1, "hours": 3600}
#: Longer than this many digits is no duration anyone means (and int() of it is slow).
_MAX_DURATION_CHARS = 32

#: Asked only when a message would mention quotes: was the value written in quotes?
Quoted = Callable[[], bool]


class SettingTypeError(ValueError):
    """A settings value that does not fit its field; the message says how to fix it."""


def canonical_setting(
    spec: SettingSpec, value: Any, *, quoted: Quoted = lambda: True
) -> SettingValue:
    """`value` in canonical form for `spec`, or SettingTypeError."""
    if spec.unit is not None and isinstance(value, str):
        return _duration(spec, value, quoted)
    canonical = _CONVERT[spec.kind](value, quoted)
    if spec.choices is not None and canonical not in spec.choices:
        allowed = ", ".join(str(c) for c in spec.choices)
        hint = did_you_mean(str(canonical), [str(c) for c in spec.choices])
        raise SettingTypeError(f"must be one of {allowed}; got {shorten(canonical)}{hint}")
    if isinstance(canonical, int | float) and not isinstance(canonical, bool):
        _check_bounds(spec, canonical)
    if isinstance(canonical, str) and not spec.matches(canonical):
        raise SettingTypeError(f"expected {spec.form}, got {shorten(canonical)}")
    return canonical


def expected(spec: SettingSpec) -> str:
    """What `spec` takes, in words (for a message naming two documents' types)."""
    if spec.pattern is not None and spec.form:
        return spec.form
    words = {
        Kind.BOOL: "true or false",
        Kind.INT: "an integer",
        Kind.FLOAT: "a number",
        Kind.STR: "a string",
        Kind.TIME: 'a time of day "HH:MM"',
        Kind.DATETIME: 'a date and time "YYYY-MM-DD HH:MM:SS"',
    }[spec.kind]
    return f"{words} ({spec.form})" if spec.form else words


def fits_kind(kind: Kind, value: Any) -> bool:
    """Whether `value` has the YAML type `kind` reads (the closest of several specs)."""
    if kind is Kind.BOOL:
        return isinstance(value, bool)
    if kind in (Kind.INT, Kind.FLOAT):
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, str)


def _check_bounds(spec: SettingSpec, number: float) -> None:
    low, high = spec.minimum, spec.maximum
    if (low is None or number >= low) and (high is None or number <= high):
        return
    unit = f" ({spec.form})" if spec.form else ""
    if low is not None and high is not None:
        raise SettingTypeError(f"must be from {low} to {high}{unit}, got {number}")
    if low is not None:
        raise SettingTypeError(f"must be at least {low}{unit}, got {number}")
    raise SettingTypeError(f"must be at most {high}{unit}, got {number}")


def _duration(spec: SettingSpec, value: str, quoted: Quoted) -> str:
    """`"90m"` -> `"5400s"`, within the spec's bounds (taken in its unit)."""
    text = value.strip()
    match = _DURATION.fullmatch(text) if 0 < len(text) <= _MAX_DURATION_CHARS else None
    if match is None or not any(match.groups()):
        hint = ""
        if text.isdigit():
            hint = " (remove the quotes)" if quoted() else ""
        raise SettingTypeError(
            f"expected a whole number ({spec.form}) or a duration such as 90m, 24h or 7d, "
            f"got {shorten(value)}{hint}"
        )
    days, hours, minutes, seconds = (int(part or 0) for part in match.groups())
    total = ((days * 24 + hours) * 60 + minutes) * 60 + seconds
    per_unit = _UNIT_SECONDS.get(spec.unit or "", 1)
    if spec.maximum is not None and total > spec.maximum * per_unit:
        most = int(spec.maximum * per_unit)
        raise SettingTypeError(
            f"the duration {shorten(text)} is {total}s; at most {most}s ({_words(most)})"
        )
    return f"{total}s"


def _words(seconds: int) -> str:
    for size, name in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds % size == 0 and seconds >= size:
            count = seconds // size
            return f"{count} {name}{'s' if count != 1 else ''}"
    return f"{seconds} seconds"


def _bool(value: Any, quoted: Quoted) -> bool:
    if isinstance(value, bool):
        return value
    hint = ""
    if isinstance(value, str) and value.strip().lower() in _BOOL_WORDS:
        hint = bool_word_hint(value, quoted())
    elif isinstance(value, int) and value in (0, 1):
        hint = " (write true or false, not 0 or 1)"
    raise SettingTypeError(f"expected true or false, got {describe(value)}{hint}")


def bool_word_hint(word: str, was_quoted: bool) -> str:
    """The hint for a string that reads like a boolean: quotes only if there were any."""
    if was_quoted:
        return " (write true or false without quotes)"
    return f" (YAML 1.2 reads {shorten(word.strip())} as text: write true or false)"


def _int(value: Any, quoted: Quoted) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    hint = ""
    if isinstance(value, str) and value.strip().lstrip("+-").isdigit():
        hint = f" {shorten(value)}" + (" (remove the quotes)" if quoted() else "")
    elif isinstance(value, float):
        hint = f" {shorten(value)} (a whole number is needed)"
    raise SettingTypeError(f"expected an integer, got {describe(value)}{hint}")


def _float(value: Any, quoted: Quoted) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    hint = ""
    if isinstance(value, str):
        try:
            float(value)
            hint = f" {shorten(value)}" + (" (remove the quotes)" if quoted() else "")
        except ValueError:
            pass
    raise SettingTypeError(f"expected a number, got {describe(value)}{hint}")


def _str(value: Any, quoted: Quoted) -> str:
    if isinstance(value, str):
        return value
    hint = " (put it in quotes)" if isinstance(value, bool | int | float | dt.date) else ""
    raise SettingTypeError(f"expected a string, got {describe(value)}{hint}")


def _time(value: Any, quoted: Quoted) -> str:
    if isinstance(value, str):
        try:
            return to_time(value)
        except NormalizeError:
            raise SettingTypeError(
                f'expected a time of day "HH:MM" from 00:00 to 23:59, got {shorten(value)}'
            ) from None
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
        # YAML 1.1 reads an unquoted 23:00 as the base-60 number 1380.
        hours, minutes = divmod(value, 60)
        raise SettingTypeError(
            f"expected a quoted time of day, got the number {value}: an unquoted "
            f"{hours}:{minutes:02d} is read as a number; write it in quotes: "
            f'"{hours:02d}:{minutes:02d}"'
        )
    raise SettingTypeError(f'expected a time of day "HH:MM" in quotes, got {describe(value)}')


def _datetime(value: Any, quoted: Quoted) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime(_DATETIME_FORMATS[0])
    if isinstance(value, dt.date):
        return f"{value.isoformat()} 00:00:00"
    if isinstance(value, str):
        for fmt in _DATETIME_FORMATS:
            try:
                return dt.datetime.strptime(value.strip(), fmt).strftime(_DATETIME_FORMATS[0])
            except ValueError:
                continue
        raise SettingTypeError(
            f'expected a date and time "YYYY-MM-DD HH:MM:SS", got {shorten(value)}'
        )
    raise SettingTypeError(f'expected a date and time "YYYY-MM-DD HH:MM:SS", got {describe(value)}')


_CONVERT: dict[Kind, Callable[[Any, Quoted], SettingValue]] = {
    Kind.BOOL: _bool,
    Kind.INT: _int,
    Kind.FLOAT: _float,
    Kind.STR: _str,
    Kind.TIME: _time,
    Kind.DATETIME: _datetime,
}
