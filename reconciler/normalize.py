"""One canonical form for values read from the API or written in a config.

The platform is PHP on MySQL: booleans come back as 0/1 or "1", numbers as strings,
TIME columns as "23:00:00". Desired and live values both pass through here, so a plan
never shows a change that is not one.
"""

from __future__ import annotations

import re
from typing import Any

from reconciler.catalog import Kind, SettingSpec

Scalar = bool | int | float | str | None

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")


class NormalizeError(ValueError):
    """A value that cannot be read as its documented type."""


def to_bool(value: Any) -> bool:
    """Read a PHP-style boolean: true/false, 0/1, "0"/"1", "true"/"false"."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise NormalizeError(f"expected a boolean, got {value!r}")


def to_int(value: Any) -> int:
    """Read an integer that may arrive as a numeric string or an integral float."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            try:
                as_float = float(value.strip())
            except ValueError:
                pass
            else:
                if as_float.is_integer():
                    return int(as_float)
    raise NormalizeError(f"expected an integer, got {value!r}")


def to_float(value: Any) -> float:
    """Read a number that may arrive as a string."""
    if isinstance(value, bool):
        raise NormalizeError(f"expected a number, got {value!r}")
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            pass
    raise NormalizeError(f"expected a number, got {value!r}")


def to_time(value: Any) -> str:
    """Read a time of day as "HH:MM"; "7:00" and "07:00:00" both become "07:00"."""
    if isinstance(value, str):
        m = _TIME.match(value.strip())
        if m:
            hours, minutes = int(m.group(1)), int(m.group(2))
            seconds = int(m.group(3) or 0)
            if hours < 24 and minutes < 60 and seconds < 60:
                return f"{hours:02d}:{minutes:02d}"
    raise NormalizeError(f"expected a time of day HH:MM (00:00 to 23:59), got {value!r}")


def to_str(value: Any) -> str:
    """Read a string; numbers the API returned for a string field become their text."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        raise NormalizeError(f"expected a string, got {value!r}")
    if isinstance(value, int | float):
        return str(value)
    raise NormalizeError(f"expected a string, got {value!r}")


def normalize_setting(spec: SettingSpec | None, value: Any) -> Scalar:
    """The canonical form of one settings value; unknown fields pass through unchanged."""
    if value is None:
        return None
    if spec is None:
        return value if isinstance(value, bool | int | float | str) else str(value)
    kind = spec.kind
    if kind is Kind.BOOL:
        return to_bool(value)
    if kind is Kind.INT:
        return to_int(value)
    if kind is Kind.FLOAT:
        return to_float(value)
    if kind is Kind.TIME:
        return to_time(value)
    return to_str(value)


def same_value(spec: SettingSpec | None, desired: Any, live: Any) -> bool:
    """Whether a desired and a live value mean the same, after normalizing both."""
    try:
        a, b = normalize_setting(spec, desired), normalize_setting(spec, live)
    except NormalizeError:
        return bool(desired == live)
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and abs(float(a) - float(b)) < 1e-9
    return a == b
