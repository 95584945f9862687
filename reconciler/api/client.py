"""The one module that knows the wire: auth, envelopes, paging, concurrency, retries.

Sync `httpx.Client` shared by a thread pool: on this machine it did about 4x the
requests per second of `httpx.AsyncClient` at 20-way concurrency (httpx issue #3215),
and it keeps every caller plain and typed. The transport is a parameter, so tests run
the same client against the sandbox in-process or over real HTTP.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import threading
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import quote, urlsplit

import httpx
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    stop_after_delay,
    wait_random_exponential,
)

from reconciler.api.envelope import Dialect, Envelope, ListPage, decode, list_page
from reconciler.errors import ApiConnectionError, ApiError, ApiProtocolError, ApiStatusError
from reconciler.redact import redact, redact_text

log = logging.getLogger("strec.api")
trace = logging.getLogger("strec.http")

T = TypeVar("T")
R = TypeVar("R")

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_PER_PAGE = 100
DEFAULT_CONCURRENCY = 16


@dataclass
class CallCounter:
    """How many requests went out, split into reads and writes; thread-safe."""

    reads: int = 0
    writes: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def count(self, method: str) -> None:
        with self._lock:
            if method == "GET":
                self.reads += 1
            else:
                self.writes += 1

    @property
    def total(self) -> int:
        return self.reads + self.writes


@dataclass(frozen=True)
class Answer:
    """A successful answer: its HTTP status and decoded envelope."""

    status: int
    envelope: Envelope

    @property
    def data(self) -> Any:
        return self.envelope.data


def is_loopback(url: str) -> bool:
    """Whether the URL's host is this machine, where plain http is acceptable."""
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


_worker = threading.local()


def _mark_worker() -> None:
    _worker.active = True


def _retryable(exc: BaseException) -> bool:
    if isinstance(exc, ApiConnectionError):
        return True
    return isinstance(exc, ApiStatusError) and exc.status in RETRY_STATUSES


def _retry_after(exc: BaseException | None) -> float | None:
    if isinstance(exc, ApiStatusError) and exc.retry_after is not None:
        return exc.retry_after
    return None


class ApiClient:
    """A Sharingtools API session: one key, one base URL, bounded concurrency."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        transport: httpx.BaseTransport | None = None,
        concurrency: int = DEFAULT_CONCURRENCY,
        timeout: float = 30.0,
        attempts: int = 5,
        max_retry_seconds: float = 60.0,
        backoff_seconds: float = 0.5,
        allow_insecure_http: bool = False,
    ) -> None:
        base_url = base_url.rstrip("/")
        scheme = urlsplit(base_url).scheme
        if scheme not in ("http", "https"):
            raise ApiError(f"STREC_API_URL must be an http(s) URL ending in /api/v1: {base_url!r}")
        if scheme == "http" and not is_loopback(base_url) and not allow_insecure_http:
            raise ApiError("STREC_API_URL uses plain http to a remote host: use https "
                           "(or --allow-insecure-http, never over a real network)")
        self.base_url = base_url
        self.concurrency = max(1, concurrency)
        self.counter = CallCounter()
        self.dialect: Dialect | None = None
        self._attempts = max(1, attempts)
        self._backoff = backoff_seconds
        self._http = httpx.Client(
            base_url=base_url,
            headers={"Authorization": f"Bearer {api_key}", "Accept": "application/json"},
            timeout=timeout,
            transport=transport,
            limits=httpx.Limits(max_connections=self.concurrency,
                                max_keepalive_connections=self.concurrency),
            verify=True,
            event_hooks={"request": [_trace_request], "response": [_trace_response]},
        )
        self._pool = ThreadPoolExecutor(max_workers=self.concurrency,
                                        thread_name_prefix="strec-api",
                                        initializer=_mark_worker)
        self._jitter = wait_random_exponential(multiplier=self._backoff, max=10)
        # Built once: iterating it starts a fresh, per-call retry state.
        self._retrying = Retrying(
            stop=stop_after_attempt(self._attempts) | stop_after_delay(max_retry_seconds),
            wait=self._wait,
            retry=retry_if_exception(_retryable),
            reraise=True,
        )

    def close(self) -> None:
        self._pool.shutdown(wait=True)
        self._http.close()

    def __enter__(self) -> ApiClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- one request ------------------------------------------------------------------

    def _send_once(self, method: str, path: str, params: Mapping[str, Any] | None,
                   body: Any) -> Answer:
        self.counter.count(method)
        try:
            resp = self._http.request(method, path, params=params,
                                      json=body if body is not None else None)
        except httpx.TimeoutException:
            raise ApiConnectionError(method, path, "timed out") from None
        except httpx.TransportError as exc:
            raise ApiConnectionError(method, path, f"connection failed ({type(exc).__name__})") \
                from None
        return self._read(method, path, resp)

    def _read(self, method: str, path: str, resp: httpx.Response) -> Answer:
        try:
            body = resp.json() if resp.content else None
        except ValueError:
            if resp.status_code >= 400:
                kind = resp.headers.get("content-type", "?")
                raise ApiStatusError(
                    resp.status_code, method, path, f"non-JSON error answer ({kind})"
                ) from None
            raise ApiProtocolError(method, path, "the answer is not JSON") from None
        env = decode(body)
        if env.dialect is not None and self.dialect is None:
            self.dialect = env.dialect
            log.debug("API dialect detected: %s", env.dialect)
        if resp.status_code >= 400:
            err = ApiStatusError(resp.status_code, method, path,
                                 env.message or resp.reason_phrase, env.errors)
            err.retry_after = _parse_retry_after(resp.headers.get("retry-after"))
            raise err
        if not env.ok and resp.status_code not in (202,):
            raise ApiStatusError(resp.status_code, method, path,
                                 env.message or "the answer reports failure", env.errors)
        return Answer(resp.status_code, env)

    def _wait(self, state: RetryCallState) -> float:
        """Full-jitter exponential backoff, or the server's Retry-After when it gives one."""
        exc = state.outcome.exception() if state.outcome else None
        after = _retry_after(exc)
        return min(after, 30.0) if after is not None else self._jitter(state)

    def request(self, method: str, path: str, *, params: Mapping[str, Any] | None = None,
                body: Any = None, retry: bool = True) -> Answer:
        """Send one request; retry transient failures when `retry` (safe requests only)."""
        if not retry:
            return self._send_once(method, path, params, body)
        for attempt in self._retrying:
            with attempt:
                try:
                    return self._send_once(method, path, params, body)
                except ApiStatusError as exc:
                    # A retried DELETE that now finds nothing: the first one went through.
                    if (method == "DELETE" and exc.status == 404
                            and attempt.retry_state.attempt_number > 1):
                        return Answer(200, decode({}))
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def create(
        self, method: str, path: str, body: Any, exists: Callable[[], bool]
    ) -> Answer | None:
        """Send a request that creates something, never creating it twice.

        A create is not retried blindly: after a lost or failed answer, `exists()`
        re-reads by natural key, and only if the object is still missing is it sent
        again. Returns None when the re-read found the object already made.
        """
        # A copy: exists() itself sends requests through the shared retrier.
        for attempt in self._retrying.copy():
            with attempt:
                if attempt.retry_state.attempt_number > 1 and exists():
                    log.debug("%s %s: found after a lost answer; not sent again", method, path)
                    return None
                return self._send_once(method, path, None, body)
        raise AssertionError("unreachable")  # pragma: no cover

    def get(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        return self.request("GET", path, params=params).data

    # -- lists ------------------------------------------------------------------------

    def page(self, path: str, params: Mapping[str, Any], page: int) -> ListPage:
        """One page of a list endpoint, asking for the largest page the API allows."""
        query = {**params, "page": page, "per_page": MAX_PER_PAGE}
        answer = self.request("GET", path, params=query)
        return list_page(answer.envelope, "GET", path)

    def rest_of(self, path: str, params: Mapping[str, Any],
                first: ListPage) -> list[Callable[[], list[Any]]]:
        """Thunks reading every page after `first`: one per page when the answer says how
        many there are, else one that follows pages until a short one."""
        if first.total_pages is not None:
            return [lambda p=p: self.page(path, params, p).items  # type: ignore[misc]
                    for p in range(2, first.total_pages + 1)]
        if len(first.items) < MAX_PER_PAGE:
            return []

        def follow() -> list[Any]:
            items: list[Any] = []
            page, last = 1, first
            while len(last.items) >= MAX_PER_PAGE:
                page += 1
                last = self.page(path, params, page)
                items.extend(last.items)
            return items

        return [follow]

    def list_all(self, path: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """Every item of a list endpoint: page 1 first, then the rest in parallel."""
        params = dict(params or {})
        first = self.page(path, params, 1)
        items: list[Any] = list(first.items)
        for chunk in self.map(lambda read: read(), self.rest_of(path, params, first)):
            items.extend(chunk)
        return objects(items, path)

    # -- concurrency ------------------------------------------------------------------

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> list[R]:
        """Run `fn` over `items` with at most `concurrency` in flight; results in order."""
        todo = list(items)
        if len(todo) <= 1 or getattr(_worker, "active", False):
            # Inside a worker, waiting on the same bounded pool could deadlock it.
            return [fn(i) for i in todo]
        return list(self._pool.map(fn, todo))


def _trace_request(request: httpx.Request) -> None:
    """--debug tracing, through the one redaction layer: no header value, no secret."""
    if not trace.isEnabledFor(logging.DEBUG):
        return
    body: Any = None
    if request.content:
        try:
            body = redact(json.loads(request.content))
        except ValueError:
            body = f"({len(request.content)} bytes)"
    headers = sorted(k for k in request.headers if k.lower() not in ("authorization",
                                                                      "x-api-key"))
    trace.debug("-> %s %s headers=%s auth=(sensitive) body=%s", request.method,
                redact_text(str(request.url)), headers, json.dumps(body))


def _trace_response(response: httpx.Response) -> None:
    if trace.isEnabledFor(logging.DEBUG):
        trace.debug("<- %s %s %s", response.status_code, response.request.method,
                    redact_text(str(response.request.url)))


def objects(items: list[Any], where: str) -> list[dict[str, Any]]:
    """The items of a list answer, which must all be JSON objects."""
    if any(not isinstance(i, dict) for i in items):
        raise ApiProtocolError("GET", where, "list items are not objects")
    return items


def path(*parts: object) -> str:
    """Join path segments, quoting each, e.g. path("repost", "schedules", 5, "targets")."""
    return "/" + "/".join(quote(str(p), safe="") for p in parts)


def _parse_retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None
