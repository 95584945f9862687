"""A small threaded HTTP/1.1 server with keep-alive, for the sandbox's WSGI app.

werkzeug's dev server closes every connection after one answer; a real installation
(PHP behind nginx) keeps connections alive, and so does strec's client. Reconnecting for
each of thousands of requests cost both sides more CPU than the requests themselves on a
2-core machine. This server reads each request's body by its Content-Length, answers
with a Content-Length, and keeps the connection for the next request. A "drop-after"
fault (ConnectionDropped) closes the socket with no answer, as a real drop would.
"""

from __future__ import annotations

import contextlib
import io
import socket
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from reconciler.sandbox.faults import ConnectionDropped

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out as separate writes: without TCP_NODELAY, Nagle's
    # algorithm and the client's delayed ACK stall each kept-alive answer ~40 ms.
    disable_nagle_algorithm = True
    app: WSGIApplication

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the sandbox's request log has everything

    def _environ(self) -> dict[str, Any]:
        path, _, query = self.path.partition("?")
        length = int(self.headers.get("Content-Length") or 0)
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

        try:
            chunks = self.app(self._environ(), start_response)
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


def make_keepalive_server(host: str, port: int, app: WSGIApplication) -> KeepAliveServer:
    handler = type("SandboxHandler", (_Handler,), {"app": staticmethod(app)})
    return KeepAliveServer((host, port), handler)
