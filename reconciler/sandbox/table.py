"""The store's tables: id → row dicts that keep each owner's rows in list order.

A list page must cost O(page), not O(all rows): strec reads a 10,000-account
installation 100 rows at a time, and sorting and filtering every row for each page made
the sandbox spend more CPU than strec itself. A Table is a dict (handlers, seeds and
tests read and write rows as before) that also keeps, per group (e.g. the owner's
user_id), the keys in list order in a sorted list maintained on insert and delete
(bisect), and optionally a tally of one field (how many accounts use each proxy).

    accounts = Table(group=("user_id",), tally="proxy")
    accounts[11] = Account(...)           # indexed
    accounts.rows(1)[100:200]             # the user's rows 101-200, by id: O(100)
    accounts.count(1), accounts.tally["http://1.2.3.4:8080"]

Rows are Row subclasses: when a field a table indexes changes (`acc.user_id = 2`,
`acc.proxy = "…"`), the row tells each table that holds it, which moves it, so tests
may still mutate rows to simulate drift. Every dict mutator goes through the index.
Callers hold the store's lock, as for any other read or write of several rows.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from operator import attrgetter
from typing import Any, Generic, TypeVar, overload

K = TypeVar("K", bound=Hashable)
R = TypeVar("R", bound="Row")
_LINKS = "_table_links"


def _no_group(row: Any) -> Hashable:
    return ()


class Row:
    """A record kept in Tables: a change to a field a table indexes moves the row there."""

    def __setattr__(self, name: str, value: Any) -> None:
        links: list[tuple[Table[Any, Any], Hashable]] | None = self.__dict__.get(_LINKS)
        moving = [(t, k) for t, k in links if name in t.fields] if links else []
        for table, key in moving:
            table._unplace(key)
        object.__setattr__(self, name, value)
        for table, key in moving:
            table._place(key, self)


class Rows(Sequence[R]):
    """One group's rows in list order, read lazily: len() is O(1), a slice O(slice).

    A live view: it follows later inserts and deletes (read it under the store lock).
    """

    def __init__(self, table: Table[Any, R], entries: list[tuple[Any, Any]], reverse: bool):
        self._table = table
        self._entries = entries
        self._reverse = reverse

    def __len__(self) -> int:
        return len(self._entries)

    def _row(self, i: int) -> R:
        entry = self._entries[-1 - i if self._reverse else i]
        return dict.__getitem__(self._table, entry[1])

    @overload
    def __getitem__(self, index: int) -> R: ...

    @overload
    def __getitem__(self, index: slice) -> list[R]: ...

    def __getitem__(self, index: int | slice) -> R | list[R]:
        positions = range(len(self._entries))
        if isinstance(index, slice):
            return [self._row(i) for i in positions[index]]
        return self._row(positions[index])


class Table(dict[K, R], Generic[K, R]):
    """A dict of rows plus, per group, the keys sorted by `order` (then by key).

    `group` and `order` name row fields; `tally` names a field whose values are counted
    over all rows; `newest_first` makes rows() list the largest order first.
    """

    def __init__(
        self,
        group: tuple[str, ...] = (),
        order: tuple[str, ...] = ("id",),
        *,
        tally: str | None = None,
        newest_first: bool = False,
    ) -> None:
        super().__init__()
        self.fields = frozenset((*group, *order, *((tally,) if tally else ())))
        self._group: Callable[[Any], Hashable] = attrgetter(*group) if group else _no_group
        self._order: Callable[[Any], Any] = attrgetter(*order)
        self._tally_of: Callable[[Any], Hashable] | None = attrgetter(tally) if tally else None
        self._newest_first = newest_first
        self._index: dict[Hashable, list[tuple[Any, K]]] = {}
        self._placed: dict[K, tuple[Hashable, tuple[Any, K], Hashable]] = {}
        self.tally: Counter[Hashable] = Counter()

    # -- reading ---------------------------------------------------------------------

    def rows(self, group: Hashable = ()) -> Rows[R]:
        """The group's rows in list order (a live, lazily read view)."""
        return Rows(self, self._index.get(group, []), self._newest_first)

    def count(self, group: Hashable = ()) -> int:
        return len(self._index.get(group, ()))

    # -- the index -------------------------------------------------------------------

    def _place(self, key: K, row: R) -> None:
        group = self._group(row)
        entry = (self._order(row), key)
        insort(self._index.setdefault(group, []), entry)
        counted = self._tally_of(row) if self._tally_of else None
        if self._tally_of:
            self.tally[counted] += 1
        self._placed[key] = (group, entry, counted)

    def _unplace(self, key: K) -> None:
        group, entry, counted = self._placed.pop(key)
        entries = self._index[group]
        del entries[bisect_left(entries, entry)]
        if not entries:
            del self._index[group]
        if self._tally_of:
            self.tally[counted] -= 1
            if self.tally[counted] <= 0:
                del self.tally[counted]

    def _detach(self, key: K) -> None:
        row = dict.__getitem__(self, key)
        self._unplace(key)
        links = row.__dict__.get(_LINKS, [])
        row.__dict__[_LINKS] = [(t, k) for t, k in links if not (t is self and k == key)]

    # -- every dict mutator goes through the index -----------------------------------

    def __setitem__(self, key: K, row: R) -> None:
        if key in self:
            self._detach(key)
        super().__setitem__(key, row)
        row.__dict__.setdefault(_LINKS, []).append((self, key))
        self._place(key, row)

    def __delitem__(self, key: K) -> None:
        self._detach(key)
        super().__delitem__(key)

    def pop(self, key: K, *default: Any) -> Any:
        if key in self:
            row = dict.__getitem__(self, key)
            del self[key]
            return row
        if default:
            return default[0]
        raise KeyError(key)

    def popitem(self) -> tuple[K, R]:
        if not self:
            raise KeyError("popitem(): table is empty")
        key = next(reversed(self.keys()))
        return key, self.pop(key)

    def clear(self) -> None:
        for key in list(self):
            del self[key]

    def update(self, *args: Any, **kwargs: Any) -> None:
        for key, row in dict(*args, **kwargs).items():
            self[key] = row

    def setdefault(self, key: K, default: R) -> R:
        if key not in self:
            self[key] = default
        return dict.__getitem__(self, key)

    def __ior__(self, other: Mapping[K, R] | Iterable[tuple[K, R]]) -> Table[K, R]:  # type: ignore[override,misc]
        self.update(other)
        return self
