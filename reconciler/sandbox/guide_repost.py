"""Repost Pro settings as the developer guide names them (the guide dialect's own table).

Read from the guide's "Settings fields for PATCH /repost/schedules/{id}/settings" table,
independently of strec's catalog. PATCH takes these names flat (the media filters with
their dots: "data.photo"), GET shows them grouped under the guide's three headings
(schedule, caption, advanced; read-only is_active leads "schedule"), and the guide's
schedule list shows the same names and units.

Storage: fields whose meaning the two documents share (speed, daily pause, caption,
first comment, collections_shuffle, the four media filters) are the schedule's settings,
seen under either name; the guide's own meanings are kept apart in `Schedule.guide`:
`remove_delay` in hours, `metadata_location` a location id, `metadata_user` a username
(the reference's remove_delay in seconds and its boolean metadata flags are other
values). `data.private_only` is `Schedule.private_only`.

Choices where the guide is silent (the stricter reading each time):

- booleans are JSON true/false only (the guide types them "boolean");
- remove_delay is a JSON integer from 0 (never) to 168 hours, the reference's 7-day cap;
- metadata_location is a JSON integer >= 0 or null (0 and null: no location);
- metadata_user is "" (no one) or an Instagram username (letters, digits, ".", "_",
  at most 30), without "@";
- the reference's names (photo_posts…, targets_shuffle, custom_repost_time) and nested
  objects ({"data": {"photo": …}}) are unknown fields: 422, naming the guide's name
  where there is one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reconciler.normalize import to_bool
from reconciler.sandbox.first_comment import USERNAME
from reconciler.sandbox.state import Schedule, SettingValue
from reconciler.sandbox.validate import HHMM, InvalidValue

SPEEDS = ("very_slow", "slow", "medium", "fast", "very_fast")
MAX_REMOVE_DELAY_HOURS = 168
GUIDE_DEFAULTS: dict[str, SettingValue] = {
    "remove_delay": 0,
    "metadata_location": None,
    "metadata_user": "",
}
#: The reference's names that the guide calls otherwise (for the 422 hint).
REFERENCE_NAMES = {
    "photo_posts": "data.photo",
    "video_posts": "data.video",
    "album_posts": "data.album",
    "reels_posts": "data.reels",
}


def _bool(value: Any) -> SettingValue:
    if isinstance(value, bool):
        return value
    raise InvalidValue("must be true or false")


def _speed(value: Any) -> SettingValue:
    if value in SPEEDS:
        return str(value)
    raise InvalidValue(f"must be one of: {', '.join(SPEEDS)}")


def _hours(value: Any) -> SettingValue:
    if type(value) is int and 0 <= value <= MAX_REMOVE_DELAY_HOURS:
        return value
    raise InvalidValue(f"must be whole hours from 0 (never) to {MAX_REMOVE_DELAY_HOURS}")


def _time(value: Any) -> SettingValue:
    if isinstance(value, str) and HHMM.match(value):
        return value
    raise InvalidValue("must be a time HH:MM between 00:00 and 23:59")


def _text(value: Any) -> SettingValue:
    if isinstance(value, str):
        return value
    raise InvalidValue("must be a string")


def _location(value: Any) -> SettingValue:
    if value is None or (type(value) is int and value >= 0):
        return value
    raise InvalidValue("must be a location id (an integer), or 0 or null for none")


def _username(value: Any) -> SettingValue:
    if isinstance(value, str) and (value == "" or USERNAME.match(value)):
        return value
    raise InvalidValue('must be an Instagram username without "@", or "" for none')


@dataclass(frozen=True)
class GuideField:
    """One guide settings field: its group, strict check and where its value lives."""

    name: str
    group: str
    check: Callable[[Any], SettingValue]
    shared: str | None = None  # the reference setting holding the same value


FIELDS: dict[str, GuideField] = {
    f.name: f
    for f in (
        GuideField("speed", "schedule", _speed, "speed"),
        GuideField("remove_delay", "schedule", _hours),
        GuideField("daily_pause", "schedule", _bool, "daily_pause"),
        GuideField("daily_pause_from", "schedule", _time, "daily_pause_from"),
        GuideField("daily_pause_to", "schedule", _time, "daily_pause_to"),
        GuideField("caption", "caption", _text, "caption"),
        GuideField("first_comment", "caption", _text, "first_comment"),
        GuideField("metadata_location", "caption", _location),
        GuideField("metadata_user", "caption", _username),
        GuideField("collections_shuffle", "advanced", _bool, "collections_shuffle"),
        GuideField("data.photo", "advanced", _bool, "photo_posts"),
        GuideField("data.video", "advanced", _bool, "video_posts"),
        GuideField("data.album", "advanced", _bool, "album_posts"),
        GuideField("data.reels", "advanced", _bool, "reels_posts"),
        GuideField("data.private_only", "advanced", _bool),
    )
}
#: Guide fields shown inside the schedule list's `data` object (without "data.").
DATA_FIELDS = tuple(name for name in FIELDS if name.startswith("data."))


def read(s: Schedule, name: str) -> SettingValue:
    field = FIELDS[name]
    if field.shared is not None:
        return s.settings.get(field.shared)
    if name == "data.private_only":
        return s.private_only
    return s.guide.get(name, GUIDE_DEFAULTS[name])


def write(s: Schedule, name: str, value: SettingValue) -> None:
    field = FIELDS[name]
    if field.shared is not None:
        s.settings[field.shared] = value
    elif name == "data.private_only":
        s.private_only = bool(value)
    else:
        s.guide[name] = value


def groups(s: Schedule) -> dict[str, dict[str, Any]]:
    """GET …/settings in the guide dialect."""
    out: dict[str, dict[str, Any]] = {"schedule": {"is_active": s.is_active}}
    for name, field in FIELDS.items():
        out.setdefault(field.group, {})[name] = read(s, name)
    return out


def unknown_reason(name: str) -> str:
    if name in REFERENCE_NAMES:
        return f"unknown settings field (the reference's name; here it is {REFERENCE_NAMES[name]})"
    return "unknown settings field"


def check_patch(body: dict[str, Any]) -> tuple[dict[str, SettingValue], dict[str, str]]:
    """The changes a guide PATCH body asks for, and every field's problem."""
    changes: dict[str, SettingValue] = {}
    errors: dict[str, str] = {}
    for name, value in body.items():
        if name == "is_active":
            errors[name] = "is read-only (use …/activate or …/pause)"
        elif name not in FIELDS:
            errors[name] = unknown_reason(name)
        else:
            try:
                changes[name] = FIELDS[name].check(value)
            except InvalidValue as exc:
                errors[name] = str(exc)
    return changes, errors


def _lenient(name: str, value: Any) -> Any:
    """A seed value read leniently (1/"true", "07:00:00") before the strict check."""
    check = FIELDS[name].check
    if check is _bool:
        return to_bool(value)
    if check in (_hours, _location) and isinstance(value, str) and value.strip().isdigit():
        return int(value)
    if check is _time and isinstance(value, str) and len(value) == 8 and value.endswith(":00"):
        return value[:5]
    return value


def seed(s: Schedule, raw: Any, where: str) -> None:
    """A repost seed's `guide_settings:` block: guide names and units, checked."""
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: must be a mapping of the guide's settings names")
    for name, value in raw.items():
        if name not in FIELDS:
            raise ValueError(f"{where}.{name}: {unknown_reason(name)}")
        try:
            write(s, name, FIELDS[name].check(_lenient(name, value)))
        except InvalidValue as exc:
            raise ValueError(f"{where}.{name}: {exc}") from None
