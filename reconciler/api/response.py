"""An answer's head read as http.client reads it, without the email package's parser.

`http.client.HTTPResponse.begin` hands the header lines to `email.parser`, whose feed
parser, policy objects and defect handling were a tenth of strec's CPU per GET. This
response class reads the same lines with the same bounds (64 KiB a line, 100 lines) and
splits them into fields exactly as that parser does (line ends `\\r\\n`, `\\r` or `\\n`;
folded continuation lines; a line that is not a header ends the head; a leading `From `
line is an envelope, not a field; a field value loses its leading blanks and its last
line end), into the same `HTTPMessage`. tests/api/test_response_head.py holds it to
`http.client.parse_headers` for any bytes. The rest of `begin` is the standard library's.
"""

from __future__ import annotations

import http.client
import io
import re
from typing import Any

MAX_LINE = 65536  # http.client._MAXLINE
MAX_HEADERS = 100  # http.client._MAXHEADERS
#: What the email parser takes for a header line: a field, a continuation, an envelope.
_HEADER_LINE = re.compile(r"From |[\041-\071\073-\176]*:|[\t ]")


def read_head_lines(fp: Any) -> list[bytes]:
    """The header lines and the blank line after them (http.client._read_headers)."""
    lines: list[bytes] = []
    while True:
        line = fp.readline(MAX_LINE + 1)
        if len(line) > MAX_LINE:
            raise http.client.LineTooLong("header line")
        lines.append(line)
        if len(lines) > MAX_HEADERS:
            raise http.client.HTTPException(f"got more than {MAX_HEADERS} headers")
        if line in (b"\r\n", b"\n", b""):
            return lines


def fields(text: str) -> list[tuple[str, str]]:
    """(name, value) of each field, as email.feedparser splits a head."""
    head: list[str] = []
    for line in io.StringIO(text, newline="").readlines():
        if not _HEADER_LINE.match(line):
            break  # the blank line, or a line that starts the body (a defect)
        head.append(line)
    out: list[tuple[str, str]] = []
    parts: list[str] = []
    for number, line in enumerate(head):
        if line[0] in " \t":
            if parts:  # a continuation; one before any field is dropped
                parts.append(line)
            continue
        if parts:
            out.append(_field(parts))
            parts = []
        if line.startswith("From "):
            if number == len(head) - 1 and number > 0:
                return out  # taken for the body's first line
            continue  # an envelope line: no field
        if line.find(":") > 0:  # ":" first is a field without a name: dropped
            parts = [line]
    if parts:
        out.append(_field(parts))
    return out


def _field(lines: list[str]) -> tuple[str, str]:
    name, value = lines[0].split(":", 1)
    return name, (value.lstrip(" \t") + "".join(lines[1:])).rstrip("\r\n")


def parse_head(fp: Any) -> http.client.HTTPMessage:
    """`http.client.parse_headers(fp)`, without the email parser."""
    message = http.client.HTTPMessage()
    for name, value in fields(b"".join(read_head_lines(fp)).decode("iso-8859-1")):
        message.set_raw(name, value)
    return message


class Response(http.client.HTTPResponse):
    """`HTTPResponse` whose `begin` reads the head with `parse_head`; the rest (status
    line, 1xx answers skipped, framing, keep-alive) is the standard library's `begin`."""

    def begin(self) -> None:
        if self.headers is not None:
            return
        while True:
            version, status, reason = self._read_status()
            if status != http.client.CONTINUE:
                break
            read_head_lines(self.fp)  # the 100 answer's head, skipped
        self.code = self.status = status
        self.reason = reason.strip()
        if version in ("HTTP/1.0", "HTTP/0.9"):
            self.version = 10
        elif version.startswith("HTTP/1."):
            self.version = 11
        else:
            raise http.client.UnknownProtocol(version)
        self.headers = self.msg = parse_head(self.fp)
        tr_enc = self.headers.get("transfer-encoding")
        if tr_enc and tr_enc.lower() == "chunked":
            self.chunked = True
            self.chunk_left = None
        else:
            self.chunked = False
        self.will_close = self._check_close()
        self.length = None
        length = self.headers.get("content-length")
        if length and not self.chunked:
            try:
                self.length = int(length)
            except ValueError:
                self.length = None
            else:
                if self.length < 0:
                    self.length = None
        if (status in (http.client.NO_CONTENT, http.client.NOT_MODIFIED)
                or 100 <= status < 200 or self._method == "HEAD"):
            self.length = 0
        if not self.will_close and not self.chunked and self.length is None:
            self.will_close = True
