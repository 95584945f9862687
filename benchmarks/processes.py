"""Running one command as a measured child process: wall time, CPU, peak RSS, output.

strec and the floor client are measured the same way, as whole processes: from the fork
to the exit, so interpreter start-up, imports and everything else a user waits for count.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

#: Runs one command and reports its wall time, peak RSS, exit code and CPU on a pipe. A
#: fresh, small interpreter (`python -S`) starts the command: Linux counts the RSS a
#: process had before its exec into ru_maxrss, so a child forked straight from the
#: benchmark (which holds the whole sandbox) would report the benchmark's own RSS
#: whenever that is the larger. os.wait4 gives exactly this child's rusage.
LAUNCHER = r"""
import os, sys, time
fd, argv = int(sys.argv[1]), sys.argv[2:]
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.close(fd)
        os.execv(argv[0], argv)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
cpu = usage.ru_utime + usage.ru_stime
os.write(fd, f"{wall} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)} {cpu}".encode())
"""


@dataclass
class Measured:
    """One finished child process."""

    wall: float  # seconds from fork to exit
    peak_mb: float  # peak resident memory (ru_maxrss)
    exit_code: int  # -9 when it was killed for running past the timeout
    stdout: bytes
    stderr: str
    cpu: float  # user + system seconds


def strec_argv() -> list[str]:
    """The installed `strec` script next to this interpreter, else `python -m reconciler`."""
    script = Path(sys.executable).parent / "strec"
    return [str(script)] if script.exists() else [sys.executable, "-m", "reconciler"]


def run_process(argv: list[str], env: dict[str, str], timeout: float) -> Measured:
    """Run `argv` under the launcher; killed (with its process group) after `timeout` s."""
    read_end, write_end = os.pipe()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [sys.executable, "-S", "-c", LAUNCHER, str(write_end), *argv], env=env,
            stdout=out, stderr=err, stdin=subprocess.DEVNULL,
            start_new_session=True, pass_fds=(write_end,))
        os.close(write_end)
        killer = threading.Timer(timeout, os.killpg, (proc.pid, signal.SIGKILL))
        killer.start()
        try:
            with os.fdopen(read_end, "rb") as pipe:
                report = pipe.read().decode()
            proc.wait()
        finally:
            killer.cancel()
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read().decode("utf-8", "replace")
    if not report:
        return Measured(timeout, 0.0, -9, stdout, stderr + "\n(killed: timed out)", 0.0)
    wall, maxrss, code, cpu = report.split()
    return Measured(float(wall), int(maxrss) / 1024, int(code), stdout, stderr, float(cpu))
