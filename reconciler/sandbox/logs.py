"""Run logs of every module: their status values, own columns, seed entries and shapes.

Fields follow the documents: repost and reactions logs carry `account_username` and the
decoded `data` object; Welcome DM, AI-DM and Leads logs carry `message` (data.error.msg,
else null) and `details` (the whole decoded data, null when empty). Repost's status
values are documented (success|error|skipped).

Choices where the documents are silent:

- Status values: reactions, AI-DM and Leads success|error; Welcome DM sent|error|skipped
  (the guide's example log says "sent"); First Comment success|error|skipped.
- First Comment logs (the guide names no fields) are {id, account_id, status,
  target_username, media_code, comment, message, date}.
- A seed entry's `message` is stored as data.error.msg, the place the documents read it
  from; repost and reactions logs show it only inside `data`. An entry's `date`
  defaults to "now" (a seeded log is recent unless it says otherwise).
- Lists are newest first (date, then id, descending).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from reconciler.normalize import NormalizeError, to_bool, to_int
from reconciler.sandbox.dialect import Dialect
from reconciler.sandbox.records import LogEntry
from reconciler.sandbox.seed_values import (
    SeedError,
    check_keys,
    datetime_value,
    optional_datetime,
    text,
)
from reconciler.sandbox.state import Store

ColumnReader = Callable[[Any, float, str], Any]


def _flag(value: Any, now: float, where: str) -> bool:
    return to_bool(value)


def _text_or_null(value: Any, now: float, where: str) -> str | None:
    return None if value is None else text(value)


@dataclass(frozen=True)
class LogSpec:
    """One module's log table: status values, extra columns (reader, default), filters."""

    statuses: tuple[str, ...]
    columns: dict[str, tuple[ColumnReader, Any]]
    filters: tuple[str, ...] = ()


_REPOST_COLUMNS: dict[str, tuple[ColumnReader, Any]] = {
    "original_media_code": (lambda v, n, w: text(v), ""),
    "is_removable": (_flag, False),
    "remove_scheduled": (optional_datetime, None),
    "is_deleted": (_flag, False),
    "remove_date": (optional_datetime, None),
    "status_share_to_stories": (_text_or_null, None),
    "status_first_comment": (_text_or_null, None),
    "status_caption": (_text_or_null, None),
}

LOGS: dict[str, LogSpec] = {
    "repost": LogSpec(("success", "error", "skipped"), _REPOST_COLUMNS),
    "reactions": LogSpec(("success", "error"), {}),
    "welcome_dm": LogSpec(
        ("sent", "error", "skipped"), {"follower_id": (_text_or_null, None)},
        ("account_id", "status"),
    ),
    "ai_dm": LogSpec(
        ("success", "error"), {"type": (lambda v, n, w: text(v), "messages_sent")},
        ("account_id", "type", "status"),
    ),
    "leads": LogSpec(("success", "error"), {}, ("account_id", "status")),
    "first_comment": LogSpec(
        ("success", "error", "skipped"),
        {name: (_text_or_null, None) for name in ("target_username", "media_code", "comment")},
        ("status",),
    ),
}  # fmt: skip


def seed_log(
    store: Store, module: str, raw: dict[str, Any], account_id: int, user_id: int, where: str
) -> LogEntry:
    """One seeded log entry of an account (ids per module, explicit ones claimed)."""
    spec = LOGS[module]
    check_keys(raw, {"id", "status", "message", "date", "data", *spec.columns}, where)
    status = raw.get("status")
    if status not in spec.statuses:
        raise SeedError(f"{where}.status: {status!r} is not one of {', '.join(spec.statuses)}")
    data = raw.get("data") or {}
    if not isinstance(data, dict):
        raise SeedError(f"{where}.data: must be a mapping")
    data = dict(data)
    if raw.get("message") is not None:
        data["error"] = {**(data.get("error") or {}), "msg": text(raw["message"])}
    now = store.time()
    columns: dict[str, Any] = {}
    for name, (reader, default) in spec.columns.items():
        try:
            columns[name] = reader(raw[name], now, f"{where}.{name}") if name in raw else default
        except NormalizeError as exc:
            raise SeedError(f"{where}.{name}: {exc}") from None
    kind = f"log:{module}"
    log_id = store.claim_id(kind, to_int(raw["id"])) if raw.get("id") else store.next_id(kind)
    if log_id in store.log_rows(module):
        raise SeedError(f"{where}: log id {log_id} is already used")
    date = datetime_value(raw.get("date", "now"), now, f"{where}.date")
    return LogEntry(log_id, module, account_id, user_id, str(status), date, data, columns)


def user_logs(
    store: Store,
    module: str,
    user_id: int,
    *,
    account_id: int | None = None,
    status: str | None = None,
    kind: str | None = None,
) -> Sequence[LogEntry]:
    """A user's log rows of a module, newest first (date, then id), optionally filtered.

    Unfiltered, this is the table's live view, so a page of it costs O(page).
    """
    rows = store.log_rows(module).rows(user_id)
    if account_id is None and status is None and kind is None:
        return rows
    return [
        e
        for e in rows
        if (account_id is None or e.account_id == account_id)
        and (status is None or e.status == status)
        and (kind is None or e.columns.get("type") == kind)
    ]


def render_log(d: Dialect, store: Store, e: LogEntry) -> dict[str, Any]:
    """A log row as its module's list shows it."""
    if e.module in ("repost", "reactions"):
        account = store.accounts.get(e.account_id)
        out: dict[str, Any] = {
            "id": e.id,
            "account_id": e.account_id,
            "account_username": account.username if account else None,
            "status": e.status,
        }
        if e.module == "reactions":
            return {**out, "data": e.data, "date": e.date}
        c = e.columns
        return {
            **out,
            "original_media_code": c["original_media_code"],
            "data": e.data,
            "date": e.date,
            "is_removable": d.flag(c["is_removable"]),
            "remove_scheduled": c["remove_scheduled"],
            "is_deleted": d.flag(c["is_deleted"]),
            "remove_date": c["remove_date"],
            **{k: c[k] for k in ("status_share_to_stories", "status_first_comment",
                                 "status_caption")},
        }  # fmt: skip
    head = {"id": e.id, "account_id": e.account_id, "status": e.status, **e.columns}
    if e.module == "first_comment":
        return {**head, "message": e.message, "date": e.date}
    return {**head, "message": e.message, "details": e.data or None, "date": e.date}
