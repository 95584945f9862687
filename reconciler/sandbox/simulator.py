"""The Sandbox facade: one object holding the state, the WSGI app and the request log."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from reconciler.sandbox import server
from reconciler.sandbox.app import SandboxApp
from reconciler.sandbox.dialect import get_dialect
from reconciler.sandbox.faults import FaultInjector, FaultMiddleware, RequestRecord
from reconciler.sandbox.seed import build_store, load_seed_file
from reconciler.sandbox.state import Store

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication


class Sandbox:
    """A stateful simulator of the Sharingtools API in one dialect.

    `state` is the live store (mutate it to simulate drift), `wsgi_app` the app with
    latency and faults in front, `log` every request seen. `clock` (default time.time)
    is the unix-time source from the start, so relative seed times ("now-6h") are
    resolved against it too.
    """

    def __init__(
        self,
        seed: Mapping[str, Any] | None = None,
        *,
        dialect: str = "reference",
        api_key: str | None = None,
        latency_ms: float = 0,
        fault_rate: float = 0.0,
        fault_seed: int = 0,
        clock: Callable[[], float] | None = None,
    ) -> None:
        if not 0.0 <= fault_rate <= 1.0:
            raise ValueError(f"fault_rate must be between 0 and 1, got {fault_rate}")
        if latency_ms < 0:
            raise ValueError(f"latency_ms must not be negative, got {latency_ms}")
        self.dialect = get_dialect(dialect)
        self.state: Store
        self.state, self.api_key, self.api_key_generated = build_store(seed, api_key, clock)
        self.faults = FaultInjector(fault_rate, fault_seed)
        self.app = SandboxApp(self.state, self.dialect)
        self._middleware = FaultMiddleware(self.app, self.dialect, self.faults, latency_ms)

    @classmethod
    def from_file(cls, path: str | Path, **kw: Any) -> Sandbox:
        """A sandbox seeded from a YAML or JSON file."""
        return cls(load_seed_file(path), **kw)

    @property
    def wsgi_app(self) -> WSGIApplication:
        return self._middleware

    @property
    def latency_ms(self) -> float:
        return self._middleware.latency_ms

    @latency_ms.setter
    def latency_ms(self, value: float) -> None:
        self._middleware.latency_ms = value

    def force_faults(self, *kinds: str | None) -> None:
        """Give the next requests exactly these faults ("503-before", "500-after",
        "drop-after", or None for none), in order, before any random roll."""
        self.faults.force(*kinds)

    @property
    def log(self) -> list[RequestRecord]:
        """A copy of the request log, oldest first."""
        with self._middleware.log_lock:
            return list(self._middleware.log)

    def writes(self) -> list[RequestRecord]:
        """The non-GET requests (faulted ones included, with `.fault` set)."""
        return [r for r in self.log if r.method not in ("GET", "HEAD", "OPTIONS")]

    def clear_log(self) -> None:
        with self._middleware.log_lock:
            self._middleware.log.clear()

    @property
    def clock(self) -> Callable[[], float]:
        """The unix-time source (default time.time); replace it to control time."""
        return self.state.clock

    @clock.setter
    def clock(self, value: Callable[[], float]) -> None:
        self.state.clock = value

    def advance_time(self, seconds: float) -> None:
        """Move the sandbox's clock forward (e.g. past a challenge token's 600 s TTL)."""
        with self.state.lock:
            self.state.time_offset += seconds

    def transport(self) -> httpx.BaseTransport:
        """An in-process httpx transport (use base URL http://sandbox/api/v1)."""
        return server.SandboxTransport(self.wsgi_app)

    @contextmanager
    def serve(self, port: int = 0) -> Iterator[str]:
        """Serve over real HTTP on 127.0.0.1; yields "http://127.0.0.1:PORT/api/v1"."""
        with server.serve(self.wsgi_app, port) as base_url:
            yield base_url
