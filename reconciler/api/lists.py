"""Reading list endpoints: page 1, then every other page, within the caps.

The answer says how many pages there are (then each is a task for the thread pool), or
it does not (then pages are followed until a short one). A server may claim a billion
pages or serve full pages forever: both stop at `Caps.max_pages`, and the items of one
list at `Caps.max_items`, each named in the error.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from reconciler.api.answers import Answer
from reconciler.api.body import Caps
from reconciler.api.envelope import ListPage, list_page
from reconciler.errors import ApiLimitError, ApiProtocolError

T = TypeVar("T")
R = TypeVar("R")

MAX_PER_PAGE = 100


class _ListBudget:
    """Items read so far from one list, across the threads reading its pages."""

    def __init__(self, path: str, caps: Caps, first: int) -> None:
        self._path = path
        self._cap = caps.max_items
        self._count = 0
        self._lock = threading.Lock()
        self.add(first)

    def add(self, n: int) -> None:
        with self._lock:
            self._count += n
            over = self._count > self._cap
        if over:
            raise ApiLimitError("GET", self._path, f"the list holds more than {self._cap} "
                                                   f"items; strec reads at most {self._cap} "
                                                   "items of one list", "max_items")


class ListReader(ABC):
    """Paging for ApiClient, which provides `request`, `map` and `caps`."""

    caps: Caps

    @abstractmethod
    def request(self, method: str, path: str, *, params: Mapping[str, Any] | None = None,
                body: Any = None, retry: bool = True) -> Answer:
        """One request (ApiClient.request)."""

    @abstractmethod
    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> list[R]:
        """`fn` over `items` on the client's thread pool (ApiClient.map)."""


    def page(self, path: str, params: Mapping[str, Any], page: int) -> ListPage:
        """One page of a list endpoint, asking for the largest page the API allows."""
        query = {**params, "page": page, "per_page": MAX_PER_PAGE}
        answer = self.request("GET", path, params=query)
        return list_page(answer.envelope, "GET", path)

    def rest_of(self, path: str, params: Mapping[str, Any],
                first: ListPage) -> list[Callable[[], list[Any]]]:
        """Thunks reading every page after `first`: one per page when the answer says how
        many there are, else one that follows pages until a short one. Both stop at the
        caps on pages and items (a server may claim a billion pages, or never end)."""
        budget = _ListBudget(path, self.caps, len(first.items))
        if first.total_pages is not None:
            if first.total_pages > self.caps.max_pages:
                raise ApiLimitError("GET", path, f"the list reports {first.total_pages} pages; "
                                                 f"strec reads at most {self.caps.max_pages} "
                                                 "pages of one list", "max_pages")

            def read(page: int) -> list[Any]:
                items = self.page(path, params, page).items
                budget.add(len(items))
                return items

            return [lambda p=p: read(p)  # type: ignore[misc]
                    for p in range(2, first.total_pages + 1)]
        if len(first.items) < MAX_PER_PAGE:
            return []

        def follow() -> list[Any]:
            items: list[Any] = []
            page, last = 1, first
            while len(last.items) >= MAX_PER_PAGE:
                page += 1
                if page > self.caps.max_pages:
                    raise ApiLimitError("GET", path, "the list still serves full pages after "
                                                     f"{self.caps.max_pages} pages; strec reads "
                                                     f"at most {self.caps.max_pages} pages of "
                                                     "one list", "max_pages")
                last = self.page(path, params, page)
                budget.add(len(last.items))
                items.extend(last.items)
            return items

        return [follow]

    def list_all(self, path: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """Every item of a list endpoint: page 1 first, then the rest in parallel."""
        params = dict(params or {})
        first = self.page(path, params, 1)
        items: list[Any] = list(first.items)
        for chunk in self.map(lambda read: read(), self.rest_of(path, params, first)):
            items.extend(chunk)
        return objects(items, path)



def objects(items: list[Any], where: str) -> list[dict[str, Any]]:
    """The items of a list answer, which must all be JSON objects."""
    if any(not isinstance(i, dict) for i in items):
        raise ApiProtocolError("GET", where, "list items are not objects")
    return items
