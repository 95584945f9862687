"""Diagnostics sort by file, position, then field path in natural order."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reconciler.errors import ConfigError, Diagnostic, natural_key


def test_index_10_sorts_after_index_2_on_one_line() -> None:
    ten = Diagnostic("a.yaml.j2", 4, 5, "accounts[10].username", "m")
    two = Diagnostic("a.yaml.j2", 4, 5, "accounts[2].username", "m")
    assert sorted([ten, two]) == [two, ten]
    assert [d.path for d in ConfigError([ten, two]).diagnostics] == [
        "accounts[2].username",
        "accounts[10].username",
    ]


def test_file_and_position_still_come_first() -> None:
    late = Diagnostic("a.yaml", 9, 1, "accounts[1]", "m")
    early = Diagnostic("a.yaml", 2, 1, "accounts[10]", "m")
    other = Diagnostic("b.yaml", 1, 1, "accounts[0]", "m")
    assert sorted([other, late, early]) == [early, late, other]


@given(st.lists(st.integers(0, 10_000), min_size=1, max_size=20))
def test_indexes_sort_as_numbers(indexes: list[int]) -> None:
    found = sorted(Diagnostic("f", 1, 1, f"accounts[{i}].x", "m") for i in indexes)
    assert [int(d.path[9:].split("]")[0]) for d in found] == sorted(indexes)


@given(st.text(), st.text())
def test_natural_key_compares_any_two_paths(a: str, b: str) -> None:
    # never a TypeError between a text part and a number part
    assert (natural_key(a) < natural_key(b)) or (natural_key(a) >= natural_key(b))
