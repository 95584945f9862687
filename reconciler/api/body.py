"""Reading an answer's body within strec's caps: its size after decompression, its time.

A hostile or broken server can send a gzip bomb (a few KB that inflate to gigabytes), a
body of hundreds of megabytes, or trickle one byte every few seconds. The body is read
as a stream and decompressed here with an output limit, so strec never holds more than
`cap` bytes of it, and the read stops at the request's deadline.

Both the transport strec owns (`transport.py`) and the client (for any other transport,
such as the sandbox's in-process one) read through `read_body`.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

import httpx

#: The request extension that carries a request's deadline (a `time.monotonic()` value).
DEADLINE = "strec.deadline"


@dataclass(frozen=True)
class Caps:
    """How much of an answer strec reads: far above any real installation's answers, low
    enough that a hostile server cannot exhaust memory or time."""

    #: Body bytes after decompression. A 100-item page is about 55 KB; the reference's
    #: unpaged schedule lists hold every schedule, about 1 KB each.
    max_body_bytes: int = 64 * 1024 * 1024
    #: JSON nesting. Real answers nest about 6 deep; strec's readers recurse on it.
    max_depth: int = 64
    #: Pages of one list (100 items a page).
    max_pages: int = 5_000
    #: Items of one list, over all its pages.
    max_items: int = 500_000
    #: Seconds for one request: connect, send, headers and the whole body.
    deadline: float = 60.0


class BodyTooLarge(httpx.TransportError):
    """The body (after decompression) is larger than strec reads."""

    def __init__(self, cap: int, announced: int | None = None) -> None:
        self.cap = cap
        self.announced = announced
        super().__init__(f"answer larger than {cap} bytes")


class DeadlineExceeded(httpx.TimeoutException):
    """The request as a whole took longer than its deadline."""

    def __init__(self, phase: str) -> None:
        self.phase = phase
        super().__init__(f"deadline passed while {phase}")


class UnsupportedEncoding(httpx.DecodingError):
    """A Content-Encoding strec did not ask for and cannot decode."""


class _Inflate:
    """zlib with an output limit: `feed` never returns more than it is allowed to."""

    def __init__(self, encoding: str) -> None:
        self._gzip = encoding in ("gzip", "x-gzip")
        self._zlib = zlib.decompressobj(zlib.MAX_WBITS | 16 if self._gzip else zlib.MAX_WBITS)
        self._first = True

    def feed(self, data: bytes, limit: int) -> tuple[bytes, bool]:
        """Inflate `data` into at most `limit` bytes; the flag says the limit cut it short."""
        try:
            out = self._zlib.decompress(data, limit)
        except zlib.error:
            if not (self._first and not self._gzip):
                raise httpx.DecodingError("the answer's compressed body is corrupt") from None
            # "deflate" is sometimes sent raw, without the zlib header (as httpx allows).
            self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
            self._first = False
            return self.feed(data, limit)
        self._first = False
        return out, bool(self._zlib.unconsumed_tail)


def _inflater(encoding: str | None) -> _Inflate | None:
    coding = (encoding or "").strip().lower()
    if coding in ("", "identity"):
        return None
    if coding in ("gzip", "x-gzip", "deflate"):
        return _Inflate(coding)
    raise UnsupportedEncoding(f"unsupported Content-Encoding {coding[:40]!r}")


def check_deadline(deadline: float | None, phase: str) -> None:
    if deadline is not None and time.monotonic() >= deadline:
        raise DeadlineExceeded(phase)


def read_body(chunks: Iterable[bytes], encoding: str | None, cap: int,
              deadline: float | None = None) -> bytes:
    """The whole body, decoded; BodyTooLarge as soon as it passes `cap`, DeadlineExceeded
    as soon as a chunk arrives after `deadline`."""
    inflate = _inflater(encoding)
    parts: list[bytes] = []
    size = 0
    for chunk in chunks:
        check_deadline(deadline, "reading the answer's body")
        if not chunk:
            continue
        if inflate is None:
            out, cut = chunk, False
        else:
            out, cut = inflate.feed(chunk, cap - size + 1)
        size += len(out)
        if cut or size > cap:
            raise BodyTooLarge(cap)
        parts.append(out)
    return parts[0] if len(parts) == 1 else b"".join(parts)
