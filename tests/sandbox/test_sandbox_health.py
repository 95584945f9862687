"""Health data for `strec status`: logs, running flags, the user and its subscription."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sandbox_helpers import client_for, data, items, make_seed, modules_seed

from reconciler.sandbox import Sandbox, SeedError
from reconciler.sandbox.seed_values import datetime_value
from reconciler.sandbox.state import datetime_text

NOW = 1_790_000_000.0
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "status-seed.yaml"
LOG_FIELDS = {
    "repost": {
        "id", "account_id", "account_username", "status", "original_media_code", "data", "date",
        "is_removable", "remove_scheduled", "is_deleted", "remove_date",
        "status_share_to_stories", "status_first_comment", "status_caption",
    },
    "reactions": {"id", "account_id", "account_username", "status", "data", "date"},
    "welcomedm": {"id", "account_id", "status", "follower_id", "message", "details", "date"},
    "ai-dm": {"id", "account_id", "status", "type", "message", "details", "date"},
    "leads": {"id", "account_id", "status", "message", "details", "date"},
}  # fmt: skip


def _logs_seed() -> dict[str, Any]:
    seed = modules_seed()
    seed["accounts"][0]["logs"] = {
        "repost": [
            {"id": 1, "status": "success", "date": "now-3h", "original_media_code": "C1"},
            {"id": 2, "status": "error", "message": "Media not found", "date": "now-1h",
             "is_removable": 1, "status_caption": "success"},
            {"id": 3, "status": "skipped", "date": "now-2h"},
        ],
        "reactions": [{"status": "success", "data": {"likes": 3}}],
        "welcome_dm": [{"status": "sent", "follower_id": 987, "date": "now-5m"},
                       {"status": "error", "message": "blocked", "date": "now-4m"}],
        "ai_dm": [{"status": "success", "type": "requests_allowed"},
                  {"status": "error", "message": "quota", "date": "now-1d"}],
        "leads": [{"status": "error", "message": "login required"}],
    }  # fmt: skip
    seed["accounts"][1]["logs"] = {"repost": [{"id": 4, "status": "success", "date": "now"}]}
    return seed


@pytest.fixture(params=["reference", "guide"])
def hc(request: pytest.FixtureRequest) -> Iterator[httpx.Client]:
    with client_for(Sandbox(_logs_seed(), dialect=request.param, clock=lambda: NOW)) as c:
        yield c


@pytest.mark.parametrize("seg", sorted(LOG_FIELDS))
def test_log_fields_per_module(hc: httpx.Client, seg: str) -> None:
    rows = items(hc.get(f"/{seg}/logs"))
    assert rows and all(set(r) == LOG_FIELDS[seg] for r in rows)


def test_repost_logs_newest_first_paged_and_per_account(hc: httpx.Client) -> None:
    assert [e["id"] for e in items(hc.get("/repost/logs"))] == [4, 2, 3, 1]
    body = hc.get("/repost/logs", params={"per_page": 3, "page": 2}).json()
    if "meta" in body:
        assert body["meta"] == {"page": 2, "per_page": 3, "total": 4, "total_pages": 2}
    second = items(hc.get("/repost/logs", params={"per_page": 3, "page": 2}))
    assert [e["id"] for e in second] == [1]
    error = items(hc.get("/repost/logs/11"))[0]
    assert error["data"] == {"error": {"msg": "Media not found"}} and error["status"] == "error"
    assert error["is_removable"] in (1, True) and error["status_caption"] == "success"
    assert error["account_username"] == "brand_one" and error["date"] == datetime_text(NOW - 3600)
    assert [e["id"] for e in items(hc.get("/repost/logs/11?status=error"))] == [2, 3, 1]
    assert items(hc.get("/repost/logs/13")) == []
    assert hc.get("/repost/logs/21").status_code == 404  # another user's account
    assert hc.get("/reactions/logs/99").status_code == 404


def test_module_log_filters_and_single_entries(hc: httpx.Client) -> None:
    welcome = items(hc.get("/welcomedm/logs"))
    assert [e["status"] for e in welcome] == ["error", "sent"]
    assert welcome[0]["message"] == "blocked" and welcome[1]["follower_id"] == "987"
    assert welcome[1]["details"] is None and welcome[0]["details"] == {"error": {"msg": "blocked"}}
    assert [e["status"] for e in items(hc.get("/welcomedm/logs?status=sent"))] == ["sent"]
    assert len(items(hc.get("/welcomedm/logs?account_id=11"))) == 2
    assert items(hc.get("/welcomedm/logs?account_id=12")) == []
    assert [e["type"] for e in items(hc.get("/ai-dm/logs?type=requests_allowed"))] == [
        "requests_allowed"
    ]
    assert [e["message"] for e in items(hc.get("/ai-dm/logs?status=error"))] == ["quota"]
    one = items(hc.get("/leads/logs"))[0]
    assert data(hc.get(f"/leads/logs/{one['id']}")) == one
    assert hc.get("/leads/logs/999").status_code == 404


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/welcomedm/logs?status=success", 422),  # Welcome DM says "sent"
        ("/leads/logs?status=skipped", 422),
        ("/ai-dm/logs?account_id=eleven", 422),
        ("/welcomedm/logs?account_id=21", 404),
        ("/welcomedm/logs/90", 404),  # user 2's entry
    ],
)
def test_log_filter_errors(hc: httpx.Client, path: str, status: int) -> None:
    assert hc.get(path).status_code == status


def test_user_and_subscription(hc: httpx.Client) -> None:
    user = data(hc.get("/user"))
    assert set(user) == {
        "id", "email", "username", "firstname", "lastname", "account_type", "is_active",
        "is_expired", "package_id", "expire_date", "is_online", "last_activity_time",
        "date_joined",
    }  # fmt: skip
    assert user["username"] == "agency" and user["is_expired"] is False
    sub = data(hc.get("/user/subscription"))
    assert set(sub) == {"package", "expire_date", "is_expired", "package_id",
                        "package_subscription"}  # fmt: skip
    assert set(sub["package"]) == {"id", "title", "monthly_price", "annual_price", "modules",
                                   "is_public", "date"}  # fmt: skip
    assert sub["package"]["modules"] == sorted(
        ["repost-pro", "reactions", "welcomedm", "ai-dm", "parser", "first-comment"]
    )
    assert sub["package"]["monthly_price"] in ("49", 49.0)


def test_subscription_expires_on_the_sandbox_clock() -> None:
    seed = make_seed()
    seed["users"][0].update(expire_date="now+3d", email="ops@example.com",
                            package={"id": 7, "title": "Pro", "monthly_price": "19.5"},
                            package_subscription=1)  # fmt: skip
    sb = Sandbox(seed, clock=lambda: NOW)
    with client_for(sb) as c:
        sub = data(c.get("/user/subscription"))
        assert sub["expire_date"] == datetime_text(NOW + 3 * 86400)
        assert sub["is_expired"] is False and sub["package_id"] == 7
        assert sub["package"]["monthly_price"] == "19.5" and sub["package_subscription"] == 1
        sb.advance_time(3 * 86400)
        assert data(c.get("/user/subscription"))["is_expired"] is True
        assert data(c.get("/user"))["is_expired"] is True


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 5000), st.sampled_from(["s", "m", "h", "d", "w"]), st.sampled_from("+-"),
       st.sampled_from(["", " "]))  # fmt: skip
def test_relative_seed_times(amount: int, unit: str, sign: str, space: str) -> None:
    """Property: "now±N unit" is the clock moved by exactly N units."""
    seconds = amount * {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}[unit]
    text = f"now{space}{sign}{space}{amount}{unit}"
    expected = NOW + seconds if sign == "+" else NOW - seconds
    assert datetime_value(text, NOW, "x") == datetime_text(expected)


@pytest.mark.parametrize(
    "bad", ["yesterday", "now-6", "now-6y", "now-9999999w", "2026-13-01 00:00:00", 5]
)
def test_bad_seed_times(bad: object) -> None:
    seed = make_seed()
    seed["accounts"][0]["reactions"]["last_action_date"] = bad
    with pytest.raises(SeedError, match="last_action_date"):
        Sandbox(seed)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(0, 500), max_size=30), st.integers(1, 7))
def test_log_pages_cover_every_entry_once_newest_first(minutes: list[int], per_page: int) -> None:
    """Property: walking the pages yields every log once, newest first (ties: higher id)."""
    seed = make_seed()
    seed["accounts"][0]["logs"] = {"reactions": [
        {"status": "success", "date": f"now-{m}m"} for m in minutes]}  # fmt: skip
    seen: list[tuple[str, int]] = []
    with client_for(Sandbox(seed, dialect="guide", clock=lambda: NOW)) as c:
        for page in range(1, len(minutes) // per_page + 2):
            got = items(c.get("/reactions/logs", params={"page": page, "per_page": per_page}))
            seen += [(e["date"], e["id"]) for e in got]
    assert seen == sorted(seen, reverse=True) and len(set(seen)) == len(minutes)


def test_running_flags_are_seedable() -> None:
    seed = modules_seed()
    seed["accounts"][0]["repost"].update(status="running", last_action_date="now-2h")
    seed["accounts"][2]["repost"] = {"status": "active"}
    seed["accounts"][0]["first_comment"]["running"] = True
    with client_for(Sandbox(seed, dialect="guide", clock=lambda: NOW)) as c:
        repost = {s["account_id"]: s for s in items(c.get("/repost/schedules"))}
        assert repost[11]["status"] == "running" and repost[11]["is_active"] is False  # paused
        assert repost[11]["last_action_date"] == datetime_text(NOW - 7200)
        assert repost[12]["status"] == "active" and repost[13]["status"] == "active"
        assert repost[13]["is_active"] is True
        assert items(c.get("/reactions/schedules"))[0]["is_running"] is True
        assert items(c.get("/first-comment/schedules"))[0]["running"] is True


@pytest.mark.parametrize(("status", "is_active"), [("active", False), ("inactive", True),
                                                   ("paused", None)])  # fmt: skip
def test_repost_status_seed_errors(status: str, is_active: bool | None) -> None:
    seed = make_seed()
    block = seed["accounts"][0]["repost"]
    block["status"] = status
    if is_active is None:
        del block["is_active"]
    else:
        block["is_active"] = is_active
    with pytest.raises(SeedError, match="status"):
        Sandbox(seed)


@pytest.mark.parametrize(("dialect", "path"), [("reference", "/reactions/schedules/bulk/stop"),
                                               ("guide", "/reactions/bulk/stop")])  # fmt: skip
def test_bulk_stop_clears_running_in_both_dialects(dialect: str, path: str) -> None:
    sb = Sandbox(make_seed(), dialect=dialect)
    with client_for(sb) as c:
        assert data(c.post(path, json={"account_ids": [11]}))["account_ids"] == [11]
    row = sb.state.schedule("reactions", 11)
    assert row is not None and not row.is_running and not row.is_active


@pytest.mark.parametrize("dialect", ["reference", "guide"])
def test_status_example_has_one_finding_of_each_kind(dialect: str) -> None:
    sb = Sandbox.from_file(EXAMPLE, dialect=dialect, api_key="sht_" + "e" * 64)
    now = sb.state.now()
    with client_for(sb, sb.api_key) as c:
        accounts = {a["username"]: a for a in items(c.get("/accounts?per_page=100"))}
        reactions = {s["account_username"]: s for s in items(c.get("/reactions/schedules"))}
        assert accounts["needs_login"]["login_required"] in (1, True)
        assert reactions["needs_login"]["is_active"] in (1, True)
        stuck = reactions["stuck_runner"]
        assert stuck["is_running"] in (1, True) and stuck["last_action_date"] < now
        assert datetime_value("now-30m", sb.state.time(), "x") > stuck["last_action_date"]
        repost_errors = [e for e in items(c.get("/repost/logs")) if e["status"] == "error"]
        welcome_errors = [e for e in items(c.get("/welcomedm/logs?status=error"))]
        assert len(repost_errors) == 2 and len(welcome_errors) == 1
        assert c.get("/ai-dm/schedules").status_code == 503
        assert c.get("/leads/schedules").status_code == 403
        sub = data(c.get("/user/subscription"))
        assert not sub["is_expired"] and sub["expire_date"] < datetime_value(
            "now+4d", sb.state.time(), "x")
        healthy = reactions["healthy_one"]
        assert healthy["is_running"] in (0, False)
        if dialect == "guide":
            assert items(c.get("/first-comment/schedules"))[0]["is_active"] is True
        sb.advance_time(3 * 86400 + 60)
        assert data(c.get("/user/subscription"))["is_expired"] is True


@pytest.mark.parametrize(
    ("logs", "match"),
    [
        ({"repost": [{"status": "failed"}]}, r"logs\.repost\[0\]\.status: 'failed' is not one of"),
        ({"welcome_dm": [{"status": "success"}]}, "sent, error, skipped"),
        ({"repost": [{"status": "error", "is_removable": "maybe"}]}, "is_removable"),
        ({"reactions": [{"status": "error", "follower_id": "1"}]}, "follower_id"),
        ({"posts": []}, "unknown key"),
        ({"leads": {"status": "error"}}, "list of mappings"),
        ({"ai_dm": [{"status": "error", "data": "boom"}]}, r"data: must be a mapping"),
        ({"repost": [{"id": 5, "status": "error"}, {"id": 5, "status": "success"}]}, "log id 5"),
        ({"first_comment": [{"status": "success", "date": "last week"}]}, r"\.date"),
    ],
)
def test_bad_log_seeds(logs: dict[str, Any], match: str) -> None:
    seed = make_seed()
    seed["accounts"][0]["logs"] = logs
    with pytest.raises(SeedError, match=match):
        Sandbox(seed)
