"""Welcome DM, AI-DM and Leads schedules: shapes, paging, by id, activation, statuses."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sandbox_helpers import client_for, data, items, make_seed, modules_seed

from reconciler.sandbox import Sandbox, SeedError
from reconciler.sandbox.module_fields import LEADS_DATA_FIELDS
from reconciler.sandbox.state import datetime_text

FIELDS = {
    "welcomedm": {
        "id", "account_id", "is_active", "status", "messages", "message_count", "speed",
        "daily_pause", "settings", "schedule_date", "end_date", "last_action_date",
    },
    "ai-dm": {
        "id", "account_id", "account_name", "status", "is_active", "daily_pause", "cta",
        "settings", "schedule_date", "last_action_date",
    },
    "leads": {
        "id", "account_id", "task_name", "status", "is_active", "is_running", "targets",
        "target_count", "speed", "estimated_speed", "estimated_speed_parsed",
        "analyzed_percentage", "parser_data_type", "data_fields", "filters",
        "language_filter", "telegram", "accelerators", "custom_delays", "schedule_date",
        "end_date", "last_action_date",
    },
}  # fmt: skip
NOW = 1_790_000_000.0


@pytest.fixture(params=["reference", "guide"])
def msb(request: pytest.FixtureRequest) -> Sandbox:
    return Sandbox(modules_seed(), dialect=request.param, clock=lambda: NOW)


@pytest.fixture
def mc(msb: Sandbox) -> Iterator[httpx.Client]:
    with client_for(msb) as c:
        yield c


@pytest.mark.parametrize("seg", sorted(FIELDS))
def test_lists_are_paged_with_the_documented_fields(mc: httpx.Client, seg: str) -> None:
    first = mc.get(f"/{seg}/schedules", params={"per_page": 1})
    assert len(items(first)) == 1 and set(items(first)[0]) == FIELDS[seg]
    body = first.json()
    total = body["meta"]["total"] if "meta" in body else body["data"]["total"]
    second = mc.get(f"/{seg}/schedules", params={"per_page": 1, "page": 2})
    assert total == 2 if seg != "ai-dm" else total == 1
    if total == 2:
        assert items(second)[0]["id"] > items(first)[0]["id"]
    if "meta" in body:
        assert body["meta"]["total_pages"] == total


def test_two_welcome_dm_schedules_of_one_account(mc: httpx.Client, msb: Sandbox) -> None:
    rows = items(mc.get("/welcomedm/schedules"))
    assert [(r["id"], r["account_id"]) for r in rows] == [(1, 11), (2, 11)]
    first, second = rows
    assert first["messages"] == [{"text": "Hi {username}!"}, {"text": "Welcome"}]
    assert first["message_count"] == 2 and first["speed"] == "auto" and second["speed"] == 3
    assert second["daily_pause"]["from"] == "22:00" and second["status"] == "inactive"
    flag = 1 if msb.dialect.php else True
    assert first["is_active"] == flag and second["daily_pause"]["enabled"] == flag
    assert first["settings"] == {"skip_opened": False, "mute_thread": False,
                                 "has_attachment": False, "debug_mode": False}


def test_leads_object(mc: httpx.Client) -> None:
    lead = data(mc.get("/leads/schedules/7"))
    assert set(lead["data_fields"]) == set(LEADS_DATA_FIELDS) and len(LEADS_DATA_FIELDS) == 15
    assert lead["targets"] == [{"type": "people_followers", "value": "nike", "id": "13"}]
    assert lead["target_count"] == 1 and lead["speed"] == 3 and lead["filters"]["posts_max"] == 0
    assert lead["telegram"] == {"analytics_enabled": False, "errors_enabled": False,
                                "chat_id": 0, "delay": 0}


def test_ai_dm_never_shows_the_openai_key(mc: httpx.Client) -> None:
    ai = data(mc.get("/ai-dm/schedules/5"))
    assert ai["settings"]["api_key_configured"] is True and ai["settings"]["model"] == "gpt-4"
    assert ai["account_name"] == "brand_one" and "api_key" not in ai["settings"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/welcomedm/schedules/3"),
        ("GET", "/ai-dm/schedules/6"),
        ("GET", "/leads/schedules/9"),
        ("GET", "/leads/schedules/99"),
        ("POST", "/welcomedm/schedules/3/activate"),
        ("POST", "/ai-dm/schedules/6/activate"),
        ("POST", "/leads/schedules/9/start"),
    ],
)
def test_other_users_and_unknown_schedules_are_404(
    mc: httpx.Client, msb: Sandbox, method: str, path: str
) -> None:
    assert mc.request(method, path).status_code == 404
    theirs = [msb.state.module_rows(m)[i] for m, i in (("welcome_dm", 3), ("ai_dm", 6),
                                                        ("leads", 9))]  # fmt: skip
    assert not any(row.is_active for row in theirs)


@pytest.mark.parametrize(("seg", "sid", "active"), [("welcomedm", 2, False), ("ai-dm", 5, True)])
def test_activate_pause_409(mc: httpx.Client, seg: str, sid: int, active: bool) -> None:
    toggle, back = ("pause", "activate") if active else ("activate", "pause")
    r = mc.post(f"/{seg}/schedules/{sid}/{toggle}")
    assert r.status_code == 200
    assert data(r) == {"id": sid, "account_id": 11, "is_active": not active}
    assert mc.post(f"/{seg}/schedules/{sid}/{toggle}").status_code == 409
    assert data(mc.post(f"/{seg}/schedules/{sid}/{back}"))["is_active"] is active
    assert mc.post(f"/{seg}/schedules/{sid}/{back}").status_code == 409
    # one of the two calls activated it: schedule_date is now
    assert data(mc.get(f"/{seg}/schedules/{sid}"))["schedule_date"] == datetime_text(NOW)


def test_ai_dm_stays_running_when_paused(mc: httpx.Client) -> None:
    assert data(mc.get("/ai-dm/schedules/5"))["status"] == "running"
    mc.post("/ai-dm/schedules/5/pause")
    paused = data(mc.get("/ai-dm/schedules/5"))
    assert paused["status"] == "running" and paused["is_active"] in (0, False)


def test_leads_statuses_start_and_stop(mc: httpx.Client, msb: Sandbox) -> None:
    statuses = {s["id"]: s["status"] for s in items(mc.get("/leads/schedules"))}
    assert statuses == {7: "active", 8: "scheduled"}  # future vs past schedule_date
    assert mc.post("/leads/schedules/7/start").status_code == 409
    stopped = data(mc.post("/leads/schedules/7/stop"))
    assert stopped == {"id": 7, "account_id": 11, "is_active": False, "is_running": False}
    assert data(mc.get("/leads/schedules/7"))["status"] == "inactive"
    assert mc.post("/leads/schedules/7/stop").status_code == 409
    started = mc.post("/leads/schedules/7/start")
    assert started.status_code == 200 and data(started)["is_active"] is True
    after = data(mc.get("/leads/schedules/7"))
    assert after["schedule_date"] == datetime_text(NOW) and after["status"] == "scheduled"
    assert mc.post("/leads/schedules/7/pause").status_code == 404  # leads: start/stop only


def test_stop_clears_a_paused_schedule_still_running(mc: httpx.Client, msb: Sandbox) -> None:
    row = msb.state.module_rows("leads")[8]
    row.is_active, row.is_running = False, True
    assert data(mc.get("/leads/schedules/8"))["status"] == "running"
    assert data(mc.post("/leads/schedules/8/stop"))["is_running"] is False
    assert not row.is_running


def test_deleting_an_account_deletes_its_module_rows(msb: Sandbox, mc: httpx.Client) -> None:
    assert mc.delete("/accounts/11").status_code == 200
    assert [s["id"] for s in items(mc.get("/welcomedm/schedules"))] == []
    assert [s["id"] for s in items(mc.get("/leads/schedules"))] == [8]
    assert all(f.account_id != 11 for f in msb.state.first_comments.values())


@pytest.mark.parametrize(
    ("block", "match"),
    [
        ({"messages": ["a"], "message_count": 2}, "message_count 2 does not match"),
        ({"speed": 7}, r"welcome_dm\[0\]\.speed"),
        ({"colour": "red"}, "colour"),
        ({"daily_pause": {"from": "25:00"}}, r"daily_pause\.from"),
        ({"last_action_date": "yesterday"}, "relative time"),
        ([{"id": 4}, {"id": 4}], "id 4 is already used"),
        ("yes", "must be a mapping, a list of mappings, or true"),
    ],
)
def test_bad_module_seeds(block: Any, match: str) -> None:
    seed = make_seed()
    seed["accounts"][0]["welcome_dm"] = block
    with pytest.raises(SeedError, match=match):
        Sandbox(seed)


@pytest.mark.parametrize(
    ("module", "block", "match"),
    [
        ("ai_dm", {"settings": {"api_key": "sk-secret"}}, r"settings\.api_key"),
        ("ai_dm", {"process_id": -1}, "process_id"),
        ("leads", {"targets": [{"value": "x"}]}, r"targets\[0\]\.type"),
        ("leads", {"analyzed_percentage": 101}, "analyzed_percentage"),
        ("leads", {"data_fields": {"nick": True}}, r"data_fields\.nick"),
        ("first_comment", {"targets": [{"username": "n"}], "comments": ["x"]}, "user_pk"),
        ("first_comment", {"comment_mode": "shuffle"}, "comment_mode"),
    ],
)
def test_bad_seeds_of_other_modules(module: str, block: dict[str, Any], match: str) -> None:
    seed = make_seed()
    seed["accounts"][0][module] = block
    with pytest.raises(SeedError, match=match) as caught:
        Sandbox(seed)
    assert "sk-secret" not in str(caught.value)  # names the key, never echoes a value


def test_true_seeds_a_schedule_with_defaults() -> None:
    seed = make_seed()
    seed["accounts"][0].update(welcome_dm=True, ai_dm=True, leads=True)
    sb = Sandbox(seed, dialect="guide")
    with client_for(sb) as c:
        assert data(c.get("/welcomedm/schedules"))["items"][0]["message_count"] == 0
        ai = data(c.get("/ai-dm/schedules"))["items"][0]
        assert ai["status"] == "inactive" and ai["daily_pause"]["from"] is None
        assert data(c.get("/leads/schedules"))["items"][0]["parser_data_type"] == "username"
