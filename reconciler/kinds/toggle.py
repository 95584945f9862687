"""Schedules strec can only switch on and off: the base of Welcome DM, AI-DM and Leads.

Their schedules are made in the web panel and addressed by their own schedule `id`;
strec finds an account's schedule by `account_id` in the module's (paged) list. Two
schedules of one module on one account are a problem for that account, never a guess.
`active` is managed through the module's verbs (a 409 means "already so"); `expect:`
checks read-only fields and a schedule whose expectations fail is never activated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

import reconciler.kinds.fields as fields
from reconciler.api.client import path
from reconciler.config.model_base import ConfigModel
from reconciler.errors import ApiError
from reconciler.kinds.activation import Activation
from reconciler.kinds.base import DiffContext, Kind, Loc, Read, Resolve
from reconciler.kinds.expect import mismatches
from reconciler.outcomes import Outcome
from reconciler.plan import Action, Change
from reconciler.state import Account, State

if TYPE_CHECKING:
    from reconciler.api.client import ApiClient
    from reconciler.calls import Call
    from reconciler.outcomes import ApplyContext


class ToggleConfig(ConfigModel):
    """A module block with activation and expectations. None is unmanaged."""

    active: bool | None = None
    #: read-only fields as the API returns them; nested maps match partially
    expect: dict[str, Any] | None = None


@dataclass
class Toggle:
    """Desired: what the block asks. Live: the account's schedule (or its duplicates)."""

    active: bool | None = None
    expect: dict[str, Any] | None = None
    #: live only: the schedule id, its list item, and the ids when there are several
    id: int | None = None
    item: dict[str, Any] = field(default_factory=dict)
    duplicates: tuple[int, ...] = ()


class ToggleKind(Kind):
    """A module whose schedules strec switches on and off (by schedule id)."""

    config_model: ClassVar[type[ConfigModel]] = ToggleConfig
    segment: ClassVar[str]
    panel_page: ClassVar[str]
    activation: ClassVar[Activation]

    def desired(self, block: Any, resolve: Resolve, loc: Loc) -> Any:
        return Toggle(block.active, block.expect)

    def want_everything(self, state: State, usernames: list[str]) -> None:
        for username in usernames:
            state.accounts[username].schedules[self.name] = Toggle()

    def declared(self, state: State) -> list[tuple[str, Any]]:
        return sorted((u, a.schedules[self.name]) for u, a in state.accounts.items()
                      if self.name in a.schedules)

    def reads(self, desired: State) -> list[Read]:
        if not self.surveyed(desired, bool(self.declared(desired))):
            return []
        return [Read(self.name, path(self.segment, "schedules"), gates=self.gates)]

    gates: ClassVar[tuple[int, ...]] = (403, 503)

    def ingest(self, desired: State, live: State, results: dict[str, Any]) -> None:
        where = path(self.segment, "schedules")
        by_id = {a.id: a for a in live.accounts.values()}
        for item in results.get(self.name, []):
            account = by_id.get(fields.ident(item, "account_id", where))
            if account is None:
                continue
            found = self.read(item, where)
            known = account.schedules.get(self.name)
            if known is not None:
                found.duplicates = tuple(sorted({*known.duplicates, known.id, found.id}))
            account.schedules[self.name] = found

    def read(self, item: dict[str, Any], where: str) -> Any:
        """One list item as this kind's live object."""
        active = fields.flag(item.get("is_active", False), where, "is_active")
        return Toggle(active, id=fields.ident(item, "id", where), item=item)

    # -- diff -----------------------------------------------------------------------

    def diff(self, ctx: DiffContext) -> None:
        for username, want in self.declared(ctx.desired):
            have = self.found(ctx, username)
            if have is not None:
                self.diff_one(ctx, username, want, have)

    def found(self, ctx: DiffContext, username: str) -> Any | None:
        """The account's one live schedule, after reporting why there is none to diff."""
        address = self.address(username)
        if username in ctx.created:
            ctx.waiting(address, f"the account is created by this apply; create its "
                                 f"{self.label} schedule in the web panel once it exists")
            return None
        account = ctx.ready.get(username)
        if account is None:
            return None
        if self.name in ctx.live.module_errors:
            ctx.problem(address, ctx.live.module_errors[self.name])
            return None
        have = account.schedules.get(self.name)
        if have is None:
            ctx.waiting(address, f"no {self.label} schedule exists for this account yet; "
                                 "schedules are created in the web panel", self.link(ctx, account))
            return None
        if have.duplicates:
            ids = ", ".join(map(str, have.duplicates))
            ctx.problem(address, f"{len(have.duplicates)} {self.label} schedules (ids {ids}) "
                                 "belong to this account; strec will not guess which one to "
                                 "manage: remove the extra ones in the web panel")
            return None
        return have

    def link(self, ctx: DiffContext, account: Account) -> str:
        return f"{ctx.live.panel}/e/{self.panel_page}/{account.id}"

    def diff_one(self, ctx: DiffContext, username: str, want: Toggle, have: Toggle) -> None:
        address = self.address(username)
        failed = mismatches(want.expect, have.item) if want.expect else []
        for problem in failed:
            ctx.problem(address, f"expect: {problem}; change it in the web panel")
        if want.active is None or want.active == have.active:
            return
        if want.active and failed:
            ctx.problem(address, "not activated while its expectations fail")
            return
        ctx.changes.append(self.change(Action.UPDATE, username, object_id=have.id,
                                       active=(have.active, want.active),
                                       notes=self.notes(want.active, have)))

    def notes(self, active: bool, have: Toggle) -> tuple[str, ...]:
        """What switching does beyond `active` (Leads: start/stop have effects)."""
        return ()

    def live_items(self, live: State) -> list[tuple[str, int | None, dict[str, Any]]]:
        out = []
        for username, account in sorted(live.accounts.items()):
            have = account.schedules.get(self.name)
            if have is not None:
                out.append((username, have.id, have.item))
        return out

    def stop_hint(self, ids: list[int], live: State) -> str:
        if self.activation.off == "stop":
            calls = ", ".join(f"POST /{self.segment}/schedules/{i}/stop" for i in sorted(ids))
            return f"stop them: {calls}"
        return super().stop_hint(ids, live)

    def existing(self, desired: State, live: State) -> int:
        return sum(1 for u, _ in self.declared(desired)
                   if u in live.accounts and self.name in live.accounts[u].schedules)

    # -- apply ----------------------------------------------------------------------

    def calls(self, change: Change, dialect: str) -> list[Call]:
        assert change.active is not None
        return [self.activation.single(change.object_id, change.active[1])]

    def run(self, client: ApiClient, change: Change, ctx: ApplyContext) -> Outcome:
        assert change.active is not None
        try:
            self.activation.switch(client, change.object_id, change.active[1])
        except ApiError as exc:
            return Outcome(change.address, False, str(exc))
        return Outcome(change.address, True, self.activation.done(change.active[1]))

    # -- export, fingerprints -------------------------------------------------------

    def export_account(self, live: State, account: Account, out: Any) -> dict[str, Any]:
        have = account.schedules.get(self.name)
        if have is None or have.duplicates:
            return {}
        return {self.name: {"active": bool(have.active)}}

    def fingerprints(self, desired: State, live: State) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for username, want in self.declared(desired):
            account = live.accounts.get(username)
            have = account.schedules.get(self.name) if account else None
            out[self.address(username)] = None if have is None else {
                "id": have.id, "active": have.active, "duplicates": list(have.duplicates),
                **self.snapshot(want, have)}
        return out

    def snapshot(self, want: Any, have: Any) -> dict[str, Any]:
        """The live fields, beyond id and activation, that a saved plan depends on."""
        return {"expect": _projection(want.expect, have.item) if want.expect else None}


def _projection(expected: Any, live: Any) -> Any:
    """The live fields an expectation reads (a saved plan depends on them)."""
    if isinstance(expected, dict) and isinstance(live, dict):
        return {k: _projection(v, live.get(k)) for k, v in sorted(expected.items())}
    return live
