"""Reading the API's answers in either dialect, detected from the answer itself.

reference: {"result": 1, "message", "data", "meta": {…}}  /  {"result": 0, "message", "errors"}
guide:     {"status": "success", "data": …}  /  {"status": "error", "message", "errors"}
           (some guide examples say {"success": true, "data": …})
Lists: reference puts the list in `data` and paging in `meta`; the guide puts it in
`data.items` next to `total`, `page`, `per_page`. Smaller lists (targets, types) come
as `data.targets` / `data.types`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from reconciler.errors import ApiProtocolError


class Dialect(StrEnum):
    """Which of the two API documents an installation answers like."""

    REFERENCE = "reference"
    GUIDE = "guide"


@dataclass(frozen=True)
class Envelope:
    """One decoded answer: whether it says success, its payload, and its paging block."""

    ok: bool
    data: Any
    meta: dict[str, Any]
    message: str
    errors: Any
    dialect: Dialect | None
    raw: dict[str, Any]


def decode(body: Any) -> Envelope:
    """Decode a parsed JSON body; a body without an envelope is taken as bare data."""
    if not isinstance(body, dict):
        return Envelope(True, body, {}, "", None, None, {})
    meta = body.get("meta") if isinstance(body.get("meta"), dict) else {}
    message = str(body.get("message") or "")
    errors = body.get("errors")
    if "result" in body:
        ok = str(body["result"]).strip().lower() in ("1", "true")
        return Envelope(ok, body.get("data"), meta or {}, message, errors, Dialect.REFERENCE, body)
    status = body.get("status")
    if status in ("success", "error"):
        return Envelope(status == "success", body.get("data"), meta or {}, message, errors,
                        Dialect.GUIDE, body)
    if isinstance(body.get("success"), bool):
        return Envelope(body["success"], body.get("data"), meta or {}, message, errors,
                        Dialect.GUIDE, body)
    return Envelope(True, body.get("data", body), meta or {}, message, errors, None, body)


@dataclass(frozen=True)
class ListPage:
    """The items of one list answer and what it says about the pages behind it."""

    items: list[Any]
    total_pages: int | None  # None: the answer does not say


_LIST_KEYS = ("items", "targets", "types", "schedules", "accounts", "captions", "proxies")


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def list_page(env: Envelope, method: str, path: str) -> ListPage:
    """Extract a list and its paging from an answer of either shape."""
    data, paging = env.data, dict(env.meta)
    if isinstance(data, dict):
        key = next((k for k in _LIST_KEYS if isinstance(data.get(k), list)), None)
        if key is None:
            raise ApiProtocolError(method, path, "expected a list in the answer's data")
        paging.update({k: v for k, v in data.items() if k != key})
        data = data[key]
    if not isinstance(data, list):
        raise ApiProtocolError(method, path, "expected a list in the answer's data")
    items = data
    total_pages = _int(paging.get("total_pages"))
    if total_pages is None:
        total, per_page = _int(paging.get("total")), _int(paging.get("per_page"))
        if total is not None and per_page:
            total_pages = max(1, math.ceil(total / per_page))
        elif "count" in paging and "page" not in paging:
            total_pages = 1  # the reference's unpaged "all schedules" lists
    return ListPage(items, total_pages)
