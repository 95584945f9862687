"""Target lists, shared by the schedule kinds that have them (Repost Pro, Reactions Pro).

Targets are keyed by (type, value), as the API's 409 and its removal by type and value
are. A declared list is exact: what it lacks is removed. The live `targets/types`
catalog decides which types may be added (the built-in one only serves offline checks).
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from typing import Any

import reconciler.kinds.fields as fields
from reconciler.api.client import path
from reconciler.api.envelope import Dialect
from reconciler.calls import Call
from reconciler.errors import ApiProtocolError
from reconciler.state import Target


@dataclass
class Schedule:
    """A schedule with settings and targets (Repost Pro, Reactions Pro), desired or live."""

    active: bool | None = None
    settings: dict[str, Any] | None = None
    targets: list[Target] | None = None
    #: live only: the identifier the guide dialect's DELETE …/targets/{id} takes.
    removal_ids: dict[tuple[str, str], str] = field(default_factory=dict)
    #: live only: the platform's account id (the schedule's address in the API)
    account_id: int | None = None


def diff_targets(want: list[Target], have: list[Target]) -> tuple[list[Target], list[Target]]:
    """Targets to add and to remove so that `have` becomes exactly `want`.

    Matched by (type, value); a desired explicit `id` that differs from the live one
    means remove and re-add. Live duplicates of one key are removed down to none and
    re-added once, since the API removes by type and value.
    """
    live_by_key: dict[tuple[str, str], list[Target]] = {}
    for t in have:
        live_by_key.setdefault(t.key, []).append(t)
    add: list[Target] = []
    remove: list[Target] = []
    wanted_keys = set()
    for t in want:
        wanted_keys.add(t.key)
        copies = live_by_key.get(t.key, [])
        if not copies:
            add.append(t)
        elif len(copies) > 1 or (t.id is not None and copies[0].id != t.id):
            remove.append(copies[0])
            add.append(t)
    remove.extend(copies[0] for key, copies in live_by_key.items() if key not in wanted_keys)
    return sorted(add), sorted(set(remove))


def read_targets(sched: Schedule, raw: Any, where: str) -> None:
    """Targets as an answer lists them (a JSON string column is decoded first)."""
    if isinstance(raw, str):  # a JSON column the server did not decode
        with contextlib.suppress(ValueError):
            raw = json.loads(raw)
    if not isinstance(raw, list):
        raise ApiProtocolError("GET", where, "expected a list of targets")
    targets: list[Target] = []
    for t in raw:
        if not isinstance(t, dict) or "type" not in t:
            raise ApiProtocolError("GET", where, "unreadable target entry")
        value = fields.text(t, "value")
        tid = None if t.get("id") in (None, "") else str(t["id"])
        target = Target(str(t["type"]), value, tid)
        targets.append(target)
        removal = t.get("target_id", t.get("id"))
        sched.removal_ids[target.key] = str(removal if removal not in (None, "") else value)
    sched.targets = targets


def read_catalog(data: Any, where: str) -> dict[str, bool]:
    """A live `targets/types` answer: type -> requires_id."""
    types = data.get("types") if isinstance(data, dict) else data
    if not isinstance(types, list):
        raise ApiProtocolError("GET", where, "expected a list of target types")
    catalog: dict[str, bool] = {}
    for t in types:
        if isinstance(t, str):
            catalog[t] = False
        elif isinstance(t, dict) and "type" in t:
            catalog[str(t["type"])] = fields.flag(t.get("requires_id", False), where,
                                                  "requires_id")
        else:
            raise ApiProtocolError("GET", where, "unreadable target type entry")
    return catalog


def target_problems(want: list[Target] | None, have: list[Target] | None,
                    catalog: dict[str, bool] | None) -> list[str]:
    """Targets to add must be of a type the server's own catalog offers."""
    if want is None or catalog is None:
        return []
    existing = {t.key for t in have or []}
    out = []
    for t in want:
        if t.key in existing:
            continue
        if t.type not in catalog:
            known = ", ".join(sorted(catalog))
            out.append(f"target type {t.type!r} is not offered by this server (it offers: "
                       f"{known})")
        elif catalog[t.type] and t.id is None:
            out.append(f"target {t.label()} needs an id on this server")
    return out


def target_calls(module: str, account_id: int | None, add: tuple[Target, ...],
                 remove: tuple[Target, ...], removal_ids: tuple[str, ...],
                 dialect: str) -> list[Call]:
    """Removals first (a re-add needs the old one gone), then additions."""
    calls: list[Call] = []
    for target, removal_id in zip(remove, removal_ids, strict=True):
        if dialect == Dialect.GUIDE:
            calls.append(Call("DELETE", path(module, "schedules", account_id, "targets",
                                             removal_id)))
        else:
            calls.append(Call("DELETE", path(module, "schedules", account_id, "targets"),
                              {"type": target.type, "value": target.value}))
    for target in add:
        body = {"type": target.type, "value": target.value}
        if target.id is not None:
            body["id"] = target.id
        calls.append(Call("POST", path(module, "schedules", account_id, "targets"), body,
                          kind="create"))
    return calls
