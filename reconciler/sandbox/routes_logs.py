"""Repost Pro and Reactions Pro run logs: all of the caller's, or one account's.

The reference documents GET /{repost,reactions}/logs and …/logs/{account_id} with
page/per_page only (the repost list with a page/per_page/total/total_pages meta) and
names no filter, so none is taken: an ?account_id= or ?status= is ignored, as an unknown
query parameter is everywhere. Choices where the documents are silent: newest first;
…/logs/{account_id} is 404 for an account that is not the caller's (even one that has
no log), and an empty list for the caller's account without logs. Shapes: logs.py.
"""

from __future__ import annotations

from reconciler.sandbox.context import ApiError, Ctx, Reply, Route
from reconciler.sandbox.logs import LOGS, render_log, user_logs


def _logs(ctx: Ctx, account_id: int | None, *, by_status: bool) -> Reply:
    status = ctx.choice_filter("status", LOGS[ctx.module].statuses) if by_status else None
    rows = user_logs(ctx.store, ctx.module, ctx.user.id, account_id=account_id, status=status)
    return ctx.listing(rows, render=lambda e: render_log(ctx.dialect, ctx.store, e))


def _owned(ctx: Ctx, account_id: int) -> int:
    if ctx.store.owned_account(ctx.user.id, account_id) is None:
        raise ApiError(404, "Account not found")
    return account_id


def list_logs(ctx: Ctx) -> Reply:
    return _logs(ctx, None, by_status=False)


def account_logs(ctx: Ctx, account_id: int) -> Reply:
    return _logs(ctx, _owned(ctx, account_id), by_status=False)


def status_list_logs(ctx: Ctx) -> Reply:
    """The logs of a module that documents a ?status= filter (First Comment)."""
    return _logs(ctx, None, by_status=True)


def status_account_logs(ctx: Ctx, account_id: int) -> Reply:
    return _logs(ctx, _owned(ctx, account_id), by_status=True)


ROUTES: list[Route] = [
    route
    for module in ("repost", "reactions")
    for route in (
        Route(f"/{module}/logs", ("GET",), list_logs, module),
        Route(f"/{module}/logs/<int:account_id>", ("GET",), account_logs, module),
    )
]
