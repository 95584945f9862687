"""Very large JSON answers, parsed the way orjson would, without orjson's document tree.

orjson first parses a whole body into a tree of its own, then builds the Python values
from it: for the reference's unpaged schedule list of 5,000 accounts (19 MB) that tree
is 42 MB on top of the body and the values, and it was most of a plan's peak memory. The
standard library's parser builds the values directly (32 MB less at that peak, ~60 ms
more CPU there), so bodies of `LARGE_BYTES` or more go to it first.

The two parsers differ at the edges, and there orjson's answer stands: `parse` returns
`None` and the caller asks orjson, whenever the body holds something the standard
library reads differently: a byte-order mark, a `\\u` escape (orjson refuses a lone
surrogate), a run of 19 digits (orjson reads an integer past 64 bits as a float), NaN or
Infinity, a number that overflows a float, text that is not UTF-8, any syntax error,
nesting deep enough to exhaust the recursion limit. So every value returned is the one
orjson returns, and every error is orjson's (tests/api/test_wire_properties.py).
"""

from __future__ import annotations

import json
import math
from typing import Any

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


def _long_number(raw: bytes) -> bool:
    """Whether `raw` has a run of 19 or more digits: maybe an integer past 64 bits
    (-2**63 - 1 has 19; in a string such a run is harmless, but rare enough not to tell
    the two apart). Checked a megabyte at a time, so no copy of the whole body is made."""
    step, overlap = 1 << 20, len(_LONG_NUMBER) - 1
    for start in range(0, len(raw), step):
        if _LONG_NUMBER in raw[max(0, start - overlap):start + step].translate(_DIGIT_RUNS):
            return True
    return False


def parse(raw: bytes) -> Any | None:
    """The value orjson would read from `raw`, or None: then ask orjson."""
    if raw.startswith(_BOM) or b"\\u" in raw:
        return None
    if _long_number(raw):
        return None
    try:
        text = raw.decode("utf-8")
        return json.loads(text, parse_constant=_constant, parse_float=_finite)
    except (ValueError, RecursionError):  # _Differs, UnicodeDecodeError, JSONDecodeError
        return None
