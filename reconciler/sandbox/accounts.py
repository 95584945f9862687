"""np_accounts writes shared by the account routes and the login flow.

Kept apart from the routes so POST /accounts, /accounts/login and /accounts/challenge
insert and re-login rows the same way. Choices where the documents are silent:

- A username is "taken" per user and case-insensitively (a *_ci column): another user
  may hold an account with the same username.
- The account limit (`account_limit` of a seeded user) counts the user's accounts;
  it applies to new rows only (never to a re-login) and answers 403.
- A new row's instagram_id is the login script's, else 5000000000 + id (the seed's
  default). POST /accounts does no login: its row has instagram_id "", last_login null
  and login_required 1, so a later /accounts/login is a re-login.
- A re-login overwrites password, instagram_id, last_login and login_required→0; the
  proxy only when the request gives one (an omitted proxy keeps the row's), and the
  IMAP credentials only when given.
- Proxy auto-allocation takes the pool row with the lowest live use_count, then the
  lowest id, skipping the account's current proxy (a change must change something).
"""

from __future__ import annotations

from typing import Any

from reconciler.sandbox.context import ApiError, Ctx
from reconciler.sandbox.logins import ImapCreds, LoginScript
from reconciler.sandbox.modules import ACCOUNT_SCHEDULE_MODULES
from reconciler.sandbox.state import Account, Proxy, Store, User

FIRST_INSTAGRAM_ID = 5_000_000_000


def owned_or_404(ctx: Ctx, account_id: int) -> Account:
    found = ctx.store.owned_account(ctx.user.id, account_id)
    if found is None:
        raise ApiError(404, "Account not found")
    return found


def check_limit(store: Store, user: User) -> None:
    """403 when the user's package allows no more accounts."""
    if user.account_limit is None:
        return
    if store.accounts.count(user.id) >= user.account_limit:
        raise ApiError(403, "Account limit reached", {"account_limit": user.account_limit})


def insert_account(
    store: Store,
    user_id: int,
    username: str,
    password: str,
    proxy: str,
    *,
    logged_in: bool,
    instagram_id: str | None = None,
) -> Account:
    """INSERT INTO np_accounts: a logged-in row, or a bare record that needs a login."""
    account_id = store.next_id("account")
    while account_id in store.accounts:  # a test may have added rows by hand
        account_id = store.next_id("account")
    now = store.now()
    row = Account(account_id, user_id, username, password=password, proxy=proxy, date=now)
    if logged_in:
        row.instagram_id = instagram_id or str(FIRST_INSTAGRAM_ID + account_id)
        row.last_login = now
    else:
        row.last_login = None
        row.login_required = True
    store.accounts[row.id] = row
    return row


def relogin(
    store: Store,
    row: Account,
    password: str,
    proxy: str | None,
    script: LoginScript,
    imap: ImapCreds | None,
) -> None:
    """UPDATE np_accounts after a successful re-login of an existing row."""
    row.password = password
    row.instagram_id = script.instagram_id or row.instagram_id or str(FIRST_INSTAGRAM_ID + row.id)
    if proxy is not None:
        row.proxy = proxy
    if imap is not None:
        row.imap = imap
    row.last_login = store.now()
    row.login_required = False


def delete_account(store: Store, row: Account) -> None:
    """DELETE the row and, like the module plugins' ON DELETE hooks, its schedules, logs
    and posts (its user's uploaded files stay: they belong to the user)."""
    del store.accounts[row.id]
    for pid in [p.id for p in store.posts.rows(row.user_id) if p.account_id == row.id]:
        del store.posts[pid]
    for module in ACCOUNT_SCHEDULE_MODULES:
        store.schedules.pop((module, row.id), None)
    for rows in store.module_schedules.values():
        for sid in [s.id for s in rows.values() if s.account_id == row.id]:
            del rows[sid]
    for fid in [f.id for f in store.first_comments.values() if f.account_id == row.id]:
        del store.first_comments[fid]
    for logs in store.logs.values():
        for lid in [e.id for e in logs.values() if e.account_id == row.id]:
            del logs[lid]


def allocate_proxy(store: Store, current: str) -> Proxy | None:
    """The least-used pool proxy other than `current` (ties: lowest id)."""
    candidates = [p for p in store.proxies.values() if p.proxy and p.proxy != current]
    if not candidates:
        return None
    return min(candidates, key=lambda p: (store.use_count(p), p.id))


def text_field(
    body: dict[str, Any],
    name: str,
    errors: dict[str, str],
    *,
    required: bool = False,
    allow_empty: bool = False,
) -> str | None:
    """A string field of a request body; records a 422 reason in `errors` when wrong."""
    value = body.get(name)
    if value is None:
        if required:
            errors[name] = "is required"
        return None
    if not isinstance(value, str) or (not allow_empty and not value.strip()):
        errors[name] = "must be a string" if allow_empty else "must be a non-empty string"
        return None
    return value


def account_id_of(raw: Any) -> int | None:
    """An account id from JSON: an integer or a digit string, else None."""
    if type(raw) is int:
        return raw
    if isinstance(raw, str) and raw.strip().isdigit():
        return int(raw)
    return None
