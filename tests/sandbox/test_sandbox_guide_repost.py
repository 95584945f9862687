"""Repost Pro settings in the guide dialect: the guide's names, units, groups and list shape."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sandbox_helpers import client_for, data, items, make_seed

from reconciler.sandbox import Sandbox, SeedError

GUIDE_NAMES = {
    "speed", "remove_delay", "daily_pause", "daily_pause_from", "daily_pause_to", "caption",
    "first_comment", "metadata_location", "metadata_user", "collections_shuffle",
    "data.photo", "data.video", "data.album", "data.reels", "data.private_only",
}  # fmt: skip


def test_get_shows_the_guides_names_grouped(guide: httpx.Client) -> None:
    groups = data(guide.get("/repost/schedules/11/settings"))
    assert set(groups) == {"schedule", "caption", "advanced"}
    flat = {k: v for g in groups.values() for k, v in g.items()}
    assert set(flat) == GUIDE_NAMES | {"is_active"}
    assert flat["speed"] == "slow" and flat["daily_pause"] is True and flat["is_active"] is False
    assert flat["remove_delay"] == 0 and flat["metadata_location"] is None
    assert flat["metadata_user"] == "" and flat["data.photo"] is False


def test_patch_takes_the_guides_names_and_units(guide_sb: Sandbox, guide: httpx.Client) -> None:
    body = {"remove_delay": 24, "metadata_location": 213385402, "metadata_user": "nat.geo_1",
            "data.photo": True, "data.private_only": True, "speed": "fast"}  # fmt: skip
    r = guide.patch("/repost/schedules/11/settings", json=body)
    assert r.status_code == 200 and data(r)["updated_fields"] == list(body)
    flat = {k: v for g in data(guide.get("/repost/schedules/11/settings")).values()
            for k, v in g.items()}  # fmt: skip
    assert {k: flat[k] for k in body} == body
    row = guide_sb.state.schedule("repost", 11)
    assert row is not None and row.settings["photo_posts"] is True and row.private_only
    assert row.settings["remove_delay"] == 0  # the reference's seconds are another value
    listed = items(guide.get("/repost/schedules"))[0]
    assert listed["remove_delay"] == 24 and listed["metadata_location"] == 213385402
    assert listed["metadata_user"] == "nat.geo_1" and listed["speed"] == "fast"
    assert listed["data"] == {"photo": True, "video": False, "album": False, "reels": False,
                              "private_only": True}  # fmt: skip


@pytest.mark.parametrize(
    ("body", "bad", "hint"),
    [
        ({"photo_posts": True}, "photo_posts", "data.photo"),
        ({"targets_shuffle": True}, "targets_shuffle", "unknown"),
        ({"custom_repost_time": ""}, "custom_repost_time", "unknown"),
        ({"data": {"photo": True}}, "data", "unknown"),
        ({"remove_delay": 169}, "remove_delay", "168"),
        ({"remove_delay": -1}, "remove_delay", "hours"),
        ({"remove_delay": "24"}, "remove_delay", "hours"),
        ({"metadata_location": "213385402"}, "metadata_location", "location id"),
        ({"metadata_location": True}, "metadata_location", "location id"),
        ({"metadata_location": -5}, "metadata_location", "location id"),
        ({"metadata_user": "@natgeo"}, "metadata_user", "username"),
        ({"metadata_user": True}, "metadata_user", "username"),
        ({"daily_pause": 1}, "daily_pause", "true or false"),
        ({"data.reels": "yes"}, "data.reels", "true or false"),
        ({"daily_pause_from": "7:00"}, "daily_pause_from", "HH:MM"),
        ({"speed": "ludicrous"}, "speed", "very_slow"),
        ({"is_active": True}, "is_active", "read-only"),
    ],
)
def test_guide_patch_422_changes_nothing(
    guide_sb: Sandbox, guide: httpx.Client, body: dict[str, Any], bad: str, hint: str
) -> None:
    before = data(guide.get("/repost/schedules/11/settings"))
    r = guide.patch("/repost/schedules/11/settings", json={"caption": "ok", **body})
    assert r.status_code == 422 and hint in r.json()["errors"][bad]
    assert data(guide.get("/repost/schedules/11/settings")) == before


@pytest.mark.parametrize("name", ["data.photo", "data.private_only", "metadata_user"])
def test_reference_refuses_the_guides_names(sb: Sandbox, client: httpx.Client, name: str) -> None:
    value: Any = "natgeo" if name == "metadata_user" else True
    r = client.patch("/repost/schedules/11/settings", json={name: value})
    assert r.status_code == 422 and name in r.json()["errors"]
    if name.startswith("data."):
        assert "guide" in r.json()["errors"][name]


def test_reference_settings_unchanged(client: httpx.Client) -> None:
    r = client.patch("/repost/schedules/11/settings", json={"remove_delay": 3600,
                                                             "metadata_user": True})  # fmt: skip
    assert r.status_code == 200
    groups = data(client.get("/repost/schedules/11/settings"))
    assert groups["schedule"]["remove_delay"] == 3600 and groups["schedule"]["metadata_user"] == 1


def test_seed_guide_settings() -> None:
    seed = make_seed()
    seed["accounts"][0]["repost"]["guide_settings"] = {
        "remove_delay": "48", "metadata_location": 213385402, "metadata_user": "natgeo",
        "data.video": 1, "daily_pause_to": "07:00:00", "speed": "slow",
    }  # fmt: skip
    with client_for(Sandbox(seed, dialect="guide")) as g:
        listed = items(g.get("/repost/schedules"))[0]
    assert listed["remove_delay"] == 48 and listed["metadata_user"] == "natgeo"
    assert listed["data"]["video"] is True and listed["daily_pause_to"] == "07:00"


@pytest.mark.parametrize(
    ("guide_settings", "extra", "match"),
    [
        ({"speed": "fast"}, {}, "differs from speed"),
        ({"data.private_only": False}, {"private_only": True}, "differs from private_only"),
        ({"photo_posts": True}, {}, "data.photo"),
        ({"remove_delay": 1000}, {}, "168"),
        ({"metadata_location": True}, {}, "location id"),
        ("fast", {}, "must be a mapping"),
    ],
)
def test_bad_guide_settings_seeds(guide_settings: Any, extra: dict[str, Any], match: str) -> None:
    seed = make_seed()
    seed["accounts"][0]["repost"].update(guide_settings=guide_settings, **extra)
    with pytest.raises(SeedError, match=match):
        Sandbox(seed)


def test_reactions_have_no_guide_settings_key() -> None:
    seed = make_seed()
    seed["accounts"][0]["reactions"]["guide_settings"] = {}
    with pytest.raises(SeedError, match="guide_settings"):
        Sandbox(seed)


GUIDE_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "speed": st.sampled_from(["very_slow", "slow", "medium", "fast", "very_fast"]),
    "remove_delay": st.integers(0, 168),
    "daily_pause": st.booleans(),
    "daily_pause_from": st.builds(lambda h, m: f"{h:02d}:{m:02d}", st.integers(0, 23),
                                  st.integers(0, 59)),
    "caption": st.text(max_size=20),
    "first_comment": st.text(max_size=20),
    "metadata_location": st.none() | st.integers(0, 10**12),
    "metadata_user": st.just("") | st.from_regex(r"\A[A-Za-z0-9._]{1,30}\Z"),
    "collections_shuffle": st.booleans(),
    "data.photo": st.booleans(),
    "data.private_only": st.booleans(),
}  # fmt: skip


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.fixed_dictionaries({}, optional=GUIDE_VALUES).filter(bool))
def test_any_valid_guide_patch_reads_back(body: dict[str, Any]) -> None:
    """Property: whatever valid guide values are written, GET and the list show them."""
    with client_for(Sandbox(make_seed(), dialect="guide")) as g:
        assert g.patch("/repost/schedules/13/settings", json=body).status_code == 200
        flat = {k: v for grp in data(g.get("/repost/schedules/13/settings")).values()
                for k, v in grp.items()}  # fmt: skip
        listed = items(g.get("/repost/schedules"))[2]
    assert {k: flat[k] for k in body} == body
    shown = {**listed, **{f"data.{k}": v for k, v in listed["data"].items()}}
    assert {k: shown[k] for k in body} == body
