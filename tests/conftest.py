"""Settings every test shares."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _short_retry_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries keep their number and order in tests, not their seconds of waiting."""
    monkeypatch.setenv("STREC_RETRY_BACKOFF", "0.01")
