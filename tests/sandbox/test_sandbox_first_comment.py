"""First Comment (guide only): create, read, partial update, delete, activation, logs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sandbox_helpers import client_for, data, items, modules_seed

from reconciler.sandbox import Sandbox
from reconciler.sandbox.state import datetime_text

NOW = 1_790_000_000.0
FIELDS = {
    "id", "account_id", "is_active", "running", "comment_mode", "targets", "comments",
    "schedule_date", "last_action_date",
}  # fmt: skip
NEW = {
    "account_id": 13,
    "targets": [{"username": "nike", "user_pk": "19038780"},
                {"username": "adidas", "user_pk": "17841400"}],
    "comments": ["Amazing!", "{Love|Great} this post!"],
    "comment_mode": "random",
    "is_active": True,
}  # fmt: skip


@pytest.fixture
def fsb() -> Sandbox:
    seed = modules_seed()
    seed["accounts"][0]["logs"] = {"first_comment": [
        {"id": 1, "status": "success", "date": "now-2h", "target_username": "nike"},
        {"id": 2, "status": "error", "message": "Comments are limited", "date": "now-1h"},
    ]}  # fmt: skip
    seed["accounts"][2]["logs"] = {"first_comment": [{"id": 3, "status": "skipped"}]}
    return Sandbox(seed, dialect="guide", clock=lambda: NOW)


@pytest.fixture
def fc(fsb: Sandbox) -> Iterator[httpx.Client]:
    with client_for(fsb) as c:
        yield c


def test_create_answers_201_with_the_object(fc: httpx.Client) -> None:
    r = fc.post("/first-comment/schedules", json=NEW)
    assert r.status_code == 201
    made = data(r)
    assert set(made) == FIELDS and made["id"] == 3  # after the seeded 1 and 2
    assert made["targets"] == NEW["targets"] and made["comments"] == NEW["comments"]
    assert made["is_active"] is True and made["running"] is False
    assert made["schedule_date"] == made["last_action_date"] == datetime_text(NOW)
    assert data(fc.get("/first-comment/schedules/3")) == made


def test_list_is_paged_and_filtered_by_account(fc: httpx.Client) -> None:
    fc.post("/first-comment/schedules", json=NEW)
    page = data(fc.get("/first-comment/schedules", params={"per_page": 1}))
    assert page["total"] == 2 and [s["id"] for s in page["items"]] == [1]
    assert [s["id"] for s in items(fc.get("/first-comment/schedules?account_id=13"))] == [3]
    assert items(fc.get("/first-comment/schedules?account_id=12")) == []
    assert fc.get("/first-comment/schedules?account_id=21").status_code == 404  # not mine
    assert fc.get("/first-comment/schedules?account_id=x").status_code == 422


def test_one_schedule_per_account_and_only_my_accounts(fc: httpx.Client) -> None:
    again = fc.post("/first-comment/schedules", json={**NEW, "account_id": 11})
    assert again.status_code == 409 and "account_id" in again.json()["errors"]
    assert fc.post("/first-comment/schedules", json={**NEW, "account_id": 21}).status_code == 404
    assert fc.post("/first-comment/schedules", json={**NEW, "account_id": 99}).status_code == 404


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"targets": [{"username": "nike"}]}, "targets[0].user_pk"),
        ({"targets": [{"user_pk": "1"}]}, "targets[0].username"),
        ({"targets": [{"username": "nike", "user_pk": 19038780}]}, "targets[0].user_pk"),
        ({"targets": [{"username": "@nike", "user_pk": "1"}]}, "targets[0].username"),
        ({"targets": [{"username": "a", "user_pk": "1", "pk": 1}]}, "targets[0].pk"),
        ({"targets": [{"username": "a", "user_pk": "1"}, {"username": "b", "user_pk": "1"}]},
         "targets[1].user_pk"),
        ({"targets": []}, "targets"),
        ({"targets": "nike"}, "targets"),
        ({"comments": []}, "comments"),
        ({"comments": ["ok", "  "]}, "comments[1]"),
        ({"comments": ["x" * 2201]}, "comments[0]"),
        ({"comment_mode": "shuffle"}, "comment_mode"),
        ({"is_active": "yes"}, "is_active"),
        ({"account_id": "13"}, "account_id"),
        ({"running": True}, "running"),
        ({"colour": "red"}, "colour"),
    ],
)  # fmt: skip
def test_create_422_names_the_field(
    fc: httpx.Client, fsb: Sandbox, change: dict[str, Any], field: str
) -> None:
    r = fc.post("/first-comment/schedules", json={**NEW, **change})
    assert r.status_code == 422 and field in r.json()["errors"], r.json()
    assert len(fsb.state.first_comments) == 2


@pytest.mark.parametrize("missing", ["account_id", "targets", "comments", "comment_mode"])
def test_create_requires_each_field(fc: httpx.Client, missing: str) -> None:
    body = {k: v for k, v in NEW.items() if k != missing}
    r = fc.post("/first-comment/schedules", json=body)
    assert r.status_code == 422 and r.json()["errors"][missing] == "is required"


def test_patch_is_partial_and_lists_replace(fc: httpx.Client) -> None:
    r = fc.patch("/first-comment/schedules/1", json={"comments": ["New one"]})
    assert r.status_code == 200
    after = data(r)
    assert after["comments"] == ["New one"]
    assert after["targets"] == [{"username": "nike", "user_pk": "19038780"}]  # untouched
    assert after["comment_mode"] == "sequential"
    targets = [{"username": "puma", "user_pk": "42"}]
    assert data(fc.patch("/first-comment/schedules/1", json={"targets": targets}))["targets"] == (
        targets
    )


@pytest.mark.parametrize(
    "body",
    [{}, {"is_active": True}, {"account_id": 12}, {"id": 5}, {"comments": []},
     {"comments": ["ok"], "comment_mode": "x"}],
)  # fmt: skip
def test_patch_422_changes_nothing(fc: httpx.Client, body: dict[str, Any]) -> None:
    before = data(fc.get("/first-comment/schedules/1"))
    assert fc.patch("/first-comment/schedules/1", json=body).status_code == 422
    assert data(fc.get("/first-comment/schedules/1")) == before


def test_delete_then_create_again(fc: httpx.Client) -> None:
    r = fc.delete("/first-comment/schedules/1")
    assert r.status_code == 200 and data(r) == {"id": 1}
    assert fc.get("/first-comment/schedules/1").status_code == 404
    assert fc.delete("/first-comment/schedules/1").status_code == 404
    assert fc.post("/first-comment/schedules", json={**NEW, "account_id": 11}).status_code == 201
    assert len(items(fc.get("/first-comment/logs/11"))) == 2  # logs are kept


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
def test_other_users_schedule_is_404(fc: httpx.Client, fsb: Sandbox, method: str) -> None:
    body = {"comments": ["mine now"]} if method == "PATCH" else None
    assert fc.request(method, "/first-comment/schedules/2", json=body).status_code == 404
    assert fsb.state.first_comments[2].comments == ["x"]


def test_activate_pause_409(fc: httpx.Client) -> None:
    assert fc.post("/first-comment/schedules/1/pause").status_code == 409
    on = fc.post("/first-comment/schedules/1/activate")
    assert data(on) == {"id": 1, "account_id": 11, "is_active": True}
    assert data(fc.get("/first-comment/schedules/1"))["schedule_date"] == datetime_text(NOW)
    assert fc.post("/first-comment/schedules/1/activate").status_code == 409
    assert data(fc.post("/first-comment/schedules/1/pause"))["is_active"] is False
    assert fc.post("/first-comment/schedules/2/activate").status_code == 404


def test_logs_newest_first_with_status_filter(fc: httpx.Client) -> None:
    rows = items(fc.get("/first-comment/logs"))
    assert [e["id"] for e in rows] == [3, 2, 1]  # the seeded "now" first
    assert set(rows[1]) == {"id", "account_id", "status", "target_username", "media_code",
                            "comment", "message", "date"}  # fmt: skip
    assert rows[1]["message"] == "Comments are limited" and rows[2]["message"] is None
    assert [e["id"] for e in items(fc.get("/first-comment/logs?status=error"))] == [2]
    assert fc.get("/first-comment/logs?status=failed").status_code == 422
    assert [e["id"] for e in items(fc.get("/first-comment/logs/11"))] == [2, 1]
    assert items(fc.get("/first-comment/logs/12")) == []
    assert fc.get("/first-comment/logs/21").status_code == 404
