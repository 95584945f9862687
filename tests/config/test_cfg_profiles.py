"""`defaults` and `profiles`: merge rules, and errors that point where a value was written."""

from __future__ import annotations

from pathlib import Path

import pytest
from cfg_helpers import Errors, Write, only, where

from reconciler.config import load_config
from reconciler.errors import ConfigError

TEMPLATES = """\
version: 1
defaults:
  protect: true
  reactions:
    active: true
    settings: {is_likes: true, likes_speed: 1}
    targets: [{type: hashtag, value: from-defaults}]
profiles:
  fast:
    reactions:
      settings: {likes_speed: 5}
  travel:
    proxy: {country: US}
    reactions:
      settings: {likes_speed: 4, is_follow: true}
      targets: [{type: hashtag, value: travel}]
"""


def test_merge_order_maps_merge_lists_replace_account_wins(write: Write) -> None:
    config = load_config(
        write(
            TEMPLATES
            + """\
accounts:
  - username: plain
  - username: one
    profile: fast
  - username: both
    profile: [fast, travel]
  - username: own
    profile: [travel, fast]
    protect: false
    reactions:
      settings: {likes_speed: 2}
      targets: []
"""
        )
    )
    plain, one, both, own = config.accounts
    assert plain.protect is True and plain.proxy is None
    assert plain.reactions is not None and plain.reactions.settings == {
        "is_likes": True,
        "likes_speed": 1,
    }
    assert one.reactions is not None and one.reactions.settings == {
        "is_likes": True,
        "likes_speed": 5,
    }
    assert both.reactions is not None and both.reactions.settings == {
        "is_likes": True,
        "likes_speed": 4,  # the later profile wins
        "is_follow": True,
    }
    assert [t.value for t in both.reactions.targets or []] == ["travel"]  # lists replace
    assert both.proxy is not None and both.profile == ["fast", "travel"]
    assert own.protect is False
    assert own.reactions is not None and own.reactions.active is True  # from defaults
    assert own.reactions.settings == {"is_likes": True, "likes_speed": 2, "is_follow": True}
    assert own.reactions.targets == []
    assert config.defaults is not None and config.defaults.protect is True
    assert set(config.profiles) == {"fast", "travel"}


def test_null_removes_an_inherited_value(write: Write) -> None:
    config = load_config(
        write(TEMPLATES + "accounts:\n  - {username: a, profile: travel, proxy: null}\n")
    )
    assert config.accounts[0].proxy is None


def test_absent_account_inherits_only_protect(write: Write) -> None:
    config = load_config(
        write(TEMPLATES + "accounts:\n  - {username: a, profile: travel, state: absent}\n")
    )
    account = config.accounts[0]
    assert (account.protect, account.proxy, account.reactions) == (True, None, None)


def test_unknown_profile_suggests(errors: Errors) -> None:
    d = only(errors(TEMPLATES + "accounts:\n  - {username: a, profile: [fast, travle]}\n"))
    assert where(d) == (18, 35, "accounts[0].profile[1]")
    assert d.message == "unknown profile 'travle' (did you mean 'travel'?)"


def test_unknown_profile_without_profiles(errors: Errors) -> None:
    d = only(errors("version: 1\naccounts:\n  - {username: a, profile: x}\n"))
    assert d.message == "unknown profile 'x': no profiles are declared (profiles: ...)"


def test_profile_must_be_a_name_or_list(errors: Errors) -> None:
    d = only(errors(TEMPLATES + "accounts:\n  - {username: a, profile: {x: 1}}\n"))
    assert (d.path, d.message) == (
        "accounts[0].profile",
        "expected a profile name or a list of names, got a mapping",
    )


def test_error_in_a_profile_points_at_it_once(errors: Errors) -> None:
    text = TEMPLATES.replace("likes_speed: 5}", "likes_speed: fast}") + (
        "accounts:\n  - {username: a, profile: fast}\n  - {username: b, profile: fast}\n"
    )
    d = only(errors(text))
    assert where(d) == (11, 31, "profiles.fast.reactions.settings.likes_speed")
    assert d.message.startswith("expected an integer, got a string")


def test_error_in_an_unused_profile_is_reported(errors: Errors) -> None:
    d = only(errors(TEMPLATES.replace("proxy: {country: US}", "proxi: x")))
    assert where(d) == (13, 5, "profiles.travel.proxi")
    assert d.message == "unknown field 'proxi' (did you mean 'proxy'?)"


def test_error_in_defaults_points_at_defaults(errors: Errors) -> None:
    text = TEMPLATES.replace("protect: true", 'protect: "yes"') + ("accounts:\n  - {username: a}\n")
    d = only(errors(text))
    assert where(d) == (3, 12, "defaults.protect")


def test_templates_take_no_username_state_or_profile(errors: Errors) -> None:
    found = errors(
        "version: 1\ndefaults: {username: x, state: absent}\nprofiles:\n  p: {profile: q}\n"
        "accounts:\n  - {username: a, profile: p}\n"
    )
    assert [(d.path, d.message[:15]) for d in found] == [
        ("defaults.username", "unknown field '"),
        ("defaults.state", "unknown field '"),
        ("profiles.p.profile", "unknown field '"),
    ]


def test_imap_login_completed_by_a_profile(write: Write) -> None:
    config = load_config(
        write(
            "version: 1\nprofiles:\n  mail:\n    imap_server: imap.example.com\n"
            "accounts:\n  - username: a\n    profile: mail\n    imap_username: a\n"
            "    imap_password: ${env:A_IMAP}\n"
        )
    )
    assert config.accounts[0].imap_port == 993


def test_literal_secret_in_defaults(errors: Errors) -> None:
    d = only(errors("version: 1\ndefaults: {password: hunter2}\naccounts:\n  - username: a\n"))
    assert (d.path, d.message) == (
        "defaults.password",
        "secrets must come from ${env:...} or ${file:...}",
    )


def test_profiles_across_files(write: Write, tmp_path: Path) -> None:
    write("version: 1\nprofiles:\n  a: {protect: true}\n", "1.yaml")
    write("profiles:\n  b: {protect: true}\naccounts:\n  - {username: u, profile: b}\n", "2.yaml")
    assert load_config(tmp_path).accounts[0].protect is True
    write("profiles:\n  a: {protect: false}\n", "3.yaml")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    d = only(info.value.diagnostics)
    assert (Path(d.file).name, d.path) == ("3.yaml", "profiles.a")
    assert d.message == f"'profiles.a' is declared in two files: {tmp_path / '1.yaml'}:3 and here"
