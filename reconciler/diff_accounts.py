"""The account records' part of the diff: logins, re-logins, proxies, deletions.

Accounts are keyed by username. A missing account is created by a live login (it needs
a declared password); `login_required=1` live means a re-login; `state: absent`
deletes. Passwords cannot be compared (the API never returns them): they are sent
only on create, re-login, or an explicit rotation.
"""

from __future__ import annotations

from reconciler.plan import Action, Change, FieldChange, Problem, ResourceKind
from reconciler.proxy_pool import PoolAllocator
from reconciler.redact import SENSITIVE
from reconciler.state import Account, PoolRequest, State


class AccountDiff:
    """Diffs account records, sharing one proxy allocator across the whole plan."""

    def __init__(self, desired: State, live: State, rotate_passwords: frozenset[str]) -> None:
        self.live = live
        self.rotate = rotate_passwords
        self.pool = PoolAllocator(live.proxies, desired.max_accounts_per_proxy)
        self.changes: list[Change] = []
        self.problems: list[Problem] = []
        self.warnings: list[str] = []

    def account(self, want: Account) -> Account | None:
        """Diff one account; returns the live account when its schedules can be diffed."""
        have = self.live.accounts.get(want.username)
        address = f'account["{want.username}"]'
        if not want.present:
            if have is not None:
                self._delete(want, have, address)
            return None
        if have is None:
            self._create(want, address)
            return None
        self._update(want, have, address)
        return have

    def _delete(self, want: Account, have: Account, address: str) -> None:
        if want.protect:
            self.problems.append(Problem(address, "declared absent but protect: true; "
                                                  "refusing to delete it"))
            return
        self.changes.append(Change(Action.DELETE, ResourceKind.ACCOUNT, want.username,
                                   object_id=have.id,
                                   fields=(FieldChange("username", want.username, None),)))

    def _create(self, want: Account, address: str) -> None:
        if want.login is None:
            self.problems.append(Problem(
                address, "no such account on the installation; declare its `password` "
                         "(as ${env:…}) so strec can create it by a live login"))
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
        self.changes.append(Change(Action.CREATE, ResourceKind.ACCOUNT, want.username,
                                   fields=tuple(fields), operation="login"))
        for module in sorted(want.schedules):
            self.warnings.append(
                f"{address}.{module}: the account is created by this apply; schedules "
                "cannot be created through the API, so create its schedule in the web panel "
                "before strec can manage it")

    def _update(self, want: Account, have: Account, address: str) -> None:
        fields: list[FieldChange] = []
        operation = None
        if have.login_required:
            if want.login is not None:
                operation = "relogin"
                fields.append(FieldChange("login_required", True, False))
                fields.append(FieldChange("password", SENSITIVE, SENSITIVE))
            else:
                self.warnings.append(f"{address}: the account needs a re-login; declare its "
                                     "`password` (as ${env:…}) to let strec do it")
        elif want.username in self.rotate:
            if want.login is None:
                self.problems.append(Problem(address, "--rotate-password needs a declared "
                                                      "`password`"))
            else:
                fields.append(FieldChange("password", SENSITIVE, SENSITIVE))
        _, proxy = self._proxy_for(want, have, address)
        live_proxy = have.proxy if isinstance(have.proxy, str) else ""
        if proxy is not None and proxy != live_proxy:
            fields.append(FieldChange("proxy", live_proxy or None, proxy))
        if want.mobile_proxy is not None and have.mobile_proxy is None:
            self.warnings.append(f"{address}: this server does not report mobile_proxy, so "
                                 "strec cannot compare it; it is left as it is")
        elif want.mobile_proxy is not None and want.mobile_proxy != have.mobile_proxy:
            fields.append(FieldChange("mobile_proxy", have.mobile_proxy or None,
                                      want.mobile_proxy))
        if fields:
            self.changes.append(Change(Action.UPDATE, ResourceKind.ACCOUNT, want.username,
                                       object_id=have.id, fields=tuple(fields),
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
            self.problems.append(Problem(
                address, f"no {want.proxy.country} proxy left in the pool"
                         + (f" under max_accounts_per_proxy={limit}" if limit else "")))
            return False, None
        self.pool.release(current)
        return True, chosen.proxy
