"""A one-line progress display on stderr while the API is busy — on a terminal only.

It reads the client's call counter from a background thread, so the code doing the
work knows nothing about it; with stderr redirected (CI, pipes) it prints nothing.
"""

from __future__ import annotations

import sys
import threading
import time
from types import TracebackType

from reconciler.api.client import CallCounter


class Progress:
    """`with Progress("refreshing", client.counter): ...` shows reads and writes live."""

    def __init__(self, label: str, counter: CallCounter, *, interval: float = 0.2,
                 enabled: bool | None = None) -> None:
        self.label = label
        self.counter = counter
        self.interval = interval
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._start = 0.0

    def _line(self) -> str:
        elapsed = time.monotonic() - self._start
        return (f"\r{self.label}: {self.counter.reads} reads, {self.counter.writes} writes "
                f"({elapsed:.1f} s)")

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            sys.stderr.write(self._line())
            sys.stderr.flush()

    def __enter__(self) -> Progress:
        if self.enabled:
            self._start = time.monotonic()
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._thread is not None:
            self._stop.set()
            self._thread.join()
            sys.stderr.write("\r" + " " * (len(self._line()) + 2) + "\r")
            sys.stderr.flush()
