"""strec's own transport over real TCP: keep-alive, framing, compression, tracing.

The sandbox suites already run strec over this transport against the sandbox's HTTP
server; these tests hold what a well-behaved sandbox never exercises.
"""

from __future__ import annotations

import gzip
import socket
import time
import zlib
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from reconciler.api.body import DEADLINE
from reconciler.api.client import ApiClient, Caps
from reconciler.api.transport import WireTransport
from reconciler.cli import main
from reconciler.errors import ApiConnectionError, ApiTimeoutError
from reconciler.sandbox import Sandbox

from .hostile import Exchange, HostileServer, accounts, page

KEY = "sht_" + "ef" * 32
API_KEY = "sht_" + "0123456789abcdef" * 4


def _ok(ex: Exchange) -> None:
    ex.respond(200, page(accounts(3), count=3))


def test_one_kept_alive_connection_serves_a_sequence_of_requests() -> None:
    with HostileServer(_ok) as server, ApiClient(server.url, KEY) as api:
        for _ in range(20):
            api.get("/accounts")
    assert server.connections == 1 and len(server.requests) == 20


def test_a_connection_the_server_closed_is_not_reused() -> None:
    def close_after_answer(ex: Exchange) -> None:
        _ok(ex)
        ex.keep_alive = False  # closes without "Connection: close", as some servers do

    with HostileServer(close_after_answer) as server, \
            ApiClient(server.url, KEY, attempts=1) as api:
        for _ in range(5):
            api.get("/accounts")
            time.sleep(0.02)  # let the FIN arrive
        api.request("POST", "/captions", body={"title": "x"}, retry=False)
    assert server.connections == 6


def test_a_get_on_a_connection_closed_as_it_is_reused_goes_again_on_a_fresh_one() -> None:
    transport = WireTransport(max_body_bytes=1 << 20)
    served: list[int] = []

    def once_then_silent_close(ex: Exchange) -> None:
        served.append(1)
        if len(served) == 2:  # the reused connection: close without a byte of answer
            ex.keep_alive = False
            return
        _ok(ex)

    with HostileServer(once_then_silent_close) as server, httpx.Client(
            transport=transport) as http:
        assert http.get(server.url + "/accounts").status_code == 200
        assert http.get(server.url + "/accounts").status_code == 200
    assert server.connections == 2 and len(served) == 3


def test_gzip_and_chunked_answers_are_decoded() -> None:
    body = page(accounts(50), count=50)

    def handler(ex: Exchange) -> None:
        import json

        packed = gzip.compress(json.dumps(body).encode())
        chunks = b"".join(b"%x\r\n%s\r\n" % (len(packed[i:i + 100]), packed[i:i + 100])
                          for i in range(0, len(packed), 100))
        ex.send(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                b"Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n"
                + chunks + b"0\r\n\r\n")

    with HostileServer(handler) as server, ApiClient(server.url, KEY) as api:
        assert api.list_all("/accounts") == body["data"]
        assert api.list_all("/accounts") == body["data"]
    assert server.connections == 1


def test_raw_deflate_is_decoded_too() -> None:
    packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    raw = packer.compress(b'{"result": 1, "data": {"ok": true}}') + packer.flush()

    def handler(ex: Exchange) -> None:
        ex.respond(200, raw, {"Content-Encoding": "deflate"})

    with HostileServer(handler) as server, ApiClient(server.url, KEY) as api:
        assert api.get("/x") == {"ok": True}


def test_an_encoding_strec_did_not_ask_for_is_a_clear_error() -> None:
    def handler(ex: Exchange) -> None:
        ex.respond(200, b"\x00\x01", {"Content-Encoding": "br"})

    with HostileServer(handler) as server, ApiClient(server.url, KEY) as api, \
            pytest.raises(Exception, match="unsupported Content-Encoding 'br'"):
        api.get("/x")


def test_a_header_cannot_split_the_request() -> None:
    transport = WireTransport(max_body_bytes=1 << 20)
    request = httpx.Request("GET", "http://127.0.0.1:9/x", headers={"X-A": "1"})
    request.headers._list[0] = (b"X-A", b"x-a", b"1\r\nX-Injected: yes")  # past httpx's checks
    with pytest.raises(httpx.LocalProtocolError):
        transport.handle_request(request)


def test_the_tls_handshake_is_bounded_by_the_deadline() -> None:
    listener = socket.create_server(("127.0.0.1", 0))  # accepts, never speaks TLS
    port = listener.getsockname()[1]
    started = time.monotonic()
    with listener, ApiClient(f"https://127.0.0.1:{port}/api/v1", KEY, timeout=5, attempts=1,
                             caps=Caps(deadline=0.4)) as api, \
            pytest.raises(ApiTimeoutError, match="deadline passed while doing the TLS handshake"):
        api.get("/accounts")
    assert time.monotonic() - started < 2


def test_the_deadline_extension_holds_without_strec_client() -> None:
    def handler(ex: Exchange) -> None:
        ex.trickle(b"HTTP/1.1 200 OK\r\n" * 50, every=0.05)

    with HostileServer(handler) as server, httpx.Client(
            transport=WireTransport(max_body_bytes=1 << 20)) as http:
        request = http.build_request("GET", server.url + "/x",
                                     extensions={DEADLINE: time.monotonic() + 0.3})
        started = time.monotonic()
        with pytest.raises(httpx.TimeoutException):
            http.send(request)
    assert time.monotonic() - started < 1.5


def test_a_closed_connection_mid_answer_is_a_retried_connection_error() -> None:
    def handler(ex: Exchange) -> None:
        ex.send(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"result\"")
        ex.keep_alive = False

    with HostileServer(handler) as server, \
            ApiClient(server.url, KEY, attempts=2, backoff_seconds=0.001) as api, \
            pytest.raises(ApiConnectionError, match="closed the connection"):
        api.get("/x")
    assert len(server.requests) == 2


def test_threads_share_the_transport_safely() -> None:
    with HostileServer(_ok) as server, ApiClient(server.url, KEY, concurrency=8) as api:
        results = api.map(lambda _: api.get("/accounts"), range(200))
    assert len(results) == 200 and server.connections <= 9


def test_debug_tracing_fires_over_strecs_transport_with_every_secret_masked(
        tmp_path: Path) -> None:
    sandbox = Sandbox({"accounts": [], "captions": [
        {"id": 1, "title": "keep-me", "caption": "Untouched"}]}, api_key=API_KEY)
    config = tmp_path / "strec.yaml"
    config.write_text("version: 1\ncaptions: [{title: keep-me, caption: Untouched}]\n")
    with sandbox.serve() as url:
        result = CliRunner().invoke(main, ["--debug", "plan", "-f", str(config)],
                                    env={"STREC_API_URL": url, "STREC_API_KEY": API_KEY})
    assert result.exit_code == 0, result.output
    assert "DEBUG strec.http: -> GET http://127.0.0.1:" in result.output
    assert "DEBUG strec.http: <- 200 GET" in result.output
    assert API_KEY not in result.output


def test_strecs_transport_is_the_default_unless_a_proxy_is_configured(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from reconciler.api.client import default_transport

    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY",
                 "all_proxy", "NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    url = "https://api.example.com/api/v1"
    assert isinstance(default_transport(url, Caps(), 4), WireTransport)
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.internal:3128")
    assert default_transport(url, Caps(), 4) is None  # httpx's transport speaks to proxies
    monkeypatch.setenv("NO_PROXY", "api.example.com")
    assert isinstance(default_transport(url, Caps(), 4), WireTransport)
