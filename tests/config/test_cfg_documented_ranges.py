"""Validate holds settings and targets to what the two API documents state: ranges,
choices, forms, required target values, Instagram usernames, and quote hints that are right."""

from __future__ import annotations

from typing import Any

import pytest
from cfg_helpers import Errors, Write, only, where
from hypothesis import given, settings
from hypothesis import strategies as st

from reconciler import catalog
from reconciler.config import load_config
from reconciler.config.setting_values import SettingTypeError, canonical_setting

ACCOUNT = "version: 1\naccounts:\n  - username: a\n"
REMOVE_DELAY = catalog.REPOST_SETTINGS["remove_delay"]


def _repost_settings(write: Write, settings_text: str) -> dict[str, Any]:
    config = load_config(write(ACCOUNT + f"    repost:\n      settings: {settings_text}\n"))
    repost = config.accounts[0].repost
    assert repost is not None and repost.settings is not None
    return dict(repost.settings)


def _setting_error(errors: Errors, module: str, setting: str) -> str:
    d = only(errors(ACCOUNT + f"    {module}:\n      settings:\n        {setting}\n"))
    assert d.path == f"accounts[0].{module}.settings.{setting.partition(':')[0]}"
    return d.message


# targets -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("module", "target"),
    [
        ("reactions", "{type: hashtag}"),
        ("reactions", '{type: people_likers, id: "1", value: " "}'),
        ("repost", "{type: tiktok_trending}"),
        ("repost", "{type: hashtag, value: ''}"),
    ],
)
def test_target_without_required_value(errors: Errors, module: str, target: str) -> None:
    d = only(errors(ACCOUNT + f"    {module}:\n      targets:\n        - {target}\n"))
    assert where(d) == (6, 11, f"accounts[0].{module}.targets[0]")
    type_ = target.split(",")[0].removeprefix("{type: ").rstrip("}")
    assert d.message == f"target type '{type_}' requires a 'value' ({{type: {type_}, value: ...}})"


@pytest.mark.parametrize("type_", ["timeline", "explore", "feed"])
def test_types_the_documents_give_no_value(write: Write, type_: str) -> None:
    text = ACCOUNT + f"    reactions:\n      targets:\n        - {{type: {type_}}}\n"
    targets = load_config(write(text)).accounts[0].reactions.targets  # type: ignore[union-attr]
    assert targets is not None and targets[0].type == type_ and targets[0].value == ""


def test_every_catalog_type_says_whether_it_needs_a_value() -> None:
    without = {
        (m, t.type)
        for docs in (catalog.TARGET_TYPES, catalog.GUIDE_TARGET_TYPES)
        for m, types in docs.items()
        for t in types.values()
        if not t.requires_value
    }
    assert without == {("reactions", "timeline"), ("reactions", "explore"), ("reactions", "feed")}


# ranges, choices and forms ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("remove_delay: 604801", "must be from 0 to 604800 (seconds, 0 = never), got 604801"),
        ("remove_delay: -1", "must be from 0 to 604800 (seconds, 0 = never), got -1"),
        ("remove_delay: 8d", "the duration '8d' is 691200s; at most 604800s (7 days)"),
        (
            "remove_delay: soon",
            "expected a whole number (seconds, 0 = never) or a duration such as 90m, 24h or 7d, "
            "got 'soon'",
        ),
        (
            'remove_delay: "3600"',
            "expected a whole number (seconds, 0 = never) or a duration such as 90m, 24h or 7d, "
            "got '3600' (remove the quotes)",
        ),
        ("remove_delay: 1.5", "expected an integer, got a number 1.5 (a whole number is needed)"),
        (
            'custom_repost_time: "10:00"',
            'expected daily times as repost[HH:MM] joined by commas, e.g. "repost[10:00],'
            "repost[18:00]\" (empty: use speed), got '10:00'",
        ),
        ('custom_repost_time: "repost[24:00]"', "expected daily times as repost[HH:MM]"),
        ('custom_repost_time: "repost[10:00];repost[11:00]"', "expected daily times as"),
        ("speed: turbo", "must be one of very_slow, slow, medium, fast, very_fast; got 'turbo'"),
    ],
)
def test_repost_values_outside_the_documents(errors: Errors, setting: str, message: str) -> None:
    assert _setting_error(errors, "repost", setting).startswith(message)


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("0", 0),
        ("604800", 604800),
        ("24h", "86400s"),
        ("7d", "604800s"),
        ("90m", "5400s"),
        ("1h30m", "5400s"),
        ("86400s", "86400s"),
        ("0s", "0s"),
    ],
)
def test_remove_delay_takes_seconds_or_a_duration(
    write: Write, written: str, canonical: object
) -> None:
    assert _repost_settings(write, f"{{remove_delay: {written}}}") == {"remove_delay": canonical}


@pytest.mark.parametrize(
    "value",
    ['""', '"repost[10:00]"', '"repost[10:00],repost[18:00]"', '"repost[09:30], repost[23:59]"'],
)
def test_custom_repost_time_forms(write: Write, value: str) -> None:
    found = _repost_settings(write, f"{{custom_repost_time: {value}}}")
    assert found == {"custom_repost_time": value.strip('"')}


def test_verified_filter_choices(errors: Errors) -> None:
    assert (
        _setting_error(errors, "reactions", "verified_filter: 3") == "must be one of 0, 1, 2; got 3"
    )


@given(st.integers(-(10**7), 10**7))
def test_remove_delay_accepts_exactly_the_documented_range(seconds: int) -> None:
    try:
        assert canonical_setting(REMOVE_DELAY, seconds) == seconds
        accepted = True
    except SettingTypeError:
        accepted = False
    assert accepted == (0 <= seconds <= catalog.MAX_REMOVE_DELAY_SECONDS)


@settings(max_examples=200)
@given(st.integers(0, 9), st.integers(0, 30), st.integers(0, 200), st.integers(0, 100))
def test_durations_sum_and_stay_canonical(d: int, h: int, m: int, s: int) -> None:
    text = "".join(f"{n}{u}" for n, u in ((d, "d"), (h, "h"), (m, "m"), (s, "s")) if n) or "0s"
    total = ((d * 24 + h) * 60 + m) * 60 + s
    try:
        canonical = canonical_setting(REMOVE_DELAY, text)
    except SettingTypeError:
        assert total > catalog.MAX_REMOVE_DELAY_SECONDS
        return
    assert canonical == f"{total}s"
    assert canonical_setting(REMOVE_DELAY, canonical) == canonical  # render reloads it


# hints about quotes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        (
            "is_likes: yes",
            "expected true or false, got a string (YAML 1.2 reads 'yes' as text: "
            "write true or false)",
        ),
        ("is_likes: Off", "expected true or false, got a string (YAML 1.2 reads 'Off' as text"),
        (
            "is_likes: 'yes'",
            "expected true or false, got a string (write true or false without quotes)",
        ),
        ('likes_speed: "3"', "expected an integer, got a string '3' (remove the quotes)"),
    ],
)
def test_quote_hints_only_when_quoted(errors: Errors, setting: str, message: str) -> None:
    assert _setting_error(errors, "reactions", setting).startswith(message)


def test_quote_hint_of_a_model_field(errors: Errors) -> None:
    d = only(errors("version: 1\nprune: {captions: on}\n"))
    assert d.message == (
        "expected true or false, got a string (YAML 1.2 reads 'on' as text: write true or false)"
    )


# usernames ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "message"),
    [
        (
            "brand one",
            "'brand one' is not an Instagram username (letters, digits, '.' and '_', "
            "at most 30 characters)",
        ),
        ("brand-one", "'brand-one' is not an Instagram username"),
        ("bränd", "'bränd' is not an Instagram username"),
        ("a" * 31, f"'{'a' * 31}' is 31 characters long; Instagram allows at most 30"),
        (
            "'@brand_one'",
            "'@brand_one' is not an Instagram username (letters, digits, '.' and "
            "'_', at most 30 characters); write it without the '@': 'brand_one'",
        ),
    ],
)
def test_username_rules(errors: Errors, username: str, message: str) -> None:
    d = only(errors(f"version: 1\naccounts:\n  - username: {username}\n"))
    assert where(d) == (3, 15, "accounts[0].username")
    assert d.message.startswith(message)


@pytest.mark.parametrize("username", ["a", "Brand.One_2", "x" * 30, "_.9"])
def test_valid_usernames(write: Write, username: str) -> None:
    config = load_config(write(f"version: 1\naccounts:\n  - username: {username}\n"))
    assert config.accounts[0].username == username
