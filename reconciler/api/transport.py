"""strec's own HTTP/1.1 engine: an httpx transport over the standard library's http.client.

httpx stays the client's interface (event hooks, the transport seam the sandbox and the
tests use); this transport does the wire. Measured here (benchmarks/bench_transport.py)
it costs a fraction of httpx's default transport per request, and owning the socket lets
it keep every guarantee strec makes about a hostile server:

- each phase has its timeout (connect, write, read) and the request as a whole has a
  deadline, checked before every socket read, so a server trickling a byte every few
  seconds is cut off at the deadline, not only after a silent read timeout;
- the body is decompressed with an output cap (`body.read_body`): never more than
  `max_body_bytes` in memory, however well a gzip bomb compresses;
- redirects are never followed (the client turns any 3xx into an error);
- TLS is always verified against the system's CA store (SSL_CERT_FILE and SSL_CERT_DIR
  are honoured by OpenSSL), with the host name checked.

Connections are kept alive in a small idle pool (at most one per worker thread in
practice); one that the server has closed, or that sat idle too long, is not reused.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from typing import Any

import httpx

from reconciler.api.body import DEADLINE, BodyTooLarge, DeadlineExceeded, read_body
from reconciler.api.response import Response
from reconciler.api.socketio import (
    READ_SIZE,
    Connection,
    handshake,
    remaining,
)
from reconciler.api.tls import tls_context

_BAD_HEADER_BYTES = (b"\r", b"\n", b"\0")
_IDENTITY = ("", "identity")
#: Methods sent again on a fresh connection when a reused one turns out closed.
_SAFE_TO_RESEND = frozenset({"GET", "HEAD", "OPTIONS"})


class ClosedBeforeAnswer(httpx.RemoteProtocolError):
    """The server closed the connection without a byte of answer."""


class SendFailed(httpx.WriteError):
    """The connection failed while the request was being sent."""


@dataclass(frozen=True, slots=True)
class RawAnswer:
    """One answer as read: status, reason, the headers (Latin-1 text, as http.client
    reads them; the framing headers left out: the body here is decoded), the body."""

    status: int
    reason: str
    headers: list[tuple[str, str]]
    content: bytes | bytearray

    @property
    def reason_bytes(self) -> bytes:
        return self.reason.encode("latin-1", "replace")


class WireTransport(httpx.BaseTransport):
    """HTTP/1.1 with keep-alive over http.client; see the module docstring."""

    def __init__(self, *, max_body_bytes: int, max_idle: int = 16,
                 ssl_context: ssl.SSLContext | None = None) -> None:
        self._max_body = max_body_bytes
        self._max_idle = max(1, max_idle)
        self._ssl = ssl_context
        self._idle: list[tuple[tuple[str, str, int], Connection]] = []
        self._lock = threading.Lock()

    # -- connections ------------------------------------------------------------------

    def _checkout(self, origin: tuple[str, str, int]) -> Connection | None:
        now = time.monotonic()
        with self._lock:
            for i in range(len(self._idle) - 1, -1, -1):
                key, conn = self._idle[i]
                if key == origin:
                    del self._idle[i]
                    break
            else:
                return None
        if conn.stale(now):
            conn.close()
            return self._checkout(origin)
        return conn

    def _checkin(self, origin: tuple[str, str, int], conn: Connection) -> None:
        conn.idle_since = time.monotonic()
        conn.deadline = None
        with self._lock:
            if len(self._idle) < self._max_idle:
                self._idle.append((origin, conn))
                return
        conn.close()

    def _connect(self, origin: tuple[str, str, int], timeouts: dict[str, Any],
                 deadline: float | None) -> Connection:
        scheme, host, port = origin
        connect = timeouts.get("connect")
        try:
            sock = socket.create_connection(
                (host, port), timeout=remaining(connect, deadline, "connecting"))
        except TimeoutError:
            if deadline is not None and time.monotonic() >= deadline:
                raise DeadlineExceeded("connecting") from None
            raise httpx.ConnectTimeout(f"no connection to {host}:{port}") from None
        except OSError as exc:
            raise httpx.ConnectError(f"cannot connect to {host}:{port}") from exc
        with contextlib.suppress(OSError):  # only a latency nicety
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if scheme == "https":
            if self._ssl is None:
                self._ssl = tls_context()
            try:
                tls = self._ssl.wrap_socket(sock, server_hostname=host,
                                            do_handshake_on_connect=False)
                handshake(tls, connect, deadline)
            except OSError as exc:  # ssl.SSLError and CertificateError are OSErrors
                sock.close()
                raise httpx.ConnectError(f"TLS handshake with {host}:{port} failed") from exc
            except BaseException:
                sock.close()
                raise
            sock = tls
        return Connection(sock, origin)

    # -- one exchange -----------------------------------------------------------------

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        scheme = url.scheme
        origin = (scheme, url.host, url.port or (443 if scheme == "https" else 80))
        timeouts: dict[str, Any] = request.extensions.get("timeout") or {}
        head = request_head(request)
        body = request.read()
        raw = self.send_raw(origin, request.method, head + body if body else head, timeouts,
                            request.extensions.get(DEADLINE))
        # As bytes: http.client read them as Latin-1, and httpx would encode a str value
        # as ASCII (a hostile 'café' was a UnicodeEncodeError).
        headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in raw.headers]
        headers.append((b"Content-Length", str(len(raw.content)).encode()))
        return httpx.Response(raw.status, headers=headers,
                              stream=httpx.ByteStream(bytes(raw.content)),
                              extensions={"http_version": b"HTTP/1.1",
                                          "reason_phrase": raw.reason_bytes})

    def send_raw(self, origin: tuple[str, str, int], method: str, data: bytes,
                 timeouts: dict[str, Any], deadline: float | None) -> RawAnswer:
        """Send one request's bytes (request line, headers, body) and read its answer;
        httpx's objects are neither taken nor made (the client's GETs come this way)."""
        conn = self._checkout(origin)
        if conn is not None and method in _SAFE_TO_RESEND:
            try:
                return self._exchange(conn, data, method, timeouts, deadline)
            except (ClosedBeforeAnswer, SendFailed):
                # A kept-alive connection the server closed just as it was reused: a safe
                # request goes once more on a fresh one (as urllib3 and httpcore do).
                conn = None
        if conn is None:
            conn = self._connect(origin, timeouts, deadline)
        return self._exchange(conn, data, method, timeouts, deadline)

    def _exchange(self, conn: Connection, data: bytes, method: str,
                  timeouts: dict[str, Any], deadline: float | None) -> RawAnswer:
        conn.deadline = deadline
        conn.read_timeout = timeouts.get("read")
        done = False
        try:
            self._send(conn, data, timeouts.get("write"))
            response = self._receive(conn, method)
            done = True
            return response
        finally:
            if not done:
                conn.close()

    def _send(self, conn: Connection, data: bytes, write_timeout: float | None) -> None:
        conn.sock.settimeout(remaining(write_timeout, conn.deadline, "sending the request"))
        try:
            conn.sock.sendall(data)
        except TimeoutError:
            raise httpx.WriteTimeout("sending the request timed out") from None
        except OSError as exc:
            raise SendFailed("the connection failed while sending") from exc

    def _receive(self, conn: Connection, method: str) -> RawAnswer:
        conn.phase = "waiting for the answer's headers"
        resp = Response(conn, method=method)  # type: ignore[arg-type]
        try:
            resp.begin()
            if resp.length is not None and resp.length > self._max_body:
                raise BodyTooLarge(self._max_body, announced=resp.length)
            conn.phase = "reading the answer's body"
            encoding = resp.getheader("content-encoding")
            content: bytes | bytearray
            if resp.length is not None and (encoding or "").strip().lower() in _IDENTITY:
                # The announced size (within the cap) read into one buffer by socket
                # reads that each check the deadline: no list of chunks, no joined copy
                # (a 19 MB schedule list was held twice). A bytearray, which the JSON
                # reader may empty once it has decoded it (jsonlarge.py).
                content = _read_exactly(resp, resp.length)
            else:
                content = read_body(iter(lambda: resp.read(READ_SIZE), b""), encoding,
                                    self._max_body)
            if resp.length:  # http.client returns a short body without a word
                raise http.client.IncompleteRead(b"", resp.length)
        except http.client.RemoteDisconnected:
            raise ClosedBeforeAnswer(
                "Server disconnected without sending a response.") from None
        except http.client.IncompleteRead:
            raise httpx.RemoteProtocolError("the connection closed mid-answer") from None
        except http.client.HTTPException as exc:
            raise httpx.RemoteProtocolError(
                f"not a valid HTTP answer ({type(exc).__name__})") from None
        except OSError as exc:  # reset, TLS record errors; timeouts were mapped in recv_into
            raise httpx.ReadError("the connection failed mid-answer") from exc
        if resp.will_close:
            conn.close()
        else:
            self._checkin(conn.origin, conn)
        headers = [(k, v) for k, v in resp.getheaders() if k.lower() not in _FRAMING_HEADERS]
        return RawAnswer(resp.status, resp.reason, headers, content)

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for _, conn in idle:
            conn.close()


def _read_exactly(resp: http.client.HTTPResponse, size: int) -> bytearray:
    """The body of an announced `size`; IncompleteRead if the connection ends first."""
    buffer = bytearray(size)
    got = 0
    with memoryview(buffer) as view:
        while got < size:
            n = resp.readinto(view[got:])
            if not n:
                raise http.client.IncompleteRead(b"", size - got)
            got += n
    return buffer


#: Headers that described the bytes on the wire, not the decoded content handed on.
_FRAMING_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})


def request_head(request: httpx.Request) -> bytes:
    """The request line and headers. httpx validates URLs; header bytes are checked here so
    no value can split the request."""
    lines = [request.method.encode("ascii"), b" ", request.url.raw_path, b" HTTP/1.1\r\n"]
    for name, value in request.headers.raw:
        if any(bad in name or bad in value for bad in _BAD_HEADER_BYTES):
            raise httpx.LocalProtocolError("a header holds a line break or NUL")
        lines += (name, b": ", value, b"\r\n")
    lines.append(b"\r\n")
    return b"".join(lines)
