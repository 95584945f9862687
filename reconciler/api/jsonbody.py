"""JSON answers decoded with orjson, nesting capped.

orjson parses a 55 KB list page about 4x faster than the standard library, and it never
recurses in Python: where `json.loads` of an array nested 100,000 deep raises
RecursionError, orjson stops at its own limit of 1,024 levels. strec's readers walk
nested settings recursively, so strec caps nesting lower still (`Caps.max_depth`).

The cap costs nothing extra: the body is parsed inside `1024 - cap` one-element arrays,
so orjson's own limit rejects anything nested deeper than the cap, and the padding is
peeled off again (a few hundred list lookups), each level checked to hold one value.
Should a future orjson change its limit, an explicit walk of the parsed value takes over.
"""

from __future__ import annotations

from typing import Any

import orjson


class TooDeep(ValueError):
    """The JSON nests deeper than the cap."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        super().__init__(f"nested deeper than {cap} levels")


def _orjson_limit() -> int | None:
    """orjson's nesting limit, if it is the 1,024 this module was written for."""
    try:
        orjson.loads(b"[" * 1024 + b"]" * 1024)
    except orjson.JSONDecodeError:
        return None
    try:
        orjson.loads(b"[" * 1025 + b"]" * 1025)
    except orjson.JSONDecodeError:
        return 1024
    return None


_LIMIT = _orjson_limit()


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


def loads(raw: bytes, max_depth: int) -> Any:
    """Parse `raw`; TooDeep past `max_depth`, ValueError (orjson's) if it is not JSON."""
    if _LIMIT is None or max_depth >= _LIMIT:
        return _checked(raw, max_depth)
    pad = _LIMIT - max_depth
    try:
        value = orjson.loads(b"[" * pad + raw + b"]" * pad)
    except orjson.JSONDecodeError:
        # Padding cannot turn JSON into non-JSON, but it can push it past the limit:
        # the unpadded parse tells which (and a body deeper than orjson's own limit
        # fails that one too, with orjson's "depth" message).
        try:
            orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            if "depth" in str(exc):
                raise TooDeep(max_depth) from None
            raise
        raise TooDeep(max_depth) from None
    for _ in range(pad):
        if len(value) != 1:
            # Not one value inside the padding (raw was e.g. `1],[2`): let orjson say
            # what is wrong with the body itself.
            return _checked(raw, max_depth)
        value = value[0]
    return value


def _checked(raw: bytes, max_depth: int) -> Any:
    value = orjson.loads(raw)
    if depth_of(value, max_depth) > max_depth:
        raise TooDeep(max_depth)
    return value
