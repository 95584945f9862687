"""Normalization: the API's PHP-shaped values compare equal to what users write."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reconciler.catalog import REACTIONS_SETTINGS, REPOST_SETTINGS
from reconciler.normalize import (
    NormalizeError,
    normalize_setting,
    same_value,
    to_bool,
    to_int,
    to_time,
)


@pytest.mark.parametrize(("raw", "expected"), [
    (1, True), (0, False), ("1", True), ("0", False), (True, True), ("false", False),
])
def test_php_booleans(raw: object, expected: bool) -> None:
    assert to_bool(raw) is expected


@pytest.mark.parametrize("raw", [2, "maybe", None, 0.5])
def test_non_booleans_are_refused(raw: object) -> None:
    with pytest.raises(NormalizeError):
        to_bool(raw)


@pytest.mark.parametrize(("raw", "expected"), [
    ("23:00:00", "23:00"), ("7:05", "07:05"), ("00:00", "00:00"),
])
def test_times(raw: str, expected: str) -> None:
    assert to_time(raw) == expected


@pytest.mark.parametrize("raw", ["25:00", "23:60", "noon", 2300])
def test_bad_times(raw: object) -> None:
    with pytest.raises(NormalizeError):
        to_time(raw)


def test_numeric_strings() -> None:
    assert to_int("3") == 3
    assert to_int("3.0") == 3
    assert same_value(REACTIONS_SETTINGS["likes_speed"], 3, "3")
    assert same_value(REACTIONS_SETTINGS["massvoting_interval"], 1.5, "1.50")
    assert not same_value(REACTIONS_SETTINGS["likes_speed"], 3, "4")


def test_setting_kinds() -> None:
    assert normalize_setting(REPOST_SETTINGS["daily_pause"], "1") is True
    assert normalize_setting(REPOST_SETTINGS["daily_pause_from"], "23:00:00") == "23:00"
    assert normalize_setting(REPOST_SETTINGS["caption"], "{a|b}") == "{a|b}"
    assert normalize_setting(None, 5) == 5


@given(st.integers(0, 23), st.integers(0, 59), st.booleans())
def test_time_normalization_is_idempotent(h: int, m: int, seconds: bool) -> None:
    raw = f"{h}:{m:02d}:00" if seconds else f"{h:02d}:{m:02d}"
    once = to_time(raw)
    assert to_time(once) == once
    assert same_value(REPOST_SETTINGS["daily_pause_to"], once, raw)
