"""The plan: a pure value listing what apply will change, and what it cannot or will not.

Like octoDNS and Terraform, changes are small sortable value objects. A change names its
resource kind (`reconciler.kinds`) but holds only data: the kind that made it is asked
again, by name, for its calls and its rendering. The resource unit is something a user
recognises (a caption, an account, one account's schedule of one module, a post), so
`Plan: N to create, N to update, N to delete.` counts those.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from reconciler.state import Target

#: A field's value in a plan: a scalar, or a JSON-like list/dict (First Comment's lists).
Value = Any


class Action(StrEnum):
    """What happens to one object; `symbol` is how the text plan marks it."""

    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"

    @property
    def symbol(self) -> str:
        return {"create": "+", "update": "~", "delete": "-"}[self.value]


@dataclass(frozen=True)
class FieldChange:
    """One field's value before and after."""

    name: str
    before: Value
    after: Value


@dataclass(frozen=True)
class Change:
    """One object's change, made by the resource kind named `kind`.

    `key` is the object's natural key within its kind (caption title, username, post
    key); `module` names the schedule module for per-account schedule kinds; `rank` is
    the kind's place in the plan's order. `active` is an activation change (before,
    after); `add_targets`/`remove_targets` edit a target list; `notes` say what a change
    does beyond its fields (e.g. "start resets schedule_date").
    """

    action: Action
    kind: str
    key: str
    address: str
    rank: int = 0
    module: str | None = None
    object_id: int | None = None
    fields: tuple[FieldChange, ...] = ()
    active: tuple[bool | None, bool] | None = None
    add_targets: tuple[Target, ...] = ()
    remove_targets: tuple[Target, ...] = ()
    #: the guide's DELETE …/targets/{id} identifiers, parallel to remove_targets
    removal_ids: tuple[str, ...] = ()
    #: accounts: "login" (create by a live login) or "relogin"; None for a plain PATCH
    operation: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def sort_key(self) -> tuple[int, str, str, int]:
        return (self.rank, self.key, self.module or "", self.object_id or 0)


@dataclass(frozen=True, order=True)
class Problem:
    """Something the plan cannot do for one object; the rest of the plan goes on."""

    address: str
    message: str


@dataclass(frozen=True, order=True)
class Pending:
    """A declared object strec cannot create and that does not exist yet (a schedule made
    only in the web panel): not an error, shown with where to create it."""

    address: str
    message: str
    link: str | None = None


@dataclass(frozen=True)
class Safety:
    """The change-size verdict, decided at plan time so a reviewer sees it before merge."""

    reasons: tuple[str, ...] = ()
    limits: tuple[tuple[str, float], ...] = ()
    forced: bool = False

    @property
    def exceeded(self) -> bool:
        return bool(self.reasons)

    @property
    def blocks(self) -> bool:
        """Whether apply refuses the plan (over a limit and not forced)."""
        return self.exceeded and not self.forced


@dataclass
class Plan:
    """Every change, sorted, plus the problems, pending objects and warnings found."""

    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    pending: list[Pending] = field(default_factory=list)
    #: how many managed objects exist live (for the change-size safety check)
    existing: int = 0
    safety: Safety = field(default_factory=Safety)

    def __post_init__(self) -> None:
        self.changes.sort(key=lambda c: c.sort_key)
        self.problems.sort()
        self.pending.sort()

    def count(self, action: Action) -> int:
        return sum(1 for c in self.changes if c.action is action)

    @property
    def has_changes(self) -> bool:
        return bool(self.changes)

    @property
    def deletes(self) -> list[Change]:
        return [c for c in self.changes if c.action is Action.DELETE]

    def summary(self) -> str:
        line = (
            f"Plan: {self.count(Action.CREATE)} to create, {self.count(Action.UPDATE)} to update, "
            f"{self.count(Action.DELETE)} to delete."
        )
        if self.pending:
            line += f" {len(self.pending)} pending (to create in the web panel)."
        return line

    def replace_changes(self, changes: list[Change], problems: list[Problem],
                        pending: list[Pending]) -> Plan:
        """A copy holding only these changes, problems and pending objects."""
        return Plan(changes, problems, list(self.warnings), pending, existing=self.existing,
                    safety=self.safety)
