"""Two ways to reach the sandbox: an in-process httpx transport and a real HTTP server.

The transport turns a "drop-after" fault into httpx.RemoteProtocolError, as a closed
connection looks to a client. The server is a small threaded HTTP/1.1 keep-alive server
(http11.py) on 127.0.0.1 in a daemon thread, silent (sb.log has every request): measured
against cheroot and waitress it served the most list pages per second for the least CPU
(benchmarks/bench_sandbox.py). Its accept loop polls every 10 ms, so stopping it takes
a few milliseconds: tests start and stop many.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import httpx

from reconciler.sandbox.app import API_PREFIX
from reconciler.sandbox.faults import ConnectionDropped
from reconciler.sandbox.http11 import make_keepalive_server

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication


class SandboxTransport(httpx.BaseTransport):
    """httpx.WSGITransport whose dropped connections raise like a real socket's."""

    def __init__(self, app: WSGIApplication) -> None:
        self._inner = httpx.WSGITransport(app=app)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        try:
            return self._inner.handle_request(request)
        except ConnectionDropped as exc:
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request
            ) from exc

    def close(self) -> None:
        self._inner.close()


@contextmanager
def serve(app: WSGIApplication, port: int = 0, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve `app` over HTTP until the block ends; yields the base URL (…/api/v1)."""
    server = make_keepalive_server(host, port, app)
    thread = threading.Thread(
        target=server.serve_forever, args=(0.01,), name="strec-sandbox", daemon=True
    )
    thread.start()
    try:
        yield f"http://{host}:{server.server_port}{API_PREFIX}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
