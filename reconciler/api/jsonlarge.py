"""Very large JSON answers, parsed the way orjson would, without orjson's document tree.

orjson first parses a whole body into a tree of its own, then builds the Python values
from it: for the reference's unpaged schedule list of 5,000 accounts (19 MB) that tree
is 42 MB on top of the body and the values, and it was most of a plan's peak memory. The
standard library's parser builds the values directly (32 MB less at that peak, ~60 ms
more CPU there), so bodies of `LARGE_BYTES` or more go to it first.

The two parsers differ at the edges, and there orjson's answer stands: whenever the body
holds something the standard library reads differently (a byte-order mark, a `\\u`
escape: orjson refuses a lone surrogate; a run of 19 digits: orjson reads an integer
past 64 bits as a float; text that is not UTF-8) orjson parses it, and whenever the
standard library refuses it (NaN or Infinity, a number that overflows a float, a syntax
error, nesting that exhausts the recursion limit) orjson parses the text. So every value
is the one orjson returns, and every error is orjson's (tests/api/test_wire_properties.py).
"""

from __future__ import annotations

import json
import math
from typing import Any

import orjson

#: Bodies at least this large go to the standard library's parser first (a megabyte:
#: the 4 MB repost list of 5,000 accounts, parsed at the same time, counts too).
LARGE_BYTES = 1 << 20

#: Every digit to "0", every other byte to " ": digit runs stay runs, apart.
_DIGIT_RUNS = bytes(0x30 if 0x30 <= b <= 0x39 else 0x20 for b in range(256))
_LONG_NUMBER = b"0" * 19
_BOM = b"\xef\xbb\xbf"


class _Differs(ValueError):
    """A value the two parsers read differently."""


def _constant(name: str) -> Any:
    raise _Differs(name)  # NaN, Infinity, -Infinity: orjson refuses them


def _finite(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise _Differs(text)  # orjson refuses a number that overflows
    return value


def _long_number(raw: bytes | bytearray) -> bool:
    """Whether `raw` has a run of 19 or more digits: maybe an integer past 64 bits
    (-2**63 - 1 has 19; in a string such a run is harmless, but rare enough not to tell
    the two apart). Checked a megabyte at a time, so no copy of the whole body is made."""
    step, overlap = 1 << 20, len(_LONG_NUMBER) - 1
    for start in range(0, len(raw), step):
        if _LONG_NUMBER in raw[max(0, start - overlap):start + step].translate(_DIGIT_RUNS):
            return True
    return False


class _NotHandled:
    """`parse` leaves this body to orjson."""


NOT_HANDLED = _NotHandled()


def parse(raw: bytes | bytearray) -> Any:
    """The value orjson reads from `raw` (or orjson's error), or NOT_HANDLED: then the
    caller asks orjson. A bytearray body is consumed: emptied once it is decoded, so a
    19 MB list is not held as bytes and as text while it is parsed."""
    if raw.startswith(_BOM) or b"\\u" in raw or _long_number(raw):
        return NOT_HANDLED
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return NOT_HANDLED
    if isinstance(raw, bytearray):
        raw.clear()
    try:
        return json.loads(text, parse_constant=_constant, parse_float=_finite)
    except (ValueError, RecursionError):  # _Differs, JSONDecodeError: orjson decides
        pass
    return orjson.loads(text)  # a UTF-8 text reads as its bytes do
