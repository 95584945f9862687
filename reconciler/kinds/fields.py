"""Reading one field of an API object, with errors that name the endpoint.

Every kind reads objects the same way: a required field that is missing, or a value
that is not of its documented type, is an `ApiProtocolError` naming the endpoint and
the field (never the value: it may be anything a hostile server sent).
"""

from __future__ import annotations

from typing import Any

from reconciler.errors import ApiProtocolError
from reconciler.normalize import NormalizeError, to_bool, to_int


def required(item: dict[str, Any], name: str, where: str) -> Any:
    """The value of a field that must be there."""
    if item.get(name) is None:
        raise ApiProtocolError("GET", where, f"an item lacks the field {name!r}")
    return item[name]


def ident(item: dict[str, Any], name: str, where: str) -> int:
    """An integer id (it may come as a numeric string)."""
    try:
        return to_int(required(item, name, where))
    except NormalizeError as exc:
        raise ApiProtocolError("GET", where, f"field {name!r}: {exc}") from None


def flag(value: Any, where: str, name: str = "") -> bool:
    """A PHP-style boolean (true/false, 0/1, "0"/"1")."""
    try:
        return to_bool(value)
    except NormalizeError as exc:
        label = f"field {name!r}: " if name else ""
        raise ApiProtocolError("GET", where, f"{label}{exc}") from None


def text(item: dict[str, Any], name: str, default: str = "") -> str:
    """A string field; null or missing is `default`."""
    value = item.get(name)
    return default if value is None else str(value)



