"""Failing runs in the modules' recent logs, read within a bounded number of pages.

Log lists page like every list, and the documents do not say in which order. strec
reads page 1 in the first round with everything else; when it holds entries newer than
`--since` and more pages exist, it reads on (newest first), at most `MAX_PAGES` pages
per module. A list that turns out to be oldest first is read from its last page back.
Entries whose status says it failed are grouped by module and message.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from reconciler.api.client import ApiClient
from reconciler.api.envelope import ListPage
from reconciler.errors import ApiError

MAX_PAGES = 5
FAILED = frozenset({"error", "failed", "failure", "fail"})
_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%d %H:%M")


def parse_time(value: Any) -> datetime | None:
    """A "Y-m-d H:i:s" (or ISO) time as UTC; None when it is not one."""
    if not isinstance(value, str):
        return None
    for fmt in _FORMATS:
        try:
            return datetime.strptime(value.strip(), fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


def message_of(entry: dict[str, Any]) -> str:
    """What went wrong: `message`, else data.error.msg, else the status."""
    if isinstance(entry.get("message"), str) and entry["message"]:
        return str(entry["message"])
    data = entry.get("data") if isinstance(entry.get("data"), dict) else \
        entry.get("details") if isinstance(entry.get("details"), dict) else {}
    error = data.get("error") if isinstance(data, dict) else None
    if isinstance(error, dict) and isinstance(error.get("msg"), str) and error["msg"]:
        return str(error["msg"])
    if isinstance(error, str) and error:
        return error
    return f"status {entry.get('status')!s}"


@dataclass
class Failures:
    """Failing runs of one module since the cut-off: by message, the accounts it hit."""

    by_message: dict[str, list[Any]] = field(default_factory=lambda: defaultdict(list))
    pages: int = 0
    truncated: bool = False
    error: str | None = None


def _recent(items: list[Any], since: datetime) -> list[dict[str, Any]]:
    out = []
    for item in items:
        if isinstance(item, dict):
            when = parse_time(item.get("date") or item.get("created_at")
                              or item.get("started_at"))
            if when is None or when >= since:
                out.append(item)
    return out


def _oldest_first(items: list[Any]) -> bool:
    times = [parse_time(i.get("date")) for i in items if isinstance(i, dict)]
    known = [t for t in times if t is not None]
    return len(known) >= 2 and known[0] < known[-1]


def more_pages(client: ApiClient, path: str, first: ListPage | ApiError,
               since: datetime) -> Callable[[], Failures]:
    """A thunk reading the rest of one module's recent log pages, within the bound."""
    def read() -> Failures:
        found = Failures(pages=1)
        if isinstance(first, ApiError):
            found.error = str(first)
            return found
        pages, total = [first.items], first.total_pages
        if total is not None and total > 1 and _oldest_first(first.items):
            order: range = range(total, 1, -1)  # the newest entries are on the last page
        elif _all_recent(first.items, since):
            order = range(2, (total if total is not None else MAX_PAGES) + 1)
        else:
            order = range(0)
        for number in order:
            if found.pages >= MAX_PAGES:
                found.truncated = True
                break
            try:
                items = client.page(path, {}, number).items
            except ApiError as exc:
                found.error = str(exc)
                break
            found.pages += 1
            pages.append(items)
            if not _all_recent(items, since):
                break
        for items in pages:
            for entry in _recent(items, since):
                if str(entry.get("status", "")).lower() in FAILED:
                    found.by_message[message_of(entry)].append(
                        entry.get("account_id") or entry.get("account_username"))
        return found
    return read


def _all_recent(items: list[Any], since: datetime) -> bool:
    return bool(items) and len(_recent(items, since)) == len(items)
