"""`--target` / `--exclude`: which objects a plan or apply touches.

A selector is `account:GLOB` (an account record and its objects), `module:NAME` (one
per-account kind's objects: repost, reactions, welcome_dm …), `caption:GLOB`, or a bare
GLOB (an account or a caption by that name). An object is in scope when it matches some
--target (or none is given) and no --exclude. The desired state is cut down first, so
the plan reads only what it needs; the plan is filtered again by address, so nothing
outside the scope moves.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from fnmatch import fnmatchcase

from reconciler.errors import StrecError
from reconciler.kinds import KINDS, kind_of, module_names
from reconciler.plan import Change, Plan
from reconciler.state import State

SELECTOR_KINDS = ("account", "module", "caption")


@dataclass(frozen=True)
class Selector:
    """One parsed selector."""

    kind: str  # account | module | caption | any
    pattern: str

    @classmethod
    def parse(cls, text: str) -> Selector:
        kind, sep, pattern = text.partition(":")
        if not sep:
            return cls("any", text)
        if kind not in SELECTOR_KINDS or not pattern:
            raise StrecError(f"bad selector {text!r}: use account:GLOB, module:NAME, "
                             "caption:GLOB or a bare GLOB")
        if kind == "module" and pattern not in module_names():
            raise StrecError(f"bad selector {text!r}: modules are "
                             f"{', '.join(module_names())}")
        return cls(kind, pattern)

    def matches(self, family: str, key: str, module: str | None) -> bool:
        """Whether an object (account record, per-account object or caption) is selected."""
        if self.kind == "module":
            return module == self.pattern
        if self.kind == "caption" or (self.kind == "any" and family == "caption"):
            return family == "caption" and fnmatchcase(key, self.pattern)
        return family in ("account", "schedule") and fnmatchcase(key, self.pattern)


@dataclass(frozen=True)
class Scope:
    """The --target and --exclude selectors together."""

    targets: tuple[Selector, ...] = ()
    excludes: tuple[Selector, ...] = field(default=())

    @classmethod
    def parse(cls, targets: tuple[str, ...], excludes: tuple[str, ...]) -> Scope:
        return cls(tuple(map(Selector.parse, targets)), tuple(map(Selector.parse, excludes)))

    @property
    def everything(self) -> bool:
        return not self.targets and not self.excludes

    @property
    def names_captions(self) -> bool:
        """Whether some --target can select a caption (else pruning is off in scope)."""
        return not self.targets or any(s.kind in ("caption", "any") for s in self.targets)

    def selects(self, family: str, key: str, module: str | None = None) -> bool:
        wanted = not self.targets or any(s.matches(family, key, module) for s in self.targets)
        return wanted and not any(s.matches(family, key, module) for s in self.excludes)

    def narrow(self, desired: State) -> State:
        """The desired state without what is out of scope (so it is not even read)."""
        if self.everything:
            return desired
        out = State(parts=dict(desired.parts))
        for kind in KINDS:
            kind.narrow(desired, out, self)
        for username, account in desired.accounts.items():
            schedules = {m: s for m, s in account.schedules.items()
                         if self.selects("schedule", username, m)}
            if schedules or self.selects("account", username):
                out.accounts[username] = replace(account, schedules=schedules)
        return out

    def filter(self, plan: Plan) -> Plan:
        """The plan without changes, problems or pending objects outside the scope."""
        if self.everything:
            return plan

        def keep(change: Change) -> bool:
            return self.selects(kind_of(change.kind).family, change.key, change.module)

        changes = [c for c in plan.changes if keep(c)]
        dropped = {c.address for c in plan.changes} - {c.address for c in changes}
        problems = [p for p in plan.problems if p.address not in dropped]
        return plan.replace_changes(changes, problems, list(plan.pending))
