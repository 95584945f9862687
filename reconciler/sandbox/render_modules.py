"""Welcome DM, AI-DM and Leads Finder schedules, and the user, as each dialect shows them.

Field sets and order are the documents' schedule objects. Typing follows the rest of
the sandbox: the table's own boolean columns (is_active, is_running, the daily_pause
flag, package_subscription…) are 0/1 in the reference and true/false in the guide; what
comes out of a decoded JSON column (settings{}, data_fields{}, filters{}…) is plain
JSON in both. A package's prices are DECIMAL columns: numeric strings in the reference.

Statuses, derived as the documents say:

- Welcome DM: active | inactive (is_active);
- AI-DM: running while process_id > 0 (even when paused: pause only stops new
  runs), else active | inactive;
- Leads: running while is_running, else, when active, "active" if schedule_date is in
  the future and "scheduled" if it is not (awaiting the next trigger), else inactive.
"""

from __future__ import annotations

from typing import Any

from reconciler.sandbox.dialect import Dialect
from reconciler.sandbox.records import ModuleSchedule
from reconciler.sandbox.state import Store, User


def status(store: Store, s: ModuleSchedule) -> str:
    if s.module == "ai_dm" and s.process_id > 0:
        return "running"
    if s.module == "leads" and s.is_running:
        return "running"
    if not s.is_active:
        return "inactive"
    if s.module == "leads":
        future = s.schedule_date is not None and s.schedule_date > store.now()
        return "active" if future else "scheduled"
    return "active"


def _daily_pause(d: Dialect, pause: dict[str, Any]) -> dict[str, Any]:
    return {**pause, "enabled": d.flag(bool(pause.get("enabled")))}


def schedule(d: Dialect, store: Store, s: ModuleSchedule) -> dict[str, Any]:
    """A schedule as its module's list and GET …/schedules/{id} show it."""
    x = s.detail
    head: dict[str, Any] = {"id": s.id, "account_id": s.account_id}
    if s.module == "welcome_dm":
        body: dict[str, Any] = {
            "is_active": d.flag(s.is_active),
            "status": status(store, s),
            "messages": x["messages"],
            "message_count": len(x["messages"]),
            "speed": x["speed"],
            "daily_pause": _daily_pause(d, x["daily_pause"]),
            "settings": x["settings"],
            "schedule_date": s.schedule_date,
            "end_date": s.end_date,
        }
    elif s.module == "ai_dm":
        body = {
            "account_name": x["account_name"],
            "status": status(store, s),
            "is_active": d.flag(s.is_active),
            "daily_pause": _daily_pause(d, x["daily_pause"]),
            "cta": x["cta"],
            "settings": x["settings"],
            "schedule_date": s.schedule_date,
        }
    else:
        body = {
            "task_name": x["task_name"],
            "status": status(store, s),
            "is_active": d.flag(s.is_active),
            "is_running": d.flag(s.is_running),
            "targets": x["targets"],
            "target_count": len(x["targets"]),
            **{k: x[k] for k in ("speed", "estimated_speed", "estimated_speed_parsed",
                                 "analyzed_percentage", "parser_data_type", "data_fields",
                                 "filters", "language_filter", "telegram", "accelerators",
                                 "custom_delays")},
            "schedule_date": s.schedule_date,
            "end_date": s.end_date,
        }  # fmt: skip
    return {**head, **body, "last_action_date": s.last_action_date}


def user(d: Dialect, store: Store, u: User) -> dict[str, Any]:
    """GET /user: the reference's field list."""
    return {
        "id": u.id,
        "email": u.email,
        "username": u.username,
        "firstname": u.firstname,
        "lastname": u.lastname,
        "account_type": u.account_type,
        "is_active": d.flag(u.is_active),
        "is_expired": is_expired(store, u),
        "package_id": u.package.id,
        "expire_date": u.expire_date,
        "is_online": d.flag(u.is_online),
        "last_activity_time": u.last_activity_time,
        "date_joined": u.date_joined,
    }


def is_expired(store: Store, u: User) -> bool:
    """Expired once the sandbox clock reaches expire_date (computed, so JSON true/false)."""
    return u.expire_date <= store.now()


def subscription(d: Dialect, store: Store, u: User) -> dict[str, Any]:
    """GET /user/subscription: the package object, expiry and billing."""
    p = u.package
    package = {
        "id": p.id,
        "title": p.title,
        "monthly_price": d.decimal(p.monthly_price),
        "annual_price": d.decimal(p.annual_price),
        "modules": sorted(u.modules),
        "is_public": d.flag(p.is_public),
        "date": p.date,
    }
    return {
        "package": package,
        "expire_date": u.expire_date,
        "is_expired": is_expired(store, u),
        "package_id": p.id,
        "package_subscription": d.flag(u.package_subscription),
    }
