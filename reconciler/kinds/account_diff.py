"""The account records' part of the diff: logins, re-logins, proxies, deletions.

Accounts are keyed by username. A missing account is created by a live login (it needs
a declared password); `login_required=1` live means a re-login; `state: absent`
deletes. Passwords cannot be compared (the API never returns them): they are sent
only on create, re-login, or an explicit rotation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reconciler.kinds.base import DiffContext, Kind
from reconciler.plan import Action, FieldChange
from reconciler.proxy_pool import PoolAllocator, PoolProxy
from reconciler.redact import SENSITIVE
from reconciler.state import Account, PoolRequest


@dataclass
class AccountPart:
    """The account kind's installation-wide data: the pool limit and the pool itself."""

    #: desired only: at most this many accounts per pool proxy
    max_accounts_per_proxy: int | None = None
    #: live only: the shared proxy pool (read when a pool request is declared)
    proxies: list[PoolProxy] = field(default_factory=list)


class AccountDiff:
    """Diffs account records, sharing one proxy allocator across the whole plan."""

    def __init__(self, kind: Kind, ctx: DiffContext, desired: AccountPart,
                 live: AccountPart) -> None:
        self.kind = kind
        self.ctx = ctx
        self.pool = PoolAllocator(live.proxies, desired.max_accounts_per_proxy)

    def run(self) -> None:
        for username in sorted(self.ctx.desired.accounts):
            self.account(self.ctx.desired.accounts[username])

    def account(self, want: Account) -> None:
        have = self.ctx.live.accounts.get(want.username)
        address = self.kind.address(want.username)
        if not want.present:
            if have is not None:
                self._delete(want, have, address)
            return
        if have is None:
            self._create(want, address)
            return
        self._update(want, have, address)
        self.ctx.ready[want.username] = have

    def _delete(self, want: Account, have: Account, address: str) -> None:
        if want.protect:
            self.ctx.problem(address, "declared absent but protect: true; refusing to delete it")
            return
        self.ctx.changes.append(self.kind.change(
            Action.DELETE, want.username, object_id=have.id,
            fields=(FieldChange("username", want.username, None),)))

    def _create(self, want: Account, address: str) -> None:
        if want.login is None:
            self.ctx.problem(address, "no such account on the installation; declare its "
                                      "`password` (as ${env:…}) so strec can create it by a "
                                      "live login")
            return
        fields = [FieldChange("password", None, SENSITIVE)]
        ok, proxy = self._proxy_for(want, None, address)
        if not ok:
            return
        if proxy is not None:
            fields.append(FieldChange("proxy", None, proxy))
        if want.login.twofa_secret:
            fields.append(FieldChange("twofa_secret", None, SENSITIVE))
        if want.login.has_imap:
            fields.append(FieldChange("imap", None, f"{want.login.imap_username}@"
                                                    f"{want.login.imap_server}"))
        self.ctx.changes.append(self.kind.change(Action.CREATE, want.username,
                                                 fields=tuple(fields), operation="login"))
        self.ctx.created.add(want.username)

    def _update(self, want: Account, have: Account, address: str) -> None:
        fields: list[FieldChange] = []
        operation = None
        if have.login_required:
            if want.login is not None:
                operation = "relogin"
                fields.append(FieldChange("login_required", True, False))
                fields.append(FieldChange("password", SENSITIVE, SENSITIVE))
            else:
                self.ctx.warnings.append(f"{address}: the account needs a re-login; declare "
                                         "its `password` (as ${env:…}) to let strec do it")
        elif want.username in self.ctx.rotate_passwords:
            if want.login is None:
                self.ctx.problem(address, "--rotate-password needs a declared `password`")
            else:
                fields.append(FieldChange("password", SENSITIVE, SENSITIVE))
        _, proxy = self._proxy_for(want, have, address)
        live_proxy = have.proxy if isinstance(have.proxy, str) else ""
        if proxy is not None and proxy != live_proxy:
            fields.append(FieldChange("proxy", live_proxy or None, proxy))
        if want.mobile_proxy is not None and have.mobile_proxy is None:
            self.ctx.warnings.append(f"{address}: this server does not report mobile_proxy, "
                                     "so strec cannot compare it; it is left as it is")
        elif want.mobile_proxy is not None and want.mobile_proxy != have.mobile_proxy:
            fields.append(FieldChange("mobile_proxy", have.mobile_proxy or None,
                                      want.mobile_proxy))
        if fields:
            self.ctx.changes.append(self.kind.change(
                Action.UPDATE, want.username, object_id=have.id, fields=tuple(fields),
                operation=operation))

    def _proxy_for(self, want: Account, have: Account | None,
                   address: str) -> tuple[bool, str | None]:
        """(False, None) after reporting a problem; else (True, the proxy to set or None)."""
        if not isinstance(want.proxy, PoolRequest):
            return True, want.proxy
        current = have.proxy if have is not None and isinstance(have.proxy, str) else None
        if self.pool.satisfies(current, want.proxy):
            return True, None
        chosen = self.pool.choose(want.proxy)
        if chosen is None:
            limit = self.pool.max_per_proxy
            self.ctx.problem(address, f"no {want.proxy.country} proxy left in the pool"
                             + (f" under max_accounts_per_proxy={limit}" if limit else ""))
            return False, None
        self.pool.release(current)
        return True, chosen.proxy
