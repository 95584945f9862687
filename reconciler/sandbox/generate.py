"""Deterministic seeds of any size, for benchmarks and load tests.

Every account gets a repost and a reactions schedule with a few settings and one to
three targets drawn from the reference catalogs; the same (n_accounts, seed) always
gives the same document.
"""

from __future__ import annotations

from random import Random
from typing import Any

from reconciler.catalog import (
    REACTIONS_TARGET_TYPES,
    REPOST_SPEEDS,
    REPOST_TARGET_TYPES,
    TargetType,
)

_WORDS = ("nature", "travel", "food", "art", "design", "coffee", "fitness", "music", "city")
_COUNTRIES = ("US", "DE", "FR", "GB", "BR", "IN")


def _targets(rng: Random, catalog: dict[str, TargetType]) -> list[dict[str, Any]]:
    types = [t for t in catalog.values() if t.type != "timeline"]
    out: list[dict[str, Any]] = []
    for t in rng.sample(types, rng.randint(1, 3)):
        entry: dict[str, Any] = {
            "type": t.type,
            "value": f"{rng.choice(_WORDS)}{rng.randint(1, 99)}",
        }
        if t.requires_id:
            entry["id"] = str(rng.randint(10**8, 10**10))
        out.append(entry)
    return out


def _repost(rng: Random) -> dict[str, Any]:
    return {
        "is_active": rng.random() < 0.5,
        "settings": {
            "speed": rng.choice(REPOST_SPEEDS),
            "daily_pause": rng.random() < 0.5,
            "daily_pause_from": f"{rng.randint(20, 23):02d}:00",
            "daily_pause_to": f"{rng.randint(5, 9):02d}:00",
            "remove_delay": rng.choice((0, 900, 3600, 86400)),
            "caption": "{Great|Nice} shot! {{original_caption}}",
        },
        "targets": _targets(rng, REPOST_TARGET_TYPES),
    }


def _reactions(rng: Random) -> dict[str, Any]:
    return {
        "is_active": rng.random() < 0.5,
        "speed": rng.randint(1, 5),
        "settings": {
            "is_likes": rng.random() < 0.7,
            "likes_speed": rng.randint(1, 5),
            "is_follow": rng.random() < 0.3,
            "follow_limit": rng.choice((0, 100, 500)),
            "massvoting_interval": rng.choice((0.5, 1.0, 2.5)),
        },
        "targets": _targets(rng, REACTIONS_TARGET_TYPES),
    }


def generate_seed(n_accounts: int, *, seed: int = 0) -> dict[str, Any]:
    """A seed document with `n_accounts` accounts (ids 1..n, usernames acct_00001…)."""
    if n_accounts < 0:
        raise ValueError("n_accounts must not be negative")
    rng = Random(seed)
    accounts = [
        {"id": i, "username": f"acct_{i:05d}", "repost": _repost(rng), "reactions": _reactions(rng)}
        for i in range(1, n_accounts + 1)
    ]
    captions = [
        {"id": i, "title": f"caption {i}", "caption": f"{{Hello|Hi}} from caption {i}"}
        for i in range(1, 4)
    ]
    proxies = [
        {
            "id": i,
            "proxy": f"http://10.0.{i // 250}.{i % 250 + 1}:8080",
            "country_code": rng.choice(_COUNTRIES),
        }
        for i in range(1, 6)
    ]
    return {"accounts": accounts, "captions": captions, "proxies": proxies}
