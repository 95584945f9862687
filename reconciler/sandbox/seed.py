"""Turn a seed document (see the package docstring) into a Store.

Seeds are read leniently (0/1, "true", "07:00:00" all fine) but strictly about names: an
unknown key, setting or module is a SeedError, so a typo never becomes a silent default.
Target types are not checked against a catalog: a seed may hold stale types on purpose.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from reconciler.normalize import NormalizeError, to_bool, to_int
from reconciler.sandbox.logins import parse_logins
from reconciler.sandbox.modules import ACCOUNT_SCHEDULE_MODULES
from reconciler.sandbox.records import DEFAULT_DATE
from reconciler.sandbox.seed_modules import ACCOUNT_KEYS, seed_account_modules
from reconciler.sandbox.seed_posts import seed_posts
from reconciler.sandbox.seed_schedules import seed_schedule
from reconciler.sandbox.seed_users import seed_users
from reconciler.sandbox.seed_values import (
    SeedError,
    assign_ids,
    check_keys,
    datetime_value,
    entries,
    optional_datetime,
    text,
)
from reconciler.sandbox.state import Account, Caption, Proxy, Store

__all__ = ["SeedError", "build_store", "generate_api_key", "load_seed_file"]

_ACCOUNT_FLAGS = ("login_required", "is_active", "slave", "child", "rpa", "engagement_mod")
_ACCOUNT_TEXT = ("username", "instagram_id", "full_name", "proxy", "mobile_proxy", "password")
_ACCOUNT_KEYS = {
    *_ACCOUNT_FLAGS, *_ACCOUNT_TEXT, "id", "user_id", "counter", "last_login", "date",
    *ACCOUNT_SCHEDULE_MODULES, *ACCOUNT_KEYS,
}  # fmt: skip


def generate_api_key() -> str:
    """A fresh key in the platform's format: sht_ + 64 hex."""
    return "sht_" + secrets.token_hex(32)


def load_seed_file(path: str | Path) -> dict[str, Any]:
    """Read a seed from JSON (.json) or YAML (anything else)."""
    text_ = Path(path).read_text(encoding="utf-8")
    if str(path).endswith(".json"):
        data = json.loads(text_)
    else:
        from ruamel.yaml import YAML

        data = YAML(typ="safe", pure=True).load(text_)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SeedError(f"{path}: a seed must be a mapping at the top level")
    return data


def _account(store: Store, raw: dict[str, Any], account_id: int, default_user: int) -> None:
    where = f"accounts[{raw.get('username', account_id)}]"
    check_keys(raw, _ACCOUNT_KEYS, where)
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
            setattr(acc, name, text(raw[name]))
    now = store.time()
    acc.counter = to_int(raw.get("counter", 0))
    acc.date = datetime_value(raw.get("date", DEFAULT_DATE), now, f"{where}.date")
    last_login = raw.get("last_login", DEFAULT_DATE)
    acc.last_login = optional_datetime(last_login, now, f"{where}.last_login")
    store.accounts[acc.id] = acc
    for module in ACCOUNT_SCHEDULE_MODULES:
        sched = seed_schedule(store, module, raw.get(module), acc)
        if sched is not None:
            store.schedules[(module, acc.id)] = sched
    seed_account_modules(store, raw, acc, where)


def _captions(store: Store, seed: Mapping[str, Any], default_user: int) -> None:
    captions = entries(seed, "captions")
    for raw, cid in zip(captions, assign_ids(store, "caption", captions), strict=True):
        where = f"captions[{cid}]"
        check_keys(raw, {"id", "user_id", "title", "caption", "date"}, where)
        uid = to_int(raw.get("user_id", default_user))
        date_ = datetime_value(raw.get("date", DEFAULT_DATE), store.time(), f"{where}.date")
        store.captions[cid] = Caption(
            cid, uid, text(raw.get("title")), text(raw.get("caption")), date_
        )


def _proxies(store: Store, seed: Mapping[str, Any]) -> None:
    proxies = entries(seed, "proxies")
    for raw, pid in zip(proxies, assign_ids(store, "proxy", proxies), strict=True):
        check_keys(raw, {"id", "proxy", "country_code", "use_count"}, f"proxies[{pid}]")
        row = Proxy(pid, text(raw.get("proxy")), text(raw.get("country_code")))
        # The seed's use_count is the total at load time; the seeded accounts that
        # use the proxy are part of it, the rest are uses the sandbox does not model.
        row.other_uses = max(0, to_int(raw.get("use_count", 0)) - store.use_count(row))
        store.proxies[pid] = row


def build_store(
    seed: Mapping[str, Any] | None,
    api_key: str | None = None,
    clock: Callable[[], float] | None = None,
) -> tuple[Store, str, bool]:
    """A Store from the seed, the default user's API key, and whether it was generated.

    `clock` replaces the store's clock before loading, so relative seed times use it.
    """
    seed = seed or {}
    store = Store()
    if clock is not None:
        store.clock = clock
    try:
        default = seed_users(store, seed)
        seed_keys = [k for k, v in store.keys.items() if v.user_id == default.id and v.active]
        key = api_key or seed.get("api_key") or (seed_keys[0] if seed_keys else None)
        generated = not key
        key = str(key) if key else generate_api_key()
        if key not in store.keys:
            store.add_key(key, default.id)
        accounts = entries(seed, "accounts")
        for raw, aid in zip(accounts, assign_ids(store, "account", accounts), strict=True):
            _account(store, raw, aid, default.id)
        _captions(store, seed, default.id)
        _proxies(store, seed)
        seed_posts(store, seed, default.id)
        store.logins = parse_logins(seed.get("logins"))
    except (NormalizeError, ValueError) as exc:
        raise SeedError(str(exc)) from None
    return store, key, generated
