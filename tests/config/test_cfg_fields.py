"""Rules 2, 3 and 8: unknown fields, strict types, settings per module, version."""

from __future__ import annotations

import pytest
from cfg_helpers import Errors, only, where

ACCOUNT = "version: 1\naccounts:\n  - username: a\n"


def test_unknown_top_level_field_suggests(errors: Errors) -> None:
    d = only(errors("version: 1\nacounts: []\n"))
    assert where(d) == (2, 1, "acounts")
    assert d.message == "unknown field 'acounts' (did you mean 'accounts'?)"


def test_unknown_field_without_close_match(errors: Errors) -> None:
    d = only(errors(ACCOUNT + "    zzz: 1\n"))
    assert where(d) == (4, 5, "accounts[0].zzz")
    assert d.message == "unknown field 'zzz'"


def test_unknown_field_in_target(errors: Errors) -> None:
    d = only(errors(ACCOUNT + "    repost:\n      targets:\n        - {type: hashtag, valeu: x}\n"))
    assert where(d) == (6, 27, "accounts[0].repost.targets[0].valeu")
    assert d.message == "unknown field 'valeu' (did you mean 'value'?)"


def test_unknown_settings_field_suggests(errors: Errors) -> None:
    d = only(errors(ACCOUNT + "    repost:\n      settings:\n        speeed: fast\n"))
    assert where(d) == (6, 9, "accounts[0].repost.settings.speeed")
    assert d.message == "unknown field 'speeed' (did you mean 'speed'?)"


def test_setting_of_the_other_module_is_named(errors: Errors) -> None:
    d = only(errors(ACCOUNT + "    repost:\n      settings: {follow_limit: 3}\n"))
    assert where(d) == (5, 18, "accounts[0].repost.settings.follow_limit")
    assert d.message == "unknown field 'follow_limit' (it is a reactions setting)"


def test_read_only_is_active_in_settings(errors: Errors) -> None:
    d = only(errors(ACCOUNT + "    repost:\n      settings:\n        is_active: true\n"))
    assert where(d) == (6, 9, "accounts[0].repost.settings.is_active")
    assert d.message == "'is_active' is read-only in settings; use 'active:' instead"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "yes",
            "expected true or false, got a string (YAML 1.2 reads 'yes' as text: "
            "write true or false)",
        ),
        ('"true"', "expected true or false, got a string (write true or false without quotes)"),
        ("1", "expected true or false, got an integer"),
    ],
)
def test_active_must_be_a_real_boolean(errors: Errors, value: str, message: str) -> None:
    d = only(errors(ACCOUNT + f"    reactions:\n      active: {value}\n"))
    assert where(d) == (5, 15, "accounts[0].reactions.active")
    assert d.message == message


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ('likes_speed: "3"', "expected an integer, got a string '3' (remove the quotes)"),
        ("likes_speed: 2.5", "expected an integer, got a number 2.5 (a whole number is needed)"),
        (
            'is_likes: "yes"',
            "expected true or false, got a string (write true or false without quotes)",
        ),
        ("is_likes: 1", "expected true or false, got an integer (write true or false, not 0 or 1)"),
        ('massvoting_interval: "2.5"', "expected a number, got a string '2.5' (remove the quotes)"),
        ("emojis: 5", "expected a string, got an integer (put it in quotes)"),
        ("verified_filter: 3", "must be one of 0, 1, 2; got 3"),
        ("expiration_date: soon", "expected a date and time \"YYYY-MM-DD HH:MM:SS\", got 'soon'"),
    ],
)
def test_reactions_setting_types(errors: Errors, setting: str, message: str) -> None:
    d = only(errors(ACCOUNT + f"    reactions:\n      settings:\n        {setting}\n"))
    name, _, _ = setting.partition(":")
    assert where(d) == (6, 9 + len(name) + 2, f"accounts[0].reactions.settings.{name}")
    assert d.message == message


def test_speed_choices(errors: Errors) -> None:
    d = only(errors(ACCOUNT + "    repost:\n      settings: {speed: fastest}\n"))
    assert where(d) == (5, 25, "accounts[0].repost.settings.speed")
    assert d.message == (
        "must be one of very_slow, slow, medium, fast, very_fast; got 'fastest' "
        "(did you mean 'fast'?)"
    )


def test_time_out_of_range(errors: Errors) -> None:
    d = only(errors(ACCOUNT + '    repost:\n      settings:\n        daily_pause_from: "25:00"\n'))
    assert where(d) == (6, 27, "accounts[0].repost.settings.daily_pause_from")
    assert d.message == "expected a time of day \"HH:MM\" from 00:00 to 23:59, got '25:00'"


def test_yaml_1_1_unquoted_time_asks_for_quotes(errors: Errors) -> None:
    text = (
        "%YAML 1.1\n---\n"
        + ACCOUNT
        + "    repost:\n      settings:\n        daily_pause_to: 23:00\n"
    )
    d = only(errors(text))
    assert where(d) == (8, 25, "accounts[0].repost.settings.daily_pause_to")
    assert d.message == (
        "expected a quoted time of day, got the number 1380: an unquoted 23:00 is read as a "
        'number; write it in quotes: "23:00"'
    )


def test_time_given_as_boolean(errors: Errors) -> None:
    d = only(errors(ACCOUNT + "    repost:\n      settings: {daily_pause_to: true}\n"))
    assert d.message == 'expected a time of day "HH:MM" in quotes, got a boolean'


def test_null_setting_value(errors: Errors) -> None:
    d = only(errors(ACCOUNT + "    repost:\n      settings: {speed: }\n"))
    assert d.path == "accounts[0].repost.settings.speed"
    assert d.message == "expected a string, got null (an empty value)"


def test_wrong_types_in_model_fields(errors: Errors) -> None:
    found = errors(
        """\
        version: 1
        prune: {captions: "no"}
        captions: [{title: "", caption: 5}]
        accounts:
          - username: 42
            password: 1234
            repost: [active]
            reactions: {targets: {type: hashtag}}
        """
    )
    assert [(where(d), d.message) for d in found] == [
        (
            (2, 19, "prune.captions"),
            "expected true or false, got a string (write true or false without quotes)",
        ),
        ((3, 20, "captions[0].title"), "must not be empty"),
        ((3, 33, "captions[0].caption"), "expected a string, got an integer (put it in quotes)"),
        ((5, 15, "accounts[0].username"), "expected a string, got an integer (put it in quotes)"),
        ((6, 15, "accounts[0].password"), "expected a string, got an integer (put it in quotes)"),
        ((7, 13, "accounts[0].repost"), "expected a mapping, got a list"),
        ((8, 26, "accounts[0].reactions.targets"), "expected a list, got a mapping"),
    ]


def test_missing_required_fields(errors: Errors) -> None:
    found = errors("version: 1\ncaptions:\n  - caption: x\naccounts:\n  - protect: true\n")
    assert [(where(d), d.message) for d in found] == [
        ((3, 5, "captions[0].title"), "missing required field 'title'"),
        ((5, 5, "accounts[0].username"), "missing required field 'username'"),
    ]


@pytest.mark.parametrize("value", ["2", '"1"', "true", "1.0"])
def test_version_must_be_1(errors: Errors, value: str) -> None:
    d = only(errors(f"version: {value}\n"))
    assert where(d) == (1, 10, "version")
    assert d.message == "version must be 1"


def test_version_missing(errors: Errors) -> None:
    d = only(errors("# a comment\naccounts: []\n"))
    assert where(d) == (2, 1, "version")
    assert d.message == "missing required field 'version' (add 'version: 1' at the top)"


def test_account_state(errors: Errors) -> None:
    d = only(errors(ACCOUNT + "    state: gone\n"))
    assert where(d) == (4, 12, "accounts[0].state")
    assert d.message == "must be 'present' or 'absent'"
