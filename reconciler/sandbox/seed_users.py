"""The seed's `users:` and `plugins:`: tenants, their keys, package and subscription.

    plugins: [repost-pro, reactions, welcomedm, ai-dm, parser, first-comment]
    users:
      - id: 1
        username: agency
        modules: [repost-pro, reactions]      # the package's modules (403 for others)
        email: ops@example.com, firstname: Ada, lastname: Ops
        expire_date: "now+3d"                  # the subscription's end
        package: {id: 2, title: Agency, monthly_price: 49, annual_price: 490}
        package_subscription: true             # paid by recurring subscription
        max_upload_bytes: 10485760             # the plan's limit per uploaded file

Defaults: every plugin the sandbox serves is installed and every user's package holds
every module it serves, so an old seed that names neither behaves as before and the
newer modules answer (with empty lists) until a seed says otherwise. Module names are
the packages' own ("repost-pro"…); the sandbox's module keys ("repost", "welcome_dm"…)
are accepted as aliases; a name neither document knows is a SeedError.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from reconciler.normalize import to_bool, to_int
from reconciler.sandbox.modules import ALL_PACKAGES, package_name
from reconciler.sandbox.records import MAX_UPLOAD_BYTES, Package
from reconciler.sandbox.seed_values import (
    SeedError,
    assign_ids,
    check_keys,
    datetime_value,
    entries,
    optional_datetime,
    text,
)
from reconciler.sandbox.state import Store, User

_USER_KEYS = {
    "id", "username", "modules", "api_keys", "revoked_keys", "account_type", "account_limit",
    "email", "firstname", "lastname", "is_active", "is_online", "package",
    "package_subscription", "expire_date", "last_activity_time", "date_joined",
    "max_upload_bytes",
}  # fmt: skip
_PACKAGE_KEYS = {"id", "title", "monthly_price", "annual_price", "is_public", "date"}


def module_names(names: Any, where: str) -> set[str]:
    if isinstance(names, str) or not isinstance(names, Iterable):
        raise SeedError(f"{where}: must be a list of module names")
    return {package_name(str(n), f"{where}") for n in names}


def _package(raw: Any, now: float, where: str) -> Package:
    if not isinstance(raw, dict):
        raise SeedError(f"{where}: must be a mapping")
    check_keys(raw, _PACKAGE_KEYS, where)
    package = Package()
    if "id" in raw:
        package.id = to_int(raw["id"])
    if "title" in raw:
        package.title = text(raw["title"])
    for price in ("monthly_price", "annual_price"):
        if price in raw:
            try:
                setattr(package, price, float(raw[price]))
            except (TypeError, ValueError):
                raise SeedError(f"{where}.{price}: must be a number") from None
    if "is_public" in raw:
        package.is_public = to_bool(raw["is_public"])
    if "date" in raw:
        package.date = datetime_value(raw["date"], now, f"{where}.date")
    return package


def _profile(user: User, raw: Mapping[str, Any], now: float, where: str) -> None:
    for name in ("email", "firstname", "lastname"):
        if name in raw:
            setattr(user, name, text(raw[name]))
    for flag in ("is_active", "is_online", "package_subscription"):
        if flag in raw:
            setattr(user, flag, to_bool(raw[flag]))
    if "package" in raw:
        user.package = _package(raw["package"], now, f"{where}.package")
    if "expire_date" in raw:
        user.expire_date = datetime_value(raw["expire_date"], now, f"{where}.expire_date")
    if "date_joined" in raw:
        user.date_joined = datetime_value(raw["date_joined"], now, f"{where}.date_joined")
    if "last_activity_time" in raw:
        user.last_activity_time = optional_datetime(
            raw["last_activity_time"], now, f"{where}.last_activity_time"
        )


def seed_users(store: Store, seed: Mapping[str, Any]) -> User:
    """Load `plugins:` and `users:` (default: one user agency); returns the first user."""
    if "plugins" in seed:
        store.plugins = module_names(seed["plugins"] or [], "plugins")
    rows = entries(seed, "users") or [{"id": 1, "username": "agency"}]
    now = store.time()
    for raw, uid in zip(rows, assign_ids(store, "user", rows), strict=True):
        where = f"users[{uid}]"
        check_keys(raw, _USER_KEYS, where)
        modules = module_names(raw.get("modules", sorted(ALL_PACKAGES)), f"{where}.modules")
        user = User(uid, str(raw.get("username", f"user{uid}")), modules)
        user.account_type = str(raw.get("account_type", "user"))
        if raw.get("account_limit") is not None:
            user.account_limit = to_int(raw["account_limit"])
        if raw.get("max_upload_bytes") is not None:
            user.max_upload_bytes = to_int(raw["max_upload_bytes"])
            if not 1 <= user.max_upload_bytes <= MAX_UPLOAD_BYTES:
                raise SeedError(f"{where}.max_upload_bytes: must be between 1 and "
                                f"{MAX_UPLOAD_BYTES} (the server's own cap)")  # fmt: skip
        _profile(user, raw, now, where)
        store.users[uid] = user
        for key in raw.get("api_keys") or []:
            store.add_key(str(key), uid)
        for key in raw.get("revoked_keys") or []:
            store.add_key(str(key), uid, active=False)
    return store.users[next(iter(store.users))]
