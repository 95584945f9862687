"""An account's seed blocks for the newer modules and its run logs.

    accounts:
      - username: brand_one
        welcome_dm: {is_active: true, messages: ["Hi {username}!"], speed: auto}
        ai_dm: [{process_id: 4242}, {is_active: false}]   # a list: two schedules
        leads: {task_name: spring, is_running: true, last_action_date: "now-6h"}
        first_comment:
          comment_mode: random
          targets: [{username: nike, user_pk: "19038780"}]
          comments: ["{Love|Great} this!"]
        logs:
          repost: [{status: error, message: "Media not found", date: "now-1h"}]

Each module key takes one mapping, a list of mappings (several schedules of one module
on one account, as the web panel allows), or `true` for a schedule with defaults.
A seed may hold two First Comment schedules for one account: the web panel could make
them; only the API's create refuses a second one (409).
"""

from __future__ import annotations

from typing import Any

from reconciler.normalize import to_bool, to_int
from reconciler.sandbox import first_comment
from reconciler.sandbox.logs import LOGS, seed_log
from reconciler.sandbox.module_fields import COLUMN_KEYS, detail_from_seed
from reconciler.sandbox.modules import ID_SCHEDULE_MODULES
from reconciler.sandbox.records import FirstComment, ModuleSchedule
from reconciler.sandbox.seed_values import (
    SeedError,
    check_keys,
    one_or_many,
    optional_datetime,
)
from reconciler.sandbox.state import Account, Store

#: Account seed keys this module reads.
ACCOUNT_KEYS = frozenset({*ID_SCHEDULE_MODULES, "first_comment", "logs"})
_DATES = ("schedule_date", "end_date", "last_action_date")
_FIRST_COMMENT_KEYS = {
    "id", "is_active", "running", "comment_mode", "targets", "comments", "schedule_date",
    "last_action_date",
}  # fmt: skip


def _row_id(store: Store, kind: str, raw: dict[str, Any], taken: set[int], where: str) -> int:
    sid = store.claim_id(kind, to_int(raw["id"])) if raw.get("id") else store.next_id(kind)
    if sid in taken:
        raise SeedError(f"{where}: id {sid} is already used")
    return sid


def _module_schedule(
    store: Store, module: str, raw: dict[str, Any], acc: Account, where: str
) -> ModuleSchedule:
    columns = {k: v for k, v in raw.items() if k in COLUMN_KEYS[module]}
    fields = {k: v for k, v in raw.items() if k not in COLUMN_KEYS[module]}
    if module == "ai_dm":
        fields.setdefault("account_name", acc.username)
    try:
        detail = detail_from_seed(module, fields, where)
    except ValueError as exc:
        raise SeedError(str(exc)) from None
    sid = _row_id(store, module, columns, set(store.module_rows(module)), where)
    row = ModuleSchedule(sid, module, acc.id, acc.user_id, detail=detail)
    row.is_active = to_bool(columns.get("is_active", False))
    row.is_running = to_bool(columns.get("is_running", False))
    row.process_id = to_int(columns.get("process_id", 0))
    if row.process_id < 0:
        raise SeedError(f"{where}.process_id: must not be negative")
    now = store.time()
    for name in _DATES:
        if name in columns:
            setattr(row, name, optional_datetime(columns[name], now, f"{where}.{name}"))
    if module == "ai_dm":
        row.end_date = None  # AI-DM schedules have no end date
    return row


def _first_comment(store: Store, raw: dict[str, Any], acc: Account, where: str) -> FirstComment:
    check_keys(raw, _FIRST_COMMENT_KEYS, where)
    body = {k: raw[k] for k in first_comment.WRITABLE if k in raw}
    body.setdefault("comment_mode", "random")
    targets = body.get("targets")
    if isinstance(targets, list):  # YAML may read an unquoted pk as a number
        body["targets"] = [
            {**t, "user_pk": str(t["user_pk"])} if isinstance(t, dict) and "user_pk" in t else t
            for t in targets
        ]
    fields, errors = first_comment.check_fields(body, create=False)
    if errors:
        problems = "; ".join(f"{where}.{name}: {reason}" for name, reason in errors.items())
        raise SeedError(problems)
    fid = _row_id(store, "first_comment", raw, set(store.first_comments), where)
    row = FirstComment(
        fid, acc.id, acc.user_id, fields.get("targets") or [], fields.get("comments") or [],
        str(fields["comment_mode"]),
        is_active=to_bool(raw.get("is_active", False)),
        running=to_bool(raw.get("running", False)),
    )
    now = store.time()
    for name in ("schedule_date", "last_action_date"):
        if name in raw:
            setattr(row, name, optional_datetime(raw[name], now, f"{where}.{name}"))
    return row


def seed_account_modules(store: Store, raw: dict[str, Any], acc: Account, where: str) -> None:
    """Load an account's Welcome DM, AI-DM, Leads and First Comment schedules and logs."""
    for module in ID_SCHEDULE_MODULES:
        for i, block in enumerate(one_or_many(raw.get(module), f"{where}.{module}")):
            row = _module_schedule(store, module, block, acc, f"{where}.{module}[{i}]")
            store.module_rows(module)[row.id] = row
    for i, block in enumerate(one_or_many(raw.get("first_comment"), f"{where}.first_comment")):
        fc = _first_comment(store, block, acc, f"{where}.first_comment[{i}]")
        store.first_comments[fc.id] = fc
    logs = raw.get("logs") or {}
    if not isinstance(logs, dict):
        raise SeedError(f"{where}.logs: must be a mapping of module to a list of entries")
    check_keys(logs, LOGS, f"{where}.logs")
    for module, rows in logs.items():
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise SeedError(f"{where}.logs.{module}: must be a list of mappings")
        for i, entry in enumerate(rows):
            log = seed_log(store, module, entry, acc.id, acc.user_id, f"{where}.logs.{module}[{i}]")
            store.log_rows(module)[log.id] = log
