"""The one exception tree of strec.

    StrecError                    anything strec reports to a user (exit 1, no traceback)
    ├── ConfigError               the config is wrong: carries every Diagnostic at once
    ├── ApiError                  the API answered with an error, or could not be reached
    │   ├── ApiStatusError        an HTTP error answer: .status, .method, .path, .message
    │   │   └── ApiRedirectError  a 3xx answer, never followed: .location
    │   ├── ApiProtocolError      an answer strec cannot read (not JSON, wrong shape)
    │   │   └── ApiLimitError     an answer past one of strec's caps (pages, items, bytes,
    │   │                         nesting): .limit names the cap
    │   └── ApiConnectionError    no answer at all (dropped, timed out); retried
    │       ├── ApiTimeoutError   a phase or the whole request took too long; retried
    │       ├── ApiRefusedError   nothing listens at host:port; retried only once the
    │       │                     server has answered in this run
    │       ├── ApiDnsError       the host name does not resolve; never retried
    │       └── ApiTlsError       the TLS handshake or certificate check failed; never retried
    └── PlanError                 the plan cannot be made or executed as asked

The CLI maps these to click exceptions; nothing below the CLI prints.
Messages never carry a secret: the client builds them from method, path and the
server's message only, never from request bodies or headers. Text from the server is
escaped (`textsafe.printable`) and shortened before it enters a message, so every API
error is one line that cannot drive a terminal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import total_ordering

from reconciler.textsafe import printable

_DIGITS = re.compile(r"([0-9]+)")


def natural_key(text: str) -> tuple[str | int, ...]:
    """`accounts[10]` after `accounts[2]`: runs of digits compare as numbers.

    `re.split` with a group alternates text and digit runs, starting with text, so the
    parts at one index are always of one type and the tuples compare without a TypeError.
    """
    parts = _DIGITS.split(text)
    return tuple(int(part) if i % 2 else part for i, part in enumerate(parts))

#: How much of a server's own text (message, errors, Location) one error quotes.
SERVER_TEXT_LIMIT = 300


def server_text(text: object) -> str:
    """Text the server wrote, safe for a one-line message: escaped and at most
    SERVER_TEXT_LIMIT characters (a hostile server may send megabytes of it)."""
    shown = printable(str(text))
    if len(shown) > SERVER_TEXT_LIMIT:
        shown = shown[:SERVER_TEXT_LIMIT] + f"… ({len(shown) - SERVER_TEXT_LIMIT} more)"
    return shown


class StrecError(Exception):
    """Base of every error strec reports to a user."""


@total_ordering
@dataclass(frozen=True)
class Diagnostic:
    """One problem in the config, pointing at its source.

    Diagnostics sort by file, line, column, then field path in natural order (so that
    `accounts[2]` comes before `accounts[10]` when a template wrote both on one line),
    then message.
    """

    file: str
    line: int  # 1-based
    col: int  # 1-based
    path: str  # field path, e.g. "accounts[0].repost.settings.speed"
    message: str

    def sort_key(self) -> tuple[str, int, int, tuple[str | int, ...], str]:
        return (self.file, self.line, self.col, natural_key(self.path), self.message)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Diagnostic):
            return NotImplemented
        return self.sort_key() < other.sort_key()

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class ConfigError(StrecError):
    """The config has one or more problems; all are listed, in source order."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics)
        n = len(self.diagnostics)
        lines = [str(d) for d in self.diagnostics]
        lines.append(f"{n} error{'s' if n != 1 else ''} in the config.")
        super().__init__("\n".join(lines))


class ApiError(StrecError):
    """The API could not do what was asked."""


class ApiStatusError(ApiError):
    """An HTTP error answer from the API."""

    def __init__(
        self,
        status: int,
        method: str,
        path: str,
        message: str,
        errors: object | None = None,
        *,
        hint: str = "",
    ) -> None:
        self.status = status
        self.method = method
        self.path = path
        self.message = message
        self.errors = errors
        self.retry_after: float | None = None
        detail = f": {server_text(errors)}" if errors else ""
        advice = f" ({hint})" if hint else ""
        super().__init__(f"{method} {path} answered {status}: {server_text(message)}{detail}"
                         f"{advice}")


class ApiRedirectError(ApiStatusError):
    """A 3xx answer. strec never follows one: the API does not redirect, so a redirect
    means the URL points somewhere else (a login page, http->https, a moved host)."""

    def __init__(self, status: int, method: str, path: str, location: str | None) -> None:
        super().__init__(status, method, path, "redirect")
        self.location = location
        where = (f"to {server_text(location)}" if location
                 else "with no Location header")
        ApiError.__init__(self, f"{method} {path} answered {status}, a redirect {where}; "
                                "strec never follows redirects: set STREC_API_URL to the "
                                "API's own address (ending in /api/v1)")


class ApiProtocolError(ApiError):
    """An answer that does not have the shape the documents describe."""

    def __init__(self, method: str, path: str, problem: str) -> None:
        self.method = method
        self.path = path
        super().__init__(f"{method} {path}: unexpected answer: {problem}")


class ApiLimitError(ApiProtocolError):
    """An answer bigger, longer or deeper than strec reads: a hostile or broken server.
    `limit` names the cap, so the message can say which one and how to read it."""

    def __init__(self, method: str, path: str, problem: str, limit: str) -> None:
        super().__init__(method, path, problem)
        self.limit = limit


class ApiConnectionError(ApiError):
    """No usable answer: connection refused or dropped, or a timeout."""

    def __init__(self, method: str, path: str, problem: str) -> None:
        self.method = method
        self.path = path
        super().__init__(f"{method} {path}: {problem}")


class ApiTimeoutError(ApiConnectionError):
    """A phase (connect, send, wait, read) or the whole request outlasted its limit."""


class ApiRefusedError(ApiConnectionError):
    """Nothing accepts connections at the API's host and port."""


class ApiDnsError(ApiConnectionError):
    """The API's host name does not resolve; retrying will not help."""


class ApiTlsError(ApiConnectionError):
    """The TLS handshake or the certificate check failed; retrying will not help."""


class PlanError(StrecError):
    """A plan cannot be made or executed as asked."""
