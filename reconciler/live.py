"""API -> live State, normalized to the desired state's shape.

Reads only what the desired state manages: the account list when accounts are declared,
the caption list when captions are managed, a module's schedule list and target catalog
when a declared schedule uses it, and one settings read per declared schedule that
manages settings. Everything independent goes out in parallel.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from reconciler.api.client import ApiClient, path
from reconciler.catalog import SETTINGS
from reconciler.errors import ApiProtocolError, ApiStatusError
from reconciler.normalize import NormalizeError, Scalar, normalize_setting, to_bool, to_int
from reconciler.state import Account, Caption, PoolProxy, PoolRequest, Schedule, State, Target

GATE_STATUSES = {403: "the API key's plan does not include this module (403)",
                 503: "the module's plugin is not installed on the server (503)"}


def fetch_live(client: ApiClient, desired: State) -> State:
    """Read the live state of everything `desired` manages."""
    live = State()
    modules = sorted({m for a in desired.accounts.values() for m in a.schedules})
    raw_schedules: dict[str, list[dict[str, Any]]] = {}
    tasks: list[Callable[[], None]] = []
    if desired.accounts:
        tasks.append(lambda: _read_accounts(client, live))
    if any(isinstance(a.proxy, PoolRequest) for a in desired.accounts.values()):
        tasks.append(lambda: _read_proxies(client, live))
    if desired.captions or desired.prune_captions:
        tasks.append(lambda: _read_captions(client, live))
    for module in modules:
        tasks.append(partial(_read_schedules, client, live, module, raw_schedules))
        if any(module in a.schedules and a.schedules[module].targets is not None
               for a in desired.accounts.values()):
            tasks.append(partial(_read_target_types, client, live, module))
    client.map(lambda task: task(), tasks)
    for module, items in raw_schedules.items():
        _attach_schedules(live, module, items)
    _read_details(client, desired, live)
    return live


def _read_accounts(client: ApiClient, live: State) -> None:
    for item in client.list_all("/accounts"):
        live.accounts[str(_field(item, "username", "/accounts"))] = read_account(item)


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


def _read_proxies(client: ApiClient, live: State) -> None:
    where = "/proxies"
    for item in client.list_all(where):
        live.proxies.append(PoolProxy(
            _id(item, "id", where), str(_field(item, "proxy", where)),
            str(item.get("country_code") or "").upper(),
            _id(item, "use_count", where) if item.get("use_count") is not None else 0,
        ))


def _read_captions(client: ApiClient, live: State) -> None:
    for item in client.list_all("/captions"):
        title = str(_field(item, "title", "/captions"))
        cap = Caption(title, str(item.get("caption") or ""), _id(item, "id", "/captions"))
        live.captions.setdefault(title, []).append(cap)
    for caps in live.captions.values():
        caps.sort(key=lambda c: c.id or 0)


def _read_schedules(client: ApiClient, live: State, module: str,
                    out: dict[str, list[dict[str, Any]]]) -> None:
    try:
        items = client.list_all(path(module, "schedules"))
    except ApiStatusError as exc:
        if exc.status in GATE_STATUSES:
            live.module_errors[module] = GATE_STATUSES[exc.status]
            return
        raise
    out[module] = items


def _read_target_types(client: ApiClient, live: State, module: str) -> None:
    where = f"/{module}/targets/types"
    try:
        data = client.get(path(module, "targets", "types"))
    except ApiStatusError as exc:
        if exc.status in GATE_STATUSES:
            return  # the schedule list reports the gate
        raise
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


def _attach_schedules(live: State, module: str, items: list[dict[str, Any]]) -> None:
    """Hang each listed schedule on its account, matched by the platform's account id."""
    by_id = {a.id: a for a in live.accounts.values()}
    where = f"/{module}/schedules"
    for item in items:
        account = by_id.get(_id(item, "account_id", where))
        if account is None:
            continue
        sched = Schedule(active=_bool(item.get("is_active", False), where))
        raw_targets = item.get("target", item.get("targets"))
        if isinstance(raw_targets, list):
            _set_targets(sched, raw_targets, where)
        account.schedules[module] = sched


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


def _read_details(client: ApiClient, desired: State, live: State) -> None:
    """Settings of each declared schedule managing settings; targets if the list lacked them."""
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
                jobs.append(("settings", have, live_sched, module))
            if sched.targets is not None and live_sched.targets is None:
                jobs.append(("targets", have, live_sched, module))

    def run(job: tuple[str, Account, Schedule, str]) -> None:
        what, account, sched, module = job
        where = path(module, "schedules", account.id, what)
        data = client.get(where)
        if what == "settings":
            sched.settings = flatten_settings(module, data, where)
        else:
            items = data.get("targets", data.get("items")) if isinstance(data, dict) else data
            if not isinstance(items, list):
                raise ApiProtocolError("GET", where, "expected a list of targets")
            _set_targets(sched, items, where)

    client.map(run, jobs)


def flatten_settings(module: str, data: Any, where: str) -> dict[str, Scalar]:
    """Settings come grouped by category; flatten whatever groups come back, then normalize."""
    if not isinstance(data, dict):
        raise ApiProtocolError("GET", where, "expected settings as an object")
    catalog = SETTINGS[module]
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):  # a category group; a group may share a field's name
            flat.update(value)
        else:
            flat[key] = value
    out: dict[str, Scalar] = {}
    for key, value in flat.items():
        spec = catalog.get(key)
        try:
            out[key] = normalize_setting(spec, value)
        except NormalizeError as exc:
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
