"""Rules of the body reader and the JSON reader that hold for every input (hypothesis)."""

from __future__ import annotations

import itertools
import json
import zlib
from typing import Any

import orjson
import pytest
from hypothesis import example, given
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


@given(_json, st.integers(0, 12), st.integers(0, 3), st.integers(1, 3))
def test_a_large_body_checked_a_part_at_a_time_gets_the_same_answer(
        value: Any, cap: int, levels: int, size: int) -> None:
    import reconciler.api.jsonbody as jsonbody

    jsonbody._SLICE, before = size, jsonbody._SLICE
    try:
        assert jsonbody._within_parts(value, cap, levels) == (depth_of(value, 100) <= cap)
    finally:
        jsonbody._SLICE = before


def test_loads_splits_the_check_only_for_large_bodies(monkeypatch: pytest.MonkeyPatch) -> None:
    import reconciler.api.jsonbody as jsonbody

    calls: list[Any] = []
    real = jsonbody._within
    monkeypatch.setattr(jsonbody, "_within", lambda v, c: calls.append(v) or real(v, c))
    small = {"result": 1, "data": [{"a": [1]}, {"b": 2}]}
    assert loads(orjson.dumps(small), 4) == small and calls == [small]
    calls.clear()
    monkeypatch.setattr(jsonbody, "SPLIT_BYTES", 10)
    assert loads(orjson.dumps(small), 4) == small
    assert calls == [[{"a": [1]}, {"b": 2}]]  # the list a slice at a time, not the body
    with pytest.raises(TooDeep):
        loads(orjson.dumps({"data": [{"a": [[[[1]]]]}]}), 4)


def _same(a: Any, b: Any) -> bool:
    """Equal and of the same types all the way down (1 is not 1.0, -0.0 is not 0.0)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float):
        return repr(a) == repr(b)
    return bool(a == b)


_numbers = st.integers(-2**70, 2**70) | st.floats(allow_nan=False, allow_infinity=False)
_values = st.recursive(
    st.none() | st.booleans() | _numbers | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner,
                                                                 max_size=3),
    max_leaves=20)
_tokens = st.sampled_from(['{', '}', '[', ']', ',', ':', ' ', '"a"', '"\\u00e9"', '"\\ud800"',
                           '1', '-0', '0.5', '1e400', '12345678901234567890123', 'NaN',
                           'Infinity', 'true', 'null', '"\\n"', '\ufeff', '\t', '"é"', '01'])


@given(_values, st.booleans())
@example(-2**63 - 1, True)
@example(2**64, True)
@example([2**64 - 1, -2**63, 1e308, -0.0], True)
def test_a_large_body_read_without_orjson_is_what_orjson_reads(value: Any, ascii: bool) -> None:
    from reconciler.api import jsonlarge

    raw = json.dumps(value, ensure_ascii=ascii).encode()
    for body in (raw, bytearray(raw)):
        found = jsonlarge.parse(body)
        assert found is jsonlarge.NOT_HANDLED or _same(found, orjson.loads(raw))
        if found is jsonlarge.NOT_HANDLED:
            assert body == raw  # left whole, for orjson
        elif isinstance(body, bytearray):
            assert not body  # consumed: decoded, then emptied


def _outcome(parse: Any, raw: bytes) -> Any:
    try:
        return parse(raw)
    except orjson.JSONDecodeError:
        return "error"


@given(st.lists(_tokens, max_size=12))
def test_a_large_body_orjson_refuses_is_refused_as_orjson_refuses_it(tokens: list[str]) -> None:
    from reconciler.api import jsonlarge

    raw = "".join(tokens).encode()
    found, expected = _outcome(jsonlarge.parse, raw), _outcome(orjson.loads, raw)
    assert found is jsonlarge.NOT_HANDLED or _same(found, expected)


def test_large_bodies_take_the_standard_librarys_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    from reconciler.api import jsonlarge

    calls: list[bytes] = []
    real = jsonlarge.parse
    monkeypatch.setattr(jsonlarge, "parse", lambda raw: calls.append(bytes(raw)) or real(raw))
    assert loads(b'{"data": [1, 2]}', 4) == {"data": [1, 2]} and not calls
    monkeypatch.setattr(jsonlarge, "LARGE_BYTES", 4)
    assert loads(b'{"data": [1, 2.5]}', 4) == {"data": [1, 2.5]} and len(calls) == 1
    assert loads(b'{"n": 123456789012345678901}', 4) == {"n": 1.2345678901234568e20}
    with pytest.raises(TooDeep):
        loads(b"[" * 5000 + b"]" * 5000, 4)
    with pytest.raises(TooDeep):
        loads(bytearray(b"[" * 5000 + b"]" * 5000), 4)
    with pytest.raises(ValueError):
        loads(b'{"x": NaN}', 4)
    assert loads(bytearray(b"null"), 4) is None


@given(st.integers(0, 3 << 20), st.integers(1, 30))
def test_a_long_number_is_found_wherever_the_megabytes_are_cut(at: int, digits: int) -> None:
    from reconciler.api.jsonlarge import _long_number

    raw = b" " * at + b"7" * digits + b" " * 10
    assert _long_number(raw) == (digits >= 19)
