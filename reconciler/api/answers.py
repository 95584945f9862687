"""What one request yields (Answer) and how many went out (CallCounter)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from reconciler.api.envelope import Envelope


@dataclass
class CallCounter:
    """How many requests went out, split into reads and writes; thread-safe."""

    reads: int = 0
    writes: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def count(self, method: str) -> None:
        with self._lock:
            if method == "GET":
                self.reads += 1
            else:
                self.writes += 1

    @property
    def total(self) -> int:
        return self.reads + self.writes


@dataclass(frozen=True)
class Answer:
    """A successful answer: its HTTP status and decoded envelope."""

    status: int
    envelope: Envelope

    @property
    def data(self) -> Any:
        return self.envelope.data




@dataclass(frozen=True)
class Upload:
    """A request body sent as multipart/form-data: one file in one field (POST /media)."""

    part: str
    filename: str
    content: bytes = field(repr=False)
    content_type: str = "application/octet-stream"
