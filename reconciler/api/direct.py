"""GETs written straight to strec's transport, without building httpx's objects.

A plan is thousands of GETs. Through `httpx.Client.send`, each one parsed its URL in
Python, built a Request and a Response with their header tables, and ran the auth,
redirect and hook machinery: about half of strec's CPU per GET
(benchmarks/bench_transport.py). The client's GETs over `WireTransport` therefore send
the bytes httpx would have sent, made here from the base URL's parts (parsed once by
httpx itself) and the path, and read the transport's `RawAnswer`. Everything else goes
through httpx as before: writes, uploads, `--debug` tracing (its hooks see every
request), any other transport (the sandbox's in-process one, httpx's for proxies).

The bytes are the same only for request targets httpx leaves alone: a path of
`/`-segments made of unreserved characters and `%XX` escapes, none of them `.` or `..`
(httpx would resolve those), and a query of the characters `urlencode` writes. strec's
`path()` and `urlencode` produce exactly these; anything else takes the httpx path, so no
request is ever sent differently (tests/api/test_direct_gets.py checks the bytes against
httpx's for any path and query).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx

from reconciler.api.transport import RawAnswer, WireTransport, request_head

_SEGMENT = r"(?:[A-Za-z0-9_.~-]|%[0-9A-Fa-f]{2})*"
#: Paths httpx neither escapes nor normalizes: no `.` / `..` segment, valid escapes only.
_PATH = re.compile(rf"(?:/(?!\.\.?(?:/|$)){_SEGMENT})*")
#: Queries httpx does not escape: what urlencode writes (`+` for spaces, `%XX` else).
_QUERY = re.compile(r"(?:[A-Za-z0-9_.~+=&-]|%[0-9A-Fa-f]{2})*")


class DirectGets:
    """The request bytes of a GET under one base URL, and sending them."""

    def __init__(self, wire: WireTransport, origin: tuple[str, str, int], prefix: str,
                 headers: bytes) -> None:
        self._wire = wire
        self._origin = origin
        self._prefix = prefix
        self._headers = headers

    @classmethod
    def of(cls, transport: httpx.BaseTransport, base_url: str,
           headers: httpx.Headers) -> DirectGets | None:
        """Direct GETs for this client, or None when its requests must go through httpx
        (another transport; a base URL with a query, user info or a path httpx rewrites;
        a header that `request_head` refuses, which httpx's path then reports)."""
        if not isinstance(transport, WireTransport):
            return None
        parts = urlsplit(base_url)
        if parts.query or parts.fragment or "@" in parts.netloc or \
                not _PATH.fullmatch(parts.path):
            return None
        try:
            probe = httpx.Request("GET", base_url + "/", headers=headers)
            head = request_head(probe)
        except (httpx.HTTPError, httpx.InvalidURL, ValueError):
            return None
        url = probe.url
        origin = (url.scheme, url.host, url.port or (443 if url.scheme == "https" else 80))
        return cls(transport, origin, parts.path, head[head.index(b"\r\n") + 2:])

    def request(self, path: str, params: Mapping[str, Any] | None) -> bytes | None:
        """The GET's bytes, exactly as httpx would write them; None if httpx must."""
        target = self._prefix + path
        if not target or not _PATH.fullmatch(path):  # httpx sends "/" for an empty path
            return None
        if params:
            query = urlencode(params)
            if not _QUERY.fullmatch(query):
                return None
            target = f"{target}?{query}"
        return b"GET " + target.encode("ascii") + b" HTTP/1.1\r\n" + self._headers

    def send(self, data: bytes, timeouts: dict[str, Any], deadline: float) -> RawAnswer:
        return self._wire.send_raw(self._origin, "GET", data, timeouts, deadline)


def header(answer: RawAnswer, name: str) -> str | None:
    """A header's value as `httpx.Headers.get` gives it: repeated values joined with
    ", ", decoded as ASCII, else UTF-8, else Latin-1, whichever all the headers fit."""
    key = name.lower()
    values = [v for k, v in answer.headers if k.lower() == key]
    if not values:
        return None
    text = ", ".join(values)
    if text.isascii() or not _all_utf8(answer.headers):
        return text
    return text.encode("latin-1").decode("utf-8")


def _all_utf8(headers: list[tuple[str, str]]) -> bool:
    try:
        for k, v in headers:
            k.encode("latin-1").decode("utf-8")
            v.encode("latin-1").decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def reason_phrase(answer: RawAnswer) -> str:
    """The reason as `httpx.Response.reason_phrase` gives it over strec's transport."""
    return answer.reason_bytes.decode("ascii", errors="ignore")
