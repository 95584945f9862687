"""Account writes: create, update, delete (both dialects) and the guide's account actions.

The reference documents POST /accounts, PUT|PATCH and DELETE /accounts/{id}; the guide
lists none of them but is the same server, so both dialects serve them (each with its
own envelope). The guide's "Account Actions" (change-proxy, its bulk form, password and
its bulk form) are served in the guide dialect only. Passwords are stored, never returned.

Choices where the documents are silent: POST /accounts checks 422, then 409 (the
username is taken), then 403 (limit); PUT and PATCH are both partial and answer 422 for
an unknown field or an empty body; `login_required` takes 0/1, true/false or "0"/"1";
DELETE answers `{"id": N}`. change-proxy without a `proxy` (or with "") auto-allocates,
and answers 404 when the pool has nothing else to offer. The bulk actions skip unknown
or unowned ids (reported in `skipped`, as the schedule bulk endpoints do) and answer 404
when nothing at all was updated; password/bulk takes `{"accounts":[…]}` (the guide's
example) or a bare array (the guide's table), validated as a whole before any write.
"""

from __future__ import annotations

from typing import Any

from reconciler.sandbox import render
from reconciler.sandbox.accounts import (
    account_id_of,
    allocate_proxy,
    check_limit,
    delete_account,
    insert_account,
    owned_or_404,
    text_field,
)
from reconciler.sandbox.context import ApiError, Ctx, Reply, Route
from reconciler.sandbox.state import Account

_WRITABLE = ("proxy", "mobile_proxy", "login_required", "password")
_FLAG_VALUES: dict[Any, bool] = {0: False, 1: True, "0": False, "1": True}


def create_account(ctx: Ctx) -> Reply:
    body = ctx.body_object()
    errors: dict[str, str] = {}
    username = text_field(body, "username", errors, required=True)
    password = text_field(body, "password", errors, required=True)
    proxy = text_field(body, "proxy", errors, allow_empty=True)
    if errors or username is None or password is None:
        raise ApiError(422, "Validation failed", errors)
    username = username.strip()
    if ctx.store.user_account_named(ctx.user.id, username) is not None:
        raise ApiError(409, "Account already exists", {"username": f"{username} is already added"})
    check_limit(ctx.store, ctx.user)
    row = insert_account(ctx.store, ctx.user.id, username, password, proxy or "", logged_in=False)
    return Reply(render.account(ctx.dialect, row), status=201, message="Account created.")


def _login_required(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    try:
        return _FLAG_VALUES.get(value)
    except TypeError:  # an unhashable JSON value (list, object)
        return None


def update_account(ctx: Ctx, account_id: int) -> Reply:
    row = owned_or_404(ctx, account_id)
    body = ctx.body_object()
    errors = {name: "is not an updatable field" for name in body if name not in _WRITABLE}
    if not body:
        errors["fields"] = f"give at least one of {', '.join(_WRITABLE)}"
    proxy = text_field(body, "proxy", errors, allow_empty=True)
    mobile_proxy = text_field(body, "mobile_proxy", errors, allow_empty=True)
    password = text_field(body, "password", errors)
    login_required = None
    if "login_required" in body:
        login_required = _login_required(body["login_required"])
        if login_required is None:
            errors["login_required"] = "must be 0 or 1"
    if errors:
        raise ApiError(422, "Validation failed", errors)
    if proxy is not None:
        row.proxy = proxy
    if mobile_proxy is not None:
        row.mobile_proxy = mobile_proxy
    if password is not None:
        row.password = password
    if login_required is not None:
        row.login_required = login_required
    return Reply(render.account(ctx.dialect, row), message="Account updated.")


def remove_account(ctx: Ctx, account_id: int) -> Reply:
    row = owned_or_404(ctx, account_id)
    delete_account(ctx.store, row)
    return Reply({"id": row.id}, message="Account deleted.")


def _new_proxy(ctx: Ctx, row: Account) -> str:
    found = allocate_proxy(ctx.store, row.proxy)
    if found is None:
        raise ApiError(404, "No proxy available in the pool", {"proxy": "the pool is empty"})
    return found.proxy


def change_proxy(ctx: Ctx, account_id: int) -> Reply:
    row = owned_or_404(ctx, account_id)
    errors: dict[str, str] = {}
    given = text_field(ctx.body_object(), "proxy", errors, allow_empty=True)
    if errors:
        raise ApiError(422, "Validation failed", errors)
    row.proxy = given or _new_proxy(ctx, row)
    return Reply({"account_id": row.id, "proxy": row.proxy}, message="Proxy updated.")


def _id_list(body: dict[str, Any]) -> list[Any]:
    ids = body.get("account_ids")
    if not isinstance(ids, list) or not ids:
        raise ApiError(422, "Validation failed", {"account_ids": "must be a non-empty array"})
    return ids


def _nothing_updated(skipped: list[Any]) -> ApiError:
    return ApiError(404, "No valid accounts found", {"skipped": skipped})


def bulk_change_proxy(ctx: Ctx) -> Reply:
    results: list[dict[str, Any]] = []
    skipped: list[Any] = []
    for raw in _id_list(ctx.body_object()):
        account_id = account_id_of(raw)
        row = ctx.store.owned_account(ctx.user.id, account_id) if account_id else None
        found = allocate_proxy(ctx.store, row.proxy) if row is not None else None
        if row is None or found is None:
            skipped.append(raw)
            continue
        row.proxy = found.proxy  # one at a time, so each pick sees the counts so far
        results.append({"account_id": row.id, "proxy": row.proxy})
    if not results:
        raise _nothing_updated(skipped)
    data = {"updated": len(results), "results": results, "skipped": skipped}
    return Reply(data, message="Proxies updated.")


def set_password(ctx: Ctx, account_id: int) -> Reply:
    row = owned_or_404(ctx, account_id)
    errors: dict[str, str] = {}
    password = text_field(ctx.body_object(), "password", errors, required=True)
    if errors or password is None:
        raise ApiError(422, "Validation failed", errors)
    row.password = password
    return Reply({"account_id": row.id}, message="Password updated.")


def _password_entries(body: Any) -> list[tuple[Any, int | None, str]]:
    entries = body.get("accounts") if isinstance(body, dict) else body
    if not isinstance(entries, list) or not entries:
        raise ApiError(422, "Validation failed", {"accounts": "must be a non-empty array"})
    errors: dict[str, str] = {}
    parsed: list[tuple[Any, int | None, str]] = []
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            errors[f"accounts[{i}]"] = "must be an object {account_id, password}"
            continue
        password = text_field(entry, "password", errors, required=True)
        if password is None:
            errors[f"accounts[{i}].password"] = errors.pop("password")
            continue
        parsed.append((entry.get("account_id"), account_id_of(entry.get("account_id")), password))
    if errors:
        raise ApiError(422, "Validation failed", errors)
    return parsed


def bulk_password(ctx: Ctx) -> Reply:
    updated = 0
    skipped: list[Any] = []
    for raw, account_id, password in _password_entries(ctx.body()):
        row = ctx.store.owned_account(ctx.user.id, account_id) if account_id else None
        if row is None:
            skipped.append(raw)
            continue
        row.password = password
        updated += 1
    if not updated:
        raise _nothing_updated(skipped)
    return Reply({"updated": updated, "skipped": skipped}, message="Passwords updated.")


ROUTES: list[Route] = [
    Route("/accounts", ("POST",), create_account),
    Route("/accounts/<int:account_id>", ("PUT", "PATCH"), update_account),
    Route("/accounts/<int:account_id>", ("DELETE",), remove_account),
    Route("/accounts/<int:account_id>/change-proxy", ("POST",), change_proxy, dialect="guide"),
    Route("/accounts/change-proxy/bulk", ("POST",), bulk_change_proxy, dialect="guide"),
    Route("/accounts/<int:account_id>/password", ("POST",), set_password, dialect="guide"),
    Route("/accounts/password/bulk", ("POST",), bulk_password, dialect="guide"),
]
