"""No answer at all: each failure says what it is, where, and what to check, at once.

Before, a closed port, an unknown host and a self-signed certificate all said
"connection failed (ConnectError)" after 5-7 s of retries.
"""

from __future__ import annotations

import socket
import ssl
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import trustme

from reconciler.api.client import ApiClient
from reconciler.errors import (
    ApiDnsError,
    ApiRefusedError,
    ApiStatusError,
    ApiTimeoutError,
    ApiTlsError,
)

from .hostile import Exchange, HostileServer, accounts, page

KEY = "sht_" + "cd" * 32


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_refused_on_first_contact_fails_at_once_naming_host_and_port() -> None:
    port = _free_port()
    started = time.monotonic()
    with ApiClient(f"http://127.0.0.1:{port}/api/v1", KEY) as api, \
            pytest.raises(ApiRefusedError) as err:
        api.get("/accounts")
    assert time.monotonic() - started < 0.5  # no backoff: the default would wait seconds
    assert str(err.value) == (f"GET /accounts: connection refused by 127.0.0.1:{port}: is the "
                              "server running, and is STREC_API_URL right?")
    assert api.counter.reads == 1


def test_refused_after_the_server_has_answered_is_retried() -> None:
    def handler(ex: Exchange) -> None:
        ex.respond(200, page(accounts(1), count=1))
        ex.keep_alive = False

    with HostileServer(handler) as server:
        api = ApiClient(server.url, KEY, backoff_seconds=0.001, attempts=3)
        api.get("/accounts")
    # The server is gone now: a restart, as far as strec can tell.
    with api, pytest.raises(ApiRefusedError):
        api.get("/accounts")
    assert api.counter.reads == 1 + 3


def test_unknown_host_is_named_and_not_retried() -> None:
    started = time.monotonic()
    with ApiClient("https://strec-test.invalid/api/v1", KEY) as api, \
            pytest.raises(ApiDnsError) as err:
        api.get("/accounts")
    assert time.monotonic() - started < 5
    assert str(err.value).startswith("GET /accounts: cannot resolve the host name "
                                     "strec-test.invalid (")
    assert str(err.value).endswith("): is STREC_API_URL right?")
    assert api.counter.reads == 1


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def tls_server(ca: trustme.CA) -> Iterator[HostileServer]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)

    def handler(ex: Exchange) -> None:
        ex.respond(200, page(accounts(2), count=2))

    with HostileServer(handler, tls=context) as server:
        yield server


def test_untrusted_certificate_says_why_and_how_to_trust_it(
        tls_server: HostileServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    with ApiClient(tls_server.url, KEY) as api, pytest.raises(ApiTlsError) as err:
        api.get("/accounts")
    message = str(err.value)
    assert message.startswith(f"GET /accounts: the TLS certificate of 127.0.0.1:"
                              f"{tls_server.port} failed verification: ")
    assert "unable to get local issuer certificate" in message
    assert "set SSL_CERT_FILE to a CA bundle" in message
    assert api.counter.reads == 1 and tls_server.requests == []


def test_ssl_cert_file_names_a_private_ca(tls_server: HostileServer, ca: trustme.CA,
                                          tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    with ApiClient(tls_server.url, KEY) as api:
        assert [a["username"] for a in api.list_all("/accounts")] == ["user_0", "user_1"]


def test_the_host_name_is_checked(ca: trustme.CA, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("api.example.com").configure_cert(context)
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    with HostileServer(lambda ex: ex.respond(200, {}), tls=context) as server, \
            ApiClient(server.url, KEY) as api, pytest.raises(ApiTlsError) as err:
        api.get("/accounts")
    assert "Hostname mismatch" in str(err.value) or "IP address mismatch" in str(err.value)


def test_plain_http_port_behind_an_https_url() -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def answer_like_nginx() -> None:  # a plain HTTP server's answer to a TLS hello
        conn, _ = listener.accept()
        with conn:
            conn.recv(4096)
            conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")

    thread = threading.Thread(target=answer_like_nginx, daemon=True)
    thread.start()
    with listener, ApiClient(f"https://127.0.0.1:{port}/api/v1", KEY) as api, \
            pytest.raises(ApiTlsError) as err:
        api.get("/accounts")
    thread.join(timeout=5)
    assert str(err.value) == (f"GET /accounts: the TLS handshake with 127.0.0.1:{port} failed "
                              "(WRONG_VERSION_NUMBER): is it an https server, and does "
                              "STREC_API_URL name the right port?")
    assert api.counter.reads == 1


def test_a_silent_server_names_the_read_timeout() -> None:
    def handler(ex: Exchange) -> None:
        ex.stop.wait(3)

    with HostileServer(handler) as server, \
            ApiClient(server.url, KEY, timeout=0.3, attempts=1) as api, \
            pytest.raises(ApiTimeoutError) as err:
        api.get("/accounts")
    assert str(err.value) == (f"GET /accounts: 127.0.0.1:{server.port} sent nothing for "
                              "0.3 s (read timeout)")


def test_a_full_accept_queue_names_the_connect_timeout() -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)  # never accepted: once the queue is full, further SYNs are dropped
    port = listener.getsockname()[1]
    queued = []
    for _ in range(8):
        filler = socket.socket()
        filler.setblocking(False)
        filler.connect_ex(("127.0.0.1", port))
        queued.append(filler)
    time.sleep(0.05)
    try:
        with ApiClient(f"http://127.0.0.1:{port}/api/v1", KEY, connect_timeout=0.3,
                       attempts=1) as api, pytest.raises(ApiTimeoutError) as err:
            api.get("/accounts")
    finally:
        for filler in queued:
            filler.close()
        listener.close()
    assert str(err.value) == (f"GET /accounts: no connection to 127.0.0.1:{port} within "
                              "0.3 s (connect timeout): is the host reachable from here?")


def _html_404(ex: Exchange) -> None:
    ex.respond(404, b"<html>Not Found</html>", {"Content-Type": "text/html"})


def _api_404(ex: Exchange) -> None:
    ex.respond(404, {"result": 0, "message": "Account not found"})


@pytest.mark.parametrize(("handler", "suffix", "hinted"), [
    (_html_404, "/api/v1", True),   # not the API's envelope: some other server or path
    (_api_404, "", True),           # the first request, and the URL lacks /api/v1
    (_api_404, "/api/v1", False),   # the API's own "not found": nothing to hint
])
def test_a_404_asks_whether_the_url_ends_in_api_v1(handler: Any, suffix: str,
                                                   hinted: bool) -> None:
    with HostileServer(handler) as server:
        base = server.url.removesuffix("/api/v1") + suffix
        with ApiClient(base, KEY) as api, pytest.raises(ApiStatusError) as err:
            api.get("/accounts")
    assert ("is STREC_API_URL right? The API's base URL ends in /api/v1" in str(err.value)) \
        is hinted
    assert err.value.status == 404
