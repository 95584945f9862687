"""Input checks the server makes: settings values on PATCH (strict) and in seeds (lenient).

PATCH is strict the way a typed PHP validator is: booleans are true/false/0/1, ints are
JSON integers, floats any JSON number, times "HH:MM" from 00:00 to 23:59, datetimes
"Y-m-d H:i:s" or null, and a field with `choices` (speed, verified_filter) must be one
of them. Repost's `remove_delay` is 0..604800 seconds in the reference (the guide calls
it hours and names no maximum), and `custom_repost_time` must be empty or a
comma-separated list of `repost[HH:MM]`.
"""

from __future__ import annotations

import math
import re
from datetime import datetime
from typing import Any

from reconciler.catalog import Kind, SettingSpec
from reconciler.normalize import NormalizeError, normalize_setting
from reconciler.sandbox.state import SettingValue

HHMM = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d$")
_TIME = HHMM
_REPOST_TIME = re.compile(r"^repost\[(?:[01]\d|2[0-3]):[0-5]\d\]$")
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"
MAX_REMOVE_DELAY_SECONDS = 604800


_DEFAULTS: dict[Kind, SettingValue] = {
    Kind.BOOL: False,
    Kind.INT: 0,
    Kind.FLOAT: 0.0,
    Kind.STR: "",
    Kind.TIME: "00:00",
    Kind.DATETIME: None,
}


class InvalidValue(ValueError):
    """A value the server refuses; the message goes into the 422 `errors` object."""


def default_value(spec: SettingSpec) -> SettingValue:
    """The value of a setting nobody has set yet."""
    if spec.choices:
        first = "medium" if "medium" in spec.choices else spec.choices[0]
        if isinstance(first, bool | int | float | str):
            return first
    return _DEFAULTS[spec.kind]


def _check_kind(kind: Kind, value: Any) -> SettingValue:
    if kind is Kind.BOOL:
        if isinstance(value, bool):
            return value
        if type(value) is int and value in (0, 1):
            return bool(value)
        raise InvalidValue("must be a boolean (true, false, 0 or 1)")
    if kind is Kind.INT:
        if type(value) is int:
            return value
        raise InvalidValue("must be an integer")
    if kind is Kind.FLOAT:
        if type(value) in (int, float) and math.isfinite(value):
            return float(value)
        raise InvalidValue("must be a number")
    if kind is Kind.TIME:
        if isinstance(value, str) and _TIME.match(value):
            return value
        raise InvalidValue("must be a time HH:MM between 00:00 and 23:59")
    if kind is Kind.DATETIME:
        if value is None:
            return None
        if isinstance(value, str):
            try:
                datetime.strptime(value, DATETIME_FORMAT)
            except ValueError:
                pass
            else:
                return value
        raise InvalidValue("must be a datetime Y-m-d H:i:s or null")
    if isinstance(value, str):
        return value
    raise InvalidValue("must be a string")


def _check_field_rules(spec: SettingSpec, value: SettingValue, *, php: bool) -> None:
    if spec.choices is not None and value not in spec.choices:
        allowed = ", ".join(str(c) for c in spec.choices)
        raise InvalidValue(f"must be one of: {allowed}")
    if spec.name == "remove_delay" and isinstance(value, int):
        if php and not 0 <= value <= MAX_REMOVE_DELAY_SECONDS:
            raise InvalidValue(f"must be between 0 and {MAX_REMOVE_DELAY_SECONDS} seconds")
        if value < 0:
            raise InvalidValue("must be 0 (never) or a number of hours")
    if spec.name == "custom_repost_time" and isinstance(value, str) and value.strip():
        parts = [p.strip() for p in value.split(",")]
        if not all(_REPOST_TIME.match(p) for p in parts):
            raise InvalidValue('must be empty or like "repost[10:00],repost[18:00]"')


def check_patch_value(spec: SettingSpec, value: Any, *, php: bool) -> SettingValue:
    """The value to store for a PATCHed field, or InvalidValue."""
    checked = _check_kind(spec.kind, value)
    _check_field_rules(spec, checked, php=php)
    return checked


def coerce_seed_value(spec: SettingSpec, value: Any) -> SettingValue:
    """A seed value read leniently ("1", 0, "07:00:00" are fine); InvalidValue otherwise."""
    if spec.kind is Kind.DATETIME:
        return _check_kind(Kind.DATETIME, value)
    try:
        coerced = normalize_setting(spec, value)
    except NormalizeError as exc:
        raise InvalidValue(str(exc)) from exc
    _check_field_rules(spec, coerced, php=True)
    return coerced
