"""Change -> the API calls that carry it out. Pure, so plans can show them and apply run them.

Activation is not a call of its own here: apply batches the activations of many
accounts in one module into one bulk call, so `activation_call` takes the whole group.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reconciler.api.client import path
from reconciler.api.envelope import Dialect
from reconciler.plan import Action, Change, ResourceKind
from reconciler.redact import SENSITIVE


@dataclass(frozen=True)
class Call:
    """One API request: method, path under the base URL, and JSON body."""

    method: str
    path: str
    body: Any = None
    #: what makes a lost answer safe to retry: "idempotent", or "create" (re-read first)
    kind: str = "idempotent"

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def caption_calls(change: Change) -> list[Call]:
    """The single call a caption change needs."""
    after = {f.name: f.after for f in change.fields}
    if change.action is Action.CREATE:
        return [Call("POST", "/captions", {"title": change.key, **after}, kind="create")]
    if change.action is Action.UPDATE:
        return [Call("PATCH", path("captions", change.object_id), after)]
    return [Call("DELETE", path("captions", change.object_id))]


def schedule_calls(change: Change, dialect: Dialect) -> list[Call]:
    """Settings PATCH, then target removals, then additions (a re-add needs the old one gone)."""
    module, account_id = change.module, change.object_id
    calls: list[Call] = []
    if change.fields:
        body = {f.name: f.after for f in change.fields}
        calls.append(Call("PATCH", path(module, "schedules", account_id, "settings"), body))
    for target, removal_id in zip(change.remove_targets, change.removal_ids, strict=True):
        if dialect is Dialect.GUIDE:
            calls.append(Call("DELETE", path(module, "schedules", account_id, "targets",
                                             removal_id)))
        else:
            calls.append(Call("DELETE", path(module, "schedules", account_id, "targets"),
                              {"type": target.type, "value": target.value}))
    for target in change.add_targets:
        fields = {"type": target.type, "value": target.value}
        if target.id is not None:
            fields["id"] = target.id
        calls.append(Call("POST", path(module, "schedules", account_id, "targets"), fields,
                          kind="create"))
    return calls


def activation_call(module: str, active: bool, account_ids: list[int],
                    dialect: Dialect) -> Call:
    """One call for a group: the single endpoint for one account, the bulk one for more."""
    verb = "activate" if active else "pause"
    if len(account_ids) == 1:
        return Call("POST", path(module, "schedules", account_ids[0], verb))
    bulk = ("bulk",) if dialect is Dialect.GUIDE else ("schedules", "bulk")
    return Call("POST", path(module, *bulk, verb), {"account_ids": sorted(account_ids)})


def change_calls(change: Change, dialect: Dialect) -> list[Call]:
    """Every call of one change, activation shown as its single-account form."""
    if change.kind is ResourceKind.CAPTION:
        return caption_calls(change)
    if change.kind is ResourceKind.ACCOUNT:
        return account_calls(change, dialect)
    calls = schedule_calls(change, dialect)
    if change.active is not None and change.module and change.object_id is not None:
        calls.append(activation_call(change.module, change.active[1], [change.object_id],
                                     dialect))
    return calls


def account_calls(change: Change, dialect: Dialect) -> list[Call]:
    """The calls of an account change; secret values show as (sensitive) until apply."""
    fields = {f.name: f.after for f in change.fields}
    if change.action is Action.DELETE:
        return [Call("DELETE", path("accounts", change.object_id))]
    if change.operation in ("login", "relogin"):
        sent = ("password", "proxy", "twofa_secret")
        body = {"username": change.key, **{k: v for k, v in fields.items() if k in sent}}
        if "imap" in fields:
            body.update({"imap_server": "(from config)", "imap_username": "(from config)",
                         "imap_password": SENSITIVE})
        return [Call("POST", "/accounts/login", body, kind="create")]
    if dialect is Dialect.GUIDE:
        calls = []
        if "proxy" in fields:
            calls.append(Call("POST", path("accounts", change.object_id, "change-proxy"),
                              {"proxy": fields.pop("proxy")}))
        if "password" in fields:
            calls.append(Call("POST", path("accounts", change.object_id, "password"),
                              {"password": fields.pop("password")}))
        if fields:
            calls.append(Call("PATCH", path("accounts", change.object_id), fields))
        return calls
    return [Call("PATCH", path("accounts", change.object_id), fields)]
