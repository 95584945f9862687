"""Target catalogs and target add/remove in both dialects."""

from __future__ import annotations

import httpx
import pytest
from sandbox_helpers import data

from reconciler.catalog import GUIDE_TARGET_TYPES, TARGET_TYPES


@pytest.mark.parametrize("module", ["repost", "reactions"])
def test_type_catalogs_follow_the_dialect(
    client: httpx.Client, guide: httpx.Client, module: str
) -> None:
    ref = data(client.get(f"/{module}/targets/types"))
    assert [t["type"] for t in ref["types"]] == list(TARGET_TYPES[module])
    assert ref["total"] == len(TARGET_TYPES[module])
    assert all(isinstance(t["requires_id"], bool) and t["description"] for t in ref["types"])
    gd = data(guide.get(f"/{module}/targets/types"))
    assert [t["type"] for t in gd["types"]] == list(GUIDE_TARGET_TYPES[module])


def test_reactions_add_returns_200_with_list(client: httpx.Client) -> None:
    r = client.post("/reactions/schedules/11/targets", json={"type": "keyword", "value": "tea"})
    assert r.status_code == 200
    body = data(r)
    assert body["total"] == 2
    assert body["targets"][-1] == {"type": "keyword", "id": "tea", "value": "tea"}
    dup = client.post("/reactions/schedules/11/targets", json={"type": "keyword", "value": "tea"})
    assert dup.status_code == 409


def test_repost_add_returns_201_with_target_and_409_on_duplicate(client: httpx.Client) -> None:
    post = {"type": "instagram_post", "value": "https://www.instagram.com/p/X/"}
    r = client.post("/repost/schedules/11/targets", json=post)
    assert r.status_code == 201
    assert data(r) == {
        "target": {"type": "instagram_post", "id": post["value"], "value": post["value"],
                   "link": post["value"]},
        "total": 2,
    }  # fmt: skip
    again = client.post("/repost/schedules/11/targets", json={"type": "hashtag", "value": "nature"})
    assert again.status_code == 409 and again.json()["result"] == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"type": "tiktok_nope", "value": "x"}, "type"),
        ({"value": "x"}, "type"),
        ({"type": "location", "value": "Paris"}, "id"),
        ({"type": "location", "value": "Paris", "id": "abc"}, "id"),
        ({"type": "hashtag"}, "value"),
    ],
)
def test_repost_add_422(client: httpx.Client, body: dict[str, str], field: str) -> None:
    r = client.post("/repost/schedules/11/targets", json=body)
    assert r.status_code == 422 and field in r.json()["errors"]


def test_requires_id_type_with_numeric_id(client: httpx.Client) -> None:
    r = client.post(
        "/repost/schedules/11/targets", json={"type": "location", "value": "Paris", "id": 213}
    )
    assert r.status_code == 201 and data(r)["target"]["id"] == "213"


def test_guide_rejects_reference_only_types(guide: httpx.Client) -> None:
    r = guide.post("/reactions/schedules/11/targets", json={"type": "timeline"})
    assert r.status_code == 422
    ok = guide.post("/reactions/schedules/11/targets", json={"type": "explore"})
    assert ok.status_code == 200


def test_reference_remove_by_body(client: httpx.Client) -> None:
    for value in ("a", "b"):
        client.post("/repost/schedules/11/targets", json={"type": "people", "value": value})
    one = client.request(
        "DELETE", "/repost/schedules/11/targets", json={"type": "people", "value": "a"}
    )
    assert data(one) == {"removed": 1, "total": 2}
    rest = client.request("DELETE", "/repost/schedules/11/targets", json={"type": "people"})
    assert data(rest) == {"removed": 1, "total": 1}
    none = client.request("DELETE", "/repost/schedules/11/targets", json={"type": "people"})
    assert data(none) == {"removed": 0, "total": 1}
    assert client.request("DELETE", "/repost/schedules/11/targets", json={}).status_code == 422


def test_reference_reactions_remove_returns_list(client: httpx.Client) -> None:
    r = client.request("DELETE", "/reactions/schedules/11/targets", json={"type": "hashtag"})
    assert data(r) == {"targets": [], "total": 0}


def test_guide_remove_by_target_id_or_id(guide: httpx.Client) -> None:
    listed = data(guide.get("/repost/schedules/11/targets"))
    target_id = listed["targets"][0]["target_id"]
    assert data(guide.delete(f"/repost/schedules/11/targets/{target_id}")) == {
        "removed": 1,
        "total": 0,
    }
    assert guide.delete(f"/repost/schedules/11/targets/{target_id}").status_code == 404
    guide.post("/reactions/schedules/11/targets", json={"type": "likers", "value": "ABC"})
    r = guide.delete("/reactions/schedules/11/targets/ABC")
    assert [t["value"] for t in data(r)["targets"]] == ["hiking"]


def test_targets_of_missing_schedule_404(client: httpx.Client) -> None:
    assert (
        client.post("/reactions/schedules/12/targets", json={"type": "hashtag"}).status_code == 404
    )
