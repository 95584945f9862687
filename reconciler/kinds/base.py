"""The contract every resource kind keeps, and what the pipeline hands it at each step.

A kind is what octoDNS calls a record type and a Terraform provider a resource: it owns
its config model, how its live state is read and normalized, its natural key, how
desired and live compare, which calls a change makes (bulk grouping included), how a
change prints, how it exports, and what its saved-plan fingerprint covers. The
pipeline (`desired`, `live`, `diff`, `apply`, the renderers, `export`, `saved_plan`)
iterates the registered kinds and never names one.

Two families: per-account kinds (`per_account = True`) keep one object per account in
`Account.schedules[name]` and read as a block of the account in the config
(`accounts[].repost`); installation-wide kinds keep theirs in `State.parts[name]`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeVar

from pydantic import BaseModel

from reconciler.plan import Action, Change, FieldChange, Pending, Problem
from reconciler.state import Account, RefContext, State

if TYPE_CHECKING:
    from reconciler.api.client import ApiClient
    from reconciler.calls import Call
    from reconciler.config.report import Report
    from reconciler.outcomes import ApplyContext, Outcome

#: A location in the merged config document, e.g. ("accounts", 3, "repost", "settings").
Loc = tuple[str | int, ...]


class Resolve(Protocol):
    """Resolves the `${env:}`/`${file:}` references of one config string at a location
    (`reconciler.desired.Resolver`), and reports a problem there."""

    def __call__(self, text: str, loc: Loc) -> str: ...

    def problem(self, loc: Loc, message: str) -> None: ...

    def refs_at(self, loc: Loc) -> RefContext: ...


class Scope(Protocol):
    """What a kind needs of `--target`/`--exclude`/`--shard` (`selectors.Scope`)."""

    def selects(self, family: str, key: str, module: str | None = None) -> bool: ...

    @property
    def names_captions(self) -> bool: ...

    @property
    def first_shard(self) -> bool: ...


P = TypeVar("P")


def part_of(state: State, name: str, factory: type[P]) -> P:
    """An installation-wide kind's data in `state.parts`, made on first use."""
    found = state.parts.get(name)
    if found is None:
        found = state.parts[name] = factory()
    assert isinstance(found, factory)
    return found


GATES = {403: "the API key's plan does not include this module (403)",
         503: "the module's plugin is not installed on the server (503)"}


@dataclass(frozen=True)
class Read:
    """A read of the first rounds: a paged list (every page is read) or one GET."""

    name: str
    path: str
    paged: bool = True
    #: statuses meaning "this module is not available here": recorded, not fatal
    gates: tuple[int, ...] = (403, 503)


@dataclass(frozen=True)
class Detail:
    """A per-object read of the last round; its failure is a problem of `address` only."""

    address: str
    path: str
    handle: Callable[[Any], None]


@dataclass(frozen=True)
class Deferred:
    """A change whose own calls went through and whose last step waits for a batch
    (activations of many accounts in one bulk call)."""

    change: Change
    done: tuple[str, ...] = ()


@dataclass
class DiffContext:
    """What a kind's diff reads and where it puts what it finds."""

    desired: State
    live: State
    rotate_passwords: frozenset[str] = frozenset()
    strict: bool = False
    #: accounts that exist live and are declared present: their objects can be diffed
    ready: dict[str, Account] = field(default_factory=dict)
    #: accounts this plan creates (their objects wait for the next run)
    created: set[str] = field(default_factory=set)
    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    pending: list[Pending] = field(default_factory=list)

    def problem(self, address: str, message: str) -> None:
        self.problems.append(Problem(address, message))

    def waiting(self, address: str, message: str, link: str | None = None) -> None:
        """A declared object that does not exist yet: pending, or a problem with --strict."""
        if self.strict:
            where = f" ({link})" if link else ""
            self.problems.append(Problem(address, f"{message}{where} [--strict]"))
        else:
            self.pending.append(Pending(address, message, link))


class Kind:
    """Base of every resource kind; the defaults suit a kind that is read-only."""

    name: ClassVar[str]
    #: group in the plan's order: accounts 0, library objects 1, an account's objects 2
    #: (sorted by account, then kind name), posts 3
    rank: ClassVar[int]
    #: the JSON plan's "kind" for its changes: account, caption, schedule, post
    family: ClassVar[str] = "schedule"
    #: how a person names it ("Repost Pro")
    label: ClassVar[str] = ""
    per_account: ClassVar[bool] = True
    #: the pydantic model of its block in an account (per-account kinds)
    config_model: ClassVar[type[BaseModel] | None] = None
    #: the module's run-log list, which `strec status` reads for failing runs
    log_path: ClassVar[str | None] = None

    # -- config ---------------------------------------------------------------------

    def check_config(self, block: dict[str, Any], loc: Loc, report: Report) -> None:
        """Offline checks of a declared block the schema cannot express (catalogs)."""

    def check_document(self, data: dict[str, Any], report: Report) -> None:
        """Offline checks of this kind's top-level config keys (installation-wide kinds)."""

    def json_schema(self, defs: dict[str, Any]) -> None:
        """Refine the generated JSON Schema of its config model (enums, catalogs)."""

    def desired(self, block: Any, resolve: Resolve, loc: Loc) -> Any:
        """A per-account block of the config -> the kind's desired object."""
        raise NotImplementedError

    def desired_root(self, config: Any, resolve: Resolve, state: State) -> None:
        """Installation-wide kinds: put the desired objects into `state.parts`."""

    def want_everything(self, state: State, usernames: list[str]) -> None:
        """Export: make `state` ask this kind to read everything of these accounts."""

    # -- live -----------------------------------------------------------------------

    def reads(self, desired: State) -> list[Read]:
        """The lists and single reads this kind needs for `desired`, first rounds."""
        return []

    def ingest(self, desired: State, live: State, results: dict[str, Any]) -> None:
        """Build the live objects from the first rounds' `results` (by Read name: the
        items of a list, the data of one GET); gated reads are already recorded."""

    def details(self, desired: State, live: State) -> list[Detail]:
        """Per-object reads of the last round (settings, targets)."""
        return []

    def narrow(self, desired: State, out: State, scope: Scope) -> None:
        """`--target`/`--exclude`: put the in-scope part of this kind's installation-wide
        data into `out` (per-account objects are narrowed with their accounts)."""

    # -- diff -----------------------------------------------------------------------

    def diff(self, ctx: DiffContext) -> None:
        """Add this kind's changes, problems and pending objects to `ctx`."""

    def existing(self, desired: State, live: State) -> int:
        """How many managed objects of this kind exist live (for the safety limits)."""
        return 0

    # -- apply ----------------------------------------------------------------------

    def calls(self, change: Change, dialect: str) -> list[Call]:
        """Every call of one change, as a plan shows it (activation in its single form)."""
        return []

    def phase(self, change: Change) -> int:
        """When the change runs: 0 accounts, 1 library objects, 2 account objects,
        3 deletions that must come last."""
        return 2

    def run(self, client: ApiClient, change: Change, ctx: ApplyContext) -> Outcome | Deferred:
        """Carry out one change (in parallel with others of its phase)."""
        raise NotImplementedError

    def batches(self, client: ApiClient, deferred: list[Deferred],
                ctx: ApplyContext) -> list[Callable[[], list[Outcome]]]:
        """The grouped calls that finish deferred changes, one callable per group."""
        return []

    # -- render ---------------------------------------------------------------------

    def verb(self, change: Change) -> str:
        return {Action.CREATE: "created", Action.UPDATE: "updated in place",
                Action.DELETE: "deleted"}[change.action]

    def noun(self, change: Change) -> str:
        """The object line's words after the symbol: `account "x" repost`."""
        return f'account "{change.key}" {self.name}'

    def heading(self, change: Change) -> str:
        """The object as a pull-request comment's section names it."""
        return f"account {change.key} · {self.name}" if self.per_account else \
            f"{self.family} {change.key}"

    def field_label(self, item: FieldChange) -> str:
        return item.name

    # -- health (strec status) ------------------------------------------------------

    def live_items(self, live: State) -> list[tuple[str, int | None, dict[str, Any]]]:
        """(username, object id, the list item as the API gave it) of each live object:
        what `strec status` reads running flags and activation from."""
        return []

    def stop_hint(self, ids: list[int], live: State) -> str:
        """How to stop these stuck schedules (ids as `live_items` gives them)."""
        return f"pause and activate them in the web panel ({live.panel}/e/rest-api/)"

    # -- export and fingerprints ----------------------------------------------------

    def export_account(self, live: State, account: Account, out: Any) -> dict[str, Any]:
        """The keys this kind adds to an account's exported entry (its block, for a
        per-account kind); `out` (`reconciler.export.Export`) collects placeholders."""
        return {}

    def export_root(self, live: State, notes: list[str],
                    usernames: list[str]) -> dict[str, Any]:
        """Installation-wide kinds: top-level config keys (for these accounts)."""
        return {}

    def fingerprints(self, desired: State, live: State) -> dict[str, Any]:
        """Per address, the live data a saved plan depends on (hashed by the caller)."""
        return {}

    # -- helpers for subclasses -----------------------------------------------------

    def surveyed(self, desired: State, declared: bool) -> bool:
        """Whether to read this kind's lists: something declares it, or `strec status`
        surveys the whole installation."""
        return declared or bool(desired.options.get("survey"))

    def address(self, key: str) -> str:
        return f'account["{key}"].{self.name}' if self.per_account else f'{self.name}["{key}"]'

    def change(self, action: Action, key: str, **kw: Any) -> Change:
        """A change of this kind, its address, rank and module filled in."""
        module = self.name if self.per_account and self.family == "schedule" else None
        return Change(action, self.name, key, kw.pop("address", None) or self.address(key),
                      rank=self.rank, module=module, **kw)
