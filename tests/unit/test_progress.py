"""The progress line: shown on a terminal, silent otherwise, cleared when done."""

from __future__ import annotations

import time

import pytest

from reconciler.api.client import CallCounter
from reconciler.cli.progress import Progress


def test_progress_shows_counts_then_clears(capsys: pytest.CaptureFixture[str]) -> None:
    counter = CallCounter()
    with Progress("refreshing", counter, interval=0.01, enabled=True):
        for _ in range(3):
            counter.count("GET")
        counter.count("PATCH")
        time.sleep(0.1)
    err = capsys.readouterr().err
    assert "refreshing: 3 reads, 1 writes" in err
    assert err.endswith("\r")  # the line is wiped, so the plan starts on a clean line


def test_progress_is_silent_without_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    counter = CallCounter()
    with Progress("applying", counter, interval=0.01):  # stderr is not a tty under pytest
        counter.count("GET")
        time.sleep(0.05)
    assert capsys.readouterr().err == ""
