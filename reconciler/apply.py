"""Execute a Plan: the minimal writes, convergent, one object's failure not stopping the rest.

Order: captions; then each schedule's settings PATCH, target removals and additions
(schedules in parallel); then activations, one bulk call per module and direction.
A 409 "already in that state" or "target exists" is success: the goal state holds.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from reconciler.api.client import ApiClient, path
from reconciler.api.envelope import Dialect
from reconciler.apply_accounts import run_account
from reconciler.calls import (
    Call,
    activation_call,
    caption_calls,
    schedule_calls,
)
from reconciler.errors import ApiError, ApiStatusError
from reconciler.normalize import NormalizeError, to_int
from reconciler.outcomes import INTERRUPTED, ApplyContext, ApplyReport, Outcome

__all__ = ["ApplyContext", "ApplyReport", "Outcome", "apply_plan"]
from reconciler.plan import Action, Change, Plan, ResourceKind


class _Failed(Exception):
    """One call of a schedule's sequence failed; the rest of that sequence is skipped."""

    def __init__(self, error: ApiError) -> None:
        self.error = error
        super().__init__(str(error))


def apply_plan(client: ApiClient, plan: Plan,
               context: ApplyContext | None = None) -> ApplyReport:
    """Carry out every change of `plan`; returns per-object outcomes and call counts."""
    ctx = context or ApplyContext()
    dialect = client.dialect or Dialect.REFERENCE
    reads0, writes0 = client.counter.reads, client.counter.writes

    def guarded(run: Callable[[Change], Outcome]) -> Callable[[Change], Outcome]:
        return lambda c: Outcome(c.address, False, INTERRUPTED) if ctx.cancel.is_set() else run(c)

    def of(kind: ResourceKind, deletes: bool = False) -> list[Change]:
        return [c for c in plan.changes
                if c.kind is kind and (c.action is Action.DELETE) == deletes]

    account = guarded(lambda c: run_account(client, c, ctx, dialect))
    report = ApplyReport()
    report.outcomes += client.map(account, of(ResourceKind.ACCOUNT))
    report.outcomes += client.map(guarded(lambda c: _run_caption(client, c)),
                                  of(ResourceKind.CAPTION) + of(ResourceKind.CAPTION, True))
    report.outcomes += _apply_schedules(client, of(ResourceKind.SCHEDULE), ctx, dialect)
    report.outcomes += client.map(account, of(ResourceKind.ACCOUNT, deletes=True))
    report.outcomes.sort(key=lambda o: o.address)
    report.reads = client.counter.reads - reads0
    report.writes = client.counter.writes - writes0
    return report


Group = list[tuple[Change, list[str]]]


def _apply_schedules(client: ApiClient, schedules: list[Change], ctx: ApplyContext,
                     dialect: Dialect) -> list[Outcome]:
    """Each schedule's settings and targets in parallel; then one activation call per
    module and direction, for the schedules whose other changes went through."""
    outcomes: list[Outcome] = []
    pending: dict[tuple[str, bool], Group] = defaultdict(list)
    results = client.map(lambda c: _run_schedule(client, c, dialect, ctx.cancel), schedules)
    for change, (outcome, done) in zip(schedules, results, strict=True):
        if outcome is not None:
            outcomes.append(outcome)
        elif change.active is not None and change.module:
            pending[(change.module, change.active[1])].append((change, done))
        else:
            outcomes.append(Outcome(change.address, True, ", ".join(done)))

    def activate(item: tuple[tuple[str, bool], Group]) -> list[Outcome]:
        (module, active), group = item
        if ctx.cancel.is_set():
            return [Outcome(c.address, False, f"{', '.join(done)}; activation {INTERRUPTED}")
                    for c, done in group]
        return _run_activation(client, module, active, group, dialect)

    for group_outcomes in client.map(activate, sorted(pending.items())):
        outcomes += group_outcomes
    return outcomes


def _run_caption(client: ApiClient, change: Change) -> Outcome:
    (call,) = caption_calls(change)
    try:
        if call.kind == "create":
            client.create(call.method, call.path, call.body,
                          exists=lambda: _caption_exists(client, change.key))
        else:
            client.request(call.method, call.path, body=call.body)
    except ApiError as exc:
        return Outcome(change.address, False, str(exc))
    return Outcome(change.address, True, f"{change.action.value}d")


def _caption_exists(client: ApiClient, title: str) -> bool:
    found = client.list_all("/captions", {"search": title})
    return any(item.get("title") == title for item in found)


def _run_schedule(client: ApiClient, change: Change, dialect: Dialect,
                  cancel: threading.Event) -> tuple[Outcome | None, list[str]]:
    """Settings and targets of one schedule, in order; stops at the first failure."""
    done: list[str] = []
    try:
        for i, call in enumerate(schedule_calls(change, dialect)):
            if cancel.is_set():
                what = "partly done, the rest " if i else ""
                return Outcome(change.address, False, what + INTERRUPTED), done
            _send(client, call, change)
    except _Failed as failed:
        return Outcome(change.address, False, str(failed.error)), done
    if change.fields:
        done.append("settings " + ", ".join(f.name for f in change.fields))
    if change.add_targets:
        done.append(f"+{len(change.add_targets)} target(s)")
    if change.remove_targets:
        done.append(f"-{len(change.remove_targets)} target(s)")
    return None, done


def _send(client: ApiClient, call: Call, change: Change) -> None:
    try:
        if call.kind == "create":
            body = call.body
            client.create(call.method, call.path, body,
                          exists=lambda: _target_exists(client, change, body))
        else:
            client.request(call.method, call.path, body=call.body)
    except ApiStatusError as exc:
        if exc.status == 409 and call.kind == "create":
            return  # "target exists": the goal state already holds
        raise _Failed(exc) from None
    except ApiError as exc:
        raise _Failed(exc) from None


def _target_exists(client: ApiClient, change: Change, body: dict[str, Any]) -> bool:
    data = client.get(path(change.module, "schedules", change.object_id, "targets"))
    items = data.get("targets", data.get("items", [])) if isinstance(data, dict) else data
    return any(isinstance(t, dict) and t.get("type") == body["type"]
               and str(t.get("value") or "") == body["value"] for t in items or [])


def _run_activation(client: ApiClient, module: str, active: bool, group: Group,
                    dialect: Dialect) -> list[Outcome]:
    """One call for the whole group; `skipped` ids in a bulk answer failed."""
    verb = "activated" if active else "paused"
    ids = [c.object_id for c, _ in group if c.object_id is not None]
    call = activation_call(module, active, ids, dialect)
    skipped: set[int] = set()
    try:
        answer = client.request(call.method, call.path, body=call.body)
        data = answer.data if isinstance(answer.data, dict) else {}
        skipped = {_as_int(i) for i in data.get("skipped") or []}
    except ApiStatusError as exc:
        if not (exc.status == 409 and len(ids) == 1):  # 409: already in that state
            return [Outcome(c.address, False, str(exc)) for c, _ in group]
    except ApiError as exc:
        return [Outcome(c.address, False, str(exc)) for c, _ in group]
    out = []
    for change, done in group:
        if change.object_id in skipped:
            out.append(Outcome(change.address, False,
                               f"{call}: the server skipped account {change.object_id} "
                               "(no schedule to change)"))
        else:
            out.append(Outcome(change.address, True, ", ".join([*done, verb])))
    return out


def _as_int(value: Any) -> int:
    try:
        return to_int(value)
    except NormalizeError:
        return -1
