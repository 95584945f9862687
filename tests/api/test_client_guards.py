"""The client's own guards, for transports strec does not own (the sandbox's in-process
one, httpx's own behind a proxy), and the smaller guards of strec's transport."""

from __future__ import annotations

import ssl
import time
from collections.abc import Iterator

import httpx
import pytest

from reconciler.api import socketio, tls
from reconciler.api.client import ApiClient, Caps
from reconciler.errors import ApiLimitError, ApiProtocolError, ApiTimeoutError

from .hostile import Exchange, HostileServer, accounts, page

KEY = "sht_" + "12" * 32


class _Slow(httpx.SyncByteStream):
    def __iter__(self) -> Iterator[bytes]:
        for _ in range(20):
            time.sleep(0.1)
            yield b" "


def test_the_deadline_holds_over_a_foreign_transport_between_chunks() -> None:
    mock = httpx.MockTransport(lambda request: httpx.Response(200, stream=_Slow()))
    started = time.monotonic()
    with ApiClient("http://127.0.0.1/api/v1", KEY, transport=mock, attempts=1,
                   caps=Caps(deadline=0.35)) as api, pytest.raises(ApiTimeoutError):
        api.get("/accounts")
    assert time.monotonic() - started < 1


def test_the_body_cap_holds_over_a_foreign_transport() -> None:
    streamed = httpx.MockTransport(lambda request: httpx.Response(
        200, stream=httpx.ByteStream(b" " * 5000)))
    in_memory = httpx.MockTransport(lambda request: httpx.Response(200, content=b" " * 5000))
    for mock in (streamed, in_memory):
        with ApiClient("http://127.0.0.1/api/v1", KEY, transport=mock,
                       caps=Caps(max_body_bytes=4096)) as api, \
                pytest.raises(ApiLimitError, match="strec reads at most 4096 bytes"):
            api.get("/accounts")


def test_an_informational_status_as_the_answer_is_an_error() -> None:
    def handler(ex: Exchange) -> None:
        ex.send(b"HTTP/1.1 101 Switching Protocols\r\nContent-Length: 0\r\n\r\n")

    with HostileServer(handler) as server, ApiClient(server.url, KEY) as api, \
            pytest.raises(ApiProtocolError, match="unexpected HTTP status 101"):
        api.get("/accounts")


def test_an_idle_connection_past_its_age_is_not_reused(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socketio, "MAX_IDLE_SECONDS", 0.0)

    def handler(ex: Exchange) -> None:
        ex.respond(200, page(accounts(1), count=1))

    with HostileServer(handler) as server, ApiClient(server.url, KEY) as api:
        for _ in range(3):
            api.get("/accounts")
    assert server.connections == 3


def test_without_a_system_ca_store_certifi_stands_in(monkeypatch: pytest.MonkeyPatch) -> None:
    empty = ssl.DefaultVerifyPaths("/nonexistent/ca.pem", "/nonexistent/certs", "", "", "", "")
    monkeypatch.setattr(ssl, "get_default_verify_paths", lambda: empty)
    monkeypatch.setattr(ssl.SSLContext, "load_default_certs", lambda self, purpose=None: None)
    context = tls.tls_context()
    assert context.cert_store_stats()["x509_ca"] > 50
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
