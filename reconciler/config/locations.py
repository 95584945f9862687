"""Locations inside a config document: a path of keys and list indexes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

#: `("accounts", 0, "repost")`: mapping keys and list indexes from the document's top.
Loc = tuple[str | int, ...]


def format_path(loc: Loc) -> str:
    """`("accounts", 0, "repost")` -> `accounts[0].repost`."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def account_blocks(data: dict[str, Any]) -> Iterator[tuple[dict[str, Any], Loc, bool]]:
    """Every account-shaped mapping with its location: `defaults`, each profile, then each
    account; the flag says whether it is a real account (not a template)."""
    defaults = data.get("defaults")
    if isinstance(defaults, dict):
        yield defaults, ("defaults",), False
    profiles = data.get("profiles")
    if isinstance(profiles, dict):
        for name, profile in profiles.items():
            if isinstance(profile, dict):
                yield profile, ("profiles", name), False
    accounts = data.get("accounts")
    if isinstance(accounts, list):
        for i, account in enumerate(accounts):
            if isinstance(account, dict):
                yield account, ("accounts", i), True
