"""A post's `at` as the installation's clock writes it: "Y-m-d H:i:s", no zone.

The API's `schedule_date` carries no zone; the config's `timezone:` says which clock it
is. An `at` without an offset is read in that zone; one with an offset (or `Z`) is
converted to it. A wall time the zone skips (the spring-forward gap) or repeats (the
autumn fold) is an error that says which and how to write it unambiguously.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

API_FORMAT = "%Y-%m-%d %H:%M:%S"
_AT = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?"
                 r"\s*(Z|[+-]\d{2}:?\d{2})?$")


class TimeProblem(ValueError):
    """An `at` that cannot be placed on the installation's clock; the message says why."""


def zone(name: str) -> ZoneInfo:
    """The IANA zone called `name` (e.g. Europe/Paris, UTC)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise TimeProblem(f"unknown time zone {name!r}: use an IANA name such as "
                          "Europe/Paris or UTC") from None


def parse_at(value: str | datetime) -> datetime:
    """`at` as a datetime: naive when it names no offset, aware when it does."""
    if isinstance(value, datetime):
        return value
    match = _AT.match(value.strip())
    if not match:
        raise TimeProblem(f"expected a time like \"2026-12-24 18:00\" (optionally with an "
                          f"offset such as +01:00), got {value[:40]!r}")
    y, mo, d, h, mi, s, off = match.groups()
    try:
        naive = datetime(int(y), int(mo), int(d), int(h), int(mi), int(s or 0))
    except ValueError as exc:
        raise TimeProblem(f"not a valid time: {exc}") from None
    if off is None:
        return naive
    if off == "Z":
        return naive.replace(tzinfo=ZoneInfo("UTC"))
    sign = 1 if off[0] == "+" else -1
    digits = off[1:].replace(":", "")
    shift = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    from datetime import timezone as fixed

    return naive.replace(tzinfo=fixed(sign * shift))


def to_installation(value: str | datetime, clock: ZoneInfo) -> str:
    """The installation's `schedule_date` for `at`, or TimeProblem (gap, fold, format)."""
    moment = parse_at(value)
    if moment.tzinfo is not None:
        return moment.astimezone(clock).strftime(API_FORMAT)
    first, second = moment.replace(tzinfo=clock, fold=0), moment.replace(tzinfo=clock, fold=1)
    back = first.astimezone(ZoneInfo("UTC")).astimezone(clock)
    if back.replace(tzinfo=None) != moment:  # PEP 495: a skipped time does not round-trip
        raise TimeProblem(f"{moment:%Y-%m-%d %H:%M} does not exist in {clock.key} (the clocks "
                          f"go forward): pick another time")
    if first.utcoffset() != second.utcoffset():
        offsets = sorted({_offset(first), _offset(second)})
        raise TimeProblem(f"{moment:%Y-%m-%d %H:%M} happens twice in {clock.key} (the clocks "
                          f"go back): write it with its offset, {' or '.join(offsets)}")
    return moment.strftime(API_FORMAT)


def _offset(moment: datetime) -> str:
    delta = moment.utcoffset() or timedelta(0)
    minutes = int(delta.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def installation_now(clock: ZoneInfo, now: datetime | None = None) -> str:
    """Now on the installation's clock, as schedule_date writes it."""
    moment = now or datetime.now(ZoneInfo("UTC"))
    return moment.astimezone(clock).strftime(API_FORMAT)
