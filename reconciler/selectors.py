"""`--target` / `--exclude`: which objects a plan or apply touches.

A selector is `account:GLOB` (an account record and its schedules), `module:NAME`
(repost or reactions schedules), `caption:GLOB`, or a bare GLOB (an account or a
caption by that name). An object is in scope when it matches some --target (or none
is given) and no --exclude. The desired state is cut down first, so the plan reads only
what it needs; the plan is filtered again by address, so nothing outside the scope moves.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from fnmatch import fnmatchcase

from reconciler.errors import StrecError
from reconciler.plan import Change, Plan, ResourceKind
from reconciler.state import MODULES, State

KINDS = ("account", "module", "caption")


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
        if kind not in KINDS or not pattern:
            raise StrecError(f"bad selector {text!r}: use account:GLOB, module:NAME, "
                             "caption:GLOB or a bare GLOB")
        if kind == "module" and pattern not in MODULES:
            raise StrecError(f"bad selector {text!r}: modules are {', '.join(MODULES)}")
        return cls(kind, pattern)

    def matches(self, kind: str, key: str, module: str | None) -> bool:
        """Whether an object (account record, schedule or caption) is selected."""
        if self.kind == "module":
            return module == self.pattern
        if self.kind == "caption" or (self.kind == "any" and kind == "caption"):
            return kind == "caption" and fnmatchcase(key, self.pattern)
        return kind in ("account", "schedule") and fnmatchcase(key, self.pattern)


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

    def selects(self, kind: str, key: str, module: str | None = None) -> bool:
        wanted = not self.targets or any(s.matches(kind, key, module) for s in self.targets)
        return wanted and not any(s.matches(kind, key, module) for s in self.excludes)

    def narrow(self, desired: State) -> State:
        """The desired state without what is out of scope (so it is not even read)."""
        if self.everything:
            return desired
        out = State(prune_captions=desired.prune_captions,
                    max_accounts_per_proxy=desired.max_accounts_per_proxy)
        out.captions = {t: c for t, c in desired.captions.items()
                        if self.selects("caption", t)}
        if desired.prune_captions and not any(
                s.kind in ("caption", "any") for s in self.targets) and self.targets:
            out.prune_captions = False
        for username, account in desired.accounts.items():
            schedules = {m: s for m, s in account.schedules.items()
                         if self.selects("schedule", username, m)}
            if schedules or self.selects("account", username):
                out.accounts[username] = replace(account, schedules=schedules)
        return out

    def filter(self, plan: Plan) -> Plan:
        """The plan without changes or problems outside the scope."""
        if self.everything:
            return plan

        def keep(change: Change) -> bool:
            kind = {ResourceKind.CAPTION: "caption", ResourceKind.ACCOUNT: "account",
                    ResourceKind.SCHEDULE: "schedule"}[change.kind]
            return self.selects(kind, change.key, change.module)

        changes = [c for c in plan.changes if keep(c)]
        addresses = {c.address for c in plan.changes} - {c.address for c in changes}
        problems = [p for p in plan.problems if p.address not in addresses]
        return Plan(changes, problems, list(plan.warnings), existing=plan.existing)
