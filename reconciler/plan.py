"""The plan: a pure value listing what apply will change, and what cannot be planned.

Like octoDNS and Terraform, changes are small sortable value objects. The resource unit
is a caption or one account's schedule (settings, targets and activation together), so
`Plan: N to create, N to update, N to delete.` counts things a user recognises.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from reconciler.normalize import Scalar
from reconciler.state import Target


class Action(StrEnum):
    """What happens to one object; `symbol` is how the text plan marks it."""

    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"

    @property
    def symbol(self) -> str:
        return {"create": "+", "update": "~", "delete": "-"}[self.value]


class ResourceKind(StrEnum):
    """The kinds of object strec manages."""

    ACCOUNT = "account"
    CAPTION = "caption"
    SCHEDULE = "schedule"


@dataclass(frozen=True)
class FieldChange:
    """One field's value before and after."""

    name: str
    before: Scalar
    after: Scalar


@dataclass(frozen=True)
class Change:
    """One object's change. For schedules, `module` names repost or reactions."""

    action: Action
    kind: ResourceKind
    key: str  # caption title, or account username
    module: str | None = None
    object_id: int | None = None  # caption id or account id, as the API knows it
    fields: tuple[FieldChange, ...] = ()  # caption text, or changed settings
    active: tuple[bool | None, bool] | None = None  # (before, after) when activation changes
    add_targets: tuple[Target, ...] = ()
    remove_targets: tuple[Target, ...] = ()
    #: the guide's DELETE …/targets/{id} identifiers, parallel to remove_targets
    removal_ids: tuple[str, ...] = ()
    #: accounts: "login" (create by a live login) or "relogin"; None for a plain PATCH
    operation: str | None = None

    @property
    def address(self) -> str:
        if self.kind is ResourceKind.CAPTION:
            return f'caption["{self.key}"]'
        if self.kind is ResourceKind.ACCOUNT:
            return f'account["{self.key}"]'
        return f'account["{self.key}"].{self.module}'

    @property
    def sort_key(self) -> tuple[int, str, str, int]:
        order = {ResourceKind.ACCOUNT: 0, ResourceKind.CAPTION: 1,
                 ResourceKind.SCHEDULE: 2}[self.kind]
        return (order, self.key, self.module or "", self.object_id or 0)


@dataclass(frozen=True, order=True)
class Problem:
    """Something the plan cannot do for one object; the rest of the plan goes on."""

    address: str
    message: str


@dataclass
class Plan:
    """Every change, sorted, plus the problems found while planning."""

    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: how many managed objects exist live (for the change-size safety check)
    existing: int = 0

    def __post_init__(self) -> None:
        self.changes.sort(key=lambda c: c.sort_key)
        self.problems.sort()

    def count(self, action: Action) -> int:
        return sum(1 for c in self.changes if c.action is action)

    @property
    def has_changes(self) -> bool:
        return bool(self.changes)

    @property
    def deletes(self) -> list[Change]:
        return [c for c in self.changes if c.action is Action.DELETE]

    def summary(self) -> str:
        return (
            f"Plan: {self.count(Action.CREATE)} to create, {self.count(Action.UPDATE)} to update, "
            f"{self.count(Action.DELETE)} to delete."
        )
