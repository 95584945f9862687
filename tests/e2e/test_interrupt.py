"""Ctrl-C during apply: calls in flight finish, nothing new starts, the rest shows next."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from reconciler.sandbox import Sandbox

from .conftest import API_KEY
from .test_acceptance import CONFIG


def test_sigint_stops_cleanly_and_the_next_run_finishes(
    sandbox: Sandbox, served: str, strec: Callable[..., Result],
    write_config: Callable[[str], Path]
) -> None:
    path = str(write_config(CONFIG))
    sandbox.latency_ms = 150
    env = {**os.environ, "STREC_API_URL": served, "STREC_API_KEY": API_KEY}
    proc = subprocess.Popen(
        [sys.executable, "-m", "reconciler", "apply", "-f", path, "--auto-approve",
         "--concurrency", "1"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True)
    deadline = time.monotonic() + 30
    while not sandbox.writes() and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.send_signal(signal.SIGINT)
    output, _ = proc.communicate(timeout=60)
    assert proc.returncode == 130, output
    assert "Interrupted" in output and "not started: apply was interrupted" in output
    first = len(sandbox.writes())
    assert 1 <= first < 7

    sandbox.latency_ms = 0
    rest = strec("apply", "-f", path, "--auto-approve")
    assert rest.exit_code == 0, rest.output
    assert len(sandbox.writes()) == 7  # nothing done twice, nothing lost
    assert strec("plan", "-f", path, "--detailed-exitcode").exit_code == 0
