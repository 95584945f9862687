"""Records as each dialect renders them: field sets from the documents, typing from Dialect.

Where the documents are silent: repost `status` is "running" while the cron runs
(is_running), else "active"/"inactive" from is_active; a schedule's `data` is its
decoded JSON column, so its booleans are JSON true/false in both dialects (only table
columns get PHP 0/1); reactions `data` holds every setting that is not a column. The
reference's repost `data` holds the media filters, targets_shuffle and
custom_repost_time; the guide's list shows the guide's fields only (guide_repost.py):
its columns in the guide's units and `data` = {photo, video, album, reels, private_only}.
"""

from __future__ import annotations

from typing import Any

from reconciler.catalog import SETTINGS, Kind, SettingSpec
from reconciler.sandbox import guide_repost
from reconciler.sandbox.dialect import Dialect
from reconciler.sandbox.state import Account, Caption, Proxy, Schedule, SettingValue, Store, Target

#: Settings held as BIGINT columns: numeric strings in the reference.
BIGINT_SETTINGS = frozenset({"tg_chat_id"})
#: Schedule-list columns that are settings (rendered top level, not inside `data`).
_REACTIONS_COLUMNS = ("daily_pause", "daily_pause_from", "daily_pause_to", "expiration_date")
_REPOST_COLUMNS = (
    "speed",
    "remove_delay",
    "daily_pause",
    "daily_pause_from",
    "daily_pause_to",
    "caption",
    "first_comment",
    "metadata_location",
    "metadata_user",
    "collections_shuffle",
)


def account(d: Dialect, a: Account) -> dict[str, Any]:
    if not d.php:
        return {
            "id": a.id,
            "username": a.username,
            "full_name": a.full_name,
            "platform": "instagram",
            "is_active": a.is_active,
            "login_required": a.login_required,
            "is_slave": a.slave,
            "proxy": a.proxy,
            "date": a.date,
        }
    return {
        "id": a.id,
        "user_id": a.user_id,
        "instagram_id": a.instagram_id,
        "username": a.username,
        "proxy": a.proxy,
        "mobile_proxy": a.mobile_proxy,
        "login_required": d.flag(a.login_required),
        "slave": d.flag(a.slave),
        "child": d.flag(a.child),
        "rpa": d.flag(a.rpa),
        "engagement_mod": d.flag(a.engagement_mod),
        "counter": a.counter,
        "last_login": a.last_login,
        "date": a.date,
    }


def caption(c: Caption) -> dict[str, Any]:
    return {
        "id": c.id,
        "user_id": c.user_id,
        "title": c.title,
        "caption": c.caption,
        "date": c.date,
    }


def proxy(store: Store, p: Proxy) -> dict[str, Any]:
    """A pool row; use_count is computed live (see Store.use_count)."""
    return {
        "id": p.id,
        "proxy": p.proxy,
        "country_code": p.country_code,
        "use_count": store.use_count(p),
    }


def target(d: Dialect, module: str, t: Target) -> dict[str, Any]:
    out: dict[str, Any] = {"type": t.type, "id": t.id, "value": t.value}
    if module == "repost":
        out["link"] = t.link
    if not d.php:
        out = {"target_id": t.target_id, **out}
    return out


def targets(d: Dialect, s: Schedule) -> dict[str, Any]:
    """The `{"targets":[…],"total":N}` payload of the targets endpoints."""
    return {"targets": [target(d, s.module, t) for t in s.targets], "total": len(s.targets)}


def setting(d: Dialect, spec: SettingSpec, value: SettingValue) -> Any:
    """One settings value as GET …/settings shows it (times stay "HH:MM")."""
    if value is None:
        return None
    if spec.kind is Kind.BOOL:
        return d.flag(bool(value))
    if spec.kind is Kind.FLOAT and isinstance(value, int | float):
        return d.decimal(float(value))
    if spec.name in BIGINT_SETTINGS and isinstance(value, int):
        return d.bigint(value)
    return value


def settings_groups(d: Dialect, s: Schedule) -> dict[str, dict[str, Any]]:
    """Settings grouped by the catalog's categories; read-only is_active leads "schedule"."""
    groups: dict[str, dict[str, Any]] = {"schedule": {"is_active": d.flag(s.is_active)}}
    for name, spec in SETTINGS[s.module].items():
        groups.setdefault(spec.category, {})[name] = setting(d, spec, s.settings.get(name))
    return groups


def _column(d: Dialect, s: Schedule, name: str) -> Any:
    spec = SETTINGS[s.module][name]
    value = s.settings.get(name)
    if spec.kind is Kind.TIME and isinstance(value, str):
        return d.time_column(value)
    if name == "remove_delay" and isinstance(value, int):
        return d.bigint(value)
    return setting(d, spec, value)


def _data(d: Dialect, s: Schedule) -> dict[str, Any]:
    if s.module == "repost" and not d.php:
        return {n.removeprefix("data."): guide_repost.read(s, n) for n in guide_repost.DATA_FIELDS}
    columns = _REPOST_COLUMNS if s.module == "repost" else _REACTIONS_COLUMNS
    return {k: v for k, v in s.settings.items() if k not in columns}


def repost_status(s: Schedule) -> str:
    if s.is_running:
        return "running"
    return "active" if s.is_active else "inactive"


def _repost_columns(d: Dialect, s: Schedule) -> dict[str, Any]:
    if d.php:
        return {name: _column(d, s, name) for name in _REPOST_COLUMNS}
    return {name: guide_repost.read(s, name) for name in _REPOST_COLUMNS}


def schedule(d: Dialect, store: Store, s: Schedule) -> dict[str, Any]:
    """A schedule as the schedule list and GET …/schedules/{account_id} show it."""
    acc = store.accounts.get(s.account_id)
    head: dict[str, Any] = {
        "id": s.id,
        "account_id": s.account_id,
        "account_username": acc.username if acc else None,
        "instagram_id": acc.instagram_id if acc else None,
    }
    tail = {
        "target": [target(d, s.module, t) for t in s.targets],
        "data": _data(d, s),
        "schedule_date": s.schedule_date,
        "end_date": s.end_date,
        "last_action_date": s.last_action_date,
    }
    if s.module == "repost":
        head["status"] = repost_status(s)
        head["is_active"] = d.flag(s.is_active)
        head.update(_repost_columns(d, s))
        return {**head, **tail}
    head.update(
        is_active=d.flag(s.is_active),
        is_running=d.flag(s.is_running),
        is_executed=d.flag(s.is_executed),
        speed=s.speed,
    )
    head.update({name: _column(d, s, name) for name in _REACTIONS_COLUMNS[:3]})
    head["messages"] = s.messages
    return {
        **head,
        **tail,
        "next_check_date": s.next_check_date,
        "expiration_date": s.settings.get("expiration_date"),
    }
