"""Accounts, proxies and captions: the platform's own tables, not gated by any module.

Choices where the documents are silent: lists are ordered by id ascending (read from
the tables' indexes, so an unfiltered page costs O(page); a filter scans the caller's
rows once); `search` is a case-insensitive substring match (MySQL LIKE on a *_ci
collation); caption PUT/PATCH ignores unknown fields (the controller picks the fields it
knows) but answers 422 when neither title nor caption is given, or either is empty or
not a string; DELETE answers 200 with `{"id": N}`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reconciler.sandbox import render
from reconciler.sandbox.context import ApiError, Ctx, Reply, Route
from reconciler.sandbox.state import Account, Caption, Proxy


def _matches(needle: str | None, *haystack: str) -> bool:
    return not needle or any(needle.lower() in h.lower() for h in haystack)


def _flag_filter(raw: str | None) -> bool | None:
    """A 0|1 filter: the wanted value, or None (absent or anything else: no filter)."""
    return raw == "1" if raw in ("0", "1") else None


def list_accounts(ctx: Ctx) -> Reply:
    platform = ctx.query("platform")
    search = (ctx.query("search") or "").lower()
    login_required = _flag_filter(ctx.query("login_required"))
    slave = _flag_filter(ctx.query("slave"))
    mine = ctx.store.accounts.rows(ctx.user.id)
    rows: Sequence[Account] = mine
    if platform not in (None, "", "instagram"):
        rows = []
    elif search or login_required is not None or slave is not None:
        rows = [
            a
            for a in mine
            if search in a.username.lower()
            and login_required in (None, a.login_required)
            and slave in (None, a.slave)
        ]
    return ctx.listing(rows, render=lambda a: render.account(ctx.dialect, a))


def get_account(ctx: Ctx, account_id: int) -> Reply:
    found = ctx.store.owned_account(ctx.user.id, account_id)
    if found is None:
        raise ApiError(404, "Account not found")
    return Reply(render.account(ctx.dialect, found))


def list_proxies(ctx: Ctx) -> Reply:
    country = (ctx.query("country_code") or "").upper()
    rows: Sequence[Proxy] = ctx.store.proxies.rows()
    if country:
        rows = [p for p in rows if p.country_code.upper() == country]
    return ctx.listing(rows, render=lambda p: render.proxy(ctx.store, p))


def _owned_caption(ctx: Ctx, caption_id: int) -> Caption:
    found = ctx.store.captions.get(caption_id)
    if found is None or found.user_id != ctx.user.id:
        raise ApiError(404, "Caption not found")
    return found


def list_captions(ctx: Ctx) -> Reply:
    search = ctx.query("search")
    rows: Sequence[Caption] = ctx.store.captions.rows(ctx.user.id)
    if search:
        rows = [c for c in rows if _matches(search, c.title, c.caption)]
    return ctx.listing(rows, render=render.caption)


def _caption_fields(body: dict[str, Any], *, required: bool) -> dict[str, str]:
    fields: dict[str, str] = {}
    errors: dict[str, str] = {}
    for name in ("title", "caption"):
        if name not in body:
            if required:
                errors[name] = "is required"
            continue
        value = body[name]
        if not isinstance(value, str) or not value.strip():
            errors[name] = "must be a non-empty string"
        else:
            fields[name] = value
    if not required and not fields and not errors:
        errors["title"] = "give title and/or caption"
    if errors:
        raise ApiError(422, "Validation failed", errors)
    return fields


def create_caption(ctx: Ctx) -> Reply:
    fields = _caption_fields(ctx.body_object(), required=True)
    row = Caption(
        ctx.store.next_id("caption"),
        ctx.user.id,
        fields["title"],
        fields["caption"],
        ctx.store.now(),
    )
    ctx.store.captions[row.id] = row
    return Reply(render.caption(row), status=201, message="Caption created.")


def get_caption(ctx: Ctx, caption_id: int) -> Reply:
    return Reply(render.caption(_owned_caption(ctx, caption_id)))


def update_caption(ctx: Ctx, caption_id: int) -> Reply:
    row = _owned_caption(ctx, caption_id)
    for name, value in _caption_fields(ctx.body_object(), required=False).items():
        setattr(row, name, value)
    return Reply(render.caption(row), message="Caption updated.")


def delete_caption(ctx: Ctx, caption_id: int) -> Reply:
    row = _owned_caption(ctx, caption_id)
    del ctx.store.captions[row.id]
    return Reply({"id": row.id}, message="Caption deleted.")


ROUTES: list[Route] = [
    Route("/accounts", ("GET",), list_accounts),
    Route("/accounts/<int:account_id>", ("GET",), get_account),
    Route("/proxies", ("GET",), list_proxies),
    Route("/captions", ("GET",), list_captions),
    Route("/captions", ("POST",), create_caption),
    Route("/captions/<int:caption_id>", ("GET",), get_caption),
    Route("/captions/<int:caption_id>", ("PUT", "PATCH"), update_caption),
    Route("/captions/<int:caption_id>", ("DELETE",), delete_caption),
]
