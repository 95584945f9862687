"""One kept-alive socket of strec's transport, with a deadline on every read.

`Connection` wraps a (TLS) socket: before each read it waits at most what is left of the
phase's timeout and of the request's deadline, so a server trickling a byte every few
seconds is cut off at the deadline; the TLS handshake is driven the same way. An idle
connection that is too old, or that the server closed, is not reused.
"""

from __future__ import annotations

import contextlib
import io
import select
import socket
import ssl
import time
from typing import Any

import httpx

from reconciler.api.body import DeadlineExceeded

#: An idle connection older than this is closed rather than reused: a NAT or a server
#: may have forgotten it without a word.
MAX_IDLE_SECONDS = 30.0
READ_SIZE = 64 * 1024

class Connection:
    """One socket to the server, with the current request's limits for every read."""

    def __init__(self, sock: socket.socket, origin: tuple[str, str, int]) -> None:
        self.sock = sock
        self.origin = origin
        self.idle_since = 0.0
        self.read_timeout: float | None = None
        self.deadline: float | None = None
        self.phase = "waiting for the answer"

    def recv_into(self, buffer: memoryview) -> int:
        wait = self.read_timeout
        if self.deadline is not None:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise DeadlineExceeded(self.phase)
            wait = left if wait is None else min(wait, left)
        self.sock.settimeout(wait)
        try:
            return self.sock.recv_into(buffer)
        except TimeoutError:
            if self.deadline is not None and time.monotonic() >= self.deadline:
                raise DeadlineExceeded(self.phase) from None
            raise httpx.ReadTimeout(f"no data while {self.phase}") from None

    def makefile(self, mode: str = "rb", buffering: int | None = None) -> io.BufferedReader:
        """What http.client.HTTPResponse reads from: every read goes through recv_into."""
        return io.BufferedReader(SocketReader(self), READ_SIZE)

    def stale(self, now: float) -> bool:
        """Closed by the server (readable while idle means EOF or junk), or idle too long."""
        if now - self.idle_since > MAX_IDLE_SECONDS:
            return True
        try:
            return ready(self.sock, select.POLLIN, 0)
        except (OSError, ValueError):
            return True

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.close()


class SocketReader(io.RawIOBase):
    """A raw stream over a Connection; closing it leaves the socket open for reuse."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        return self._conn.recv_into(memoryview(buffer).cast("B"))


def remaining(limit: float | None, deadline: float | None, phase: str) -> float | None:
    """The wait allowed for one step: its own timeout, cut to what the deadline leaves."""
    if deadline is None:
        return limit
    left = deadline - time.monotonic()
    if left <= 0:
        raise DeadlineExceeded(phase)
    return left if limit is None else min(limit, left)


_TLS = "doing the TLS handshake"


def ready(sock: socket.socket, event: int, timeout: float | None) -> bool:
    """Whether `sock` becomes readable (POLLIN) or writable (POLLOUT) within `timeout`.
    poll, not select: select fails outright on a descriptor numbered past 1023."""
    poller = select.poll()
    poller.register(sock, event)
    return bool(poller.poll(None if timeout is None else timeout * 1000))


def handshake(sock: ssl.SSLSocket, timeout: float | None, deadline: float | None) -> None:
    """The TLS handshake, each wait bounded by the connect timeout and the deadline."""
    sock.setblocking(False)
    while True:
        try:
            sock.do_handshake()
            return
        except ssl.SSLWantReadError:
            waited = ready(sock, select.POLLIN, remaining(timeout, deadline, _TLS))
        except ssl.SSLWantWriteError:
            waited = ready(sock, select.POLLOUT, remaining(timeout, deadline, _TLS))
        if not waited:
            if deadline is not None and time.monotonic() >= deadline:
                raise DeadlineExceeded(_TLS)
            raise httpx.ConnectTimeout("TLS handshake timed out")


