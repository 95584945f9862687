"""YAML caps (alias expansion counted early, nesting depth, file size) on both the C path
and the round-trip path, and syntax errors placed where their problem starts."""

from __future__ import annotations

from pathlib import Path

import pytest
from cfg_helpers import Errors, Write, only
from hypothesis import given, settings
from hypothesis import strategies as st

from reconciler.config import limits, yaml_fast, yaml_problems, yaml_source
from reconciler.config.yaml_source import SourceFile, parse_text

#: 350 bytes that expand to about 387 million values ("billion laughs").
BOMB = (
    "version: 1\n"
    + 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(
        f"{b}: &{b} [{','.join([f'*{a}'] * 9)}]\n"
        for a, b in zip("abcdefgh", "bcdefghi", strict=True)
    )
)
YAML_11 = "%YAML 1.1\n---\n"  # the C path declines it: the round-trip path reads the file
ALIAS_CAP = "aliases expand to more than 500,000 values (the cap on alias expansion)"
DEPTH_CAP = "mappings and lists nested more than 64 levels deep (the cap)"
BOTH_PATHS = pytest.mark.parametrize("header", ["", YAML_11], ids=["fast", "roundtrip"])


def _problems(text: str) -> list[tuple[int, int, str]]:
    source = SourceFile("f.yaml")
    parse_text(source, text)
    return [(d.line, d.col, d.message) for d in source.problems]


@BOTH_PATHS
def test_alias_bomb_is_refused_at_the_alias_that_crosses_the_cap(header: str) -> None:
    offset = header.count("\n")
    # a..e expand to 74,718 values; the 7th *e on line 7 crosses 500,000
    assert _problems(header + BOMB) == [(7 + offset, 26, f"YAML too large: {ALIAS_CAP}")]


def test_alias_bomb_through_load_config(errors: Errors) -> None:
    d = only(errors(BOMB))
    assert (d.line, d.col, d.message) == (7, 26, f"YAML too large: {ALIAS_CAP}")


@BOTH_PATHS
def test_moderate_aliases_load(header: str) -> None:
    text = header + "a: &a {p: [1, 2, 3], q: {r: true}}\nb: [" + ", ".join(["*a"] * 2000) + "]\n"
    source = SourceFile("f.yaml")
    parse_text(source, text)
    assert source.problems == []
    assert len(source.data["b"]) == 2000 and source.data["b"][1999] == source.data["a"]
    assert source.data["b"][0] is not source.data["b"][1]  # copies, not shared objects


@settings(max_examples=40, deadline=None)
@given(width=st.integers(1, 6), count=st.integers(0, 40), cap=st.integers(1, 120))
def test_alias_count_is_exact_on_both_paths(width: int, count: int, cap: int) -> None:
    anchor = "[" + ", ".join(["v"] * width) + "]"  # width + 1 values
    text = f"a: &a {anchor}\nb: [" + ", ".join(["*a"] * count) + "]\n"
    refused = (width + 1) * count > cap
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(yaml_fast, "MAX_ALIAS_NODES", cap)
        patch.setattr(yaml_problems, "MAX_ALIAS_NODES", cap)
        for header in ("", YAML_11):
            found = _problems(header + text)
            assert bool(found) == refused, (header, found)
            if refused:
                assert "aliases expand to more than" in found[0][2]


def _nested(depth: int) -> str:
    return "a: " + "[" * (depth - 1) + "]" * (depth - 1) + "\n"


@BOTH_PATHS
def test_nesting_depth_cap(header: str) -> None:
    offset = header.count("\n")
    assert _problems(header + _nested(64)) == []
    assert _problems(header + _nested(65)) == [(1 + offset, 67, f"YAML too large: {DEPTH_CAP}")]
    # far deeper than Python's recursion limit: still the same positioned error
    assert _problems(header + _nested(1500)) == [(1 + offset, 67, f"YAML too large: {DEPTH_CAP}")]


@BOTH_PATHS
def test_an_alias_cannot_nest_past_the_cap(header: str) -> None:
    text = header + "a: &a " + "[" * 40 + "]" * 40 + "\nb: " + "[" * 30 + "*a" + "]" * 30 + "\n"
    [(line, col, message)] = _problems(text)
    assert (line, col, message) == (2 + header.count("\n"), 34, f"YAML too large: {DEPTH_CAP}")


def test_file_size_is_capped_before_reading_it_whole(
    write: Write, errors: Errors, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(yaml_source, "MAX_FILE_BYTES", 1000)
    path = write("version: 1\n" + "# padding\n" * 99)  # 1001 bytes
    d = only(errors(path.read_text(encoding="utf-8")))
    assert (d.line, d.col, d.message) == (
        1,
        1,
        "the file is larger than 1,000 bytes (the cap on a config file)",
    )
    assert limits.size_words(limits.MAX_FILE_BYTES) == "16 MiB"


def test_read_limited_reads_no_more_than_the_cap(tmp_path: Path) -> None:
    path = tmp_path / "big"
    path.write_bytes(b"x" * 5000)
    with pytest.raises(limits.TooLarge):
        limits.read_limited(path, 4999, "a test")
    assert limits.read_limited(path, 5000, "a test") == b"x" * 5000


def test_vars_file_size_is_capped(write: Write, monkeypatch: pytest.MonkeyPatch) -> None:
    from reconciler.config import load_config, variables
    from reconciler.errors import ConfigError

    monkeypatch.setattr(variables, "MAX_FILE_BYTES", 10)
    vars_file = write('{"a": "12345678"}', "v.json")
    path = write("version: 1\n", "c.yaml.j2")
    with pytest.raises(ConfigError) as info:
        load_config(path, vars_files=[vars_file])
    d = only(info.value.diagnostics)
    assert d.message == "the vars file is larger than 10 bytes (the cap on a vars file)"


@pytest.mark.parametrize(
    ("text", "line", "col", "message"),
    [
        (
            'version: 1\ncaptions:\n  - title: "abc\n    caption: x\nother: 1\n',
            3,
            12,
            "a quoted string starts here and is not closed (still open at line 6, column 1)",
        ),
        (
            "version: 1\ncaptions:\n  - {title: 'abc, caption: x}\nother: 1\n",
            3,
            13,
            "a quoted string starts here and is not closed",
        ),
        (
            "version: 1\naccounts:\n  - username: [a\n    proxy: x\nz: 1\n",
            3,
            15,
            "this '[' is not closed (expected ',' or ']', but got ':' at line 4, column 10)",
        ),
        (
            "version: 1\naccounts:\n  - {username: a\n  - {username: b}\n",
            3,
            5,
            "this '{' is not closed",
        ),
        ("version: 1\nprune\ncaptions: []\n", 2, 1, "this key has no ':' after it"),
        # on one line, a missing comma is where the parser stopped
        ("version: 1\nprune: {captions: true x: 1}\n", 2, 25, "expected ',' or '}', but got ':'"),
        ('version: 1\na: "x\\qy"\n', 2, 7, "found unknown escape character 'q'"),
    ],
)
def test_syntax_error_where_the_problem_starts(
    errors: Errors, text: str, line: int, col: int, message: str
) -> None:
    d = only(errors(text))
    assert (d.line, d.col) == (line, col)
    assert d.message.startswith(f"YAML syntax error: {message}")
