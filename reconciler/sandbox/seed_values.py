"""How seed values are read: text, datetimes (absolute or relative to the clock), entries.

A seed datetime is "Y-m-d H:i:s" (a YAML date or datetime is fine too), or a time
relative to the sandbox clock at load time: "now", "now-6h", "now + 3d" (units s, m,
h, d, w). Relative times let a seed say "a subscription expiring in 3 days" or "a
schedule with no action for 6 hours" and keep meaning it on any day. Anything else is
a SeedError naming the entry, so a typo never becomes a silent default.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from reconciler.normalize import to_int
from reconciler.sandbox.state import Store, datetime_text

DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"
_RELATIVE = re.compile(r"^now(?:\s*([+-])\s*(\d{1,7})\s*([smhdw]))?$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
MAX_OFFSET_SECONDS = 100 * 366 * 86400


class SeedError(ValueError):
    """The seed document cannot be loaded; the message names the offending entry."""


def text(value: Any) -> str:
    """A seed value as text ("" for null; YAML dates as MySQL DATETIME text)."""
    if isinstance(value, datetime):
        return value.strftime(DATETIME_FORMAT)
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d 00:00:00")
    return "" if value is None else str(value)


def datetime_value(value: Any, now: float, where: str) -> str:
    """A seed datetime as "Y-m-d H:i:s"; relative times are resolved against `now`."""
    if isinstance(value, date):
        return text(value)
    if isinstance(value, str):
        relative = _RELATIVE.match(value.strip())
        if relative:
            sign, amount, unit = relative.groups()
            offset = int(amount) * _UNIT_SECONDS[unit] if amount else 0
            if offset > MAX_OFFSET_SECONDS:
                raise SeedError(f"{where}: {value!r} is more than 100 years away")
            return datetime_text(now - offset if sign == "-" else now + offset)
        try:
            datetime.strptime(value, DATETIME_FORMAT)
        except ValueError:
            pass
        else:
            return value
    raise SeedError(
        f'{where}: {value!r} is not a datetime "Y-m-d H:i:s" or a relative time like "now-6h"'
    )


def optional_datetime(value: Any, now: float, where: str) -> str | None:
    """A nullable seed datetime (null stays null)."""
    return None if value is None else datetime_value(value, now, where)


def entries(seed: Mapping[str, Any], key: str, where: str | None = None) -> list[dict[str, Any]]:
    """A list of mappings under `key` ([] when absent)."""
    rows = seed.get(key) or []
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise SeedError(f"{where or key}: must be a list of mappings")
    return rows


def one_or_many(raw: Any, where: str) -> list[dict[str, Any]]:
    """A block given as one mapping, a list of mappings, `true` (defaults) or nothing."""
    if raw is None or raw is False:
        return []
    if raw is True:
        return [{}]
    if isinstance(raw, dict):
        return [raw]
    if isinstance(raw, list) and all(isinstance(r, dict) for r in raw):
        return raw
    raise SeedError(f"{where}: must be a mapping, a list of mappings, or true")


def check_keys(row: Mapping[str, Any], allowed: Iterable[str], where: str) -> None:
    unknown = sorted(set(row) - set(allowed))
    if unknown:
        raise SeedError(f"{where}: unknown key(s) {', '.join(unknown)}")


def assign_ids(store: Store, kind: str, rows: list[dict[str, Any]]) -> list[int]:
    """Explicit ids first (claimed so autos skip them), then auto ids in order."""
    explicit = [to_int(r["id"]) for r in rows if r.get("id") is not None]
    if len(set(explicit)) != len(explicit):
        raise SeedError(f"duplicate {kind} ids in the seed")
    for value in explicit:
        store.claim_id(kind, value)
    return [to_int(r["id"]) if r.get("id") is not None else store.next_id(kind) for r in rows]
