"""What a route handler receives (Ctx) and returns (Reply), and how it fails (ApiError).

Handlers stay free of HTTP and envelope details: they raise ApiError for any error
answer and return a Reply; app.py turns both into the dialect's JSON.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from werkzeug.wrappers import Request

from reconciler.sandbox.dialect import Dialect
from reconciler.sandbox.state import Store, User

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100


class ApiError(Exception):
    """An error answer: HTTP status, message and field-level errors."""

    def __init__(
        self,
        status: int,
        message: str,
        errors: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = errors or {}
        self.headers = headers or {}


@dataclass
class Listing:
    """A list answer: one page of items, or every item when `paged` is False."""

    items: list[Any]
    total: int
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    paged: bool = True


@dataclass
class Reply:
    """A success answer; `data` or `listing` is the payload.

    `raw`, when set, is sent as the whole body instead of an envelope: for the one answer
    whose shape is neither a success nor an error (the challenge's 202 retry).
    """

    data: Any = None
    status: int = 200
    message: str = "OK"
    listing: Listing | None = None
    raw: dict[str, Any] | None = None


def _as_int(raw: str | None, default: int) -> int:
    """PHP's (int) cast: anything that is not an integer becomes the default."""
    try:
        return int(raw) if raw is not None else default
    except ValueError:
        return default


@dataclass
class Ctx:
    """One authenticated request as a handler sees it."""

    store: Store
    dialect: Dialect
    user: User
    request: Request
    module: str = ""  # the module key (modules.MODULES) of a gated route
    _body: Any = field(default=None, repr=False)
    _body_read: bool = field(default=False, repr=False)
    _args: dict[str, str] | None = field(default=None, repr=False)

    def query(self, name: str) -> str | None:
        """A query parameter (its first value), None when absent.

        Read from a plain dict made once per request: werkzeug's MultiDict.get builds
        an exception for every absent name, which cost more than a whole list page.
        """
        if self._args is None:
            self._args = dict(self.request.args.items())
        return self._args.get(name)

    def body(self) -> Any:
        """The parsed JSON body, None when empty; 400 when it is not JSON."""
        if not self._body_read:
            raw = self.request.get_data(cache=True)
            self._body_read = True
            if raw.strip():
                try:
                    self._body = json.loads(raw)
                except ValueError as exc:
                    raise ApiError(400, "Malformed JSON body") from exc
        return self._body

    def body_object(self) -> dict[str, Any]:
        """The body as a JSON object ({} when empty); 400 for any other JSON value."""
        body = self.body()
        if body is None:
            return {}
        if not isinstance(body, dict):
            raise ApiError(400, "Request body must be a JSON object")
        return body

    def account_filter(self) -> int | None:
        """`?account_id=`: None when absent, 422 when not an id, 404 when not the caller's
        (the stricter reading: a filter on someone else's account is not an empty list)."""
        raw = (self.query("account_id") or "").strip()
        if not raw:
            return None
        if not raw.isdigit():
            raise ApiError(422, "Validation failed", {"account_id": "must be an account id"})
        if self.store.owned_account(self.user.id, int(raw)) is None:
            raise ApiError(404, "Account not found")
        return int(raw)

    def choice_filter(self, name: str, allowed: tuple[str, ...] = ()) -> str | None:
        """A filter like `?status=`: None when absent, 422 when not one of `allowed`."""
        raw = self.query(name)
        if not raw:
            return None
        if allowed and raw not in allowed:
            reason = f"must be one of: {', '.join(allowed)}"
            raise ApiError(422, "Validation failed", {name: reason})
        return raw

    def listing(self, items: Sequence[Any], *, paged: bool = True,
                render: Callable[[Any], Any] | None = None) -> Reply:
        """A list answer; pages with `page`/`per_page` (default 20, at most 100).

        With `render`, `items` are rows and only the page's rows are rendered: a
        5,000-row table read page by page would otherwise be rendered 50 times over.
        `items` may be a table's Rows view: only the page's slice of it is read.
        """
        show = render or (lambda item: item)
        if not paged:
            return Reply(listing=Listing([show(i) for i in items], len(items), paged=False))
        page = max(1, _as_int(self.query("page"), 1))
        per_page = _as_int(self.query("per_page"), DEFAULT_PER_PAGE)
        per_page = DEFAULT_PER_PAGE if per_page < 1 else min(per_page, MAX_PER_PAGE)
        start = (page - 1) * per_page
        rows = [show(i) for i in items[start : start + per_page]]
        return Reply(listing=Listing(rows, len(items), page, per_page))


Handler = Callable[..., Reply]


@dataclass(frozen=True)
class Route:
    """One endpoint: a werkzeug rule under /api/v1, its methods and its handler.

    `module` names the gated module (503/403 checks) and is handed to the handler as
    `ctx.module`; `dialect` limits the route to one dialect (None = both).
    """

    rule: str
    methods: tuple[str, ...]
    handler: Handler
    module: str | None = None
    dialect: str | None = None
