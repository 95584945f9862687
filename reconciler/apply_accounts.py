"""Applying account changes: logins (create, re-login), PATCHes, deletions.

Secrets are resolved from the environment here, at the last moment, and only for the
request that sends them.
"""

from __future__ import annotations

from reconciler.api.client import ApiClient
from reconciler.api.envelope import Dialect
from reconciler.calls import account_calls
from reconciler.config import resolve_refs
from reconciler.errors import ApiError, ConfigError
from reconciler.login import LoginFlow, login_body
from reconciler.outcomes import ApplyContext, Outcome
from reconciler.plan import Action, Change


def run_account(client: ApiClient, change: Change, ctx: ApplyContext,
                 dialect: Dialect) -> Outcome:
    """A login (create or re-login), a PATCH of proxies or password, or a deletion."""
    want = ctx.desired.accounts.get(change.key) if ctx.desired else None
    login = want.login if want else None
    fields = {f.name: f.after for f in change.fields}
    try:
        if change.operation in ("login", "relogin"):
            if login is None:
                return Outcome(change.address, False, "no password declared for this login")
            proxy = fields.get("proxy")
            body = login_body(change.key, login, proxy if isinstance(proxy, str) else None,
                              ctx.env)
            result = LoginFlow(client, ctx.store, ctx.login).run(
                body, login, create=change.operation == "login")
            return Outcome(change.address, result.ok, result.detail)
        for call in account_calls(change, dialect):
            body = call.body
            if isinstance(body, dict) and "password" in body:
                if login is None:
                    return Outcome(change.address, False, "no password declared to rotate to")
                body = {**body, "password": resolve_refs(login.password, env=ctx.env,
                                                         path="password")}
            client.request(call.method, call.path, body=body)
    except ConfigError as exc:  # a secret's variable or file is missing
        return Outcome(change.address, False, "; ".join(d.message for d in exc.diagnostics))
    except ApiError as exc:
        return Outcome(change.address, False, str(exc))
    done = "deleted" if change.action is Action.DELETE else \
        "updated " + ", ".join(f.name for f in change.fields)
    return Outcome(change.address, True, done)


