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

from reconciler.api import jsonlarge


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


#: A body this large is checked a part at a time: serialized whole, the check would hold
#: a second copy of it (a 19 MB schedule list).
SPLIT_BYTES = 1 << 20
_SPLIT_LEVELS = 2  # the envelope, then its list: each item is checked on its own


_SLICE = 256  # list items checked in one go: few calls, a bounded serialized copy


def _within_parts(value: Any, cap: int, levels: int) -> bool:
    """`_within`, splitting the top `levels` levels of containers into their children
    (a container nests one level deeper than its deepest child); the last split list is
    checked a slice at a time, each slice being a list like it."""
    if levels == 0 or not isinstance(value, dict | list):
        return not isinstance(value, dict | list) or _within(value, cap)
    if cap < 1:
        return False
    if levels == 1 and isinstance(value, list):
        return all(_within(value[i:i + _SLICE], cap) for i in range(0, len(value), _SLICE))
    children = value.values() if isinstance(value, dict) else value
    return all(_within_parts(c, cap - 1, levels - 1) for c in children)


def loads(raw: bytes | bytearray, max_depth: int) -> Any:
    """Parse `raw`; TooDeep past `max_depth`, ValueError (orjson's) if it is not JSON.

    A very large body is read without orjson's document tree where that gives the same
    value (jsonlarge.py; a bytearray body is emptied then); any other is orjson's."""
    size = len(raw)
    try:
        value = jsonlarge.parse(raw) if size >= jsonlarge.LARGE_BYTES else jsonlarge.NOT_HANDLED
        if value is jsonlarge.NOT_HANDLED:
            value = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        if "depth" in str(exc):  # past orjson's own limit of 1,024
            raise TooDeep(max_depth) from None
        raise
    if isinstance(value, dict | list):
        levels = _SPLIT_LEVELS if size > SPLIT_BYTES else 0
        if not _within_parts(value, max_depth, levels):
            raise TooDeep(max_depth)
    return value
