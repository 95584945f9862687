"""Locations inside a config document: a path of keys and list indexes."""

from __future__ import annotations

#: `("accounts", 0, "repost")`: mapping keys and list indexes from the document's top.
Loc = tuple[str | int, ...]


def format_path(loc: Loc) -> str:
    """`("accounts", 0, "repost")` -> `accounts[0].repost`."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out
