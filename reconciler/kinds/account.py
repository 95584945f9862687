"""Accounts: the platform's account records, keyed by username.

Created by a live login, re-logged in when `login_required`, proxies set by PATCH (the
guide's change-proxy and password actions where it has them), deleted only when
declared `state: absent`. Every per-account kind hangs off these: the account kind's
diff decides which accounts are `ready` for the others. Secrets are resolved from the
environment at the last moment, for the request that sends them only.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import reconciler.kinds.fields as fields
from reconciler.api.client import path
from reconciler.api.envelope import Dialect
from reconciler.calls import Call
from reconciler.errors import ApiError, ConfigError
from reconciler.kinds.account_diff import AccountDiff, AccountPart
from reconciler.kinds.base import Deferred, DiffContext, Kind, Read, Resolve, part_of
from reconciler.login import LoginFlow, login_body, secret
from reconciler.outcomes import Outcome
from reconciler.plan import Action, Change
from reconciler.proxy_pool import PoolProxy
from reconciler.redact import SENSITIVE
from reconciler.state import Account, Login, PoolRequest, State

if TYPE_CHECKING:
    from reconciler.api.client import ApiClient
    from reconciler.outcomes import ApplyContext

_USERINFO = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)[^@/]*@")


def part(state: State) -> AccountPart:
    return part_of(state, AccountKind.name, AccountPart)


def read_account(item: dict[str, Any]) -> Account:
    """One account object of any endpoint (list, login, challenge) in the live shape."""
    where = "/accounts"
    return Account(
        str(fields.required(item, "username", where)),
        fields.ident(item, "id", where),
        proxy=fields.text(item, "proxy"),
        # None: this server's account objects do not report it (the guide's shape)
        mobile_proxy=fields.text(item, "mobile_proxy") if "mobile_proxy" in item else None,
        login_required=fields.flag(item.get("login_required") or False, where),
    )


class AccountKind(Kind):
    name = "account"
    rank = 0
    family = "account"
    label = "Account"
    per_account = False

    def desired_root(self, config: Any, resolve: Resolve, state: State) -> None:
        part(state).max_accounts_per_proxy = config.max_accounts_per_proxy
        for i, acc in enumerate(config.accounts):
            at = ("accounts", i)
            account = Account(acc.username, present=acc.state == "present",
                              protect=acc.protect)
            if isinstance(acc.proxy, str):
                account.proxy = _proxy(resolve, acc.proxy, (*at, "proxy"))
            elif acc.proxy is not None:
                account.proxy = PoolRequest(acc.proxy.country)
            if acc.mobile_proxy is not None:
                account.mobile_proxy = _proxy(resolve, acc.mobile_proxy, (*at, "mobile_proxy"))
            if acc.password is not None:
                account.login = Login(
                    password=acc.password, twofa_secret=acc.twofa_secret,
                    imap_server=acc.imap_server, imap_port=acc.imap_port,
                    imap_username=acc.imap_username, imap_password=acc.imap_password,
                    refs=resolve.refs_at((*at, "password")))
            state.accounts[acc.username] = account

    def want_everything(self, state: State, usernames: list[str]) -> None:
        for username in usernames:
            state.accounts[username] = Account(username)

    def reads(self, desired: State) -> list[Read]:
        reads = [Read("accounts", "/accounts")] \
            if self.surveyed(desired, bool(desired.accounts)) else []
        if any(isinstance(a.proxy, PoolRequest) for a in desired.accounts.values()):
            reads.append(Read("proxies", "/proxies"))
        return reads

    def ingest(self, desired: State, live: State, results: dict[str, Any]) -> None:
        for item in results.get("accounts", []):
            account = read_account(item)
            live.accounts[account.username] = account
        for item in results.get("proxies", []):
            part(live).proxies.append(PoolProxy(
                fields.ident(item, "id", "/proxies"),
                str(fields.required(item, "proxy", "/proxies")),
                fields.text(item, "country_code").upper(),
                fields.ident(item, "use_count", "/proxies")
                if item.get("use_count") is not None else 0))

    def diff(self, ctx: DiffContext) -> None:
        AccountDiff(self, ctx, part(ctx.desired), part(ctx.live)).run()

    def existing(self, desired: State, live: State) -> int:
        return sum(1 for u in desired.accounts if u in live.accounts)

    def calls(self, change: Change, dialect: str) -> list[Call]:
        fields_ = {f.name: f.after for f in change.fields}
        if change.action is Action.DELETE:
            return [Call("DELETE", path("accounts", change.object_id))]
        if change.operation in ("login", "relogin"):
            sent = ("password", "proxy", "twofa_secret")
            body = {"username": change.key, **{k: v for k, v in fields_.items() if k in sent}}
            if "imap" in fields_:
                body.update({"imap_server": "(from config)", "imap_username": "(from config)",
                             "imap_password": SENSITIVE})
            return [Call("POST", "/accounts/login", body, kind="create")]
        if dialect == Dialect.GUIDE:
            calls = []
            if "proxy" in fields_:
                calls.append(Call("POST", path("accounts", change.object_id, "change-proxy"),
                                  {"proxy": fields_.pop("proxy")}))
            if "password" in fields_:
                calls.append(Call("POST", path("accounts", change.object_id, "password"),
                                  {"password": fields_.pop("password")}))
            if fields_:
                calls.append(Call("PATCH", path("accounts", change.object_id), fields_))
            return calls
        return [Call("PATCH", path("accounts", change.object_id), fields_)]

    def phase(self, change: Change) -> int:
        return 3 if change.action is Action.DELETE else 0

    def run(self, client: ApiClient, change: Change,
            ctx: ApplyContext) -> Outcome | Deferred:
        want = ctx.desired.accounts.get(change.key) if ctx.desired else None
        login = want.login if want else None
        values = {f.name: f.after for f in change.fields}
        try:
            if change.operation in ("login", "relogin"):
                return _login(client, change, ctx, login, values.get("proxy"))
            rotate = False
            for call in self.calls(change, client.dialect or Dialect.REFERENCE):
                body = call.body
                if call.path.endswith("/password") and call.method == "POST":
                    rotate = True  # the guide's rotations of many accounts: one bulk call
                    continue
                if isinstance(body, dict) and "password" in body:
                    if login is None:
                        return Outcome(change.address, False, "no password declared to rotate to")
                    body = {**body, "password": secret(login, login.password, ctx.env,
                                                       "password")}
                client.request(call.method, call.path, body=body)
        except ConfigError as exc:  # a secret's variable or file is missing
            return Outcome(change.address, False, "; ".join(d.message for d in exc.diagnostics))
        except ApiError as exc:
            return Outcome(change.address, False, str(exc))
        if rotate:
            return Deferred(change, tuple(f"updated {f.name}" for f in change.fields
                                          if f.name != "password"))
        done = "deleted" if change.action is Action.DELETE else \
            "updated " + ", ".join(f.name for f in change.fields)
        return Outcome(change.address, True, done)

    def batches(self, client: ApiClient, deferred: list[Deferred],
                ctx: ApplyContext) -> list[Callable[[], list[Outcome]]]:
        return [lambda: _rotate(client, deferred, ctx)] if deferred else []

    def verb(self, change: Change) -> str:
        if change.operation == "login":
            return "created by a live login"
        if change.operation == "relogin":
            return "re-logged in"
        return super().verb(change)

    def noun(self, change: Change) -> str:
        return f'account "{change.key}"'

    def address(self, key: str) -> str:
        return f'account["{key}"]'

    def export_account(self, live: State, account: Account, out: Any) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "username": account.username,
            "password": out.placeholder("PASSWORD", account.username,
                                        f"the password of {account.username}")}
        for name, value in (("proxy", account.proxy), ("mobile_proxy", account.mobile_proxy)):
            if isinstance(value, str) and value:
                if _USERINFO.match(value):
                    ref = out.placeholder(f"{name.upper()}_AUTH", account.username,
                                          f"user:password of the {name} of {account.username}")
                    scheme = value.split("://", 1)[0]
                    value = f"{scheme}://{ref}@" + value.split("@", 1)[1]
                entry[name] = value
        if account.login_required:
            out.notes.append(f"{account.username} needs a re-login (login_required=1): "
                             "plan shows it")
        return entry

    def fingerprints(self, desired: State, live: State) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for username in sorted(desired.accounts):
            have = live.accounts.get(username)
            out[self.address(username)] = None if have is None else {
                "id": have.id, "proxy": have.proxy, "mobile_proxy": have.mobile_proxy,
                "login_required": have.login_required}
        if part(live).proxies:
            out["proxies"] = sorted((p.id, p.proxy, p.use_count) for p in part(live).proxies)
        return out


def _proxy(resolve: Resolve, value: str, loc: tuple[str | int, ...]) -> str:
    """A proxy URL with its references resolved, checked like a literal one."""
    from reconciler.config.proxies import proxy_url_problem

    resolved = resolve(value, loc)
    if resolved is not value and "${" not in resolved:
        problem = proxy_url_problem(str.__str__(resolved))
        if problem:
            resolve.problem(loc, f"{problem} (after resolving its references)")
    return resolved


def _login(client: ApiClient, change: Change, ctx: ApplyContext, login: Login | None,
           proxy: Any) -> Outcome:
    if login is None:
        return Outcome(change.address, False, "no password declared for this login")
    waiting = ctx.store.get(change.key)
    if waiting is not None and not waiting.expired:
        minutes = max(1, int((waiting.expires_at - time.time()) // 60))
        return Outcome(change.address, False,
                       f"a login challenge ({waiting.kind}) is already pending for "
                       f"{minutes} more minute(s); not starting another: finish it with "
                       f"`strec login {change.key} --code CODE`")
    body = login_body(change.key, login, proxy if isinstance(proxy, str) else None, ctx.env)
    result = LoginFlow(client, ctx.store, ctx.login).run(
        body, login, create=change.operation == "login")
    return Outcome(change.address, result.ok, result.detail)


def _rotate(client: ApiClient, group: list[Deferred], ctx: ApplyContext) -> list[Outcome]:
    """The guide's password changes: one bulk call for several accounts, else one call."""
    accounts, out = [], []
    for item in group:
        want = ctx.desired.accounts.get(item.change.key) if ctx.desired else None
        if want is None or want.login is None:
            out.append(Outcome(item.change.address, False, "no password declared to rotate to"))
            continue
        try:
            accounts.append((item, secret(want.login, want.login.password, ctx.env,
                                          "password")))
        except ConfigError as exc:
            out.append(Outcome(item.change.address, False,
                               "; ".join(d.message for d in exc.diagnostics)))
    if not accounts:
        return out
    try:
        if len(accounts) == 1:
            item, password = accounts[0]
            client.request("POST", path("accounts", item.change.object_id, "password"),
                           body={"password": password})
        else:
            client.request("POST", "/accounts/password/bulk", body={"accounts": [
                {"account_id": item.change.object_id, "password": password}
                for item, password in accounts]})
    except ApiError as exc:
        return out + [Outcome(item.change.address, False, str(exc)) for item, _ in accounts]
    return out + [Outcome(item.change.address, True, ", ".join([*item.done,
                                                                "updated password"]))
                  for item, _ in accounts]
