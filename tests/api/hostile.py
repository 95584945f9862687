"""A real HTTP server on 127.0.0.1 that misbehaves on purpose, for the client's tests.

Raw sockets, so a test can send anything at any pace: a trickle, a body that never ends,
a gzip bomb, a redirect, a connection closed mid-answer. Each test gives a handler that
sees one request and writes what it likes; the server counts connections and requests.
The sandbox is not used here: it answers as the documents say, and these servers don't.
"""

from __future__ import annotations

import json
import socket
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any


@dataclass
class Exchange:
    """One request as the handler sees it, and the means to answer it."""

    sock: socket.socket
    method: str
    target: str
    headers: dict[str, str]
    stop: threading.Event
    keep_alive: bool = True

    @property
    def path(self) -> str:
        return self.target.partition("?")[0]

    @property
    def query(self) -> str:
        return self.target.partition("?")[2]

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def respond(self, status: int, body: Any = b"", headers: dict[str, str] | None = None,
                reason: str = "X") -> None:
        """A complete answer with a Content-Length; `body` may be bytes or JSON data."""
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        head = {"Content-Type": "application/json", "Content-Length": str(len(raw))}
        head.update(headers or {})
        lines = [f"HTTP/1.1 {status} {reason}"] + [f"{k}: {v}" for k, v in head.items()]
        self.send(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + raw)

    def trickle(self, data: bytes, every: float) -> None:
        """Send `data` one byte at a time, a byte every `every` seconds, until the client
        goes away or the server stops."""
        for i in range(len(data)):
            if self.stop.wait(every):
                return
            try:
                self.send(data[i:i + 1])
            except OSError:
                return


Handler = Callable[[Exchange], None]


@dataclass
class HostileServer:
    """Serve `handler` until the block ends; `url` is the API base (…/api/v1)."""

    handler: Handler
    tls: ssl.SSLContext | None = None
    connections: int = 0
    requests: list[str] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)

    def __enter__(self) -> HostileServer:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.05)
        self.port = self._listener.getsockname()[1]
        accept = threading.Thread(target=self._accept, daemon=True)
        accept.start()
        self._threads.append(accept)
        return self

    @property
    def url(self) -> str:
        scheme = "https" if self.tls else "http"
        return f"{scheme}://127.0.0.1:{self.port}/api/v1"

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._stop.set()
        self._listener.close()
        for thread in self._threads:
            thread.join(timeout=5)

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            worker = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            worker.start()
            self._threads.append(worker)

    def _serve(self, conn: socket.socket) -> None:
        try:
            if self.tls is not None:
                conn = self.tls.wrap_socket(conn, server_side=True)
            conn.settimeout(5)
            buffer = b""
            while not self._stop.is_set():
                while b"\r\n\r\n" not in buffer:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    buffer += chunk
                head, _, buffer = buffer.partition(b"\r\n\r\n")
                line, *fields = head.decode("latin-1").split("\r\n")
                method, target, _ = line.split(" ", 2)
                headers = {k.strip().lower(): v.strip()
                           for k, _, v in (f.partition(":") for f in fields)}
                length = int(headers.get("content-length", "0"))
                while len(buffer) < length:
                    buffer += conn.recv(65536)
                buffer = buffer[length:]
                self.requests.append(f"{method} {target}")
                exchange = Exchange(conn, method, target, headers, self._stop)
                self.handler(exchange)
                if not exchange.keep_alive:
                    return
        except (OSError, ValueError):
            return
        finally:
            conn.close()


def page(items: list[Any], **meta: Any) -> dict[str, Any]:
    """A reference-dialect list answer."""
    return {"result": 1, "message": "", "data": items, "meta": meta}


def accounts(n: int, start: int = 0) -> list[dict[str, Any]]:
    return [{"id": i, "username": f"user_{i}"} for i in range(start, start + n)]
