"""The sandbox's in-memory database: one table per kind of record, guarded by one lock.

Records are plain mutable dataclasses so tests can reach in and change a value to
simulate drift (`sb.state.schedule("repost", 11).settings["speed"] = "fast"`). Each
table is a Table (table.py): a dict that also keeps every user's rows in list order, so
a list page costs O(page); a row that changes owner moves with it.
Settings hold canonical Python values (bool, int, float, "HH:MM" str, str, or None
for an unset datetime); each dialect renders them on the way out.

Time comes from `Store.clock` plus `Store.time_offset`, so tests can expire a challenge
token (`sb.advance_time(601)`) without sleeping. A pool proxy's `use_count` is computed
live: the row's `other_uses` (uses the sandbox does not model, e.g. other installations'
accounts) plus the accounts whose `proxy` equals the pool row's `proxy`; `mobile_proxy`
is not drawn from the pool and does not count.

The tables of the newer modules (Welcome DM, AI-DM and Leads schedules by id, First
Comment schedules, every module's run logs) and the posts and media tables hold the
records of records.py.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from reconciler.sandbox.logins import DEFAULT_SCRIPT, Challenge, ImapCreds, LoginScript
from reconciler.sandbox.modules import ALL_PACKAGES
from reconciler.sandbox.records import (
    DEFAULT_DATE,
    DEFAULT_END_DATE,
    DEFAULT_MAX_UPLOAD_BYTES,
    FirstComment,
    LogEntry,
    Media,
    MediaSettings,
    ModuleSchedule,
    Package,
    Post,
)
from reconciler.sandbox.table import Row, Rows, Table

SettingValue = bool | int | float | str | None
_BY_USER = ("user_id",)


def datetime_text(unix: float) -> str:
    """A unix time as MySQL DATETIME text (UTC)."""
    return datetime.fromtimestamp(unix, UTC).strftime("%Y-%m-%d %H:%M:%S")


@dataclass
class User:
    """A platform user (tenant); `modules` are the package's module names."""

    id: int
    username: str
    modules: set[str]
    account_type: str = "user"
    account_limit: int | None = None  # the package's account quota; None = unlimited
    email: str = ""
    firstname: str = ""
    lastname: str = ""
    is_active: bool = True
    is_online: bool = False
    package: Package = field(default_factory=Package)
    package_subscription: bool = False  # paying by recurring subscription
    expire_date: str = DEFAULT_END_DATE
    last_activity_time: str | None = None
    date_joined: str = DEFAULT_DATE
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES  # the plan's limit per uploaded file


@dataclass
class ApiKey:
    """A raw key and its owner; a revoked key stays here with `active=False`."""

    key: str
    user_id: int
    active: bool = True


@dataclass
class Account(Row):
    """An np_accounts row. `password` is stored but never rendered."""

    id: int
    user_id: int
    username: str
    instagram_id: str = ""
    full_name: str = ""
    proxy: str = ""
    mobile_proxy: str = ""
    login_required: bool = False
    is_active: bool = True
    slave: bool = False
    child: bool = False
    rpa: bool = False
    engagement_mod: bool = False
    counter: int = 0
    password: str = ""
    last_login: str | None = DEFAULT_DATE
    date: str = DEFAULT_DATE
    imap: ImapCreds | None = None  # the data column's IMAP credentials; never rendered


@dataclass
class Target:
    """One entry of a schedule's target JSON column; `target_id` is the guide's handle."""

    target_id: int
    type: str
    value: str
    id: str
    link: str = ""


@dataclass
class Schedule(Row):
    """A repost or reactions schedule of one account (created only in the web panel)."""

    id: int
    module: str  # "repost" | "reactions"
    account_id: int
    user_id: int
    is_active: bool = False
    is_running: bool = False  # reactions' column; repost shows it as status "running"
    is_executed: bool = False
    speed: int = 3  # reactions' 1-5 column; repost keeps its speed in settings
    settings: dict[str, SettingValue] = field(default_factory=dict)
    targets: list[Target] = field(default_factory=list)
    messages: list[Any] = field(default_factory=list)
    private_only: bool = False  # the guide's data.private_only (repost)
    #: repost fields whose meaning only the guide has (remove_delay in hours, the
    #: metadata location id and username); see guide_repost.py
    guide: dict[str, SettingValue] = field(default_factory=dict)
    schedule_date: str | None = DEFAULT_DATE
    end_date: str | None = DEFAULT_END_DATE
    last_action_date: str | None = None
    next_check_date: str | None = None


@dataclass
class Caption(Row):
    """An np_captions row."""

    id: int
    user_id: int
    title: str
    caption: str
    date: str = DEFAULT_DATE


@dataclass
class Proxy(Row):
    """A row of the shared proxy pool (no owner); see Store.use_count for its use_count."""

    id: int
    proxy: str
    country_code: str = ""
    other_uses: int = 0  # uses by accounts the sandbox does not hold


class Store:
    """All tables plus id sequences. Hold `lock` while reading or writing more than one row."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.plugins: set[str] = set(ALL_PACKAGES)
        self.users: dict[int, User] = {}
        self.keys: dict[str, ApiKey] = {}
        #: every table lists a user's rows by id (logs newest first); see table.py
        self.accounts: Table[int, Account] = Table(_BY_USER, tally="proxy")
        #: (module, account_id) → the account's repost or reactions schedule
        self.schedules: Table[tuple[str, int], Schedule] = Table(("module", "user_id"))
        self.captions: Table[int, Caption] = Table(_BY_USER)
        self.proxies: Table[int, Proxy] = Table()
        #: Welcome DM, AI-DM and Leads schedules: module key → schedule id → row
        self.module_schedules: dict[str, Table[int, ModuleSchedule]] = {}
        self.first_comments: Table[int, FirstComment] = Table(_BY_USER)
        self.logs: dict[str, Table[int, LogEntry]] = {}  # module key → log id → row
        self.posts: Table[int, Post] = Table(_BY_USER)
        self.media: Table[int, Media] = Table(_BY_USER)
        self.media_settings = MediaSettings()
        self.logins: dict[str, LoginScript] = {}  # by lower-cased username
        self.challenges: dict[str, Challenge] = {}  # by token
        self.clock: Callable[[], float] = time.time
        self.time_offset = 0.0
        self._seq: dict[str, int] = {}

    def time(self) -> float:
        """The sandbox's current unix time (the clock plus any advance_time)."""
        return self.clock() + self.time_offset

    def now(self) -> str:
        """The sandbox's current time as MySQL DATETIME text."""
        return datetime_text(self.time())

    def next_id(self, kind: str) -> int:
        """The next AUTO_INCREMENT value of a table ("account", "caption", "target", …)."""
        with self.lock:
            value = self._seq.get(kind, 0) + 1
            self._seq[kind] = value
            return value

    def claim_id(self, kind: str, value: int) -> int:
        """Record an explicit id so later auto ids never collide with it."""
        with self.lock:
            self._seq[kind] = max(self._seq.get(kind, 0), value)
            return value

    # -- keys ------------------------------------------------------------------------

    def add_key(self, key: str, user_id: int, *, active: bool = True) -> None:
        with self.lock:
            self.keys[key] = ApiKey(key, user_id, active)

    def revoke_key(self, key: str) -> None:
        """Revoke a key: later requests with it answer 401."""
        with self.lock:
            if key in self.keys:
                self.keys[key].active = False

    def user_for_key(self, key: str) -> User | None:
        with self.lock:
            found = self.keys.get(key)
            if found is None or not found.active:
                return None
            return self.users.get(found.user_id)

    # -- lookups ---------------------------------------------------------------------

    def owned_account(self, user_id: int, account_id: int) -> Account | None:
        """The account if it exists and belongs to the user (else None: answer 404)."""
        account = self.accounts.get(account_id)
        return account if account is not None and account.user_id == user_id else None

    def account_by_username(self, username: str) -> Account | None:
        return next((a for a in self.accounts.values() if a.username == username), None)

    def user_account_named(self, user_id: int, username: str) -> Account | None:
        """The user's account with this username, compared case-insensitively (*_ci)."""
        wanted = username.lower()
        return next((a for a in self.accounts.rows(user_id) if a.username.lower() == wanted), None)

    def use_count(self, proxy: Proxy) -> int:
        """A pool proxy's use_count: other uses plus the accounts using it now."""
        return proxy.other_uses + self.accounts.tally[proxy.proxy]

    def login_script(self, username: str) -> LoginScript:
        """What the simulated Instagram does for this username (default: success)."""
        return self.logins.get(username.lower(), DEFAULT_SCRIPT)

    def schedule(self, module: str, account_id: int) -> Schedule | None:
        """The schedule of a module for an account, whoever owns it."""
        return self.schedules.get((module, account_id))

    def owned_schedule(self, module: str, user_id: int, account_id: int) -> Schedule | None:
        found = self.schedules.get((module, account_id))
        return found if found is not None and found.user_id == user_id else None

    def schedules_of(self, module: str, user_id: int) -> Rows[Schedule]:
        """A user's schedules of one module, by schedule id."""
        return self.schedules.rows((module, user_id))

    def module_rows(self, module: str) -> Table[int, ModuleSchedule]:
        """The id → row table of a Welcome DM, AI-DM or Leads module."""
        if module not in self.module_schedules:
            self.module_schedules[module] = Table(_BY_USER)
        return self.module_schedules[module]

    def owned_module_schedule(self, module: str, user_id: int, sid: int) -> ModuleSchedule | None:
        found = self.module_rows(module).get(sid)
        return found if found is not None and found.user_id == user_id else None

    def module_schedules_of(self, module: str, user_id: int) -> Rows[ModuleSchedule]:
        """A user's schedules of a Welcome DM, AI-DM or Leads module, by id."""
        return self.module_rows(module).rows(user_id)

    def log_rows(self, module: str) -> Table[int, LogEntry]:
        """The id → row log table of a module; rows() lists newest first (date, then id)."""
        if module not in self.logs:
            self.logs[module] = Table(_BY_USER, ("date", "id"), newest_first=True)
        return self.logs[module]
