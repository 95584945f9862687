"""The sandbox's HTTP server: keep-alive, its bounds (body size, chunked, idle, connection
count), and serve() starting and stopping cleanly."""

from __future__ import annotations

import http.client
import socket
import time
from collections.abc import Iterator

import pytest
from sandbox_helpers import KEY, make_seed

from reconciler.sandbox import Sandbox, http11
from reconciler.sandbox.faults import MAX_REQUEST_BYTES

AUTH = {"Authorization": f"Bearer {KEY}"}


@pytest.fixture
def port() -> Iterator[int]:
    with Sandbox(make_seed()).serve() as base:
        yield int(base.rsplit(":", 1)[1].split("/")[0])


def _raw(port: int, request: bytes) -> bytes:
    """Send raw bytes, read until the server closes the connection (bounded by a timeout)."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(request)
        chunks = []
        while chunk := s.recv(65536):
            chunks.append(chunk)
        return b"".join(chunks)


def test_requests_share_one_kept_alive_connection(port: int) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    statuses = []
    for path in ("/api/v1/accounts", "/api/v1/captions", "/api/v1/nope"):
        conn.request("GET", path, headers=AUTH)
        response = conn.getresponse()
        response.read()
        statuses.append(response.status)
        if path == "/api/v1/accounts":
            first = conn.sock
    assert statuses == [200, 200, 404] and conn.sock is first
    conn.close()


@pytest.mark.parametrize(
    ("header", "status"),
    [
        (f"Content-Length: {MAX_REQUEST_BYTES + 1}", b"413"),
        ("Content-Length: 12abc", b"400"),
        ("Content-Length: -5", b"400"),
        ("Transfer-Encoding: chunked", b"411"),
    ],
)
def test_bodies_it_will_not_read_are_refused_and_the_connection_closed(
    port: int, header: str, status: bytes
) -> None:
    request = f"POST /api/v1/captions HTTP/1.1\r\nHost: x\r\n{header}\r\n\r\n".encode()
    answer = _raw(port, request + b"never read")
    assert answer.startswith(b"HTTP/1.1 " + status)
    assert answer.count(b"HTTP/1.1") == 1  # "never read" was not taken for a request


def test_an_idle_connection_is_closed(monkeypatch: pytest.MonkeyPatch, port: int) -> None:
    monkeypatch.setattr(http11._Handler, "timeout", 0.2)
    assert _raw(port, b"") == b""  # recv returns once the server gives up on the client


def test_connections_past_the_cap_are_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(http11, "MAX_CONNECTIONS", 2)
    with Sandbox(make_seed()).serve() as base:
        port = int(base.rsplit(":", 1)[1].split("/")[0])
        held = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(2)]
        try:
            get = b"GET /api/v1/accounts HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
            refused = _raw(port, get + f"Authorization: Bearer {KEY}\r\n\r\n".encode())
            assert refused == b""
        finally:
            for s in held:
                s.close()
        for _ in range(100):  # the slots free up as the server sees the two close
            again = _raw(port, get + f"Authorization: Bearer {KEY}\r\n\r\n".encode())
            if again:
                break
            time.sleep(0.02)
        assert again.startswith(b"HTTP/1.1 200")


def test_serve_stops_listening_when_the_block_ends() -> None:
    sb = Sandbox(make_seed())
    for _ in range(3):  # tests start many: each start and stop must leave nothing behind
        with sb.serve() as base:
            port = int(base.rsplit(":", 1)[1].split("/")[0])
            assert _raw(port, b"GET /api/v1/accounts HTTP/1.1\r\nHost: x\r\nConnection: close"
                              b"\r\n\r\n").startswith(b"HTTP/1.1 401")  # fmt: skip
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=2).close()


def test_a_burst_of_connections_waits_in_the_backlog_not_for_a_syn_retry() -> None:
    """16 clients connecting at once (strec's pool) must all be queued by the kernel:
    with socketserver's backlog of 5, the rest lost their SYN and waited a second."""
    server = http11.make_keepalive_server("127.0.0.1", 0, Sandbox(make_seed()).wsgi_app)
    clients: list[socket.socket] = []
    try:  # nothing accepts here: every connect must complete from the backlog alone
        for _ in range(32):
            clients.append(socket.create_connection(server.server_address[:2], timeout=0.5))
    finally:
        for c in clients:
            c.close()
        server.server_close()
    assert len(clients) == 32
