"""Rule 1: YAML syntax errors, duplicate keys and a non-mapping top level, positioned."""

from __future__ import annotations

from cfg_helpers import Errors, Write, only, where


def test_syntax_error_has_parser_position(errors: Errors) -> None:
    d = only(errors("version: 1\naccounts:\n  - username: a\n    proxy: : x\n"))
    assert d.file.endswith("strec.yaml")
    assert (d.line, d.col, d.path) == (4, 12, "")
    assert d.message == "YAML syntax error: mapping values are not allowed here"


def test_bad_indentation_is_a_syntax_error(errors: Errors) -> None:
    d = only(errors("version: 1\naccounts:\n  - username: a\n   proxy: b\n"))
    assert d.message.startswith("YAML syntax error:")
    assert d.line == 4


def test_every_duplicate_key_is_reported(errors: Errors) -> None:
    found = errors(
        """\
        version: 1
        accounts:
          - username: a
            protect: true
            protect: false
        captions:
          - {title: t, caption: c, caption: d}
        """
    )
    assert [where(d) for d in found] == [
        (5, 5, "accounts[0].protect"),
        (7, 28, "captions[0].caption"),
    ]
    assert found[0].message == "duplicate key 'protect' (first at line 4)"
    assert found[1].message == "duplicate key 'caption' (first at line 7)"


def test_duplicate_top_level_key(errors: Errors) -> None:
    d = only(errors("version: 1\nprune: {captions: true}\nprune: {captions: false}\n"))
    assert where(d) == (3, 1, "prune")
    assert d.message == "duplicate key 'prune' (first at line 2)"


def test_top_level_must_be_a_mapping(errors: Errors) -> None:
    d = only(errors("- version: 1\n"))
    assert where(d) == (1, 1, "")
    assert d.message == "the top level must be a mapping (version: 1, accounts: ...), not a list"


def test_empty_file_still_needs_version(errors: Errors) -> None:
    d = only(errors(""))
    assert where(d) == (1, 1, "version")
    assert d.message == "missing required field 'version' (add 'version: 1' at the top)"


def test_non_string_key(errors: Errors) -> None:
    d = only(errors("version: 1\n123: x\n"))
    assert where(d) == (2, 1, "123")
    assert d.message == "keys must be strings, not an integer; quote it"


def test_unsupported_tag_is_reported_once(errors: Errors) -> None:
    d = only(errors("version: 1\naccounts:\n  - username: !secret abc\n"))
    assert where(d) == (3, 15, "accounts[0].username")
    assert d.message.startswith("unsupported YAML value (!secret)")


def test_invalid_date_has_a_position(errors: Errors) -> None:
    d = only(errors("version: 1\ncaptions:\n  - {title: 2024-13-45, caption: x}\n"))
    assert (d.line, d.col) == (3, 13)
    assert "invalid date" in d.message


def test_self_referencing_alias_is_not_a_crash(errors: Errors) -> None:
    d = only(errors("version: 1\naccounts: &a [*a]\n"))
    assert where(d)[0::2] == (2, "accounts[0]")
    assert d.message == "expected a mapping, got null (an empty value)"


def test_merge_keys_and_anchors_work(write: Write) -> None:
    from reconciler.config import load_config

    config = load_config(
        write(
            """\
            version: 1
            accounts:
              - username: a
                reactions: &r {active: true, settings: {likes_speed: 2}}
              - username: b
                reactions:
                  <<: *r
                  active: false
            """
        )
    )
    assert config.accounts[1].reactions is not None
    assert config.accounts[1].reactions.active is False
    assert config.accounts[1].reactions.settings == {"likes_speed": 2}


def test_complex_key(errors: Errors) -> None:
    d = only(errors("version: 1\n? [a, b]\n: x\n"))
    assert where(d) == (2, 3, "")
    assert d.message == "keys must be strings, not a list or mapping; quote it"
