"""A small threaded HTTP/1.1 server with keep-alive, for the sandbox's WSGI app.

werkzeug's dev server closes every connection after one answer; a real installation
(PHP behind nginx) keeps connections alive, and so does strec's client. Reconnecting for
each of thousands of requests cost both sides more CPU than the requests themselves on a
2-core machine. This server reads each request's body by its Content-Length, answers
with a Content-Length, and keeps the connection for the next request. A "drop-after"
fault (ConnectionDropped) closes the socket with no answer, as a real drop would.

Measured against cheroot and waitress (benchmarks/bench_sandbox.py: 16 keep-alive
clients GETting list pages), this server answered the most requests per second for the
least CPU per request (one thread per connection: no hand-off between threads), so the
sandbox keeps it. Its bounds, as nginx's: a body over MAX_REQUEST_BYTES is 413 and a
Content-Length that is not a number 400, both unread and closing the connection; a
chunked body is 411 (Length Required; the sandbox's clients always send a length); an
idle connection is closed after IDLE_TIMEOUT_S; at most MAX_CONNECTIONS connections are
served at once (more are closed at once). Request line and headers are bounded by
http.server (64 KiB a line, 100 headers).
"""

from __future__ import annotations

import contextlib
import io
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from reconciler.sandbox.faults import MAX_REQUEST_BYTES, ConnectionDropped

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication

IDLE_TIMEOUT_S = 60.0
MAX_CONNECTIONS = 256


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out as separate writes: without TCP_NODELAY, Nagle's
    # algorithm and the client's delayed ACK stall each kept-alive answer ~40 ms.
    disable_nagle_algorithm = True
    timeout = IDLE_TIMEOUT_S  # a read that waits longer closes the connection
    app: WSGIApplication

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the sandbox's request log has everything

    def _refuse(self, status: int, message: str) -> None:
        """Answer without reading the body, and close the connection (it is unread)."""
        body = f'{{"message": "{message}"}}'.encode()
        self.close_connection = True
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def _body_length(self) -> int | None:
        """The Content-Length to read, or None after refusing the request."""
        if self.headers.get("Transfer-Encoding"):
            self._refuse(411, "Length Required: send the body with a Content-Length")
            return None
        raw = (self.headers.get("Content-Length") or "0").strip()
        if not raw.isdigit():
            self._refuse(400, "Bad Request: Content-Length is not a number")
            return None
        if int(raw) > MAX_REQUEST_BYTES:
            self._refuse(413, f"Request body larger than {MAX_REQUEST_BYTES} bytes")
            return None
        return int(raw)

    def _environ(self, length: int) -> dict[str, Any]:
        path, _, query = self.path.partition("?")
        body = self.rfile.read(length) if length > 0 else b""
        environ: dict[str, Any] = {
            "REQUEST_METHOD": self.command,
            "SCRIPT_NAME": "",
            "PATH_INFO": unquote(path, "latin-1"),
            "QUERY_STRING": query,
            "CONTENT_TYPE": self.headers.get("Content-Type", ""),
            "CONTENT_LENGTH": str(len(body)),
            "SERVER_NAME": str(getattr(self.server, "server_name", "127.0.0.1")),
            "SERVER_PORT": str(getattr(self.server, "server_port", 0)),
            "SERVER_PROTOCOL": self.request_version,
            "REMOTE_ADDR": self.client_address[0],
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": True,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
            "werkzeug.socket": self.connection,
        }
        for key, value in self.headers.items():
            name = "HTTP_" + key.upper().replace("-", "_")
            if name not in ("HTTP_CONTENT_TYPE", "HTTP_CONTENT_LENGTH"):
                environ[name] = value
        return environ

    def _handle(self) -> None:
        status_line: list[str] = []
        headers: list[tuple[str, str]] = []

        def start_response(status: str, response_headers: list[tuple[str, str]],
                           exc_info: Any = None) -> Any:
            status_line[:] = [status]
            headers[:] = response_headers
            return lambda _data: None

        length = self._body_length()
        if length is None:
            return
        try:
            chunks = self.app(self._environ(length), start_response)
            body = b"".join(chunks)
        except ConnectionDropped:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        code, _, reason = status_line[0].partition(" ")
        self.send_response(int(code), reason)
        for key, value in headers:
            if key.lower() not in ("content-length", "connection"):
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _handle


class KeepAliveServer(ThreadingHTTPServer):
    """One thread per connection, each serving requests until the client closes it."""

    daemon_threads = True
    allow_reuse_address = True
    # socketserver's default backlog of 5 drops the SYNs of a client opening 16
    # connections at once, which then wait a second to retry; nginx listens with 511.
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], handler: type[_Handler]) -> None:
        super().__init__(address, handler)
        self._slots = threading.BoundedSemaphore(MAX_CONNECTIONS)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):  # too many connections: close this one
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()


def make_keepalive_server(host: str, port: int, app: WSGIApplication) -> KeepAliveServer:
    handler = type("SandboxHandler", (_Handler,), {"app": staticmethod(app)})
    return KeepAliveServer((host, port), handler)
