"""Welcome DM, AI-DM and Leads Finder: schedules by id, activation, and their logs.

Both documents list these endpoints (both dialects serve them): the paginated schedule
list, one schedule by its schedule id (404 when it is not the caller's), activate and
pause (Leads: start and stop), the paginated run logs with their documented filters
(Welcome DM and Leads ?account_id=&status=, AI-DM also &type=) and one log by id.

Choices where the documents are silent (the stricter reading):

- activate/start of an active schedule and pause of an inactive one are 409, like
  repost and reactions; stop is 409 only when the schedule is neither active nor
  running (stopping a paused schedule that is still running clears is_running);
- activate and start set schedule_date to now (the documents say so); pause leaves an
  AI-DM process running (its status stays "running" until the cron ends);
- the answer is `{"id", "account_id", "is_active"}` (+ `is_running` for Leads), the
  shape of repost's and reactions' activate answers plus the schedule id;
- schedule lists are ordered by id and take no filter (none is documented: an
  ?account_id= is ignored, as an unknown query parameter is everywhere);
- a log filter's ?account_id= that is not an id is 422, one that is not the caller's
  account 404; a ?status= outside the module's status values (logs.py) is 422.
"""

from __future__ import annotations

from reconciler.sandbox import render_modules
from reconciler.sandbox.context import ApiError, Ctx, Reply, Route
from reconciler.sandbox.logs import LOGS, render_log, user_logs
from reconciler.sandbox.modules import ID_SCHEDULE_MODULES, MODULES
from reconciler.sandbox.records import ModuleSchedule


def _owned(ctx: Ctx, schedule_id: int) -> ModuleSchedule:
    found = ctx.store.owned_module_schedule(ctx.module, ctx.user.id, schedule_id)
    if found is None:
        raise ApiError(404, "Schedule not found")
    return found


def list_schedules(ctx: Ctx) -> Reply:
    rows = ctx.store.module_schedules_of(ctx.module, ctx.user.id)
    return ctx.listing(rows, render=lambda s: render_modules.schedule(ctx.dialect, ctx.store, s))


def get_schedule(ctx: Ctx, schedule_id: int) -> Reply:
    return Reply(render_modules.schedule(ctx.dialect, ctx.store, _owned(ctx, schedule_id)))


def _answer(ctx: Ctx, row: ModuleSchedule, message: str) -> Reply:
    data = {"id": row.id, "account_id": row.account_id, "is_active": row.is_active}
    if row.module == "leads":
        data["is_running"] = row.is_running
    return Reply(data, message=message)


def activate(ctx: Ctx, schedule_id: int) -> Reply:
    row = _owned(ctx, schedule_id)
    if row.is_active:
        raise ApiError(409, "Schedule is already active")
    row.is_active = True
    row.schedule_date = ctx.store.now()
    started = "started" if row.module == "leads" else "activated"
    return _answer(ctx, row, f"Schedule {started}.")


def pause(ctx: Ctx, schedule_id: int) -> Reply:
    row = _owned(ctx, schedule_id)
    if not row.is_active:
        raise ApiError(409, "Schedule is already paused")
    row.is_active = False
    return _answer(ctx, row, "Schedule paused.")


def stop(ctx: Ctx, schedule_id: int) -> Reply:
    row = _owned(ctx, schedule_id)
    if not row.is_active and not row.is_running:
        raise ApiError(409, "Schedule is already stopped")
    row.is_active = False
    row.is_running = False
    return _answer(ctx, row, "Schedule stopped.")


def list_logs(ctx: Ctx) -> Reply:
    spec = LOGS[ctx.module]
    account_id = ctx.account_filter() if "account_id" in spec.filters else None
    status = ctx.choice_filter("status", spec.statuses) if "status" in spec.filters else None
    kind = ctx.choice_filter("type") if "type" in spec.filters else None
    rows = user_logs(ctx.store, ctx.module, ctx.user.id, account_id=account_id, status=status,
                     kind=kind)  # fmt: skip
    return ctx.listing(rows, render=lambda e: render_log(ctx.dialect, ctx.store, e))


def get_log(ctx: Ctx, log_id: int) -> Reply:
    found = ctx.store.log_rows(ctx.module).get(log_id)
    if found is None or found.user_id != ctx.user.id:
        raise ApiError(404, "Log entry not found")
    return Reply(render_log(ctx.dialect, ctx.store, found))


def routes(module: str) -> list[Route]:
    """The routes of one id-addressed module (both dialects)."""
    seg = MODULES[module].segment
    base = f"/{seg}/schedules/<int:schedule_id>"
    actions = (("start", activate), ("stop", stop)) if module == "leads" else (
        ("activate", activate), ("pause", pause))  # fmt: skip
    return [
        Route(f"/{seg}/schedules", ("GET",), list_schedules, module),
        Route(base, ("GET",), get_schedule, module),
        *(Route(f"{base}/{name}", ("POST",), handler, module) for name, handler in actions),
        Route(f"/{seg}/logs", ("GET",), list_logs, module),
        Route(f"/{seg}/logs/<int:log_id>", ("GET",), get_log, module),
    ]


ROUTES: list[Route] = [r for module in ID_SCHEDULE_MODULES for r in routes(module)]
