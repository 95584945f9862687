"""STREC_RETRY_BACKOFF: a number of seconds, bounded; anything else is a clear error."""

from __future__ import annotations

import click
import pytest

from reconciler.cli.common import retry_backoff


@pytest.mark.parametrize(("raw", "seconds"), [("", 0.5), ("0.2", 0.2), ("99", 10.0),
                                               ("-1", 0.0)])
def test_backoff_is_read_and_bounded(raw: str, seconds: float,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STREC_RETRY_BACKOFF", raw)
    assert retry_backoff() == seconds


def test_a_bad_backoff_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STREC_RETRY_BACKOFF", "fast")
    with pytest.raises(click.UsageError):
        retry_backoff()
