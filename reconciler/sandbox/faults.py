"""The outer WSGI layer: request log, latency and injected faults, kept out of the handlers.

Each request rolls a seeded `random.Random` once: with probability `fault_rate` it is
faulted. A GET (or HEAD/OPTIONS) then answers 503 without reaching the app. A write
draws one of three kinds with equal odds: "503-before" (not applied), "500-after"
(applied, then a 500 answer) or "drop-after" (applied, then the connection closes with
no answer). Tests may queue exact kinds with `force()`; a queued kind is used before
any roll and does not consume the random stream.

The log never holds a secret: the values of `password`, `imap_password`, `twofa_secret`
and `code` keys (at any depth of the JSON body) are logged as "(redacted)". It keeps the
newest 50,000 requests (MAX_LOG_RECORDS): a sandbox left running must not grow forever.
A request body over 64 MiB (MAX_REQUEST_BYTES, the server's own cap, as nginx's
client_max_body_size) is answered 413 without being read, before latency and faults.
"""

from __future__ import annotations

import contextlib
import io
import json
import socket
import threading
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from http import HTTPStatus
from random import Random
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from reconciler.sandbox.app import API_PREFIX, json_response
from reconciler.sandbox.dialect import Dialect

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

WRITE_FAULTS = ("503-before", "500-after", "drop-after")
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SECRET_KEYS = frozenset({"password", "imap_password", "twofa_secret", "code"})
REDACTED = "(redacted)"
MAX_LOG_RECORDS = 50_000
MAX_REQUEST_BYTES = 64 * 1024 * 1024  # the server's own cap on a request body (413)


class ConnectionDropped(ConnectionError):
    """Raised after a "drop-after" fault; werkzeug's server treats it as a dropped client."""


@dataclass
class RequestRecord:
    """One request as the sandbox saw it.

    `body` is the parsed JSON request body (None when empty or not JSON), `status` the
    status the client received (None when the connection was dropped), `app_status`
    the status the app itself produced (None when the app was never reached) and
    `response` the parsed JSON answer the app produced (parsed when first read: parsing
    every answer as it passed cost the sandbox 15 % of a list page).
    """

    method: str
    path: str
    query: dict[str, str]
    status: int | None
    body: Any
    fault: str | None = None
    app_status: int | None = None
    raw_response: bytes = field(default=b"", repr=False)

    @property
    def response(self) -> Any:
        return _parse_json(self.raw_response)


class FaultInjector:
    """Decides, thread-safely and reproducibly, which request gets which fault."""

    def __init__(self, rate: float, seed: int) -> None:
        self.rate = rate
        self._rng = Random(seed)
        self._forced: deque[str | None] = deque()
        self._lock = threading.Lock()

    def force(self, *kinds: str | None) -> None:
        """Fault the next requests with these kinds (None = no fault), in order."""
        for kind in kinds:
            if kind is not None and kind not in WRITE_FAULTS:
                raise ValueError(f"unknown fault kind {kind!r}")
        with self._lock:
            self._forced.extend(kinds)

    def roll(self, method: str) -> str | None:
        with self._lock:
            if self._forced:
                return self._forced.popleft()
            if self.rate <= 0 or self._rng.random() >= self.rate:
                return None
            if method in READ_METHODS:
                return "503-before"
            return self._rng.choice(WRITE_FAULTS)


def _parse_json(raw: bytes) -> Any:
    if not raw.strip():
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return None


def read_body(environ: WSGIEnvironment) -> bytes | None:
    """The request body, or None when it is larger than MAX_REQUEST_BYTES (unread)."""
    stream = environ["wsgi.input"]
    if environ.get("wsgi.input_terminated"):  # chunked upload: read to the end, bounded
        raw: bytes = stream.read(MAX_REQUEST_BYTES + 1)
        return None if len(raw) > MAX_REQUEST_BYTES else raw
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_REQUEST_BYTES:
        return None
    return stream.read(length) if length > 0 else b""


def redact(value: Any) -> Any:
    """A copy of a JSON value with every SECRET_KEYS value replaced by "(redacted)"."""
    if isinstance(value, dict):
        return {k: REDACTED if k in SECRET_KEYS else redact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(v) for v in value]
    return value


class FaultMiddleware:
    """Wraps the app: logs every request, sleeps `latency_ms`, injects faults."""

    def __init__(
        self, app: WSGIApplication, dialect: Dialect, injector: FaultInjector, latency_ms: float
    ) -> None:
        self.app = app
        self.dialect = dialect
        self.injector = injector
        self.latency_ms = latency_ms
        #: the newest MAX_LOG_RECORDS requests (a long-running sandbox must not grow)
        self.log: deque[RequestRecord] = deque(maxlen=MAX_LOG_RECORDS)
        self.log_lock = threading.Lock()

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        raw = read_body(environ)
        environ["wsgi.input"] = io.BytesIO(raw or b"")
        environ["CONTENT_LENGTH"] = str(len(raw or b""))
        method = environ.get("REQUEST_METHOD", "GET").upper()
        path = environ.get("PATH_INFO", "")
        query = dict(parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True))
        record = RequestRecord(
            method, path.removeprefix(API_PREFIX) or "/", query, None,
            redact(_parse_json(raw or b"")),
        )  # fmt: skip
        try:
            if raw is None:  # refused before the app, latency and faults, as nginx would
                body = self.dialect.error(
                    f"Request body larger than {MAX_REQUEST_BYTES:,} bytes", {}
                )
                return self._answer(environ, start_response, record, 413, body)
            if self.latency_ms > 0:
                time.sleep(self.latency_ms / 1000)
            record.fault = self.injector.roll(method)
            if record.fault == "503-before":
                body = self.dialect.error("Service temporarily unavailable (injected fault)", {})
                return self._answer(environ, start_response, record, 503, body)
            status, headers, payload = self._run_app(environ)
            record.app_status, record.raw_response = status, payload
            if record.fault == "500-after":
                body = self.dialect.error("Internal server error (injected fault)", {})
                return self._answer(environ, start_response, record, 500, body)
            if record.fault == "drop-after":
                self._drop(environ)
            record.status = status
            start_response(f"{status} {HTTPStatus(status).phrase}", headers)
            return [payload]
        finally:
            with self.log_lock:
                self.log.append(record)

    def _run_app(self, environ: WSGIEnvironment) -> tuple[int, list[tuple[str, str]], bytes]:
        """Run the app to completion: status, headers and the whole body."""
        captured: list[tuple[str, list[tuple[str, str]]]] = []

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            captured.append((status, headers))
            return lambda _data: None

        chunks = self.app(environ, capture)
        try:
            payload = b"".join(chunks)
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()
        status, headers = captured[0]
        return int(status.split()[0]), headers, payload

    def _answer(
        self,
        environ: WSGIEnvironment,
        start_response: StartResponse,
        record: RequestRecord,
        status: int,
        body: Any,
    ) -> Iterable[bytes]:
        record.status = status
        return json_response(status, body)(environ, start_response)

    def _drop(self, environ: WSGIEnvironment) -> None:
        """Close the client's connection without an answer (in-process: raise)."""
        sock = environ.get("werkzeug.socket")
        if isinstance(sock, socket.socket):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        raise ConnectionDropped("connection dropped after the request was applied (injected)")
