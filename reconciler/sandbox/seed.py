"""Turn a seed document (see the package docstring) into a Store.

Seeds are read leniently (0/1, "true", "07:00:00" all fine) but strictly about names: an
unknown key, setting or module is a SeedError, so a typo never becomes a silent default.
Target types are not checked against a catalog: a seed may hold stale types on purpose.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from reconciler.catalog import SETTINGS
from reconciler.normalize import NormalizeError, to_bool, to_int
from reconciler.sandbox.logins import parse_logins
from reconciler.sandbox.state import (
    DEFAULT_DATE,
    PACKAGE_NAME,
    Account,
    Caption,
    Proxy,
    Schedule,
    Store,
    User,
)
from reconciler.sandbox.targets import make_target
from reconciler.sandbox.validate import InvalidValue, coerce_seed_value, default_value

_ALIASES = dict(PACKAGE_NAME)  # "repost" → "repost-pro"
_ACCOUNT_FLAGS = ("login_required", "is_active", "slave", "child", "rpa", "engagement_mod")
_ACCOUNT_TEXT = ("username", "instagram_id", "full_name", "proxy", "mobile_proxy", "password")
_USER_KEYS = {
    "id",
    "username",
    "modules",
    "api_keys",
    "revoked_keys",
    "account_type",
    "account_limit",
}
_SCHEDULE_KEYS = {
    "id", "is_active", "is_running", "is_executed", "speed", "settings", "targets",
    "messages", "private_only", "schedule_date", "end_date", "last_action_date",
    "next_check_date",
}  # fmt: skip


class SeedError(ValueError):
    """The seed document cannot be loaded; the message names the offending entry."""


def generate_api_key() -> str:
    """A fresh key in the platform's format: sht_ + 64 hex."""
    return "sht_" + secrets.token_hex(32)


def load_seed_file(path: str | Path) -> dict[str, Any]:
    """Read a seed from JSON (.json) or YAML (anything else)."""
    text = Path(path).read_text(encoding="utf-8")
    if str(path).endswith(".json"):
        data = json.loads(text)
    else:
        from ruamel.yaml import YAML

        data = YAML(typ="safe", pure=True).load(text)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SeedError(f"{path}: a seed must be a mapping at the top level")
    return data


def _text(value: Any) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d 00:00:00")
    return "" if value is None else str(value)


def _date(value: Any) -> str | None:
    return None if value is None else _text(value)


def _entries(seed: Mapping[str, Any], key: str) -> list[dict[str, Any]]:
    rows = seed.get(key) or []
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise SeedError(f"{key}: must be a list of mappings")
    return rows


def _module_names(names: Iterable[Any], where: str) -> set[str]:
    if isinstance(names, str):
        raise SeedError(f"{where}: must be a list of module names")
    return {_ALIASES.get(str(n), str(n)) for n in names}


def _assign_ids(store: Store, kind: str, rows: list[dict[str, Any]]) -> list[int]:
    """Explicit ids first (claimed so autos skip them), then auto ids in order."""
    explicit = [to_int(r["id"]) for r in rows if r.get("id") is not None]
    if len(set(explicit)) != len(explicit):
        raise SeedError(f"duplicate {kind} ids in the seed")
    for value in explicit:
        store.claim_id(kind, value)
    return [to_int(r["id"]) if r.get("id") is not None else store.next_id(kind) for r in rows]


def _check_keys(row: Mapping[str, Any], allowed: Iterable[str], where: str) -> None:
    unknown = sorted(set(row) - set(allowed))
    if unknown:
        raise SeedError(f"{where}: unknown key(s) {', '.join(unknown)}")


def _schedule(store: Store, module: str, raw: Any, account: Account) -> Schedule | None:
    where = f"accounts[{account.username}].{module}"
    if raw is None or raw is False:
        return None
    block: dict[str, Any] = {} if raw is True else raw
    if not isinstance(block, dict):
        raise SeedError(f"{where}: must be a mapping (or true)")
    _check_keys(block, _SCHEDULE_KEYS, where)
    specs = SETTINGS[module]
    given = block.get("settings") or {}
    _check_keys(given, specs, f"{where}.settings")
    settings = {name: default_value(spec) for name, spec in specs.items()}
    for name, value in given.items():
        try:
            settings[name] = coerce_seed_value(specs[name], value)
        except InvalidValue as exc:
            raise SeedError(f"{where}.settings.{name}: {exc}") from None
    row_id = block.get("id")
    sid = store.claim_id(module, to_int(row_id)) if row_id else store.next_id(module)
    if any(s.id == sid for (m, _), s in store.schedules.items() if m == module):
        raise SeedError(f"{where}: schedule id {sid} is already used")
    row = Schedule(sid, module, account.id, account.user_id, settings=settings)
    for flag in ("is_active", "is_running", "is_executed", "private_only"):
        if flag in block:
            setattr(row, flag, to_bool(block[flag]))
    row.speed = to_int(block.get("speed", row.speed))
    row.messages = list(block.get("messages") or [])
    for name in ("schedule_date", "end_date", "last_action_date", "next_check_date"):
        if name in block:
            setattr(row, name, _date(block[name]))
    for i, t in enumerate(block.get("targets") or []):
        if not isinstance(t, dict) or not t.get("type"):
            raise SeedError(f"{where}.targets[{i}]: needs at least a type")
        _check_keys(t, ("type", "value", "id", "link"), f"{where}.targets[{i}]")
        id_ = _text(t["id"]) if t.get("id") is not None else None
        link = _text(t["link"]) if t.get("link") is not None else None
        row.targets.append(make_target(store, str(t["type"]), _text(t.get("value")), id_, link))
    return row


def _account(store: Store, raw: dict[str, Any], account_id: int, default_user: int) -> None:
    where = f"accounts[{raw.get('username', account_id)}]"
    allowed = {*_ACCOUNT_FLAGS, *_ACCOUNT_TEXT, "id", "user_id", "counter", "last_login"}
    _check_keys(raw, allowed | {"date", *PACKAGE_NAME}, where)
    if not raw.get("username"):
        raise SeedError(f"{where}: username is required")
    user_id = to_int(raw.get("user_id", default_user))
    if user_id not in store.users:
        raise SeedError(f"{where}: user {user_id} is not in users")
    acc = Account(
        account_id, user_id, str(raw["username"]), instagram_id=str(5_000_000_000 + account_id)
    )
    for name in _ACCOUNT_FLAGS:
        if name in raw:
            setattr(acc, name, to_bool(raw[name]))
    for name in _ACCOUNT_TEXT:
        if name in raw:
            setattr(acc, name, _text(raw[name]))
    acc.counter = to_int(raw.get("counter", 0))
    acc.date = _text(raw.get("date", DEFAULT_DATE))
    acc.last_login = _date(raw.get("last_login", DEFAULT_DATE))
    store.accounts[acc.id] = acc
    for module in PACKAGE_NAME:
        sched = _schedule(store, module, raw.get(module), acc)
        if sched is not None:
            store.schedules[(module, acc.id)] = sched


def _users(store: Store, seed: Mapping[str, Any]) -> User:
    rows = _entries(seed, "users") or [{"id": 1, "username": "agency"}]
    for raw, uid in zip(rows, _assign_ids(store, "user", rows), strict=True):
        _check_keys(
            raw,
            _USER_KEYS,
            f"users[{uid}]",
        )
        modules = _module_names(raw.get("modules", PACKAGE_NAME.values()), f"users[{uid}].modules")
        user = User(uid, str(raw.get("username", f"user{uid}")), modules)
        user.account_type = str(raw.get("account_type", "user"))
        if raw.get("account_limit") is not None:
            user.account_limit = to_int(raw["account_limit"])
        store.users[uid] = user
        for key in raw.get("api_keys") or []:
            store.add_key(str(key), uid)
        for key in raw.get("revoked_keys") or []:
            store.add_key(str(key), uid, active=False)
    return store.users[next(iter(store.users))]


def build_store(
    seed: Mapping[str, Any] | None, api_key: str | None = None
) -> tuple[Store, str, bool]:
    """A Store from the seed, the default user's API key, and whether it was generated."""
    seed = seed or {}
    store = Store()
    try:
        if "plugins" in seed:
            store.plugins = _module_names(seed["plugins"] or [], "plugins")
        default = _users(store, seed)
        seed_keys = [k for k, v in store.keys.items() if v.user_id == default.id and v.active]
        key = api_key or seed.get("api_key") or (seed_keys[0] if seed_keys else None)
        generated = not key
        key = str(key) if key else generate_api_key()
        if key not in store.keys:
            store.add_key(key, default.id)
        accounts = _entries(seed, "accounts")
        for raw, aid in zip(accounts, _assign_ids(store, "account", accounts), strict=True):
            _account(store, raw, aid, default.id)
        captions = _entries(seed, "captions")
        for raw, cid in zip(captions, _assign_ids(store, "caption", captions), strict=True):
            _check_keys(raw, {"id", "user_id", "title", "caption", "date"}, f"captions[{cid}]")
            uid = to_int(raw.get("user_id", default.id))
            date_ = _text(raw.get("date", DEFAULT_DATE))
            store.captions[cid] = Caption(
                cid, uid, _text(raw.get("title")), _text(raw.get("caption")), date_
            )
        proxies = _entries(seed, "proxies")
        for raw, pid in zip(proxies, _assign_ids(store, "proxy", proxies), strict=True):
            _check_keys(raw, {"id", "proxy", "country_code", "use_count"}, f"proxies[{pid}]")
            row = Proxy(pid, _text(raw.get("proxy")), _text(raw.get("country_code")))
            # The seed's use_count is the total at load time; the seeded accounts that
            # use the proxy are part of it, the rest are uses the sandbox does not model.
            row.other_uses = max(0, to_int(raw.get("use_count", 0)) - store.use_count(row))
            store.proxies[pid] = row
        store.logins = parse_logins(seed.get("logins"))
    except (NormalizeError, ValueError) as exc:
        raise SeedError(str(exc)) from None
    return store, key, generated
