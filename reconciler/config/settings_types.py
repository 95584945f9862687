"""Schedule settings: each value checked against its module's catalog, made canonical.

Typing is strict: a quoted "true" is not a boolean and "3" is not an integer, because the
YAML says something other than what the user meant; the message says how to write it.
Only the fields the user wrote are kept, each in the form `normalize` gives live values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from reconciler import catalog
from reconciler.catalog import Kind, SettingSpec
from reconciler.config.report import Report
from reconciler.config.schema import SettingValue
from reconciler.config.suggest import describe, did_you_mean, shorten, unknown_field
from reconciler.config.yaml_source import Loc
from reconciler.normalize import NormalizeError, to_time

_BOOL_WORDS = {"true", "false", "yes", "no", "on", "off", "y", "n"}
_DATETIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S")


class SettingTypeError(ValueError):
    """A settings value that does not fit its field; the message says how to fix it."""


def check_settings(
    module: str, settings: dict[str, Any], loc: Loc, report: Report
) -> dict[str, SettingValue]:
    """The valid settings in canonical form; every invalid one is reported and left out."""
    specs = catalog.SETTINGS[module]
    read_only = catalog.READ_ONLY_SETTINGS.get(module, frozenset())
    valid: dict[str, SettingValue] = {}
    for name, value in settings.items():
        here = (*loc, name)
        spec = specs.get(name)
        if name in read_only:
            report.error(
                here, f"'{name}' is read-only in settings; use 'active:' instead", at_key=True
            )
        elif spec is None:
            report.error(here, _unknown_setting(module, name), at_key=True)
        else:
            try:
                valid[name] = canonical_setting(spec, value)
            except SettingTypeError as exc:
                report.error(here, str(exc))
    return valid


def _unknown_setting(module: str, name: str) -> str:
    message = unknown_field(name, catalog.SETTINGS[module])
    if message.endswith("?)"):
        return message
    others = [m for m in catalog.SETTINGS if m != module and name in catalog.SETTINGS[m]]
    return f"{message} (it is a {others[0]} setting)" if others else message


def canonical_setting(spec: SettingSpec, value: Any) -> SettingValue:
    """`value` in canonical form for `spec`, or SettingTypeError."""
    canonical = _CONVERT[spec.kind](value)
    if spec.choices is not None and canonical not in spec.choices:
        allowed = ", ".join(str(c) for c in spec.choices)
        hint = did_you_mean(str(canonical), [str(c) for c in spec.choices])
        raise SettingTypeError(f"must be one of {allowed}; got {shorten(canonical)}{hint}")
    return canonical


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    hint = ""
    if isinstance(value, str) and value.strip().lower() in _BOOL_WORDS:
        hint = " (write true or false without quotes)"
    elif isinstance(value, int) and value in (0, 1):
        hint = " (write true or false, not 0 or 1)"
    raise SettingTypeError(f"expected true or false, got {describe(value)}{hint}")


def _int(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    hint = ""
    if isinstance(value, str) and value.strip().lstrip("+-").isdigit():
        hint = f" {shorten(value)} (remove the quotes)"
    elif isinstance(value, float):
        hint = f" {shorten(value)} (a whole number is needed)"
    raise SettingTypeError(f"expected an integer, got {describe(value)}{hint}")


def _float(value: Any) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    hint = ""
    if isinstance(value, str):
        try:
            float(value)
            hint = f" {shorten(value)} (remove the quotes)"
        except ValueError:
            pass
    raise SettingTypeError(f"expected a number, got {describe(value)}{hint}")


def _str(value: Any) -> str:
    if isinstance(value, str):
        return value
    hint = " (put it in quotes)" if isinstance(value, bool | int | float | dt.date) else ""
    raise SettingTypeError(f"expected a string, got {describe(value)}{hint}")


def _time(value: Any) -> str:
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


def _datetime(value: Any) -> str:
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


_CONVERT: dict[Kind, Callable[[Any], SettingValue]] = {
    Kind.BOOL: _bool,
    Kind.INT: _int,
    Kind.FLOAT: _float,
    Kind.STR: _str,
    Kind.TIME: _time,
    Kind.DATETIME: _datetime,
}
