"""An account's Repost Pro and Reactions Pro seed blocks (one schedule per account each).

    repost:
      is_active: true
      status: running            # repost only: running | active | inactive
      settings: {speed: slow, remove_delay: 3600, photo_posts: true}   # reference names
      guide_settings: {remove_delay: 24, metadata_user: natgeo, data.photo: true}
      targets: [{type: hashtag, value: nature}]
      last_action_date: "now-2h"
    reactions: {is_active: true, is_running: true, last_action_date: "now-6h"}

`settings` takes the reference's names and units, `guide_settings` the guide's (see
guide_repost.py); a field both documents share may be given under either name, and
giving it under both with different values is a SeedError. Repost's `status` is
"running" while `is_running` is set (the cron is executing), else active/inactive from
is_active; a seeded `status` must agree with a seeded `is_active`.
"""

from __future__ import annotations

from typing import Any

from reconciler.catalog import SETTINGS
from reconciler.normalize import to_bool, to_int
from reconciler.sandbox import guide_repost
from reconciler.sandbox.seed_values import SeedError, check_keys, optional_datetime, text
from reconciler.sandbox.state import Account, Schedule, SettingValue, Store
from reconciler.sandbox.targets import make_target
from reconciler.sandbox.validate import InvalidValue, coerce_seed_value, default_value

_KEYS = {
    "id", "is_active", "is_running", "is_executed", "speed", "settings", "targets",
    "messages", "private_only", "schedule_date", "end_date", "last_action_date",
    "next_check_date",
}  # fmt: skip
_REPOST_KEYS = {"status", "guide_settings"}
REPOST_STATUSES = ("running", "active", "inactive")


def _settings(module: str, given: Any, where: str) -> dict[str, SettingValue]:
    specs = SETTINGS[module]
    if not isinstance(given, dict):
        raise SeedError(f"{where}: must be a mapping")
    check_keys(given, specs, where)
    settings = {name: default_value(spec) for name, spec in specs.items()}
    for name, value in given.items():
        try:
            settings[name] = coerce_seed_value(specs[name], value)
        except InvalidValue as exc:
            raise SeedError(f"{where}.{name}: {exc}") from None
    return settings


def _guide_settings(row: Schedule, block: dict[str, Any], where: str) -> None:
    raw = block["guide_settings"]
    before = {name: guide_repost.read(row, name) for name in guide_repost.FIELDS}
    given = dict(block.get("settings") or {})
    if "private_only" in block:
        given["private_only"] = block["private_only"]
    try:
        guide_repost.seed(row, raw, f"{where}.guide_settings")
    except ValueError as exc:
        raise SeedError(str(exc)) from None
    for name in raw:
        field = guide_repost.FIELDS[name]
        same = field.shared or ("private_only" if name == "data.private_only" else None)
        if same in given and guide_repost.read(row, name) != before[name]:
            raise SeedError(
                f"{where}.guide_settings.{name}: differs from {same} given for the reference"
            )


def _repost_status(row: Schedule, block: dict[str, Any], where: str) -> None:
    status = block["status"]
    if status not in REPOST_STATUSES:
        raise SeedError(f"{where}.status: {status!r} is not one of {', '.join(REPOST_STATUSES)}")
    if status == "running":
        row.is_running = True
        if "is_active" not in block:
            row.is_active = True
    elif "is_active" in block and row.is_active != (status == "active"):
        raise SeedError(f"{where}.status: {status} disagrees with is_active")
    else:
        row.is_active = status == "active"


def seed_schedule(store: Store, module: str, raw: Any, account: Account) -> Schedule | None:
    """The account's schedule of `module` ("repost" or "reactions"), or None."""
    where = f"accounts[{account.username}].{module}"
    if raw is None or raw is False:
        return None
    block: dict[str, Any] = {} if raw is True else raw
    if not isinstance(block, dict):
        raise SeedError(f"{where}: must be a mapping (or true)")
    check_keys(block, _KEYS | (_REPOST_KEYS if module == "repost" else set()), where)
    settings = _settings(module, block.get("settings") or {}, f"{where}.settings")
    row_id = block.get("id")
    sid = store.claim_id(module, to_int(row_id)) if row_id else store.next_id(module)
    # Only an explicit id can collide (an auto id is above every id given so far); not
    # scanning for the others keeps a 10,000-account seed linear (it took 36 s).
    if row_id and any(s.id == sid for (m, _), s in store.schedules.items() if m == module):
        raise SeedError(f"{where}: schedule id {sid} is already used")
    row = Schedule(sid, module, account.id, account.user_id, settings=settings)
    for flag in ("is_active", "is_running", "is_executed", "private_only"):
        if flag in block:
            setattr(row, flag, to_bool(block[flag]))
    if "status" in block:
        _repost_status(row, block, where)
    if "guide_settings" in block:
        _guide_settings(row, block, where)
    row.speed = to_int(block.get("speed", row.speed))
    row.messages = list(block.get("messages") or [])
    now = store.time()
    for name in ("schedule_date", "end_date", "last_action_date", "next_check_date"):
        if name in block:
            setattr(row, name, optional_datetime(block[name], now, f"{where}.{name}"))
    for i, t in enumerate(block.get("targets") or []):
        if not isinstance(t, dict) or not t.get("type"):
            raise SeedError(f"{where}.targets[{i}]: needs at least a type")
        check_keys(t, ("type", "value", "id", "link"), f"{where}.targets[{i}]")
        id_ = text(t["id"]) if t.get("id") is not None else None
        link = text(t["link"]) if t.get("link") is not None else None
        row.targets.append(make_target(store, str(t["type"]), text(t.get("value")), id_, link))
    return row
