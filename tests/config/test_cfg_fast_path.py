"""The fast C path reads what the round-trip path reads, with the same positions.

A file the fast path declines (duplicate keys, tags, YAML 1.1, syntax errors) is read by
the round-trip path, which reports it; large configs load through the fast path.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cfg_helpers import EXAMPLE, Errors, Write, only, where

from reconciler.config import load_config, yaml_fast
from reconciler.config.locations import Loc
from reconciler.config.yaml_roundtrip import parse_roundtrip
from reconciler.config.yaml_source import SourceFile, parse_text
from reconciler.errors import ConfigError, Diagnostic

pytestmark = pytest.mark.skipif(not yaml_fast.available(), reason="ruamel.yaml.clib missing")

SHAPES = textwrap.dedent(
    """\
    base: &b {a: 1, b: [x, y], c: {d: 2}}
    merged:
      x: 0
      <<: *b
      b: 20
    merged_list:
      <<: [*b, {z: 9}]
    seq:
    - a
    -   - nested
        - more
    - {k: v}
    -
      k2: v2
    nums: [0, -1, +2, 0x1F, 0o17, 0b101, 1.5, -2.5e3, .inf, -.inf, .nan, 1e3, 12e-1]
    words: [true, True, FALSE, null, Null, ~, '', yes, no, on, off, y, n]
    times:
      - 2030-01-02
      - 2030-01-02 03:04:05
      - 2030-01-02T03:04:05.5Z
      - 2030-1-2 3:04:05
      - 2030-01-02t03:04:05+02:00
    text:
      - "quoted"
      - 'single'
      - |
        block
        text
      - >-
        folded
        text
      - plain
        multi line
    empty_map: {}
    empty_list: []
    "key with spaces": value
    """
)


def _both(text: str) -> tuple[SourceFile, SourceFile]:
    fast, slow = SourceFile("f"), SourceFile("r")
    parse_text(fast, text)
    parse_roundtrip(slow, text)
    return fast, slow


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _locs(value: Any, loc: Loc = ()) -> Iterator[Loc]:
    yield loc
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _locs(item, (*loc, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _locs(item, (*loc, i))


@pytest.mark.parametrize("text", [EXAMPLE, SHAPES], ids=["example", "shapes"])
def test_fast_and_round_trip_agree(text: str) -> None:
    fast, slow = _both(text)
    assert fast.fast and not fast.problems and not slow.problems
    assert _same(fast.data, slow.data)
    for loc in _locs(slow.data):
        for at_key in (False, True):
            assert fast.position(loc, at_key=at_key) == slow.position(loc, at_key=at_key), loc


def test_an_empty_value_is_placed_on_its_key_line() -> None:
    """The one place the paths differ: the C parser puts a null right after its key."""
    fast, slow = _both("a:\nb: 1\n")
    assert fast.data == slow.data == {"a": None, "b": 1}
    assert (fast.position(("a",)), slow.position(("a",))) == ((1, 3), (2, 1))


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\na: 2\n",  # duplicate key: every one is reported
        "a: !secret x\n",  # a tag
        "%YAML 1.1\n---\na: 23:00\n",  # YAML 1.1 reads 23:00 as a number
        "a: [1\n",  # syntax error
        "? [a, b]\n: x\n",  # complex key
        "1: x\n",  # non-string key
        "a: &x [*x]\n",  # alias cycle
        "- a\n",  # top level is not a mapping
        "a: 1\n---\nb: 2\n",  # two documents
        "a: 2024-13-45\n",  # invalid date
    ],
)
def test_the_fast_path_declines(text: str) -> None:
    source = SourceFile("x")
    parse_text(source, text)
    assert not source.fast  # the round-trip path read it (and reported what is wrong)


def test_positions_of_a_fast_file_in_errors(errors: Errors) -> None:
    d = only(errors("version: 1\naccounts:\n  - username: a\n    reactions: {active: 1}\n"))
    assert where(d) == (4, 25, "accounts[0].reactions.active")


def generate_config(accounts: int) -> str:
    """A config of `accounts` accounts, each with both schedules, settings and targets."""
    lines = ["version: 1", "max_accounts_per_proxy: 3", "captions:"]
    lines += [f'  - {{title: cap-{i}, caption: "{{Hot|Sunny}} deal {i}"}}' for i in range(20)]
    lines.append("accounts:")
    for i in range(accounts):
        lines += [
            f"  - username: user_{i:05d}",
            f"    password: ${{env:PW_{i}}}",
            f"    proxy: socks5://u:${{env:PROXY_PASS}}@10.{i // 65536}.{i // 256 % 256}."
            f"{i % 256}:1080",
            "    repost:",
            "      active: true",
            "      settings:",
            "        speed: medium",
            "        daily_pause: true",
            '        daily_pause_from: "23:00"',
            '        daily_pause_to: "07:00"',
            '        caption: "{{original_caption}}"',
            "      targets:",
            f"        - {{type: hashtag, value: tag{i}}}",
            '        - {type: location, value: paris, id: "213385402"}',
            "    reactions:",
            "      active: false",
            "      settings: {is_likes: true, likes_speed: 3}",
            "      targets:",
            "        - {type: hashtag, value: photography}",
        ]
    return "\n".join(lines) + "\n"


def test_a_5000_account_config_loads(tmp_path: Path) -> None:
    path = tmp_path / "strec.yaml"
    path.write_text(generate_config(5000), encoding="utf-8")
    config = load_config(path)
    assert len(config.accounts) == 5000 and len(config.captions) == 20
    last = config.accounts[-1]
    assert last.username == "user_04999"
    assert last.proxy == "socks5://u:${env:PROXY_PASS}@10.0.19.135:1080"
    assert last.repost is not None and last.repost.settings is not None
    assert last.repost.settings["daily_pause_from"] == "23:00"
    assert last.repost.targets is not None and last.repost.targets[0].value == "tag4999"
    assert last.reactions is not None and last.reactions.settings == {
        "is_likes": True,
        "likes_speed": 3,
    }


def test_without_the_c_parser_everything_takes_the_round_trip_path(
    write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(EXAMPLE)
    bad = write("version: 1\naccounts:\n  - {username: a, proxi: x}\n", "bad.yaml")
    fast_config, fast_errors = load_config(path), _errors(bad)
    monkeypatch.setattr(yaml_fast, "CParser", None)
    assert load_config(path) == fast_config
    assert _errors(bad) == fast_errors


def _errors(path: Path) -> list[Diagnostic]:
    with pytest.raises(ConfigError) as info:
        load_config(path)
    return info.value.diagnostics
