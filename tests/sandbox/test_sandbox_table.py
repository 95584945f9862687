"""The store's indexed tables: every page of a list is the matching slice of the whole,
in list order, however rows were inserted, moved between owners or deleted."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sandbox_helpers import KEY, client_for, data, items

from reconciler.sandbox import Sandbox
from reconciler.sandbox.table import Row, Table


@dataclass
class Thing(Row):
    id: int
    user_id: int
    proxy: str = ""
    date: str = ""


def _model_rows(model: dict[int, Thing], user_id: int) -> list[int]:
    return sorted(k for k, t in model.items() if t.user_id == user_id)


_OPS = st.lists(
    st.tuples(
        st.sampled_from(["set", "del", "move", "proxy", "pop", "setdefault"]),
        st.integers(1, 30),
        st.integers(1, 3),
        st.sampled_from(["", "p1", "p2"]),
    ),
    max_size=60,
)


@given(_OPS)
def test_the_index_follows_every_kind_of_change(ops: list[tuple[str, int, int, str]]) -> None:
    table: Table[int, Thing] = Table(("user_id",), tally="proxy")
    model: dict[int, Thing] = {}
    for op, key, user, proxy in ops:
        if op == "set":
            table[key] = model[key] = Thing(key, user, proxy)
        elif op == "setdefault":
            model.setdefault(key, table.setdefault(key, Thing(key, user, proxy)))
        elif op in ("del", "pop") and key in model:
            del model[key]
            if op == "del":
                del table[key]
            else:
                table.pop(key)
        elif op == "move" and key in model:
            model[key].user_id = user  # the same object is in both: the table must follow
        elif op == "proxy" and key in model:
            model[key].proxy = proxy
    assert dict(table) == model
    for user in (1, 2, 3):
        assert [t.id for t in table.rows(user)] == _model_rows(model, user)
        assert table.count(user) == len(_model_rows(model, user))
    assert +table.tally == +Counter(t.proxy for t in model.values())


def test_a_row_replaced_or_cleared_leaves_no_trace() -> None:
    table: Table[int, Thing] = Table(("user_id",), tally="proxy")
    old = Thing(1, 1, "p1")
    table[1] = old
    table[1] = Thing(1, 2, "p2")
    old.user_id = 3  # no longer in the table: must not move anything
    assert [t.id for t in table.rows(2)] == [1] and table.count(1) == table.count(3) == 0
    table.update({2: Thing(2, 1)})
    table |= {3: Thing(3, 1)}
    assert table.popitem()[0] == 3
    table.clear()
    assert not table and table.count(1) == 0 and not +table.tally


def test_newest_first_lists_by_date_then_id_descending() -> None:
    table: Table[int, Thing] = Table(("user_id",), ("date", "id"), newest_first=True)
    for i, date in [(1, "2026-01-02"), (2, "2026-01-01"), (3, "2026-01-02"), (4, "2026-01-03")]:
        table[i] = Thing(i, 1, date=date)
    assert [t.id for t in table.rows(1)] == [4, 3, 1, 2]
    table[2].date = "2026-02-01"
    assert [t.id for t in table.rows(1)] == [2, 4, 3, 1]
    assert [t.id for t in table.rows(1)[1:3]] == [4, 3] and table.rows(1)[-1].id == 1


def test_a_page_reads_only_its_own_rows() -> None:
    table: Table[int, Thing] = Table(("user_id",))
    for i in range(1, 1001):
        table[i] = Thing(i, 1)
    for i in list(range(1, 101)) + list(range(201, 1001)):
        dict.__delitem__(table, i)  # a page that touched these rows would raise KeyError
    assert [t.id for t in table.rows(1)[100:200]] == list(range(101, 201))
    assert len(table.rows(1)) == 1000


def _seed(n: int) -> dict[str, Any]:
    # ids out of order, and another user's accounts interleaved
    accounts = [{"id": (i * 37) % 1009 + 1, "username": f"a{i}"} for i in range(n)]
    accounts += [{"id": 2000 + i, "username": f"b{i}", "user_id": 2} for i in range(5)]
    return {
        "users": [{"id": 1, "api_keys": [KEY]}, {"id": 2}],
        "accounts": accounts,
        "captions": [{"title": f"t{i}", "caption": "c"} for i in range(n // 3)],
        "proxies": [{"proxy": f"http://p{i}:1"} for i in range(n // 5)],
    }


@settings(max_examples=25, deadline=None)
@given(
    st.integers(0, 240),
    st.integers(-1, 120),
    st.integers(0, 12),
    st.sampled_from(["reference", "guide"]),
)
def test_page_k_of_any_size_is_the_kth_slice(
    n: int, per_page: int, page: int, dialect: str
) -> None:
    sb = Sandbox(_seed(n), dialect=dialect)
    size = 20 if per_page < 1 else min(per_page, 100)  # the API's default and maximum
    start = (max(page, 1) - 1) * size
    with client_for(sb) as c:
        for path, table in (("/accounts", sb.state.accounts), ("/captions", sb.state.captions),
                            ("/proxies", sb.state.proxies)):  # fmt: skip
            everything = sorted(
                r.id for r in table.values() if path == "/proxies" or r.user_id == 1
            )
            r = c.get(path, params={"page": page, "per_page": per_page})
            assert [row["id"] for row in items(r)] == everything[start : start + size]


@pytest.mark.parametrize("dialect", ["reference", "guide"])
def test_list_pages_read_only_the_rows_they_show(dialect: str) -> None:
    seed = _seed(0)
    seed["accounts"] = [{"id": i, "username": f"a{i}", "repost": True} for i in range(1, 51)]
    seed["captions"] = [{"id": i, "title": f"t{i}", "caption": "c"} for i in range(1, 51)]
    sb = Sandbox(seed, dialect=dialect)
    outside = [*range(1, 11), *range(21, 51)]
    for table in (sb.state.accounts, sb.state.captions):
        for i in outside:  # gone from the dict, still in the index: a scan would miss them
            dict.__delitem__(table, i)
    with client_for(sb) as c:
        for path in ("/accounts", "/captions"):
            r = c.get(path, params={"page": 2, "per_page": 10})
            assert [row["id"] for row in items(r)] == list(range(11, 21)), path
            total = r.json()["meta"]["total"] if dialect == "reference" else data(r)["total"]
            assert total == 50
