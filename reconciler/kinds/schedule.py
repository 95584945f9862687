"""Schedules with settings, targets and activation: the base of Repost Pro and Reactions Pro.

Addressed by the platform's account id. The schedule list is read once (paged); a
declared schedule's settings come from that list when it already shows every declared
field with the desired value, else from `GET …/settings`; targets from the list, or
their endpoint. Schedules cannot be created through the API: a declared one that does
not exist is pending, with a link to the web panel where it is made. Apply sends one
settings PATCH with only the changed fields, the target removals and additions, then
switches activation for many accounts in one bulk call per direction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

import reconciler.kinds.fields as fields
from reconciler.api.client import path
from reconciler.catalog import SettingSpec
from reconciler.config.model_base import ConfigModel, SettingValue, TargetConfig
from reconciler.kinds.activation import Activation
from reconciler.kinds.base import Detail, DiffContext, Kind, Loc, Read, Resolve
from reconciler.kinds.schedule_apply import ScheduleCalls
from reconciler.kinds.settings import flatten_settings, settings_shown
from reconciler.kinds.targets import (
    Schedule,
    diff_targets,
    read_catalog,
    read_targets,
    target_problems,
)
from reconciler.normalize import same_value
from reconciler.plan import Action, FieldChange
from reconciler.state import Account, State, Target

if TYPE_CHECKING:
    from reconciler.config.report import Report


#: Parsed JSON's containers (exact types: a type() test is a third of isinstance's cost).
_CONTAINERS = (dict, list)


class ScheduleConfig(ConfigModel):
    """A schedule's desired state. A field left out (None) is unmanaged."""

    active: bool | None = None
    settings: dict[str, SettingValue] | None = None
    targets: list[TargetConfig] | None = None


class SettingsKind(ScheduleCalls, Kind):
    """A module whose schedules have settings, targets and (bulk) activation."""

    config_model = ScheduleConfig
    #: the API path segment and the web panel's page for the module
    segment: ClassVar[str]
    panel_page: ClassVar[str]

    @property
    def activation(self) -> Activation:
        return Activation(self.segment, bulk=True)

    def specs(self, dialect: str | None) -> dict[str, SettingSpec]:
        """The settings catalog of this module in a dialect (None: offline, any)."""
        raise NotImplementedError

    def plan_setting(self, name: str, value: Any, dialect: str | None) -> tuple[Any, str | None]:
        """A declared setting as this installation takes it, or a problem (repost's
        dialects differ in names and units)."""
        return value, None

    # -- config ---------------------------------------------------------------------

    def check_config(self, block: dict[str, Any], loc: Loc, report: Report) -> None:
        from reconciler.config.settings_types import check_settings
        from reconciler.config.targets import check_targets

        settings = block.get("settings")
        if isinstance(settings, dict):
            block["settings"] = check_settings(self.name, settings, (*loc, "settings"), report)
        targets = block.get("targets")
        if isinstance(targets, list):
            block["targets"] = check_targets(self.name, targets, (*loc, "targets"), report)

    def json_schema(self, defs: dict[str, Any]) -> None:
        from reconciler.kinds.schedule_schema import schedule_block_schema

        schedule_block_schema(self.name, self.config_model.__name__, defs)

    def desired(self, block: Any, resolve: Resolve, loc: Loc) -> Schedule:
        targets = None
        # Only a value with "${" can hold a reference: the others skip the resolver (and
        # the location tuple it would be given), 35,000 calls at 5,000 accounts.
        if block.targets is not None:
            targets = [Target(t.type, resolve(t.value, (*loc, "targets", j, "value"))
                              if "${" in t.value else t.value, t.id)
                       for j, t in enumerate(block.targets)]
        settings = None
        if block.settings is not None:
            settings = {name: resolve(value, (*loc, "settings", name))
                        if isinstance(value, str) and "${" in value else value
                        for name, value in block.settings.items()}
        return Schedule(block.active, settings, targets)

    def want_everything(self, state: State, usernames: list[str]) -> None:
        for username in usernames:
            state.accounts[username].schedules[self.name] = Schedule(settings={}, targets=[])

    # -- live -----------------------------------------------------------------------

    def _declared(self, desired: State) -> list[tuple[str, Schedule]]:
        return [(u, a.schedules[self.name]) for u, a in desired.accounts.items()
                if self.name in a.schedules]

    def reads(self, desired: State) -> list[Read]:
        declared = self._declared(desired)
        if not self.surveyed(desired, bool(declared)):
            return []
        reads = [Read(f"{self.name}.schedules", path(self.segment, "schedules"))]
        if any(s.targets is not None for _, s in declared):
            reads.append(Read(f"{self.name}.types", path(self.segment, "targets", "types"),
                              paged=False))
        return reads

    def ingest(self, desired: State, live: State, results: dict[str, Any]) -> None:
        types = results.get(f"{self.name}.types")
        if types is not None:
            live.parts[f"{self.name}.types"] = read_catalog(
                types, path(self.segment, "targets", "types"))
        where = path(self.segment, "schedules")
        by_id = {a.id: a for a in live.accounts.values()}
        listed: dict[str, dict[str, Any]] = {}
        for item in results.get(f"{self.name}.schedules", []):
            account = by_id.get(fields.ident(item, "account_id", where))
            if account is None:
                continue
            sched = Schedule(active=fields.flag(item.get("is_active", False), where, "is_active"),
                             account_id=account.id)
            raw = item.get("target", item.get("targets"))
            if raw is not None:
                read_targets(sched, raw, where)
            account.schedules[self.name] = sched
            # The top-level fields are what is read later (settings the list shows,
            # status's flags); a reactions item also nests every setting (~3 KB), and
            # at 5,000 accounts keeping those was the plan's largest live memory.
            listed[account.username] = {k: v for k, v in item.items()
                                        if type(v) not in _CONTAINERS}
        live.parts[f"{self.name}.listed"] = listed

    def details(self, desired: State, live: State) -> list[Detail]:
        listed: dict[str, dict[str, Any]] = live.parts.get(f"{self.name}.listed", {})
        specs = self.specs(live.dialect)
        out: list[Detail] = []
        for username, want in self._declared(desired):
            have = live.accounts.get(username)
            sched = have.schedules.get(self.name) if have else None
            if have is None or not isinstance(sched, Schedule):
                continue
            address = self.address(username)
            if want.settings is not None:
                shown = settings_shown(specs, want.settings, listed.get(username))
                if shown is not None:
                    sched.settings = shown
                else:
                    declared = set(want.settings) if want.settings else None
                    where = path(self.segment, "schedules", have.id, "settings")
                    out.append(Detail(address, where,
                                      _settings_reader(sched, specs, declared, where)))
            if want.targets is not None and sched.targets is None:
                where = path(self.segment, "schedules", have.id, "targets")
                out.append(Detail(address, where, _targets_reader(sched, where)))
        return out

    # -- diff -----------------------------------------------------------------------

    def diff(self, ctx: DiffContext) -> None:
        for username, want in sorted(self._declared(ctx.desired)):
            address = self.address(username)
            if username in ctx.created:
                ctx.waiting(address, f"the account is created by this apply; create its "
                                     f"{self.label} schedule in the web panel once it exists")
                continue
            have = ctx.ready.get(username)
            if have is None:
                continue
            if self.name in ctx.live.module_errors:
                ctx.problem(address, ctx.live.module_errors[self.name])
                continue
            if address in ctx.live.read_errors:
                ctx.problem(address, f"could not be read: {ctx.live.read_errors[address]}")
                continue
            sched = have.schedules.get(self.name)
            if not isinstance(sched, Schedule):
                link = f"{ctx.live.panel}/e/{self.panel_page}/{have.id}"
                ctx.waiting(address, f"no {self.label} schedule exists for this account yet; "
                                     "schedules are created in the web panel", link)
                continue
            self._diff_one(ctx, want, have, sched, address)

    def _diff_one(self, ctx: DiffContext, want: Schedule, have: Account, live: Schedule,
                  address: str) -> None:
        catalog = ctx.live.parts.get(f"{self.name}.types")
        problems = target_problems(want.targets, live.targets, catalog)
        settings: list[FieldChange] = []
        specs = self.specs(ctx.live.dialect)
        for name in sorted(want.settings or {}):
            value, problem = self.plan_setting(name, (want.settings or {})[name],
                                               ctx.live.dialect)
            if problem:
                problems.append(f"settings.{name}: {problem}")
                continue
            before = (live.settings or {}).get(name)
            if not same_value(specs.get(name), value, before):
                settings.append(FieldChange(name, before, value))
        if problems:
            for p in problems:
                ctx.problem(address, p)
            return
        active = None
        if want.active is not None and want.active != live.active:
            active = (live.active, want.active)
        add: list[Target] = []
        remove: list[Target] = []
        if want.targets is not None:
            add, remove = diff_targets(want.targets, live.targets or [])
        if settings or active or add or remove:
            ctx.changes.append(self.change(
                Action.UPDATE, have.username, object_id=have.id, fields=tuple(settings),
                active=active, add_targets=tuple(add), remove_targets=tuple(remove),
                removal_ids=tuple(live.removal_ids.get(t.key, t.value) for t in remove)))

    def live_items(self, live: State) -> list[tuple[str, int | None, dict[str, Any]]]:
        listed: dict[str, dict[str, Any]] = live.parts.get(f"{self.name}.listed", {})
        return [(u, live.accounts[u].id, item) for u, item in sorted(listed.items())]

    def existing(self, desired: State, live: State) -> int:
        return sum(1 for u, _ in self._declared(desired)
                   if u in live.accounts and self.name in live.accounts[u].schedules)

    # -- render, export, fingerprints -----------------------------------------------

    def field_label(self, item: FieldChange) -> str:
        return f"settings.{item.name}"

    def export_account(self, live: State, account: Account, out: Any) -> dict[str, Any]:
        sched = account.schedules.get(self.name)
        if not isinstance(sched, Schedule):
            return {}
        from reconciler.kinds.exporting import literal, setting_for_export

        specs = self.specs(live.dialect)
        settings: dict[str, Any] = {}
        for name in sorted(sched.settings or {}):
            value = setting_for_export(specs.get(name), (sched.settings or {})[name])
            if value is not None:
                settings[name] = value
        targets = []
        for t in sched.targets or []:
            item = {"type": t.type, "value": literal(t.value)}
            if t.id is not None and t.id != t.value:
                item["id"] = t.id
            targets.append(item)
        return {self.name: {"active": bool(sched.active), "settings": settings,
                            "targets": targets}}

    def fingerprints(self, desired: State, live: State) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for username, want in self._declared(desired):
            have = live.accounts.get(username)
            sched = have.schedules.get(self.name) if have else None
            snapshot = None
            if isinstance(sched, Schedule):
                settings = sched.settings or {}
                snapshot = {"active": sched.active,
                            "settings": {k: settings.get(k) for k in sorted(want.settings or {})},
                            "targets": sorted((t.type, t.value, t.id or "")
                                              for t in sched.targets or [])}
            out[self.address(username)] = snapshot
        return out


def _settings_reader(sched: Schedule, specs: dict[str, SettingSpec],
                     declared: set[str] | None, where: str) -> Callable[[Any], None]:
    def handle(data: Any) -> None:
        sched.settings = flatten_settings(specs, data, where, declared)
    return handle


def _targets_reader(sched: Schedule, where: str) -> Callable[[Any], None]:
    def handle(data: Any) -> None:
        items = data.get("targets", data.get("items")) if isinstance(data, dict) else data
        read_targets(sched, items, where)
    return handle
