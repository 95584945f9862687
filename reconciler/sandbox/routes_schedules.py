"""Schedule lists, single schedules, activate/pause and the bulk endpoints of both modules.

Choices where the documents are silent: activate sets `schedule_date` to now; bulk
`affected` counts the matched schedules (not only the ones whose state changed);
`account_ids` entries may be integers or digit strings, anything else is reported in
`skipped` as sent; an empty `account_ids` list means "all schedules", like PHP's
`empty()` test on the body (so never send [] to mean "none"); a non-list is 422; the 404
for "no valid schedule" carries the skipped ids in `errors.skipped`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reconciler.sandbox import render
from reconciler.sandbox.context import ApiError, Ctx, Reply, Route
from reconciler.sandbox.modules import MODULES
from reconciler.sandbox.state import Schedule


def schedule_or_404(ctx: Ctx, account_id: int) -> Schedule:
    found = ctx.store.owned_schedule(ctx.module, ctx.user.id, account_id)
    if found is None:
        raise ApiError(404, "Schedule not found for this account (create it in the web panel)")
    return found


def list_schedules(ctx: Ctx) -> Reply:
    rows = ctx.store.schedules_of(ctx.module, ctx.user.id)
    return ctx.listing(rows, paged=not ctx.dialect.php,
                       render=lambda s: render.schedule(ctx.dialect, ctx.store, s))


def get_schedule(ctx: Ctx, account_id: int) -> Reply:
    return Reply(render.schedule(ctx.dialect, ctx.store, schedule_or_404(ctx, account_id)))


def _set_active(ctx: Ctx, account_id: int, active: bool) -> Reply:
    row = schedule_or_404(ctx, account_id)
    if row.is_active == active:
        state = "active" if active else "paused"
        raise ApiError(409, f"Schedule is already {state}")
    row.is_active = active
    if active:
        row.schedule_date = ctx.store.now()
    message = "Schedule activated." if active else "Schedule paused."
    return Reply({"account_id": account_id, "is_active": active}, message=message)


def activate(ctx: Ctx, account_id: int) -> Reply:
    return _set_active(ctx, account_id, True)


def pause(ctx: Ctx, account_id: int) -> Reply:
    return _set_active(ctx, account_id, False)


def _as_account_id(raw: Any) -> int | None:
    if type(raw) is int:
        return raw
    if isinstance(raw, str) and raw.strip().isdigit():
        return int(raw)
    return None


def _bulk_selection(ctx: Ctx) -> tuple[Sequence[Schedule], list[Any]]:
    """The schedules a bulk body names (all when omitted or empty) and the skipped ids."""
    mine = ctx.store.schedules_of(ctx.module, ctx.user.id)
    requested = ctx.body_object().get("account_ids")
    if requested is None or requested == []:
        return mine, []
    if not isinstance(requested, list):
        raise ApiError(422, "Validation failed", {"account_ids": "must be an array of ids"})
    by_account = {s.account_id: s for s in mine}
    chosen: list[Schedule] = []
    skipped: list[Any] = []
    for raw in requested:
        account_id = _as_account_id(raw)
        row = by_account.get(account_id) if account_id is not None else None
        if row is None:
            if raw not in skipped:
                skipped.append(raw)
        elif row not in chosen:
            chosen.append(row)
    return chosen, skipped


def _bulk(ctx: Ctx, *, active: bool, stop: bool = False) -> Reply:
    chosen, skipped = _bulk_selection(ctx)
    if not chosen:
        raise ApiError(404, "No valid schedules found", {"skipped": skipped})
    for row in chosen:
        row.is_active = active
        if active:
            row.schedule_date = ctx.store.now()
        if stop:
            row.is_running = False
    data = {
        "affected": len(chosen),
        "account_ids": [s.account_id for s in chosen],
        "skipped": skipped,
    }
    return Reply(data, message=f"{len(chosen)} schedule(s) updated.")


def bulk_activate(ctx: Ctx) -> Reply:
    return _bulk(ctx, active=True)


def bulk_pause(ctx: Ctx) -> Reply:
    return _bulk(ctx, active=False)


def bulk_stop(ctx: Ctx) -> Reply:
    return _bulk(ctx, active=False, stop=True)


def routes(module: str) -> list[Route]:
    """The schedule routes of one module in both dialects."""
    seg = MODULES[module].segment
    out = [
        Route(f"/{seg}/schedules", ("GET",), list_schedules, module),
        Route(f"/{seg}/schedules/<int:account_id>", ("GET",), get_schedule, module),
        Route(f"/{seg}/schedules/<int:account_id>/activate", ("POST",), activate, module),
        Route(f"/{seg}/schedules/<int:account_id>/pause", ("POST",), pause, module),
    ]
    actions = {"activate": bulk_activate, "pause": bulk_pause}
    if module == "reactions":
        actions["stop"] = bulk_stop
    for action, handler in actions.items():
        out.append(
            Route(f"/{seg}/schedules/bulk/{action}", ("POST",), handler, module, "reference")
        )
        out.append(Route(f"/{seg}/bulk/{action}", ("POST",), handler, module, "guide"))
    return out
