"""The normalized state model that desired (config) and live (API) state share.

Both sides are built into these same shapes, so the diff is plain comparison. On the
desired side `None` means "not managed"; on the live side it means "not read" (strec
reads only what the config manages).

The containers here are generic: an `Account` holds one object per per-account resource
kind (`schedules`, keyed by kind name) and the `State` one object per installation-wide
kind (`parts`); each kind (`reconciler.kinds`) owns the type of what it keeps there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True, order=True)
class Target:
    """One schedule target. `id` is already defaulted to `value` where the type allows."""

    type: str
    value: str
    id: str | None = None

    @property
    def key(self) -> tuple[str, str]:
        """Targets are matched by type and value, as the API's 409 and removal do."""
        return (self.type, self.value)

    def label(self) -> str:
        shown = f"{self.type}:{self.value}" if self.value else self.type
        return shown if self.id in (None, self.value) else f"{shown} (id {self.id})"


@dataclass(frozen=True)
class PoolRequest:
    """`proxy: {country: US}`: any proxy of the shared pool in that country will do."""

    country: str


@dataclass(frozen=True)
class RefContext:
    """Where the `${file:}` references of one config value are read from (the directory
    of the file that wrote it) and what they may reach (the config's root)."""

    base_dir: Path | None = None
    root: Path | None = None
    allow_outside: bool = False


@dataclass(frozen=True)
class Login:
    """What a live login needs, as config references: resolved only when a login runs."""

    password: str  # a ${env:…}/${file:…} reference, never the secret itself
    twofa_secret: str | None = None
    imap_server: str | None = None
    imap_port: int | None = None
    imap_username: str | None = None
    imap_password: str | None = None
    #: where the references above are resolved from
    refs: RefContext = RefContext()

    @property
    def has_imap(self) -> bool:
        return bool(self.imap_server and self.imap_username and self.imap_password)


@dataclass
class Account:
    """An account, keyed by username; `id` is the platform's record id (live only).

    On the desired side `present=False` means `state: absent`; `proxy` may be a
    literal URL or a PoolRequest; `login` is None when no password is declared.
    `schedules` holds, per per-account kind (repost, welcome_dm, …), that kind's object.
    """

    username: str
    id: int | None = None
    schedules: dict[str, Any] = field(default_factory=dict)
    proxy: str | PoolRequest | None = None
    mobile_proxy: str | None = None
    present: bool = True
    protect: bool = False
    login: Login | None = None
    #: live only: the account must log in again before it works.
    login_required: bool = False


@dataclass
class State:
    """A whole installation as strec manages it."""

    accounts: dict[str, Account] = field(default_factory=dict)
    #: per installation-wide kind (captions, the proxy pool, target catalogs …), its data
    parts: dict[str, Any] = field(default_factory=dict)
    #: desired only: plan-wide options from the config (the `safety:` limits …)
    options: dict[str, Any] = field(default_factory=dict)
    #: live only: why a whole kind could not be read (403 not in plan, 503 not installed)
    module_errors: dict[str, str] = field(default_factory=dict)
    #: live only: per-object reads that failed every retry, by address.
    read_errors: dict[str, str] = field(default_factory=dict)
    #: live only: the API dialect ("reference" or "guide"), once an answer showed it
    dialect: str | None = None
    #: live only: the web panel's absolute root (the API base URL without /api/v1)
    panel: str = ""
