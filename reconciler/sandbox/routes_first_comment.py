"""First Comment (guide dialect only): schedules CRUD, activate/pause, and logs.

The rules for bodies are in first_comment.py. Choices where the guide is silent: the
list is ordered by id and filtered by ?account_id= (the guide's filter: 422 when not an
id, 404 when not the caller's account); PATCH answers the updated object, DELETE
`{"id": N}`; activate/pause answer `{"id", "account_id", "is_active"}` and are 409 when
the schedule is already in that state; deleting a schedule keeps its logs (they are a
history of comments made). /first-comment/logs takes ?status= (422 outside
success|error|skipped); /first-comment/logs/{account_id} is 404 for an account that is
not the caller's.
"""

from __future__ import annotations

from collections.abc import Sequence

from reconciler.sandbox import first_comment
from reconciler.sandbox.context import ApiError, Ctx, Reply, Route
from reconciler.sandbox.records import FirstComment
from reconciler.sandbox.routes_logs import status_account_logs, status_list_logs

MODULE = "first_comment"


def _owned(ctx: Ctx, schedule_id: int) -> FirstComment:
    found = ctx.store.first_comments.get(schedule_id)
    if found is None or found.user_id != ctx.user.id:
        raise ApiError(404, "Schedule not found")
    return found


def list_schedules(ctx: Ctx) -> Reply:
    account_id = ctx.account_filter()
    rows: Sequence[FirstComment] = ctx.store.first_comments.rows(ctx.user.id)
    if account_id is not None:
        rows = [f for f in rows if f.account_id == account_id]
    return ctx.listing(rows, render=first_comment.render)


def create(ctx: Ctx) -> Reply:
    fields, errors = first_comment.check_fields(ctx.body_object(), create=True)
    if errors:
        raise ApiError(422, "Validation failed", errors)
    account_id = int(fields["account_id"])
    if ctx.store.owned_account(ctx.user.id, account_id) is None:
        raise ApiError(404, "Account not found")
    if any(f.account_id == account_id for f in ctx.store.first_comments.values()):
        raise ApiError(
            409, "A First Comment schedule exists for this account",
            {"account_id": f"account {account_id} already has a schedule"},
        )  # fmt: skip
    now = ctx.store.now()
    row = FirstComment(
        ctx.store.next_id(MODULE), account_id, ctx.user.id, fields["targets"],
        fields["comments"], fields["comment_mode"], is_active=bool(fields.get("is_active")),
        schedule_date=now, last_action_date=now,
    )  # fmt: skip
    while row.id in ctx.store.first_comments:  # a test may have added rows by hand
        row.id = ctx.store.next_id(MODULE)
    ctx.store.first_comments[row.id] = row
    return Reply(first_comment.render(row), status=201, message="Schedule created.")


def get_schedule(ctx: Ctx, schedule_id: int) -> Reply:
    return Reply(first_comment.render(_owned(ctx, schedule_id)))


def update(ctx: Ctx, schedule_id: int) -> Reply:
    row = _owned(ctx, schedule_id)
    fields, errors = first_comment.check_fields(ctx.body_object(), create=False)
    if errors:
        raise ApiError(422, "Validation failed; nothing was changed", errors)
    for name, value in fields.items():
        setattr(row, name, value)  # a list sent replaces the stored one
    return Reply(first_comment.render(row), message="Schedule updated.")


def delete(ctx: Ctx, schedule_id: int) -> Reply:
    row = _owned(ctx, schedule_id)
    del ctx.store.first_comments[row.id]
    return Reply({"id": row.id}, message="Schedule deleted.")


def _set_active(ctx: Ctx, schedule_id: int, active: bool) -> Reply:
    row = _owned(ctx, schedule_id)
    if row.is_active == active:
        raise ApiError(409, f"Schedule is already {'active' if active else 'paused'}")
    row.is_active = active
    if active:
        row.schedule_date = ctx.store.now()
    data = {"id": row.id, "account_id": row.account_id, "is_active": active}
    return Reply(data, message="Schedule activated." if active else "Schedule paused.")


def activate(ctx: Ctx, schedule_id: int) -> Reply:
    return _set_active(ctx, schedule_id, True)


def pause(ctx: Ctx, schedule_id: int) -> Reply:
    return _set_active(ctx, schedule_id, False)


_BASE = "/first-comment/schedules"
ROUTES: list[Route] = [
    Route(_BASE, ("GET",), list_schedules, MODULE, "guide"),
    Route(_BASE, ("POST",), create, MODULE, "guide"),
    Route(f"{_BASE}/<int:schedule_id>", ("GET",), get_schedule, MODULE, "guide"),
    Route(f"{_BASE}/<int:schedule_id>", ("PATCH",), update, MODULE, "guide"),
    Route(f"{_BASE}/<int:schedule_id>", ("DELETE",), delete, MODULE, "guide"),
    Route(f"{_BASE}/<int:schedule_id>/activate", ("POST",), activate, MODULE, "guide"),
    Route(f"{_BASE}/<int:schedule_id>/pause", ("POST",), pause, MODULE, "guide"),
    Route("/first-comment/logs", ("GET",), status_list_logs, MODULE, "guide"),
    Route("/first-comment/logs/<int:account_id>", ("GET",), status_account_logs, MODULE,
          "guide"),
]
