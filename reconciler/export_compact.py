"""An export that says only what differs: shared module values lifted out of the accounts.

A value is lifted when most (more than half, and at least two) of the accounts that have
a module's block hold it, and every one of them states that field: lifting a field that
some lack would start managing it there. Where every exported account has the block,
the value goes to `defaults:`; otherwise to a profile named after the module, which the
accounts having the block list in `profile:` (a `defaults:` block would declare the
module for accounts that have none). The loader's merge rules make the round trip
exact: maps merge, lists replace, an account's own value wins. Account records
(passwords, proxies) are per account and never lifted.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from reconciler.kinds import module_names

Path = tuple[str, ...]


def _leaves(block: Any, prefix: Path = ()) -> dict[Path, Any]:
    """Every leaf of a block: scalars and lists, by path; maps are walked."""
    if not isinstance(block, dict) or not block:
        return {prefix: block}
    out: dict[Path, Any] = {}
    for key, value in block.items():
        out.update(_leaves(value, (*prefix, key)))
    return out


def _token(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _set(tree: dict[str, Any], path: Path, value: Any) -> None:
    for key in path[:-1]:
        tree = tree.setdefault(key, {})
    tree[path[-1]] = value


def _drop(tree: dict[str, Any], path: Path) -> None:
    """Remove a leaf and any map it leaves empty."""
    if len(path) == 1:
        tree.pop(path[0], None)
        return
    inner = tree.get(path[0])
    if isinstance(inner, dict):
        _drop(inner, path[1:])
        if not inner:
            tree.pop(path[0], None)


def _shared(blocks: list[dict[str, Any]]) -> dict[Path, Any]:
    """The leaves most blocks share, held by every block."""
    leaves = [_leaves(b) for b in blocks]
    common = set(leaves[0]).intersection(*leaves[1:]) if leaves else set()
    out: dict[Path, Any] = {}
    for path in sorted(common):
        if path == ():
            continue
        counts = Counter(_token(found[path]) for found in leaves)
        token, count = max(counts.items(), key=lambda item: (item[1], item[0]))
        if count >= 2 and count * 2 > len(blocks):
            out[path] = json.loads(token)
    return out


def compact(accounts: list[dict[str, Any]]
            ) -> tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]]]:
    """(defaults, profiles, accounts) such that merging gives back `accounts`."""
    defaults: dict[str, Any] = {}
    profiles: dict[str, Any] = {}
    for module in module_names():
        having = [a for a in accounts if isinstance(a.get(module), dict)]
        if len(having) < 2:
            continue
        shared = _shared([a[module] for a in having])
        if not shared:
            continue
        lifted: dict[str, Any] = {}
        for path, value in shared.items():
            _set(lifted, path, value)
            for account in having:
                if _token(_leaves(account[module]).get(path, object())) == _token(value):
                    _drop(account[module], path)
        for account in having:
            if not account[module]:
                del account[module]
        if len(having) == len(accounts):
            defaults[module] = lifted
        else:
            profiles[module] = {module: lifted}
            for account in having:
                account["profile"] = [*account.get("profile", []), module]
    return defaults, profiles, [_ordered(a) for a in accounts]


def _ordered(account: dict[str, Any]) -> dict[str, Any]:
    """`username` first and `profile` right after it, the rest as written."""
    head: dict[str, Any] = {k: account[k] for k in ("username", "profile") if k in account}
    return {**head, **{k: v for k, v in account.items() if k not in head}}
