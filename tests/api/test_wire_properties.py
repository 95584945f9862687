"""Rules of the body reader and the JSON reader that hold for every input (hypothesis)."""

from __future__ import annotations

import itertools
import json
import zlib
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reconciler.api.body import BodyTooLarge, read_body
from reconciler.api.jsonbody import TooDeep, depth_of, loads

_json = st.recursive(
    st.none() | st.booleans() | st.integers(-2**63, 2**63 - 1) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner,
                                                                 max_size=3),
    max_leaves=30)


def _chunks(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts} | {0, len(data)})
    return [data[a:b] for a, b in itertools.pairwise(points)]


@given(st.binary(max_size=3000), st.lists(st.integers(0, 10_000), max_size=6),
       st.integers(1, 4000), st.sampled_from(["gzip", "deflate", None]))
def test_read_body_returns_the_body_or_stops_at_the_cap(data: bytes, cuts: list[int],
                                                        cap: int, coding: str | None) -> None:
    wire = data
    if coding == "gzip":
        packer = zlib.compressobj(wbits=zlib.MAX_WBITS | 16)
        wire = packer.compress(data) + packer.flush()
    elif coding == "deflate":
        wire = zlib.compress(data)
    if len(data) <= cap:
        assert read_body(_chunks(wire, cuts), coding, cap) == data
    else:
        with pytest.raises(BodyTooLarge):
            read_body(_chunks(wire, cuts), coding, cap)


@given(_json, st.integers(1, 12) | st.just(300))  # 300: past orjson's limit, the walk
def test_loads_reads_exactly_what_orjson_reads_up_to_the_cap(value: Any, cap: int) -> None:
    raw = orjson.dumps(value)
    if depth_of(value, 100) <= cap:
        assert loads(raw, cap) == json.loads(raw)
    else:
        with pytest.raises(TooDeep):
            loads(raw, cap)


@given(st.text(alphabet="[]{}0,: \"a", max_size=40), st.integers(1, 6))
def test_loads_accepts_no_text_that_is_not_one_json_value(text: str, cap: int) -> None:
    raw = text.encode()
    try:
        expected: Any = json.loads(raw)
    except ValueError:
        with pytest.raises(ValueError):
            loads(raw, cap)
        return
    if depth_of(expected, 100) <= cap:
        assert loads(raw, cap) == expected
    else:
        with pytest.raises(TooDeep):
            loads(raw, cap)
