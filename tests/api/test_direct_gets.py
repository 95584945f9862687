"""GETs written straight to strec's transport: the same bytes httpx would send, and httpx
kept for everything else (writes, --debug, other transports, targets it would rewrite)."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reconciler import __version__
from reconciler.api.body import Caps
from reconciler.api.client import ApiClient, path
from reconciler.api.direct import DirectGets, header
from reconciler.api.transport import RawAnswer, WireTransport, request_head

from .hostile import Exchange, HostileServer, accounts, page

KEY = "sht_" + "cd" * 32
BASES = ["http://127.0.0.1:8080/api/v1", "https://h.example/api/v1", "https://h.example:443",
         "https://h.example:8443/x%20y/api/v1", "http://[::1]:9/api/v1", "http://h/a/./b"]
HEADERS = httpx.Headers({"Accept": "application/json", "Accept-Encoding": "gzip",
                         "Authorization": f"Bearer {KEY}", "User-Agent": f"strec/{__version__}"})


def _wire() -> WireTransport:
    return WireTransport(max_body_bytes=Caps().max_body_bytes)


def _httpx_bytes(base: str, target: str, params: dict[str, Any] | None) -> bytes:
    """What the client's httpx path hands the transport for the same GET."""
    from urllib.parse import urlencode

    url = f"{base}{target}?{urlencode(params)}" if params else base + target
    return request_head(httpx.Request("GET", url, headers=HEADERS))


_params = st.none() | st.dictionaries(st.text(max_size=6), st.text(max_size=6)
                                      | st.integers(), max_size=3)


@given(st.sampled_from(BASES), st.lists(st.text(max_size=8) | st.integers(), max_size=4),
       _params)
def test_a_direct_get_is_byte_for_byte_what_httpx_sends(base: str, parts: list[Any],
                                                       params: dict[str, Any] | None) -> None:
    direct = DirectGets.of(_wire(), base, HEADERS)
    data = direct.request(path(*parts), params) if direct else None
    if data is not None:
        assert data == _httpx_bytes(base, path(*parts), params)


@given(st.sampled_from(BASES), st.text(max_size=20), _params)
def test_any_other_target_is_either_the_same_bytes_or_left_to_httpx(
        base: str, target: str, params: dict[str, Any] | None) -> None:
    direct = DirectGets.of(_wire(), base, HEADERS)
    data = direct.request(target, params) if direct else None
    if data is not None:
        assert data == _httpx_bytes(base, target, params)


def test_strecs_own_requests_go_direct_and_dot_segments_do_not() -> None:
    direct = DirectGets.of(_wire(), "https://h.example/api/v1", HEADERS)
    assert direct is not None
    assert direct.request(path("reactions", "schedules", 7, "settings"), None) == (
        b"GET /api/v1/reactions/schedules/7/settings HTTP/1.1\r\nHost: h.example\r\n"
        b"Accept: application/json\r\nAccept-Encoding: gzip\r\n"
        b"Authorization: Bearer " + KEY.encode() + b"\r\nUser-Agent: strec/"
        + __version__.encode() + b"\r\n\r\n")
    assert direct.request("/accounts", {"page": 2, "per_page": 100, "q": "a b&c"}) \
        is not None
    for target in (path("accounts", ".."), "/accounts/./x", "/caf\u00e9", "/a%zz", "a"):
        assert direct.request(target, None) is None  # httpx would rewrite it
    assert DirectGets.of(httpx.MockTransport(lambda r: httpx.Response(200)),
                         "https://h.example/api/v1", HEADERS) is None
    assert DirectGets.of(_wire(), "https://u:p@h.example/api/v1", HEADERS) is None
    bad = httpx.Headers({"Authorization": "Bearer x\ny"})
    assert DirectGets.of(_wire(), "https://h.example/api/v1", bad) is None


def test_headers_read_as_httpx_reads_them() -> None:
    answer = RawAnswer(200, "OK", [("Content-Type", "a"), ("X-Twice", "1"), ("x-twice", "2"),
                                   ("X-Name", "caf\u00c3\u00a9")], b"")
    assert header(answer, "content-type") == "a" and header(answer, "x-twice") == "1, 2"
    assert header(answer, "x-name") == "caf\u00e9" and header(answer, "nope") is None
    latin = RawAnswer(200, "OK", [("X-Name", "caf\u00e9")], b"")
    assert header(latin, "X-Name") == "caf\u00e9"  # not UTF-8: as Latin-1, as httpx does


def test_gets_skip_httpx_writes_and_debug_do_not(monkeypatch: pytest.MonkeyPatch) -> None:
    def handler(ex: Exchange) -> None:
        ex.respond(200, page(accounts(2), count=2))

    with HostileServer(handler) as server, ApiClient(server.url, KEY) as api:
        sent: list[str] = []
        real = api._http.send

        def send(request: httpx.Request, **kw: Any) -> httpx.Response:
            sent.append(request.method)
            return real(request, **kw)

        monkeypatch.setattr(api._http, "send", send)
        assert len(api.get("/accounts")) == 2
        api.request("POST", "/accounts", body={"x": 1}, retry=False)
        assert sent == ["POST"]
        logging.getLogger("strec.http").setLevel(logging.DEBUG)
        try:
            api.get("/accounts")
        finally:
            logging.getLogger("strec.http").setLevel(logging.NOTSET)
        assert sent == ["POST", "GET"]  # --debug: httpx's hooks trace it
        assert server.requests == ["GET /api/v1/accounts", "POST /api/v1/accounts",
                                   "GET /api/v1/accounts"]


@given(st.lists(st.text(max_size=8) | st.integers(), max_size=5))
def test_path_quotes_every_segment_as_quote_does(parts: list[Any]) -> None:
    from urllib.parse import quote

    assert path(*parts) == "/" + "/".join(quote(str(p), safe="") for p in parts)
