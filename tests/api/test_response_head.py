"""An answer's head read without the email parser: the same fields, the same errors as
`http.client.parse_headers`, for any bytes (hypothesis), and the same framing."""

from __future__ import annotations

import http.client
import io

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from reconciler.api.response import Response, parse_head

_pieces = st.sampled_from([
    "Content-Type", "content-length", "X-A", ":", ": ", " ", "\t", "\r\n", "\n", "\r",
    "From ", "a", "1", "chunked", "close", "é", "\x7f", "Bad Name", "=", "\r\n\r\n"])


def _both(raw: bytes) -> tuple[object, object]:
    def run(parse: object) -> object:
        try:
            message = parse(io.BufferedReader(io.BytesIO(raw)))  # type: ignore[operator]
        except http.client.HTTPException as exc:
            return type(exc)
        return message.items(), [message.get_all(n) for n in ("x-a", "content-length")]
    return run(http.client.parse_headers), run(parse_head)


@given(st.lists(_pieces, max_size=30))
@example(["From ", "a", "\r\n", "X-A", ": ", "1", "\r\n"])
@example(["X-A", ": ", "1", "\r\n", " ", "a", "\r\n", "From ", "a", "\r\n"])
@example([" ", "a", "\r\n", ":", "a", "\r\n", "X-A", ":", "\r", "1", "\n"])
def test_the_head_reads_as_the_email_parser_reads_it(pieces: list[str]) -> None:
    ours, stdlib = _both("".join(pieces).encode("latin-1") + b"\r\n\r\n")
    assert ours == stdlib


def test_the_bounds_are_http_clients() -> None:
    assert _both(b"X-A: " + b"a" * 70000 + b"\r\n\r\n") == (http.client.LineTooLong,) * 2
    many = b"".join(b"X-%d: 1\r\n" % i for i in range(101)) + b"\r\n"
    assert _both(many) == (http.client.HTTPException,) * 2


class _Sock:
    def __init__(self, raw: bytes) -> None:
        self._raw = raw

    def makefile(self, mode: str) -> io.BufferedReader:
        return io.BufferedReader(io.BytesIO(self._raw))


@pytest.mark.parametrize("raw", [
    b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi",
    b"HTTP/1.1 100 Continue\r\nX: y\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n",
    b"HTTP/1.0 200 OK\r\nContent-Length: x\r\n\r\nabc",
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    b"2\r\nhi\r\n0\r\n\r\n",
    b"HTTP/1.1 200 OK\r\nContent-Length: -3\r\nConnection: keep-alive\r\n\r\n",
])
def test_the_framing_is_http_clients(raw: bytes) -> None:
    ours = Response(_Sock(raw), method="GET")  # type: ignore[arg-type]
    theirs = http.client.HTTPResponse(_Sock(raw), method="GET")  # type: ignore[arg-type]
    ours.begin()
    theirs.begin()
    for name in ("status", "reason", "version", "chunked", "length", "will_close"):
        assert getattr(ours, name) == getattr(theirs, name), name
    assert ours.getheaders() == theirs.getheaders() and ours.read() == theirs.read()
