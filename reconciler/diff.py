"""desired State x live State -> Plan. Pure: no I/O, no clock, deterministic order.

Keyed set math for what exists (captions by title, accounts by username, targets by
type and value) and a per-field compare, on normalized values, for what changes.
"""

from __future__ import annotations

from reconciler.catalog import MODULES, SETTINGS
from reconciler.diff_accounts import AccountDiff
from reconciler.normalize import same_value
from reconciler.plan import Action, Change, FieldChange, Plan, Problem, ResourceKind
from reconciler.state import Account, Caption, Schedule, State, Target


def diff(desired: State, live: State, *,
         rotate_passwords: frozenset[str] = frozenset()) -> Plan:
    """Everything that must change for live to become desired, and what cannot be done."""
    found = Plan()
    _diff_captions(desired, live, found)
    accounts = AccountDiff(desired, live, rotate_passwords)
    for username in sorted(desired.accounts):
        want = desired.accounts[username]
        have = accounts.account(want)
        if have is not None:
            _diff_schedules(want, have, live, found)
    found.changes.extend(accounts.changes)
    found.problems.extend(accounts.problems)
    found.warnings.extend(accounts.warnings)
    return Plan(found.changes, found.problems, found.warnings,  # sorted on construction
                existing=count_existing(desired, live))


def count_existing(desired: State, live: State) -> int:
    """Managed objects that exist live: declared captions (all, when pruning), accounts,
    and their declared schedules."""
    captions = (sum(len(c) for c in live.captions.values()) if desired.prune_captions
                else sum(len(live.captions.get(t, [])) for t in desired.captions))
    accounts = schedules = 0
    for username, want in desired.accounts.items():
        have = live.accounts.get(username)
        if have is not None:
            accounts += 1
            schedules += sum(1 for m in want.schedules if m in have.schedules)
    return captions + accounts + schedules


def _diff_captions(desired: State, live: State, plan: Plan) -> None:
    for title, wanted in desired.captions.items():
        want = wanted[0]
        copies = live.captions.get(title, [])
        if not copies:
            plan.changes.append(Change(Action.CREATE, ResourceKind.CAPTION, title,
                                       fields=(FieldChange("caption", None, want.caption),)))
            continue
        have = copies[0]
        if len(copies) > 1 and not desired.prune_captions:
            plan.warnings.append(
                f'caption "{title}" exists {len(copies)} times live; strec manages the one '
                f"with id {have.id} (prune.captions: true removes the others)")
        if have.caption != want.caption:
            plan.changes.append(Change(Action.UPDATE, ResourceKind.CAPTION, title,
                                       object_id=have.id,
                                       fields=(FieldChange("caption", have.caption,
                                                           want.caption),)))
    if not desired.prune_captions:
        return
    if not desired.captions:
        plan.warnings.append("prune.captions is true but the config declares no caption: "
                             "nothing is pruned (declare at least one caption)")
        return
    for title, copies in live.captions.items():
        extra: list[Caption] = copies if title not in desired.captions else copies[1:]
        declared = desired.captions.get(title)
        if extra and declared and declared[0].protect:
            plan.problems.append(Problem(f'caption["{title}"]', f"{len(extra)} extra "
                                         "copies are not pruned: the caption is protected"))
            continue
        for cap in extra:
            plan.changes.append(Change(Action.DELETE, ResourceKind.CAPTION, title,
                                       object_id=cap.id,
                                       fields=(FieldChange("caption", cap.caption, None),)))


def _diff_schedules(want: Account, have: Account, live: State, plan: Plan) -> None:
    for module in sorted(want.schedules):
        address = f'account["{want.username}"].{module}'
        if module in live.module_errors:
            plan.problems.append(Problem(address, live.module_errors[module]))
            continue
        if address in live.read_errors:
            why = live.read_errors[address]
            plan.problems.append(Problem(address, f"could not be read: {why}"))
            continue
        live_sched = have.schedules.get(module)
        if live_sched is None:
            web = f"/e/{MODULES[module][1]}/{have.id}"
            plan.problems.append(Problem(
                address, f"no {module} schedule exists for this account; schedules cannot be "
                         f"created through the API: create it in the web panel ({web})"))
            continue
        problems = _target_problems(want.schedules[module], live_sched, live, module)
        if problems:
            plan.problems.extend(Problem(address, p) for p in problems)
            continue
        change = _diff_schedule(want, have, module, live_sched)
        if change is not None:
            plan.changes.append(change)


def _target_problems(want: Schedule, have: Schedule, live: State, module: str) -> list[str]:
    """Targets to add must be of a type the server's own catalog offers."""
    catalog = live.target_types.get(module)
    if want.targets is None or catalog is None:
        return []
    existing = {t.key for t in have.targets or []}
    out = []
    for t in want.targets:
        if t.key in existing:
            continue
        if t.type not in catalog:
            known = ", ".join(sorted(catalog))
            out.append(f"target type {t.type!r} is not offered by this server (it offers: {known})")
        elif catalog[t.type] and t.id is None:
            out.append(f"target {t.type}:{t.value} needs an id on this server")
    return out


def _diff_schedule(want: Account, have: Account, module: str,
                   live_sched: Schedule) -> Change | None:
    sched = want.schedules[module]
    fields: list[FieldChange] = []
    if sched.settings is not None:
        live_settings = live_sched.settings or {}
        catalog = SETTINGS[module]
        for name in sorted(sched.settings):
            after, before = sched.settings[name], live_settings.get(name)
            if not same_value(catalog.get(name), after, before):
                fields.append(FieldChange(name, before, after))
    active = None
    if sched.active is not None and sched.active != live_sched.active:
        active = (live_sched.active, sched.active)
    add: list[Target] = []
    remove: list[Target] = []
    if sched.targets is not None:
        add, remove = diff_targets(sched.targets, live_sched.targets or [])
    if not (fields or active or add or remove):
        return None
    return Change(
        Action.UPDATE, ResourceKind.SCHEDULE, want.username, module=module, object_id=have.id,
        fields=tuple(fields), active=active, add_targets=tuple(add),
        remove_targets=tuple(remove),
        removal_ids=tuple(live_sched.removal_ids.get(t.key, t.value) for t in remove),
    )


def diff_targets(want: list[Target], have: list[Target]) -> tuple[list[Target], list[Target]]:
    """Targets to add and to remove so that `have` becomes exactly `want`.

    Matched by (type, value); a desired explicit `id` that differs from the live one
    means remove and re-add. Live duplicates of one key are removed down to none and
    re-added once, since the API removes by type and value.
    """
    live_by_key: dict[tuple[str, str], list[Target]] = {}
    for t in have:
        live_by_key.setdefault(t.key, []).append(t)
    add: list[Target] = []
    remove: list[Target] = []
    wanted_keys = set()
    for t in want:
        wanted_keys.add(t.key)
        copies = live_by_key.get(t.key, [])
        if not copies:
            add.append(t)
        elif len(copies) > 1 or (t.id is not None and copies[0].id != t.id):
            remove.append(copies[0])
            add.append(t)
    remove.extend(copies[0] for key, copies in live_by_key.items() if key not in wanted_keys)
    return sorted(add), sorted(set(remove))
