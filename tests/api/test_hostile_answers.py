"""Hostile answers from a real server: each is one clear error, in bounded time and memory.

Each test runs a raw-socket server (hostile.py) and strec's client with its default
transport over real TCP. Memory is measured with tracemalloc (every thread, the server's
included), time with a monotonic clock; both bounds are far below what the unguarded
client needed (23 GB for a billion pages, no end at all for a trickle).
"""

from __future__ import annotations

import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from reconciler.api.client import ApiClient, Caps
from reconciler.errors import ApiLimitError, ApiRedirectError, ApiStatusError, ApiTimeoutError

from .hostile import Exchange, HostileServer, accounts, page

KEY = "sht_" + "ab" * 32
MB = 1024 * 1024


def client(server: HostileServer, **kw: Any) -> ApiClient:
    kw.setdefault("backoff_seconds", 0.001)
    return ApiClient(server.url, KEY, **kw)


@contextmanager
def bounded(seconds: float, megabytes: float) -> Iterator[None]:
    """The block must end within `seconds` and allocate at most `megabytes` at its peak."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    started = time.monotonic()
    try:
        yield
    finally:
        elapsed = time.monotonic() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert elapsed < seconds, f"took {elapsed:.2f} s"
    assert peak < megabytes * MB, f"peak {peak / MB:.1f} MB"


def test_a_billion_pages_is_refused_before_any_is_read() -> None:
    def handler(ex: Exchange) -> None:
        ex.respond(200, page(accounts(100), page=1, per_page=100, total_pages=1_000_000_000))

    with HostileServer(handler) as server, client(server) as api, \
            bounded(seconds=2, megabytes=5), pytest.raises(ApiLimitError) as err:
        api.list_all("/accounts")
    assert str(err.value) == ("GET /accounts: unexpected answer: the list reports 1000000000 "
                              "pages; strec reads at most 5000 pages of one list")
    assert err.value.limit == "max_pages" and server.requests == [
        "GET /api/v1/accounts?page=1&per_page=100"]


def test_full_pages_forever_stop_at_the_page_cap() -> None:
    def handler(ex: Exchange) -> None:  # no paging block: strec must follow full pages
        ex.respond(200, page(accounts(100)))

    with HostileServer(handler) as server, client(server, caps=Caps(max_pages=30)) as api, \
            bounded(seconds=5, megabytes=10), pytest.raises(ApiLimitError) as err:
        api.list_all("/accounts")
    assert "still serves full pages after 30 pages; strec reads at most 30 pages" in str(
        err.value)
    assert len(server.requests) == 30


def test_items_past_the_cap_stop_the_list() -> None:
    def handler(ex: Exchange) -> None:
        ex.respond(200, page(accounts(100), total_pages=8))

    with HostileServer(handler) as server, client(server, caps=Caps(max_items=450)) as api, \
            pytest.raises(ApiLimitError) as err:
        api.list_all("/accounts")
    assert "holds more than 450 items; strec reads at most 450 items of one list" in str(
        err.value)
    assert err.value.limit == "max_items"


def _trickle_headers(ex: Exchange) -> None:
    ex.trickle(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" * 100, every=0.05)


def _trickle_body(ex: Exchange) -> None:
    ex.send(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
    ex.trickle(b" " * 100000, every=0.05)


@pytest.mark.parametrize("handler", [_trickle_headers, _trickle_body],
                         ids=["headers", "body"])
def test_a_trickle_is_cut_off_at_the_deadline(handler: Callable[[Exchange], None]) -> None:
    # Each byte comes well within the read timeout; only the deadline can end this.
    with HostileServer(handler) as server, \
            client(server, timeout=5, attempts=1, caps=Caps(deadline=0.6)) as api, \
            bounded(seconds=2, megabytes=5), pytest.raises(ApiTimeoutError) as err:
        api.get("/accounts")
    assert "within the 0.6 s deadline for one request" in str(err.value)


def test_retries_of_a_trickle_stay_bounded_in_count_and_time() -> None:
    with HostileServer(_trickle_body) as server, \
            client(server, timeout=5, attempts=3, caps=Caps(deadline=0.3)) as api, \
            bounded(seconds=3, megabytes=5), pytest.raises(ApiTimeoutError):
        api.get("/accounts")
    assert len(server.requests) == 3


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    """200 MB of JSON whitespace in about 200 KB of gzip."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = b" " * MB
    return b"".join([packer.compress(block) for _ in range(200)] + [packer.flush()])


def test_a_gzip_bomb_is_stopped_at_the_cap_after_decompression(gzip_bomb: bytes) -> None:
    def handler(ex: Exchange) -> None:
        ex.respond(200, gzip_bomb, {"Content-Encoding": "gzip"})

    with HostileServer(handler) as server, \
            client(server, caps=Caps(max_body_bytes=2 * MB)) as api, \
            bounded(seconds=2, megabytes=8), pytest.raises(ApiLimitError) as err:
        api.get("/accounts")
    assert str(err.value) == ("GET /accounts: unexpected answer: the answer is larger; strec "
                              "reads at most 2097152 bytes of one answer")


def test_a_huge_announced_body_is_refused_unread() -> None:
    def handler(ex: Exchange) -> None:
        ex.send(b"HTTP/1.1 200 OK\r\nContent-Length: 314572800\r\n\r\n")
        ex.trickle(b" " * 1000, every=0.01)

    with HostileServer(handler) as server, client(server) as api, \
            bounded(seconds=1, megabytes=2), pytest.raises(ApiLimitError) as err:
        api.get("/accounts")
    assert "the answer is 314572800 bytes; strec reads at most 67108864 bytes" in str(err.value)


def test_an_endless_chunked_body_is_stopped_at_the_cap() -> None:
    chunk = b"100000\r\n" + b" " * 0x100000 + b"\r\n"

    def handler(ex: Exchange) -> None:
        ex.send(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
        while not ex.stop.is_set():
            ex.send(chunk)

    with HostileServer(handler) as server, \
            client(server, caps=Caps(max_body_bytes=4 * MB)) as api, \
            bounded(seconds=3, megabytes=16), pytest.raises(ApiLimitError):
        api.get("/accounts")


def test_json_nested_100000_deep_is_one_clear_error() -> None:
    def handler(ex: Exchange) -> None:
        ex.respond(200, b'{"result": 1, "data": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")

    with HostileServer(handler) as server, client(server) as api, \
            bounded(seconds=1, megabytes=8), pytest.raises(ApiLimitError) as err:
        api.get("/accounts")
    assert str(err.value) == ("GET /accounts: unexpected answer: the answer nests deeper than "
                              "64 levels; strec reads at most 64")


def test_json_at_the_depth_cap_is_read() -> None:
    deep: Any = "leaf"
    for _ in range(62):  # the envelope and its data make 64
        deep = [deep]

    def handler(ex: Exchange) -> None:
        ex.respond(200, {"result": 1, "data": {"x": deep}})

    with HostileServer(handler) as server, client(server) as api:
        assert api.get("/accounts") == {"x": deep}


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_is_an_error_naming_its_location(status: int) -> None:
    def handler(ex: Exchange) -> None:
        ex.respond(status, {"result": 1, "data": []},
                   {"Location": "https://login.example/sso?next=\x1b[2J"})

    with HostileServer(handler) as server, client(server) as api, \
            pytest.raises(ApiRedirectError) as err:
        api.get("/accounts")
    message = str(err.value)
    assert message.startswith(f"GET /accounts answered {status}, a redirect to "
                              "https://login.example/sso?next=\\x1b[2J; strec never follows")
    assert "\x1b" not in message and err.value.location is not None
    assert server.requests == ["GET /api/v1/accounts"]  # not followed, not retried


def test_server_text_in_errors_is_escaped_and_shortened() -> None:
    def handler(ex: Exchange) -> None:
        ex.respond(422, {"result": 0, "message": "bad\x1b]52;c;cm0gLXJm\x07\u202e" + "x" * 5000,
                         "errors": {"f": "\x1b[31mred"}})

    with HostileServer(handler) as server, client(server) as api, \
            pytest.raises(ApiStatusError) as err:
        api.request("POST", "/captions", body={"title": "t"}, retry=False)
    message = str(err.value)
    assert "\x1b" not in message and "\u202e" not in message and "\x07" not in message
    assert "bad\\x1b]52;c;cm0gLXJm\\x07\\u202e" in message and "\\x1b[31mred" in message
    assert len(message) < 800 and "\n" not in message


def test_header_values_outside_ascii_are_read_not_a_crash() -> None:
    """http.client reads header bytes as Latin-1; httpx encodes str values as ASCII, so a
    'café' once escaped as a UnicodeEncodeError traceback."""
    def handler(ex: Exchange) -> None:
        if ex.method == "GET":
            ex.respond(200, {"result": 1, "data": {"ok": 1}}, {"X-Name": "caf\u00e9"})
        else:
            ex.respond(503, {"result": 0, "message": "busy"},
                       {"Content-Type": "text/caf\u00e9", "Retry-After": "0"})

    with HostileServer(handler) as server, client(server, attempts=1) as api:
        assert api.get("/accounts") == {"ok": 1}
        with pytest.raises(ApiStatusError) as err:
            api.request("POST", "/captions", body={"title": "t"}, retry=False)
    assert err.value.status == 503 and err.value.retry_after == 0
