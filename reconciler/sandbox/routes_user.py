"""GET /user and GET /user/subscription: the caller's profile, package and expiry.

The reference documents both; the guide lists neither but is the same server (as for
POST /accounts), so both dialects serve them, ungated. `is_expired` is computed from the
sandbox clock at each request (expired once the clock reaches expire_date), so
`sb.advance_time(…)` lets a subscription run out. The package's `modules` are the
user's package modules (the 403 gate's list). Shapes: render_modules.py.
"""

from __future__ import annotations

from reconciler.sandbox import render_modules
from reconciler.sandbox.context import Ctx, Reply, Route


def get_user(ctx: Ctx) -> Reply:
    return Reply(render_modules.user(ctx.dialect, ctx.store, ctx.user))


def get_subscription(ctx: Ctx) -> Reply:
    return Reply(render_modules.subscription(ctx.dialect, ctx.store, ctx.user))


ROUTES: list[Route] = [
    Route("/user", ("GET",), get_user),
    Route("/user/subscription", ("GET",), get_subscription),
]
