"""API -> live State, normalized to the desired state's shape.

Reads only what the desired state manages: the account list when accounts are declared,
the caption list when captions are managed, a module's schedule list and target catalog
when a declared schedule uses it, and one settings read per declared schedule that
manages settings. Everything independent goes out in parallel.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Collection
from functools import partial
from typing import Any

from reconciler.api.client import ApiClient, objects, path
from reconciler.catalog import SETTINGS
from reconciler.errors import ApiError, ApiProtocolError, ApiStatusError
from reconciler.normalize import (
    NormalizeError,
    Scalar,
    normalize_setting,
    same_value,
    to_bool,
    to_int,
)
from reconciler.state import Account, Caption, PoolProxy, PoolRequest, Schedule, State, Target

GATES = {403: "the API key's plan does not include this module (403)",
                 503: "the module's plugin is not installed on the server (503)"}


def fetch_live(client: ApiClient, desired: State) -> State:
    """Read the live state of everything `desired` manages.

    Round 1 reads every list's first page and each needed target catalog in parallel;
    round 2 reads all remaining pages of all lists, flat; round 3 the per-schedule
    details. Flat rounds keep the pool busy, and no worker ever waits on the pool.
    """
    live = State()
    modules = sorted({m for a in desired.accounts.values() for m in a.schedules})
    lists: dict[str, str] = {}
    if desired.accounts:
        lists["accounts"] = "/accounts"
    if any(isinstance(a.proxy, PoolRequest) for a in desired.accounts.values()):
        lists["proxies"] = "/proxies"
    if desired.captions or desired.prune_captions:
        lists["captions"] = "/captions"
    for module in modules:
        lists[module] = path(module, "schedules")
    typed = [m for m in modules if any(m in a.schedules and a.schedules[m].targets is not None
                                       for a in desired.accounts.values())]
    round1: list[Callable[[], Any]] = [partial(client.page, p, {}, 1) for p in lists.values()]
    round1 += [partial(client.get, path(m, "targets", "types")) for m in typed]
    results = client.map(_capture, round1)
    firsts = dict(zip(lists, results[: len(lists)], strict=True))
    for module, found in zip(typed, results[len(lists):], strict=True):
        _read_target_types(live, module, found)
    items: dict[str, list[Any]] = {}
    rest: list[tuple[str, Callable[[], list[Any]]]] = []
    for name, first in firsts.items():
        if isinstance(first, ApiStatusError) and name in modules and first.status in GATES:
            live.module_errors[name] = GATES[first.status]
            continue
        if isinstance(first, Exception):
            raise first
        items[name] = list(first.items)
        rest += [(name, read) for read in client.rest_of(lists[name], {}, first)]
    for (name, _), chunk in zip(rest, client.map(lambda r: r[1](), rest), strict=True):
        items[name].extend(chunk)
    for name, found in items.items():
        items[name] = objects(found, lists[name])
    for item in items.get("accounts", []):
        live.accounts[str(_field(item, "username", "/accounts"))] = read_account(item)
    for item in items.get("proxies", []):
        live.proxies.append(_read_proxy(item))
    for item in items.get("captions", []):
        _add_caption(live, item)
    listed: dict[tuple[str, str], dict[str, Any]] = {}
    for module in modules:
        if module in items:
            listed.update(_attach_schedules(live, module, items[module]))
    _read_details(client, desired, live, listed)
    return live


def _capture(read: Callable[[], Any]) -> Any:
    """Run a read; an API error becomes the result, so one gated module does not stop
    the others (the caller decides which errors are fatal)."""
    try:
        return read()
    except ApiError as exc:
        return exc


def read_account(item: dict[str, Any]) -> Account:
    """One account object of any endpoint (list, login, challenge) in the live shape."""
    where = "/accounts"
    return Account(
        str(_field(item, "username", where)),
        _id(item, "id", where),
        proxy=str(item.get("proxy") or ""),
        # None: this server's account objects do not report it (the guide's shape)
        mobile_proxy=str(item.get("mobile_proxy") or "") if "mobile_proxy" in item else None,
        login_required=_bool(item.get("login_required") or False, where),
    )


def _read_proxy(item: dict[str, Any]) -> PoolProxy:
    where = "/proxies"
    return PoolProxy(_id(item, "id", where), str(_field(item, "proxy", where)),
                     str(item.get("country_code") or "").upper(),
                     _id(item, "use_count", where) if item.get("use_count") is not None else 0)


def _add_caption(live: State, item: dict[str, Any]) -> None:
    title = str(_field(item, "title", "/captions"))
    cap = Caption(title, str(item.get("caption") or ""), _id(item, "id", "/captions"))
    copies = live.captions.setdefault(title, [])
    copies.append(cap)
    copies.sort(key=lambda c: c.id or 0)


def _read_target_types(live: State, module: str, data: Any) -> None:
    where = f"/{module}/targets/types"
    if isinstance(data, ApiStatusError) and data.status in GATES:
        return  # the schedule list reports the gate
    if isinstance(data, Exception):
        raise data
    types = data.get("types") if isinstance(data, dict) else data
    if not isinstance(types, list):
        raise ApiProtocolError("GET", where, "expected a list of target types")
    catalog: dict[str, bool] = {}
    for t in types:
        if isinstance(t, str):
            catalog[t] = False
        elif isinstance(t, dict) and "type" in t:
            catalog[str(t["type"])] = _bool(t.get("requires_id", False), where)
        else:
            raise ApiProtocolError("GET", where, f"unreadable target type entry {t!r}")
    live.target_types[module] = catalog


def _attach_schedules(live: State, module: str,
                      items: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    """Hang each listed schedule on its account, matched by the platform's account id;
    returns the list items by (username, module) for the settings shortcut."""
    by_id = {a.id: a for a in live.accounts.values()}
    where = f"/{module}/schedules"
    listed: dict[tuple[str, str], dict[str, Any]] = {}
    for item in items:
        account = by_id.get(_id(item, "account_id", where))
        if account is None:
            continue
        sched = Schedule(active=_bool(item.get("is_active", False), where))
        raw_targets = item.get("target", item.get("targets"))
        if isinstance(raw_targets, str):  # a JSON column the server did not decode
            with contextlib.suppress(ValueError):
                raw_targets = json.loads(raw_targets)
        if isinstance(raw_targets, list):
            _set_targets(sched, raw_targets, where)
        account.schedules[module] = sched
        listed[(account.username, module)] = item
    return listed


def _set_targets(sched: Schedule, raw: list[Any], where: str) -> None:
    targets: list[Target] = []
    for t in raw:
        if not isinstance(t, dict) or "type" not in t:
            raise ApiProtocolError("GET", where, f"unreadable target {t!r}")
        value = "" if t.get("value") is None else str(t["value"])
        tid = None if t.get("id") in (None, "") else str(t["id"])
        target = Target(str(t["type"]), value, tid)
        targets.append(target)
        removal = t.get("target_id", t.get("id"))
        sched.removal_ids[target.key] = str(removal if removal not in (None, "") else value)
    sched.targets = targets


def _read_details(client: ApiClient, desired: State, live: State,
                  listed: dict[tuple[str, str], dict[str, Any]]) -> None:
    """Settings of each declared schedule managing settings; targets if the list lacked them.

    The schedule list already carries many settings (speed, daily pause, caption…). When
    it shows every declared field with the desired value, that schedule needs no change
    and no settings read; otherwise the settings endpoint is read, and it is the one the
    plan shows. A read that fails every retry is a problem for that schedule alone.
    """
    jobs: list[tuple[str, Account, Schedule, str]] = []
    for username, want in desired.accounts.items():
        have = live.accounts.get(username)
        if have is None:
            continue
        for module, sched in want.schedules.items():
            live_sched = have.schedules.get(module)
            if live_sched is None:
                continue
            if sched.settings is not None:
                shown = _settings_shown(module, sched.settings, listed.get((username, module)))
                if shown is not None:
                    live_sched.settings = shown
                else:
                    jobs.append(("settings", have, live_sched, module))
            if sched.targets is not None and live_sched.targets is None:
                jobs.append(("targets", have, live_sched, module))

    def run(job: tuple[str, Account, Schedule, str]) -> None:
        what, account, sched, module = job
        where = path(module, "schedules", account.id, what)
        try:
            data = client.get(where)
        except ApiError as exc:
            live.read_errors[f'account["{account.username}"].{module}'] = str(exc)
            return
        if what == "settings":
            wanted = desired.accounts[account.username].schedules[module].settings or {}
            sched.settings = flatten_settings(module, data, where, wanted)
        else:
            items = data.get("targets", data.get("items")) if isinstance(data, dict) else data
            if not isinstance(items, list):
                raise ApiProtocolError("GET", where, "expected a list of targets")
            _set_targets(sched, items, where)

    client.map(run, jobs)


def _settings_shown(module: str, wanted: dict[str, Scalar],
                    item: dict[str, Any] | None) -> dict[str, Scalar] | None:
    """The declared settings as the schedule list shows them, if it shows all of them
    with the desired values; None when the settings endpoint must be read."""
    if item is None or not wanted:  # nothing named: the caller wants every setting
        return None
    catalog = SETTINGS[module]
    shown: dict[str, Scalar] = {}
    for name, value in wanted.items():
        if name not in item or isinstance(item[name], dict | list):
            return None
        try:
            have = normalize_setting(catalog.get(name), item[name])
        except NormalizeError:
            return None
        if not same_value(catalog.get(name), value, have):
            return None
        shown[name] = have
    return shown


def flatten_settings(module: str, data: Any, where: str,
                     declared: Collection[str] = ()) -> dict[str, Scalar]:
    """Settings come grouped by category (groups may nest, and may share a field's name):
    flatten whatever groups come back down to their scalar fields, then normalize.

    A value that cannot be read as its documented type is an error for a `declared`
    field (the plan would be wrong) and is left out for any other.
    """
    if not isinstance(data, dict):
        raise ApiProtocolError("GET", where, "expected settings as an object")
    catalog = SETTINGS[module]
    flat: dict[str, Any] = {}

    def walk(group: dict[str, Any]) -> None:
        for key, value in group.items():
            if isinstance(value, dict):
                walk(value)
            else:
                flat[key] = value

    walk(data)
    out: dict[str, Scalar] = {}
    for key, value in flat.items():
        try:
            out[key] = normalize_setting(catalog.get(key), value)
        except NormalizeError as exc:
            if key in declared:
                raise ApiProtocolError("GET", where, f"settings field {key!r}: {exc}") from None
    return out


def _bool(value: Any, where: str) -> bool:
    try:
        return to_bool(value)
    except NormalizeError as exc:
        raise ApiProtocolError("GET", where, str(exc)) from None


def _id(item: dict[str, Any], name: str, where: str) -> int:
    try:
        return to_int(_field(item, name, where))
    except NormalizeError as exc:
        raise ApiProtocolError("GET", where, f"field {name!r}: {exc}") from None


def _field(item: dict[str, Any], name: str, where: str) -> Any:
    if item.get(name) is None:
        raise ApiProtocolError("GET", where, f"an item lacks the field {name!r}")
    return item[name]
