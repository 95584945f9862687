"""`defaults` and named `profiles`, merged into each account before anything is checked.

Order: `defaults`, then the account's profiles in the order it lists them, then the
account's own values. Mappings merge key by key, recursively; anything else, lists
included, is replaced by the later layer, so the account's own values win. A null removes
an inherited value (it becomes unmanaged). An account with `state: absent` takes only
`protect` from them: nothing else matters for an account about to be deleted.

Each inherited value's origin is kept in `SourceMap.origins`, so that a problem with it
points where it was written, in the template, and is reported once for all its accounts.
"""

from __future__ import annotations

from typing import Any

from reconciler.config.locations import Loc
from reconciler.config.merge import SourceMap
from reconciler.config.report import Report
from reconciler.config.suggest import describe, did_you_mean, shorten

#: Keys an account never inherits (a template declaring them is reported by the schema).
NOT_INHERITED = frozenset({"username", "state", "profile"})
#: What an account with `state: absent` inherits.
INHERITED_WHEN_ABSENT = frozenset({"protect"})

Layer = tuple[Any, Loc]  # a value and where it was written


def expand_accounts(data: dict[str, Any], smap: SourceMap, report: Report) -> None:
    """Replace each account of `data` by its merge with defaults and its profiles."""
    accounts = data.get("accounts")
    if not isinstance(accounts, list):
        return
    defaults = data.get("defaults")
    profiles = data.get("profiles")
    if not isinstance(profiles, dict):
        profiles = {}
    for i, account in enumerate(accounts):
        if not isinstance(account, dict):
            continue
        loc: Loc = ("accounts", i)
        layers: list[Layer] = []
        if isinstance(defaults, dict):
            layers.append((defaults, ("defaults",)))
        for name in _profile_names(account, loc, profiles, report):
            if isinstance(profiles[name], dict):
                layers.append((profiles[name], ("profiles", name)))
        if not layers:
            continue
        keep = INHERITED_WHEN_ABSENT if account.get("state") == "absent" else None
        inherited = [(_inheritable(value, keep), origin) for value, origin in layers]
        accounts[i] = merge_layers([*inherited, (account, loc)], loc, smap.origins)


def _inheritable(template: dict[str, Any], keep: frozenset[str] | None) -> dict[str, Any]:
    return {
        key: value
        for key, value in template.items()
        if key not in NOT_INHERITED and (keep is None or key in keep)
    }


def _profile_names(
    account: dict[str, Any], loc: Loc, profiles: dict[str, Any], report: Report
) -> list[str]:
    """The account's known profile names in order; unknown or malformed ones are reported."""
    if "profile" not in account or account["profile"] is None:
        return []
    value = account["profile"]
    here: Loc = (*loc, "profile")
    if isinstance(value, str):
        named: list[tuple[Any, Loc]] = [(value, here)]
    elif isinstance(value, list):
        named = [(item, (*here, j)) for j, item in enumerate(value)]
    else:
        report.error(here, f"expected a profile name or a list of names, got {describe(value)}")
        del account["profile"]  # reported: the schema need not word it again
        return []
    names: list[str] = []
    for name, name_loc in named:
        if not isinstance(name, str):
            report.error(name_loc, f"expected a profile name, got {describe(name)}")
            account["profile"] = None
        elif name not in profiles:
            report.error(name_loc, _unknown_profile(name, profiles))
        elif name not in names:
            names.append(name)
    return names


def _unknown_profile(name: str, profiles: dict[str, Any]) -> str:
    if not profiles:
        return f"unknown profile {shorten(name)}: no profiles are declared (profiles: ...)"
    hint = did_you_mean(name, profiles)
    if not hint:
        hint = f"; declared: {', '.join(sorted(profiles))}"
    return f"unknown profile {shorten(name)}{hint}"


def merge_layers(layers: list[Layer], target: Loc, origins: dict[Loc, Loc]) -> Any:
    """The merge of `layers` (lowest priority first) placed at `target`.

    A result part taken from a layer written elsewhere than `target` is recorded in
    `origins`. The result shares nothing with the layers: accounts stay independent.
    """
    value, origin = layers[-1]
    if not isinstance(value, dict):
        if origin != target:
            origins[target] = origin
        return _copy(value)
    start = len(layers) - 1
    while start > 0 and isinstance(layers[start - 1][0], dict):
        start -= 1
    maps = layers[start:]
    if origin != target:
        origins[target] = origin
    # The account's own keys first, then what each template adds, highest first.
    keys = dict.fromkeys(key for layer, _ in reversed(maps) for key in layer)
    return {
        key: merge_layers(
            [(layer[key], (*where, key)) for layer, where in maps if key in layer],
            (*target, key),
            origins,
        )
        for key in keys
    }


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value
