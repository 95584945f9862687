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


@dataclass
class Account:
    """An account, keyed by username; `id` is the platform's record id (live only)."""

    username: str
    id: int | None = None
    schedules: dict[str, Schedule] = field(default_factory=dict)
    #: live only: why a module could not be read for this account (gate, missing plugin).
    module_errors: dict[str, str] = field(default_factory=dict)


@dataclass
class Caption:
    """A caption of the library, keyed by title; `id` is known on the live side."""

    title: str
    caption: str
    id: int | None = None


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
