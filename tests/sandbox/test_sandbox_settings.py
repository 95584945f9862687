"""Settings: grouped GET, flat partial PATCH and its 422 cases."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sandbox_helpers import data

from reconciler.catalog import REACTIONS_SETTINGS, REPOST_SETTINGS
from reconciler.sandbox import Sandbox


def test_repost_settings_grouped_php_typed(client: httpx.Client) -> None:
    groups = data(client.get("/repost/schedules/11/settings"))
    assert set(groups) == {"schedule", "caption", "media_types", "targeting"}
    assert groups["schedule"]["is_active"] == 0
    assert groups["schedule"]["daily_pause"] == 1
    assert groups["schedule"]["daily_pause_from"] == "23:00"
    assert groups["schedule"]["daily_pause_to"] == "00:00"
    assert groups["schedule"]["speed"] == "slow"
    flat = {k for g in groups.values() for k in g}
    assert flat == set(REPOST_SETTINGS) | {"is_active"}


def test_reactions_settings_numeric_strings(client: httpx.Client, guide: httpx.Client) -> None:
    ref = data(client.get("/reactions/schedules/11/settings"))
    assert ref["intervals"]["massvoting_interval"] == "1.5"
    assert ref["notifications"]["tg_chat_id"] == "123456789"
    assert {k for g in ref.values() for k in g} == set(REACTIONS_SETTINGS) | {"is_active"}
    gd = data(guide.get("/reactions/schedules/11/settings"))
    assert gd["intervals"]["massvoting_interval"] == 1.5
    assert gd["schedule"]["is_active"] is True and gd["likes"]["is_likes"] is False


def test_patch_partial(sb: Sandbox, client: httpx.Client) -> None:
    r = client.patch(
        "/repost/schedules/11/settings",
        json={"speed": "fast", "daily_pause_to": "07:30", "photo_posts": 1, "remove_delay": 900},
    )
    assert r.status_code == 200
    assert data(r) == {
        "account_id": 11,
        "updated_fields": ["speed", "daily_pause_to", "photo_posts", "remove_delay"],
    }
    settings = sb.state.schedule("repost", 11).settings  # type: ignore[union-attr]
    assert settings["speed"] == "fast" and settings["photo_posts"] is True
    assert settings["daily_pause_from"] == "23:00"  # untouched


@pytest.mark.parametrize(
    ("body", "bad"),
    [
        ({"speed": "slow", "nope": 1}, "nope"),
        ({"is_active": 1}, "is_active"),
        ({"daily_pause": "yes"}, "daily_pause"),
        ({"daily_pause": 2}, "daily_pause"),
        ({"remove_delay": "900"}, "remove_delay"),
        ({"remove_delay": 1.5}, "remove_delay"),
        ({"remove_delay": 700000}, "remove_delay"),
        ({"daily_pause_from": "25:00"}, "daily_pause_from"),
        ({"daily_pause_from": "7:00"}, "daily_pause_from"),
        ({"speed": "ludicrous"}, "speed"),
        ({"caption": 5}, "caption"),
        ({"custom_repost_time": "10:00"}, "custom_repost_time"),
    ],
)
def test_patch_422_changes_nothing(
    sb: Sandbox, client: httpx.Client, body: dict[str, Any], bad: str
) -> None:
    before = dict(sb.state.schedule("repost", 11).settings)  # type: ignore[union-attr]
    r = client.patch("/repost/schedules/11/settings", json=body)
    assert r.status_code == 422
    assert bad in r.json()["errors"]
    assert sb.state.schedule("repost", 11).settings == before  # type: ignore[union-attr]


def test_patch_reactions_types(client: httpx.Client) -> None:
    ok = {"massvoting_interval": 2, "verified_filter": 2, "expiration_date": "2026-12-31 00:00:00"}
    assert client.patch("/reactions/schedules/11/settings", json=ok).status_code == 200
    for bad in ({"verified_filter": 3}, {"likes_speed": True}, {"expiration_date": "tomorrow"}):
        assert client.patch("/reactions/schedules/11/settings", json=bad).status_code == 422


def test_patch_empty_or_not_an_object(client: httpx.Client) -> None:
    assert client.patch("/repost/schedules/11/settings", json={}).status_code == 422
    assert client.patch("/repost/schedules/11/settings", json=[1]).status_code == 400


def test_drift_shows_in_settings(sb: Sandbox, client: httpx.Client) -> None:
    sb.state.schedule("repost", 11).settings["speed"] = "very_fast"  # type: ignore[union-attr]
    assert data(client.get("/repost/schedules/11/settings"))["schedule"]["speed"] == "very_fast"
