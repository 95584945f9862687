"""Captions: full CRUD, search, validation."""

from __future__ import annotations

import httpx
from sandbox_helpers import data


def test_caption_crud(client: httpx.Client) -> None:
    created = client.post("/captions", json={"title": "New", "caption": "{a|b} text"})
    assert created.status_code == 201
    cid = data(created)["id"]
    assert set(data(created)) == {"id", "user_id", "title", "caption", "date"}
    assert data(client.get(f"/captions/{cid}"))["caption"] == "{a|b} text"
    upd = client.patch(f"/captions/{cid}", json={"caption": "changed", "ignored": 1})
    assert data(upd)["caption"] == "changed" and data(upd)["title"] == "New"
    assert data(client.put(f"/captions/{cid}", json={"title": "T2"}))["title"] == "T2"
    assert client.delete(f"/captions/{cid}").status_code == 200
    assert client.get(f"/captions/{cid}").status_code == 404


def test_caption_titles_are_not_unique(client: httpx.Client) -> None:
    assert client.post("/captions", json={"title": "Launch", "caption": "x"}).status_code == 201


def test_caption_validation(client: httpx.Client) -> None:
    r = client.post("/captions", json={"title": ""})
    assert r.status_code == 422 and set(r.json()["errors"]) == {"title", "caption"}
    assert client.patch("/captions/1", json={"other": 1}).status_code == 422


def test_caption_search_and_guide_list(client: httpx.Client, guide: httpx.Client) -> None:
    assert [c["id"] for c in data(client.get("/captions", params={"search": "weekend"}))] == [2]
    assert [c["id"] for c in data(client.get("/captions", params={"search": "LAUNCH"}))] == [1]
    page = data(guide.get("/captions"))
    assert page["total"] == 2 and [c["title"] for c in page["items"]] == ["Launch", "Weekend"]
