"""The one exception tree of strec.

    StrecError                    anything strec reports to a user (exit 1, no traceback)
    ├── ConfigError               the config is wrong: carries every Diagnostic at once
    ├── ApiError                  the API answered with an error, or could not be reached
    │   ├── ApiStatusError        an HTTP error answer: .status, .method, .path, .message
    │   ├── ApiProtocolError      an answer strec cannot read (not JSON, wrong shape)
    │   └── ApiConnectionError    no answer at all (refused, dropped, timed out)
    └── PlanError                 the plan cannot be made or executed as asked

The CLI maps these to click exceptions; nothing below the CLI prints.
Messages never carry a secret: the client builds them from method, path and the
server's message only, never from request bodies or headers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import total_ordering

_DIGITS = re.compile(r"([0-9]+)")


def natural_key(text: str) -> tuple[str | int, ...]:
    """`accounts[10]` after `accounts[2]`: runs of digits compare as numbers.

    `re.split` with a group alternates text and digit runs, starting with text, so the
    parts at one index are always of one type and the tuples compare without a TypeError.
    """
    parts = _DIGITS.split(text)
    return tuple(int(part) if i % 2 else part for i, part in enumerate(parts))


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
    ) -> None:
        self.status = status
        self.method = method
        self.path = path
        self.message = message
        self.errors = errors
        self.retry_after: float | None = None
        detail = f": {errors}" if errors else ""
        super().__init__(f"{method} {path} answered {status}: {message}{detail}")


class ApiProtocolError(ApiError):
    """An answer that does not have the shape the documents describe."""

    def __init__(self, method: str, path: str, problem: str) -> None:
        self.method = method
        self.path = path
        super().__init__(f"{method} {path}: unexpected answer: {problem}")


class ApiConnectionError(ApiError):
    """No usable answer: connection refused or dropped, or a timeout."""

    def __init__(self, method: str, path: str, problem: str) -> None:
        self.method = method
        self.path = path
        super().__init__(f"{method} {path}: {problem}")


class PlanError(StrecError):
    """A plan cannot be made or executed as asked."""
