"""How strec's httpx client is wired: which transport, no cookies, no redirects, paths.

Kept apart from `client.py` (the requests, retries and lists) so that module holds the
client's behaviour and this one the choices made once when a client is built.
"""

from __future__ import annotations

import ipaddress
import re
import urllib.request
from http.cookiejar import CookieJar
from typing import Any
from urllib.parse import quote, urlsplit

import httpx

from reconciler.api.body import Caps
from reconciler.api.direct import header
from reconciler.api.transport import RawAnswer, WireTransport


def is_loopback(url: str) -> bool:
    """Whether the URL's host is this machine, where plain http is acceptable."""
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def default_transport(base_url: str, caps: Caps, concurrency: int) -> httpx.BaseTransport | None:
    """strec's own transport, unless the environment routes this URL through a proxy
    (HTTPS_PROXY and friends): then httpx's transport, which speaks to proxies."""
    host = urlsplit(base_url).hostname or ""
    scheme = urlsplit(base_url).scheme
    proxies = urllib.request.getproxies_environment()
    if (proxies.get(scheme) or proxies.get("all")) and not \
            urllib.request.proxy_bypass_environment(host):  # type: ignore[attr-defined]
        return None
    return WireTransport(max_body_bytes=caps.max_body_bytes, max_idle=concurrency)


URL_HINT = "is STREC_API_URL right? The API's base URL ends in /api/v1"


class NoCookies(CookieJar):
    """The API authenticates by key: cookies a server sets are neither kept nor sent back
    (and parsing them cost every request a few microseconds)."""

    def extract_cookies(self, response: Any, request: Any) -> None:
        return None


class Redirected(Exception):
    """A 3xx answer, stopped in a response hook before httpx looks at its Location (a
    hostile Location would otherwise fail there as a protocol error)."""

    def __init__(self, status: int, location: str | None) -> None:
        super().__init__(status)
        self.status = status
        self.location = location


def refuse_redirect(response: httpx.Response) -> None:
    if 300 <= response.status_code < 400:
        raise Redirected(response.status_code, response.headers.get("location"))


#: A segment quote() leaves as it is (letters, digits, "_.-~"): most are ("schedules", 42).
_UNQUOTED = re.compile(r"[A-Za-z0-9_.~-]*")


def path(*parts: object) -> str:
    """Join path segments, quoting each, e.g. path("repost", "schedules", 5, "targets")."""
    return "/" + "/".join(text if _UNQUOTED.fullmatch(text := str(p)) else quote(text, safe="")
                          for p in parts)


def answer_header(resp: httpx.Response | RawAnswer, name: str) -> str | None:
    return header(resp, name) if isinstance(resp, RawAnswer) else resp.headers.get(name)


def parse_retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None
