"""Why a request got no answer, said so that the user knows what to fix.

"connection failed (ConnectError)" after seconds of retries told nobody anything. Here
a transport's exception (strec's own transport or httpx's, whose causes chain down to the
socket's OSError) becomes one line naming the host and port and the likely fix:
refused, unknown host, untrusted certificate, or which timeout ran out after how long.
"""

from __future__ import annotations

import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from reconciler.api.body import DeadlineExceeded
from reconciler.errors import (
    ApiConnectionError,
    ApiDnsError,
    ApiRefusedError,
    ApiTimeoutError,
    ApiTlsError,
    server_text,
)

CA_HINT = ("if the server's certificate comes from a private CA, set SSL_CERT_FILE to a "
           "CA bundle that holds it")


@dataclass(frozen=True)
class Endpoint:
    """Where the API is and how long each phase may take, for the messages."""

    host: str
    port: int
    connect_timeout: float
    io_timeout: float
    deadline: float

    @classmethod
    def of(cls, base_url: str, *, connect_timeout: float, io_timeout: float,
           deadline: float) -> Endpoint:
        parts = urlsplit(base_url)
        try:
            port = parts.port
        except ValueError:
            port = None
        default = 443 if parts.scheme == "https" else 80
        return cls(parts.hostname or "", port or default, connect_timeout, io_timeout,
                   deadline)

    @property
    def address(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"


def _causes(exc: BaseException) -> list[BaseException]:
    """The exception and everything it was raised from, outermost first (bounded)."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain and len(chain) < 16:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _seconds(value: float) -> str:
    return f"{value:g} s"


def connection_error(exc: httpx.TransportError, method: str, path: str,
                     where: Endpoint) -> ApiConnectionError:
    """The ApiConnectionError (subclass) that says what went wrong with `exc`."""
    at = where.address
    if isinstance(exc, DeadlineExceeded):
        return ApiTimeoutError(method, path, f"no complete answer from {at} within the "
                                             f"{_seconds(where.deadline)} deadline for one "
                                             f"request (deadline passed while {exc.phase})")
    if isinstance(exc, httpx.ConnectTimeout):
        return ApiTimeoutError(method, path, f"no connection to {at} within "
                                             f"{_seconds(where.connect_timeout)} (connect "
                                             "timeout): is the host reachable from here?")
    if isinstance(exc, httpx.ReadTimeout):
        return ApiTimeoutError(method, path, f"{at} sent nothing for "
                                             f"{_seconds(where.io_timeout)} (read timeout)")
    if isinstance(exc, httpx.WriteTimeout):
        return ApiTimeoutError(method, path, f"sending the request to {at} took longer than "
                                             f"{_seconds(where.io_timeout)} (write timeout)")
    if isinstance(exc, httpx.PoolTimeout):
        return ApiTimeoutError(method, path, "no free connection in time (pool timeout)")
    for cause in _causes(exc):
        found = _from_cause(cause, method, path, where)
        if found is not None:
            return found
    if isinstance(exc, httpx.RemoteProtocolError):
        return ApiConnectionError(method, path, f"{at} closed the connection or sent an "
                                                f"answer that is not HTTP ({server_text(exc)})")
    return ApiConnectionError(method, path, f"connection to {at} failed "
                                            f"({type(exc).__name__}: {server_text(exc)})")


def _from_cause(cause: BaseException, method: str, path: str,
                where: Endpoint) -> ApiConnectionError | None:
    at = where.address
    if isinstance(cause, ssl.SSLCertVerificationError):
        problem = cause.verify_message or cause.reason or "not trusted"
        return ApiTlsError(method, path, f"the TLS certificate of {at} failed verification: "
                                         f"{server_text(problem)}; {CA_HINT}")
    if isinstance(cause, ssl.SSLError) and not isinstance(
            cause, ssl.SSLEOFError | ssl.SSLZeroReturnError | ssl.SSLSyscallError):
        reason = cause.reason or type(cause).__name__
        return ApiTlsError(method, path, f"the TLS handshake with {at} failed "
                                         f"({server_text(reason)}): is it an https server, "
                                         "and does STREC_API_URL name the right port?")
    if isinstance(cause, socket.gaierror):
        return ApiDnsError(method, path, f"cannot resolve the host name {server_text(where.host)} "
                                         f"({server_text(cause.strerror or cause)}): "
                                         "is STREC_API_URL right?")
    if isinstance(cause, ConnectionRefusedError):
        return ApiRefusedError(method, path, f"connection refused by {at}: is the server "
                                             "running, and is STREC_API_URL right?")
    return None
