"""On a terminal, apply shows the plan and asks for `yes` (a real pty, a real process)."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from reconciler.sandbox import Sandbox

from .conftest import API_KEY
from .test_acceptance import CONFIG


def _run_on_pty(args: list[str], env: dict[str, str], answer: str) -> tuple[int, str]:
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "reconciler", *args], stdin=slave,
                            stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    out, answered, deadline = b"", False, time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        if not answered and b"Only 'yes' will be accepted" in out:
            os.write(master, answer.encode() + b"\n")
            answered = True
        if proc.poll() is not None and not ready:
            break
    code = proc.wait(timeout=30)
    os.close(master)
    return code, out.decode(errors="replace")


@pytest.mark.parametrize(("answer", "code", "writes"), [("yes", 0, 7), ("no", 1, 0)])
def test_terminal_prompt(answer: str, code: int, writes: int, sandbox: Sandbox, served: str,
                         write_config: Callable[[str], Path]) -> None:
    env = {**os.environ, "STREC_API_URL": served, "STREC_API_KEY": API_KEY, "NO_COLOR": "1"}
    status, output = _run_on_pty(["apply", "-f", str(write_config(CONFIG))], env, answer)
    assert status == code, output
    assert "Plan: 1 to create, 4 to update, 0 to delete." in output
    assert len(sandbox.writes()) == writes
