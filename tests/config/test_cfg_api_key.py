"""Rule 7: a literal API key anywhere in the config is an error; the key is never echoed."""

from __future__ import annotations

from cfg_helpers import Errors, where

KEY = "sht_" + "0123456789abcdef" * 4


def test_api_key_in_a_value(errors: Errors) -> None:
    found = errors(f"version: 1\naccounts:\n  - username: a\n    password: x{KEY}\n")
    assert [where(d) for d in found] == [(4, 15, "accounts[0].password")]
    assert found[0].message == (
        "a literal API key must not be in the config; strec reads it from STREC_API_KEY or "
        "STREC_API_KEY_FILE in its environment"
    )
    assert KEY not in str(found[0])


def test_api_key_in_a_comment_or_unknown_key(errors: Errors) -> None:
    found = errors(f"version: 1\n# key: {KEY}\napi_key: {KEY}\n")
    assert [(where(d), d.message[:23]) for d in found] == [
        ((2, 8, ""), "a literal API key must "),
        ((3, 1, "api_key"), "unknown field 'api_key'"),
        ((3, 10, "api_key"), "a literal API key must "),
    ]


def test_api_key_in_a_block_scalar_is_reported_once(errors: Errors) -> None:
    found = errors(f"version: 1\ncaptions:\n  - title: a\n    caption: |\n      {KEY}\n")
    assert [where(d) for d in found] == [(4, 14, "captions[0].caption")]
