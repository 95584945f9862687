"""Schedule lists, activate/pause and the bulk endpoints."""

from __future__ import annotations

import httpx
from sandbox_helpers import data

from reconciler.sandbox import Sandbox

REPOST_FIELDS = {
    "id", "account_id", "account_username", "instagram_id", "status", "is_active", "speed",
    "remove_delay", "daily_pause", "daily_pause_from", "daily_pause_to", "caption",
    "first_comment", "metadata_location", "metadata_user", "collections_shuffle", "target",
    "data", "schedule_date", "end_date", "last_action_date",
}  # fmt: skip
REACTIONS_FIELDS = {
    "id", "account_id", "account_username", "instagram_id", "is_active", "is_running",
    "is_executed", "speed", "daily_pause", "daily_pause_from", "daily_pause_to", "messages",
    "target", "data", "schedule_date", "end_date", "last_action_date", "next_check_date",
    "expiration_date",
}  # fmt: skip


def test_reference_schedule_lists_are_unpaged_with_count(client: httpx.Client) -> None:
    body = client.get("/repost/schedules", params={"per_page": 1}).json()
    assert body["meta"] == {"count": 3} and len(body["data"]) == 3
    one = body["data"][0]
    assert set(one) == REPOST_FIELDS
    assert one["account_username"] == "brand_one" and one["status"] == "inactive"
    assert one["is_active"] == 0 and one["speed"] == "slow" and one["remove_delay"] == "0"
    assert one["daily_pause_from"] == "23:00:00"
    assert one["target"] == [{"type": "hashtag", "id": "nature", "value": "nature", "link": ""}]
    reactions = client.get("/reactions/schedules").json()
    assert reactions["meta"] == {"count": 2}
    assert set(reactions["data"][0]) == REACTIONS_FIELDS


def test_guide_schedule_lists_are_paged(guide: httpx.Client) -> None:
    page = data(guide.get("/repost/schedules", params={"per_page": 2}))
    assert page["total"] == 3 and len(page["items"]) == 2 and page["per_page"] == 2
    first = page["items"][0]
    assert first["is_active"] is False and first["daily_pause"] is True
    assert first["daily_pause_from"] == "23:00" and first["remove_delay"] == 0
    assert {"photo", "video", "album", "reels", "private_only"} <= set(first["data"])
    assert first["target"][0]["target_id"] >= 1


def test_activate_pause_and_409(sb: Sandbox, client: httpx.Client) -> None:
    r = client.post("/repost/schedules/11/activate")
    assert r.status_code == 200 and data(r) == {"account_id": 11, "is_active": True}
    assert sb.state.schedule("repost", 11).is_active  # type: ignore[union-attr]
    assert client.post("/repost/schedules/11/activate").status_code == 409
    assert data(client.post("/repost/schedules/11/pause")) == {"account_id": 11, "is_active": False}
    assert client.post("/repost/schedules/11/pause").status_code == 409


def test_activate_without_schedule_is_404(client: httpx.Client) -> None:
    assert client.post("/reactions/schedules/12/activate").status_code == 404
    assert client.get("/reactions/schedules/12").status_code == 404


def test_bulk_with_skipped(sb: Sandbox, client: httpx.Client) -> None:
    r = client.post("/repost/schedules/bulk/activate", json={"account_ids": [11, 21, 99, 12]})
    assert data(r) == {"affected": 2, "account_ids": [11, 12], "skipped": [21, 99]}
    assert all(sb.state.schedule("repost", a).is_active for a in (11, 12))  # type: ignore[union-attr]
    assert not sb.state.schedule("repost", 21).is_active  # type: ignore[union-attr]


def test_bulk_without_body_affects_all(client: httpx.Client) -> None:
    assert data(client.post("/repost/schedules/bulk/pause"))["account_ids"] == [11, 12, 13]


def test_bulk_with_no_valid_schedule_is_404(client: httpx.Client) -> None:
    r = client.post("/reactions/schedules/bulk/pause", json={"account_ids": [12, 21]})
    assert r.status_code == 404 and r.json()["errors"]["skipped"] == [12, 21]
    bad = client.post("/reactions/schedules/bulk/pause", json={"account_ids": "11"})
    assert bad.status_code == 422


def test_bulk_stop_clears_running(sb: Sandbox, client: httpx.Client) -> None:
    assert (
        data(client.post("/reactions/schedules/bulk/stop", json={"account_ids": [11]}))["affected"]
        == 1
    )
    row = sb.state.schedule("reactions", 11)
    assert row is not None and not row.is_active and not row.is_running


def test_guide_bulk_paths(guide_sb: Sandbox, guide: httpx.Client) -> None:
    assert data(guide.post("/reactions/bulk/stop"))["account_ids"] == [11, 13]
    assert data(guide.post("/repost/bulk/activate", json={"account_ids": [13]}))["affected"] == 1
    assert guide_sb.state.schedule("repost", 13).is_active  # type: ignore[union-attr]
    assert guide.post("/repost/bulk/stop").status_code == 404
