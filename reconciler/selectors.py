"""`--target` / `--exclude` / `--shard`: which objects a plan or apply touches.

A selector is `account:GLOB` (an account record and its objects, posts included),
`module:NAME` (one per-account kind's objects: repost, reactions, welcome_dm …),
`caption:GLOB`, or a bare GLOB (an account or a caption by that name). An object is in
scope when it matches some --target (or none is given) and no --exclude.

`--shard K/N` splits the accounts into N stable, disjoint slices by a hash of the
username (case-folded), so N CI jobs can share a large installation; objects that are
not an account's (captions, media uploads) belong to shard 1. Every shard still reads the
shared list pages, and diffs all account records (so pool proxies are chosen the same in
every shard), but reads the per-account details of its own slice only.

The desired state is cut down first, so the plan reads only what it needs; the plan is
filtered again by address, so nothing outside the scope moves.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from fnmatch import fnmatchcase

from reconciler.errors import StrecError
from reconciler.kinds import KINDS, kind_of, module_names
from reconciler.plan import Change, Plan
from reconciler.state import State

SELECTOR_KINDS = ("account", "module", "caption")
#: families of objects that belong to an account (the rest belong to shard 1)
ACCOUNT_FAMILIES = ("account", "schedule", "post")


def shard_of(username: str, n: int) -> int:
    """The shard (1..n) an account belongs to: stable across runs, machines and versions."""
    digest = hashlib.sha256(username.casefold().encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % n + 1


def parse_shard(text: str | None) -> tuple[int, int] | None:
    """`K/N` -> (K, N), 1 <= K <= N."""
    if not text:
        return None
    k, sep, n = text.partition("/")
    if not (sep and k.strip().isdigit() and n.strip().isdigit()):
        raise StrecError(f"bad --shard {text!r}: write K/N, e.g. 2/4")
    shard = (int(k), int(n))
    if not 1 <= shard[0] <= shard[1] <= 1000:
        raise StrecError(f"bad --shard {text!r}: K/N with 1 <= K <= N")
    return shard


def address_parts(address: str) -> tuple[str, str, str | None]:
    """`account["x"].repost` -> ("schedule", "x", "repost"); `caption["t"]` -> ("caption",
    "t", None); `post["x@2026-…"]` -> ("post", "x@2026-…", None)."""
    head, _, rest = address.partition('["')
    key, _, tail = rest.rpartition('"]')
    module = tail.lstrip(".") or None
    if head == "account":
        return ("schedule" if module else "account", key, module)
    return (head, key, module)


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
        if family == "post":
            key = key.rsplit("@", 1)[0]
        return family in ACCOUNT_FAMILIES and fnmatchcase(key, self.pattern)


@dataclass(frozen=True)
class Scope:
    """The --target and --exclude selectors together."""

    targets: tuple[Selector, ...] = ()
    excludes: tuple[Selector, ...] = field(default=())
    shard: tuple[int, int] | None = None

    @classmethod
    def parse(cls, targets: tuple[str, ...], excludes: tuple[str, ...],
              shard: str | None = None) -> Scope:
        return cls(tuple(map(Selector.parse, targets)), tuple(map(Selector.parse, excludes)),
                   parse_shard(shard))

    @property
    def everything(self) -> bool:
        return not self.targets and not self.excludes and self.shard is None

    @property
    def first_shard(self) -> bool:
        """Whether installation-wide objects (captions, uploads) are this scope's."""
        return self.shard is None or self.shard[0] == 1

    def in_shard(self, family: str, key: str) -> bool:
        if self.shard is None:
            return True
        if family not in ACCOUNT_FAMILIES:
            return self.first_shard
        account = key.rsplit("@", 1)[0] if family == "post" else key
        return shard_of(account, self.shard[1]) == self.shard[0]

    @property
    def names_captions(self) -> bool:
        """Whether some --target can select a caption (else pruning is off in scope)."""
        return not self.targets or any(s.kind in ("caption", "any") for s in self.targets)

    def selects(self, family: str, key: str, module: str | None = None) -> bool:
        wanted = not self.targets or any(s.matches(family, key, module) for s in self.targets)
        return wanted and self.in_shard(family, key) and \
            not any(s.matches(family, key, module) for s in self.excludes)

    def narrow(self, desired: State, *, records: bool = True) -> State:
        """The desired state without what is out of scope (so it is not even read).

        A shard keeps every account record the other selectors keep (`records`), for
        decisions that span accounts (pool proxies); the plan is filtered by shard after.
        """
        if self.everything:
            return desired
        out = State(parts=dict(desired.parts), options=dict(desired.options))
        for kind in KINDS:
            kind.narrow(desired, out, self)
        unsharded = replace(self, shard=None)
        for username, account in desired.accounts.items():
            schedules = {m: s for m, s in account.schedules.items()
                         if self.selects("schedule", username, m)}
            keep = self.selects("account", username) or (
                records and unsharded.selects("account", username))
            if schedules or keep:
                out.accounts[username] = replace(account, schedules=schedules)
        return out

    def filter(self, plan: Plan) -> Plan:
        """The plan without changes, problems or pending objects outside the scope."""
        if self.everything:
            return plan

        def keep(change: Change) -> bool:
            return self.selects(kind_of(change.kind).family, change.key, change.module)

        changes = [c for c in plan.changes if keep(c)]
        problems = [p for p in plan.problems if self.selects(*address_parts(p.address))]
        pending = [p for p in plan.pending if self.selects(*address_parts(p.address))]
        return plan.replace_changes(changes, problems, pending)
