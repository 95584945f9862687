"""JSON answers decoded with orjson, nesting capped.

orjson parses a list page about twice as fast as the standard library here, and it never
recurses in Python: where `json.loads` of an array nested 100,000 deep raises
RecursionError, orjson stops at its own limit of 1,024 levels. strec's readers walk
nested settings recursively, so strec caps nesting far lower (`Caps.max_depth`).

The check is done in C, for about a fifth of the parse: orjson's serializer refuses to
nest deeper than 254 levels, so serializing the parsed value inside `254 - cap` one-
element lists succeeds exactly when the value nests no deeper than the cap. The lists
are built once per thread; the serialized bytes are thrown away. A scalar answer needs
no check. Should a future orjson change either limit (they are probed at import), an
explicit walk of the parsed value takes over.
"""

from __future__ import annotations

import threading
from typing import Any

import orjson


class TooDeep(ValueError):
    """The JSON nests deeper than the cap."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        super().__init__(f"nested deeper than {cap} levels")


def _nest(levels: int) -> list[Any]:
    value: list[Any] = [None]
    for _ in range(levels - 1):
        value = [value]
    return value


def _dumps_limit() -> int | None:
    """orjson's serializer nesting limit, if it is the 254 this module relies on."""
    try:
        orjson.dumps(_nest(254))
    except orjson.JSONEncodeError:
        return None
    try:
        orjson.dumps(_nest(255))
    except orjson.JSONEncodeError:
        return 254
    return None


_LIMIT = _dumps_limit()
_chains = threading.local()


def depth_of(value: Any, cap: int) -> int:
    """How deep `value` nests (a scalar is 0), counting no further than `cap + 1`."""
    level: list[Any] = [value]
    depth = 0
    while level:
        containers = [v for v in level if isinstance(v, dict | list)]
        if not containers:
            return depth
        depth += 1
        if depth > cap:
            return depth
        level = [x for c in containers for x in (c.values() if isinstance(c, dict) else c)]
    return depth


def _within(value: Any, cap: int) -> bool:
    if _LIMIT is None or not 0 < cap < _LIMIT:
        return depth_of(value, cap) <= cap
    chains: dict[int, tuple[list[Any], list[Any]]] = _chains.__dict__.setdefault("by_cap", {})
    if cap not in chains:
        inner: list[Any] = [None]
        outer = inner
        for _ in range(_LIMIT - cap - 1):
            outer = [outer]
        chains[cap] = (outer, inner)
    outer, inner = chains[cap]
    inner[0] = value
    try:
        orjson.dumps(outer)
    except orjson.JSONEncodeError:
        return False
    finally:
        inner[0] = None
    return True


def loads(raw: bytes, max_depth: int) -> Any:
    """Parse `raw`; TooDeep past `max_depth`, ValueError (orjson's) if it is not JSON."""
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        if "depth" in str(exc):  # past orjson's own limit of 1,024
            raise TooDeep(max_depth) from None
        raise
    if isinstance(value, dict | list) and not _within(value, max_depth):
        raise TooDeep(max_depth)
    return value
