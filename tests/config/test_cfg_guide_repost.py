"""The guide's Repost Pro settings: its names (`data.*`, flat or nested), its types for the
metadata fields, and the catalog that maps the two documents' names."""

from __future__ import annotations

from typing import Any

import pytest
from cfg_helpers import Errors, Write, only, where

from reconciler import catalog
from reconciler.config import load_config, load_expanded
from reconciler.errors import ConfigError

ACCOUNT = "version: 1\naccounts:\n  - username: a\n"


def _settings(write: Write, text: str) -> dict[str, Any]:
    repost = load_config(write(ACCOUNT + text)).accounts[0].repost
    assert repost is not None and repost.settings is not None
    return dict(repost.settings)


def test_guide_catalog_matches_its_table() -> None:
    guide = catalog.GUIDE_REPOST_SETTINGS
    assert set(guide) == {
        "speed", "remove_delay", "daily_pause", "daily_pause_from", "daily_pause_to",
        "caption", "first_comment", "metadata_location", "metadata_user",
        "collections_shuffle", "data.photo", "data.video", "data.album", "data.reels",
        "data.private_only",
    }  # fmt: skip
    assert guide["remove_delay"].unit == "hours"
    assert catalog.REPOST_SETTINGS["remove_delay"].unit == "seconds"
    assert guide["metadata_location"].kind is catalog.Kind.INT
    assert guide["metadata_user"].kind is catalog.Kind.STR


def test_equivalents_both_ways() -> None:
    assert catalog.REPOST_EQUIVALENTS == {
        "photo_posts": "data.photo",
        "video_posts": "data.video",
        "album_posts": "data.album",
        "reels_posts": "data.reels",
    }
    assert catalog.equivalent_setting("repost", "data.reels") == "reels_posts"
    assert catalog.equivalent_setting("repost", "photo_posts") == "data.photo"
    assert catalog.equivalent_setting("repost", "speed") is None
    assert catalog.equivalent_setting("reactions", "photo_posts") is None


def test_data_fields_flat_and_nested_are_one_form(write: Write) -> None:
    flat = _settings(write, "    repost:\n      settings: {data.photo: true, data.reels: false}\n")
    nested = _settings(write, "    repost:\n      settings: {data: {photo: true, reels: false}}\n")
    assert flat == nested == {"data.photo": True, "data.reels": False}


def test_either_documents_names_and_types(write: Write) -> None:
    found = _settings(
        write,
        "    repost:\n      settings:\n"
        "        photo_posts: true\n"
        "        data: {private_only: true}\n"
        "        metadata_location: 213385402\n"
        "        metadata_user: brand.one\n",
    )
    assert found == {
        "photo_posts": True,
        "data.private_only": True,
        "metadata_location": 213385402,
        "metadata_user": "brand.one",
    }
    reference = _settings(write, "    repost:\n      settings: {metadata_location: true}\n")
    assert reference == {"metadata_location": True}


def test_unknown_nested_field_points_at_its_key(errors: Errors) -> None:
    d = only(
        errors(ACCOUNT + "    repost:\n      settings:\n        data:\n          phot: true\n")
    )
    assert where(d) == (7, 11, "accounts[0].repost.settings.data.phot")
    assert d.message == "unknown field 'data.phot' (did you mean 'data.photo'?)"


def test_nested_value_error_points_at_its_value(errors: Errors) -> None:
    d = only(errors(ACCOUNT + "    repost:\n      settings:\n        data: {video: 1}\n"))
    assert where(d) == (6, 23, "accounts[0].repost.settings.data.video")
    assert d.message == "expected true or false, got an integer (write true or false, not 0 or 1)"


def test_nested_field_from_defaults_points_at_defaults(write: Write) -> None:
    path = write(
        "version: 1\ndefaults:\n  repost:\n    settings:\n      data: {album: maybe}\n"
        "accounts:\n  - {username: a}\n  - {username: b}\n"
    )
    with pytest.raises(ConfigError) as info:
        load_config(path)
    d = only(info.value.diagnostics)
    assert where(d) == (5, 21, "defaults.repost.settings.data.album")


@pytest.mark.parametrize(
    ("settings", "line", "message"),
    [
        (
            "{data: 5}",
            5,
            "expected a mapping of media filters (data: {photo: true}), got an integer",
        ),
        (
            "{data.photo: true, data: {photo: false}}",
            5,
            "'data.photo' is written twice: flat and inside 'data:'",
        ),
        (
            "{photo_posts: true, data.photo: true}",
            5,
            "'data.photo' and 'photo_posts' are the same setting in the two API documents; "
            "keep one",
        ),
        (
            '{metadata_location: "paris"}',
            5,
            "expected true or false (the reference) or an integer (the guide), got a string",
        ),
        (
            '{metadata_user: "bad name"}',
            5,
            "expected an Instagram username (letters, digits, '.' and '_', at most 30 "
            "characters), got 'bad name'",
        ),
    ],
)
def test_guide_value_problems(errors: Errors, settings: str, line: int, message: str) -> None:
    d = only(errors(ACCOUNT + f"    repost:\n      settings: {settings}\n"))
    assert d.line == line
    assert d.message == message


def test_flattened_field_has_a_position_for_later_stages(write: Write) -> None:
    loaded = load_expanded(
        write(ACCOUNT + "    repost:\n      settings:\n        data:\n          video: true\n")
    )
    assert loaded.data["accounts"][0]["repost"]["settings"] == {"data.video": True}
    assert loaded.origin(("accounts", 0, "repost", "settings", "data.video")).endswith(":7")
