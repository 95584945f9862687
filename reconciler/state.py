"""The normalized state model that desired (config) and live (API) state share.

Both sides are built into these same shapes, so the diff is plain comparison. On the
desired side `None` means "not managed"; on the live side it means "not read" (strec
reads only what the config manages).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reconciler.normalize import Scalar

MODULES = ("repost", "reactions")


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
        shown = f"{self.type}:{self.value}"
        return shown if self.id in (None, self.value) else f"{shown} (id {self.id})"


@dataclass
class Schedule:
    """A Repost Pro or Reactions Pro schedule of one account."""

    active: bool | None = None
    settings: dict[str, Scalar] | None = None
    targets: list[Target] | None = None
    #: live only: the identifier the guide dialect's DELETE …/targets/{id} takes.
    removal_ids: dict[tuple[str, str], str] = field(default_factory=dict)


@dataclass(frozen=True)
class PoolRequest:
    """`proxy: {country: US}`: any proxy of the shared pool in that country will do."""

    country: str


@dataclass(frozen=True)
class Login:
    """What a live login needs, as config references: resolved only when a login runs."""

    password: str  # a ${env:…}/${file:…} reference, never the secret itself
    twofa_secret: str | None = None
    imap_server: str | None = None
    imap_port: int | None = None
    imap_username: str | None = None
    imap_password: str | None = None

    @property
    def has_imap(self) -> bool:
        return bool(self.imap_server and self.imap_username and self.imap_password)


@dataclass
class Account:
    """An account, keyed by username; `id` is the platform's record id (live only).

    On the desired side `present=False` means `state: absent`; `proxy` may be a
    literal URL or a PoolRequest; `login` is None when no password is declared.
    """

    username: str
    id: int | None = None
    schedules: dict[str, Schedule] = field(default_factory=dict)
    proxy: str | PoolRequest | None = None
    mobile_proxy: str | None = None
    present: bool = True
    protect: bool = False
    login: Login | None = None
    #: live only: the account must log in again before it works.
    login_required: bool = False


@dataclass
class Caption:
    """A caption of the library, keyed by title; `id` is known on the live side."""

    title: str
    caption: str
    id: int | None = None
    protect: bool = False


@dataclass(frozen=True)
class PoolProxy:
    """A row of the shared proxy pool."""

    id: int
    proxy: str
    country: str
    use_count: int


@dataclass
class State:
    """A whole installation as strec manages it."""

    accounts: dict[str, Account] = field(default_factory=dict)
    #: live titles may repeat (the server enforces no uniqueness): a list per title.
    captions: dict[str, list[Caption]] = field(default_factory=dict)
    #: desired only: delete live captions that the config does not declare.
    prune_captions: bool = False
    #: live only: the target types each module's live catalog accepts (type -> requires_id).
    target_types: dict[str, dict[str, bool]] = field(default_factory=dict)
    #: live only: why a whole module could not be read (403 not in plan, 503 not installed).
    module_errors: dict[str, str] = field(default_factory=dict)
    #: live only: per-schedule reads that failed every retry, by address.
    read_errors: dict[str, str] = field(default_factory=dict)
    #: live only: the shared proxy pool (read when a pool request is declared).
    proxies: list[PoolProxy] = field(default_factory=list)
    #: desired only: at most this many accounts per pool proxy.
    max_accounts_per_proxy: int | None = None
