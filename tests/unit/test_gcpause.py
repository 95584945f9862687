"""The collector pause around large builds: on after it, a large build frozen, a small not."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from reconciler.gcpause import FREEZE_AFTER, collector_paused


@pytest.fixture(autouse=True)
def _thawed() -> Iterator[None]:
    gc.collect()
    gc.unfreeze()
    yield
    gc.unfreeze()  # give the test process's objects back to the collector


def test_a_large_build_is_frozen_and_the_collector_is_on_again() -> None:
    with collector_paused():
        assert not gc.isenabled()
        built = [{"n": [i]} for i in range(FREEZE_AFTER)]
    assert gc.isenabled()
    assert gc.get_freeze_count() >= len(built)


def test_a_small_build_is_not_frozen() -> None:
    with collector_paused():
        built = [{"n": [i]} for i in range(100)]
    assert gc.isenabled() and gc.get_freeze_count() == 0 and built


def test_a_collector_that_was_off_stays_off_and_nothing_is_frozen() -> None:
    gc.disable()
    try:
        with collector_paused():
            built = [{"n": [i]} for i in range(FREEZE_AFTER)]
        assert not gc.isenabled() and gc.get_freeze_count() == 0 and built
    finally:
        gc.enable()
