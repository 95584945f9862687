"""The one module that knows the wire: auth, envelopes, paging, concurrency, retries.

Sync `httpx.Client` shared by a thread pool: on this machine it did about 4x the
requests per second of `httpx.AsyncClient` at 20-way concurrency (httpx issue #3215),
and it keeps every caller plain and typed. The transport is a parameter, so tests run
the same client against the sandbox in-process or over real HTTP; for a real URL the
default is strec's own transport (transport.py), several times cheaper per request than
httpx's and able to hold a deadline on every socket read.

Every answer is read within `Caps`: body size after decompression, JSON nesting, pages
and items of a list, and a deadline per request, each named in the error when a server
goes past it. A 3xx is an error naming its Location; it is never followed.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar
from urllib.parse import urlencode, urlsplit

import httpx
import orjson
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    stop_after_delay,
    wait_random_exponential,
)

from reconciler import __version__
from reconciler.api.answers import Answer, CallCounter, Upload
from reconciler.api.body import DEADLINE, BodyTooLarge, Caps, check_deadline, read_body
from reconciler.api.direct import DirectGets, header
from reconciler.api.envelope import Dialect, decode
from reconciler.api.lists import MAX_PER_PAGE, ListReader, objects
from reconciler.api.neterrors import Endpoint, connection_error
from reconciler.api.reading import AnswerReader
from reconciler.api.tracing import trace, trace_request, trace_response
from reconciler.api.wiring import (
    NoCookies,
    Redirected,
    default_transport,
    is_loopback,
    path,
    refuse_redirect,
)
from reconciler.errors import (
    ApiConnectionError,
    ApiDnsError,
    ApiError,
    ApiLimitError,
    ApiProtocolError,
    ApiRedirectError,
    ApiRefusedError,
    ApiStatusError,
    ApiTlsError,
    server_text,
)

log = logging.getLogger("strec.api")

T = TypeVar("T")
R = TypeVar("R")

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
__all__ = ["DEFAULT_CONCURRENCY", "MAX_PER_PAGE", "Answer", "ApiClient", "CallCounter", "Caps",
           "objects", "path"]
DEFAULT_CONCURRENCY = 16


_worker = threading.local()


def _mark_worker() -> None:
    _worker.active = True


def _retry_after(exc: BaseException | None) -> float | None:
    if isinstance(exc, ApiStatusError) and exc.retry_after is not None:
        return exc.retry_after
    return None


class ApiClient(AnswerReader, ListReader):
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
        connect_timeout: float = 10.0,
        caps: Caps | None = None,
    ) -> None:
        base_url = base_url.rstrip("/")
        scheme = urlsplit(base_url).scheme
        if scheme not in ("http", "https"):
            raise ApiError("STREC_API_URL must be an http(s) URL ending in /api/v1: "
                           f"{server_text(base_url)!r}")
        if scheme == "http" and not is_loopback(base_url) and not allow_insecure_http:
            raise ApiError("STREC_API_URL uses plain http to a remote host: use https "
                           "(or --allow-insecure-http, never over a real network)")
        self.base_url = base_url
        self.concurrency = max(1, concurrency)
        self.counter = CallCounter()
        self.dialect: Dialect | None = None
        self.caps = caps or Caps()
        self._attempts = max(1, attempts)
        self._backoff = backoff_seconds
        self._answered = False  # any HTTP answer yet, from this server, in this run
        connect_timeout = min(connect_timeout, timeout)
        self._endpoint = Endpoint.of(base_url, connect_timeout=connect_timeout,
                                     io_timeout=timeout, deadline=self.caps.deadline)
        # Built once, used by every request as they are.
        self._timeouts = httpx.Timeout(timeout, connect=connect_timeout).as_dict()
        self._headers = httpx.Headers({
            "Accept": "application/json", "Accept-Encoding": "gzip",
            "Authorization": f"Bearer {api_key}", "User-Agent": f"strec/{__version__}"})
        self._json_headers = httpx.Headers({**self._headers,
                                            "Content-Type": "application/json"})
        if transport is None:
            transport = default_transport(base_url, self.caps, self.concurrency)
        self._http = httpx.Client(
            base_url=base_url,
            timeout=httpx.Timeout(timeout, connect=connect_timeout),
            transport=transport,
            limits=httpx.Limits(max_connections=self.concurrency,
                                max_keepalive_connections=self.concurrency),
            verify=True,
            follow_redirects=False,
            cookies=NoCookies(),
            event_hooks={"request": [trace_request],
                         "response": [trace_response, refuse_redirect]},
        )
        # GETs over strec's transport skip httpx's objects (direct.py); --debug keeps
        # them on httpx, whose hooks trace every request.
        self._direct = DirectGets.of(transport, base_url, self._headers) \
            if transport is not None else None
        self._pool = ThreadPoolExecutor(max_workers=self.concurrency,
                                        thread_name_prefix="strec-api",
                                        initializer=_mark_worker)
        self._jitter = wait_random_exponential(multiplier=self._backoff, max=10)
        # Built once: iterating it starts a fresh, per-call retry state.
        self._retrying = Retrying(
            stop=stop_after_attempt(self._attempts) | stop_after_delay(max_retry_seconds),
            wait=self._wait,
            retry=retry_if_exception(self._retryable),
            reraise=True,
        )

    def _retryable(self, exc: BaseException) -> bool:
        """Transient failures only. DNS and TLS verification do not heal in seconds; a
        refused connection is retried only once this server has answered in this run
        (a restart), not on first contact (a wrong URL, or a server not running)."""
        if isinstance(exc, ApiDnsError | ApiTlsError):
            return False
        if isinstance(exc, ApiRefusedError):
            return self._answered
        if isinstance(exc, ApiConnectionError):
            return True
        return isinstance(exc, ApiStatusError) and exc.status in RETRY_STATUSES

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
        deadline = time.monotonic() + self.caps.deadline
        gets, data = self._direct, None
        if gets is not None and method == "GET" and not self._http.is_closed \
                and not trace.isEnabledFor(logging.DEBUG):
            data = gets.request(path, params)
        try:
            if gets is not None and data is not None:
                answer = gets.send(data, self._timeouts, deadline)
                if 300 <= answer.status < 400:  # as refuse_redirect, before anything else
                    raise Redirected(answer.status, header(answer, "location"))
                raw = answer.content  # as read_body would pass one chunk: deadline, cap
                if raw:
                    check_deadline(deadline, "reading the answer's body")
                    if len(raw) > self.caps.max_body_bytes:
                        raise BodyTooLarge(self.caps.max_body_bytes)
                first = not self._answered
                self._answered = True
                return self._read(method, path, answer, raw, first)
            resp = self._send_httpx(method, path, params, body, deadline)
            try:
                raw = self._body(resp, deadline)
            finally:
                resp.close()
        except Redirected as exc:
            self._answered = True
            raise ApiRedirectError(exc.status, method, path, exc.location) from None
        except BodyTooLarge as exc:
            size = f"is {exc.announced} bytes" if exc.announced else "is larger"
            raise ApiLimitError(method, path, f"the answer {size}; strec reads at most "
                                              f"{exc.cap} bytes of one answer",
                                "max_body_bytes") from None
        except httpx.DecodingError as exc:
            raise ApiProtocolError(method, path, server_text(exc)) from None
        except httpx.TransportError as exc:
            raise connection_error(exc, method, path, self._endpoint) from None
        first = not self._answered
        self._answered = True
        return self._read(method, path, resp, raw, first)

    def _send_httpx(self, method: str, path: str, params: Mapping[str, Any] | None,
                    body: Any, deadline: float) -> httpx.Response:
        """One request through httpx.Client: its hooks, any transport."""
        # A URL string with its query already encoded is the cheapest for httpx to take.
        url = f"{self.base_url}{path}?{urlencode(params)}" if params else self.base_url + path
        extensions = {"timeout": self._timeouts, DEADLINE: deadline}
        if isinstance(body, Upload):
            request = httpx.Request(method, url, headers=self._headers, extensions=extensions,
                                    files={body.part: (body.filename, body.content,
                                                        body.content_type)})
        else:
            request = httpx.Request(
                method, url,
                headers=self._headers if body is None else self._json_headers,
                content=None if body is None else orjson.dumps(body), extensions=extensions)
        return self._http.send(request, stream=True)

    def _body(self, resp: httpx.Response, deadline: float) -> bytes:
        """The answer's body, within the size cap and the deadline whatever the transport
        (strec's own enforces both on every socket read; others are checked per chunk)."""
        cap = self.caps.max_body_bytes
        if resp.is_stream_consumed:  # a transport that answered with bytes in memory
            if len(resp.content) > cap:
                raise BodyTooLarge(cap, announced=len(resp.content))
            return resp.content
        return read_body(resp.iter_raw(), resp.headers.get("content-encoding"), cap, deadline)

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

    # -- concurrency ------------------------------------------------------------------

    def submit(self, fn: Callable[[], R]) -> Future[R]:
        """Start `fn` on the pool and return at once. A worker may start work this way,
        but only a thread outside the pool may wait for its result."""
        return self._pool.submit(fn)

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> list[R]:
        """Run `fn` over `items` with at most `concurrency` in flight; results in order."""
        todo = list(items)
        if len(todo) <= 1 or getattr(_worker, "active", False):
            # Inside a worker, waiting on the same bounded pool could deadlock it.
            return [fn(i) for i in todo]
        return list(self._pool.map(fn, todo))
