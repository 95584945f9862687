"""Rule 4: target types per module, ids where required, no repeated (type, value)."""

from __future__ import annotations

from cfg_helpers import Errors, only, where

HEAD = "version: 1\naccounts:\n  - username: a\n"


def test_unknown_type_suggests(errors: Errors) -> None:
    d = only(errors(HEAD + "    repost:\n      targets:\n        - {type: hashtagg, value: x}\n"))
    assert where(d) == (6, 18, "accounts[0].repost.targets[0].type")
    assert d.message == "unknown repost target type 'hashtagg' (did you mean 'hashtag'?)"


def test_type_of_another_module_is_unknown(errors: Errors) -> None:
    d = only(
        errors(HEAD + "    reactions:\n      targets:\n        - {type: tiktok_user, value: x}\n")
    )
    assert where(d) == (6, 18, "accounts[0].reactions.targets[0].type")
    assert d.message.startswith("unknown reactions target type 'tiktok_user'; known types: ")
    assert "user_followers" in d.message  # the guide's types are listed too


def test_type_requiring_id_without_id(errors: Errors) -> None:
    d = only(
        errors(HEAD + "    repost:\n      targets:\n        - type: music\n          value: x\n")
    )
    assert where(d) == (6, 11, "accounts[0].repost.targets[0].id")
    assert d.message == "target type 'music' requires an 'id' (the numeric platform id)"


def test_id_must_be_numeric(errors: Errors) -> None:
    d = only(
        errors(
            HEAD
            + "    reactions:\n      targets:\n        - {type: location, value: p, id: paris}\n"
        )
    )
    assert where(d) == (6, 42, "accounts[0].reactions.targets[0].id")
    assert d.message == "'id' of a location target must be numeric"


def test_duplicate_target(errors: Errors) -> None:
    d = only(
        errors(
            HEAD
            + "    repost:\n      targets:\n"
            + "        - {type: hashtag, value: nature}\n"
            + "        - {type: hashtag, value: sea}\n"
            + "        - {type: hashtag, value: nature}\n"
        )
    )
    assert where(d) == (8, 11, "accounts[0].repost.targets[2]")
    assert d.message.startswith("duplicate target hashtag 'nature' (first declared at ")
    assert d.message.endswith("strec.yaml:6)")


def test_missing_type_is_a_schema_error(errors: Errors) -> None:
    d = only(errors(HEAD + "    repost:\n      targets:\n        - {value: x}\n"))
    assert where(d) == (6, 11, "accounts[0].repost.targets[0].type")
    assert d.message == "missing required field 'type'"
