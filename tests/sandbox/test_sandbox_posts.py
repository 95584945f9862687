"""Posts in both dialects: CRUD, filters, the rules of a body, published posts, seeds."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sandbox_helpers import KEY, OTHER_KEY, client_for, data, items, make_seed

from reconciler.sandbox import Sandbox, SeedError
from reconciler.sandbox.seed import load_seed_file

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "posts-seed.yaml"

FUTURE = "2099-01-01 10:00:00"
POST_FIELDS = {
    "id", "user_id", "account_id", "status", "type", "caption", "first_comment", "location",
    "link", "media_ids", "is_scheduled", "schedule_date", "publish_date", "create_date",
}  # fmt: skip


def posts_seed() -> dict[str, Any]:
    """make_seed() plus file 42 (user 1), 43 (user 2) and posts 1-5 (5 is user 2's)."""
    seed = make_seed()
    seed["media"] = [{"id": 42, "name": "beach.jpg"}, {"id": 43, "user_id": 2, "name": "x.png"}]
    seed["posts"] = [
        {"id": 1, "account_id": 11, "status": "published", "media_ids": [42],
         "schedule_date": "now-1d"},
        {"id": 2, "account_id": 11, "is_scheduled": True, "schedule_date": "now+2d",
         "caption": "soon", "media_ids": "42"},
        {"id": 3, "account_id": 12, "caption": "draft"},
        {"id": 4, "account_id": 13, "status": "failed", "is_scheduled": True,
         "schedule_date": "now-2h"},
        {"id": 5, "account_id": 21, "caption": "theirs"},
    ]  # fmt: skip
    return seed


@pytest.fixture(params=["reference", "guide"])
def pc(request: pytest.FixtureRequest) -> Iterator[tuple[Sandbox, httpx.Client]]:
    sb = Sandbox(posts_seed(), dialect=request.param)
    with client_for(sb) as c:
        yield sb, c


def _ids(r: httpx.Response) -> list[int]:
    assert r.status_code == 200, r.text
    return [p["id"] for p in items(r)]


def test_list_is_the_callers_posts_by_id_with_filters(pc: tuple[Sandbox, httpx.Client]) -> None:
    sb, c = pc
    assert _ids(c.get("/posts")) == [1, 2, 3, 4]
    assert _ids(c.get("/posts", params={"status": "scheduled"})) == [2]
    assert _ids(c.get("/posts", params={"status": "published"})) == [1]
    assert _ids(c.get("/posts", params={"account_id": 11})) == [1, 2]
    assert _ids(c.get("/posts", params={"is_scheduled": "1"})) == [2, 4]
    assert _ids(c.get("/posts", params={"is_scheduled": "0", "account_id": 12})) == [3]
    assert _ids(c.get("/posts", params={"per_page": 2, "page": 2})) == [3, 4]
    assert c.get("/posts", params={"is_scheduled": "yes"}).status_code == 422
    assert c.get("/posts", params={"status": "draft"}).status_code == 422
    assert c.get("/posts", params={"account_id": 21}).status_code == 404
    publishing = c.get("/posts", params={"status": "publishing"})
    assert publishing.status_code == (422 if sb.dialect.php else 200)


def test_create_answers_201_with_the_post_typed_per_dialect(
    pc: tuple[Sandbox, httpx.Client],
) -> None:
    sb, c = pc
    body = {"account_id": 12, "caption": "Hi {a|b}", "type": "album", "first_comment": "#x",
            "location": "Paris", "link": "https://example.com/p", "media_ids": "42",
            "is_scheduled": True, "schedule_date": FUTURE}  # fmt: skip
    r = c.post("/posts", json=body)
    assert r.status_code == 201, r.text
    post = data(r)
    assert set(post) == POST_FIELDS
    assert post["status"] == "scheduled" and post["publish_date"] is None
    assert post["is_scheduled"] == (1 if sb.dialect.php else True)
    assert post["create_date"] == sb.state.now() and post["user_id"] == 1
    assert {k: post[k] for k in body} == {**body, "is_scheduled": post["is_scheduled"]}
    assert data(c.get(f"/posts/{post['id']}")) == post
    draft = data(c.post("/posts", json={"account_id": 11}))
    assert (draft["status"], draft["type"], draft["media_ids"]) == ("saved", "photo", "")


def test_a_bad_body_gets_every_problem_at_once(pc: tuple[Sandbox, httpx.Client]) -> None:
    sb, c = pc
    r = c.post("/posts", json={
        "account_id": "11", "status": "published", "colour": "red", "caption": None,
        "type": "carousel", "link": "javascript:alert(1)", "media_ids": "1, 2",
        "is_scheduled": "yes", "schedule_date": "2099-01-01T10:00:00",
    })  # fmt: skip
    assert r.status_code == 422
    errors = r.json()["errors"]
    assert set(errors) == {"account_id", "status", "colour", "caption", "type", "link",
                           "media_ids", "is_scheduled", "schedule_date"}  # fmt: skip
    assert "read-only" in errors["status"] and "unknown" in errors["colour"]
    assert c.post("/posts", json={}).json()["errors"] == {"account_id": "is required"}
    assert c.post("/posts", json=[1]).status_code == 400
    assert c.post("/posts", json={"account_id": 21}).status_code == 404  # another user's
    assert c.post("/posts", json={"account_id": 999}).status_code == 404
    too_long = c.post("/posts", json={"account_id": 11, "caption": "x" * 2201})
    assert "2,200" in too_long.json()["errors"]["caption"]
    assert len(sb.state.posts) == 5  # nothing was created


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"is_scheduled": True}, "is required when is_scheduled is true"),
        ({"is_scheduled": 1, "schedule_date": "2020-01-01 10:00:00"}, "must be in the future"),
        ({"schedule_date": "2099-02-30 10:00:00"}, "Y-m-d H:i:s"),
        ({"schedule_date": "2099-01-01 10:00"}, "Y-m-d H:i:s"),
        ({"media_ids": "4,4"}, "twice"),
        ({"media_ids": ",".join(str(i) for i in range(1, 12))}, "at most 10"),
        ({"media_ids": 42}, "must be a string"),
    ],
)
def test_schedule_and_media_rules(
    pc: tuple[Sandbox, httpx.Client], fields: dict[str, Any], reason: str
) -> None:
    _, c = pc
    r = c.post("/posts", json={"account_id": 11, **fields})
    assert r.status_code == 422, r.text
    assert reason in " ".join(r.json()["errors"].values())


def test_media_ids_are_opaque_in_the_reference_and_the_callers_files_in_the_guide(
    pc: tuple[Sandbox, httpx.Client],
) -> None:
    sb, c = pc
    r = c.post("/posts", json={"account_id": 11, "media_ids": "42,7"})
    if sb.dialect.php:
        assert r.status_code == 201 and data(r)["media_ids"] == "42,7"
    else:
        assert r.status_code == 422 and "7" in r.json()["errors"]["media_ids"]
    theirs = c.post("/posts", json={"account_id": 11, "media_ids": "43"})
    assert theirs.status_code == (201 if sb.dialect.php else 422)


def test_patch_is_partial_and_status_follows_is_scheduled(pc: tuple[Sandbox, httpx.Client]) -> None:
    sb, c = pc
    before = data(c.get("/posts/2"))
    after = data(c.patch("/posts/2", json={"caption": "changed"}))
    assert after == {**before, "caption": "changed"}
    assert data(c.patch("/posts/2", json={"is_scheduled": False}))["status"] == "saved"
    back = c.patch("/posts/2", json={"is_scheduled": True, "schedule_date": FUTURE})
    assert data(back)["status"] == "scheduled"
    retried = data(c.patch("/posts/4", json={"schedule_date": FUTURE}))  # a failed post
    assert retried["status"] == "scheduled"
    stale = c.patch("/posts/4", json={"caption": "x"})  # its new time is kept; fine
    assert stale.status_code == 200
    for body, field in [({"account_id": 12}, "account_id"), ({}, "fields"),
                        ({"status": "saved"}, "status"), ({"nope": 1}, "nope")]:  # fmt: skip
        r = c.patch("/posts/3", json=body)
        assert r.status_code == 422 and field in r.json()["errors"], body
    assert c.patch("/posts/5", json={"caption": "x"}).status_code == 404
    put = c.put("/posts/3", json={"caption": "put"})
    if sb.dialect.php:
        assert put.status_code == 200 and data(put)["caption"] == "put"
    else:
        assert put.status_code == 405  # the guide lists PATCH only


def test_scheduled_post_whose_time_passed_needs_a_new_time(
    pc: tuple[Sandbox, httpx.Client],
) -> None:
    sb, c = pc
    sb.advance_time(3 * 86400)  # post 2 was due in two days
    r = c.patch("/posts/2", json={"caption": "late"})
    assert r.status_code == 422 and "future" in r.json()["errors"]["schedule_date"]
    assert sb.state.posts[2].caption == "soon"


@pytest.mark.parametrize("status", ["published", "publishing"])
def test_published_posts_refuse_updates(pc: tuple[Sandbox, httpx.Client], status: str) -> None:
    sb, c = pc
    sb.state.posts[1].status = status
    for body in ({"caption": "edit"}, {}, {"bogus": True}):
        r = c.patch("/posts/1", json=body)
        assert r.status_code == 409 and r.json()["errors"] == {"status": status}
    assert sb.state.posts[1].caption == ""
    deleted = c.delete("/posts/1")
    assert deleted.status_code == (200 if status == "published" else 409)


def test_delete_then_gone_and_only_the_callers(pc: tuple[Sandbox, httpx.Client]) -> None:
    sb, c = pc
    r = c.delete("/posts/3")
    assert r.status_code == 200 and data(r) == {"id": 3}
    assert c.get("/posts/3").status_code == 404 and c.delete("/posts/3").status_code == 404
    assert c.get("/posts/5").status_code == 404 and c.delete("/posts/5").status_code == 404
    with client_for(sb, OTHER_KEY) as other:
        assert _ids(other.get("/posts")) == [5]


def test_deleting_an_account_deletes_its_posts(pc: tuple[Sandbox, httpx.Client]) -> None:
    sb, c = pc
    assert c.delete("/accounts/11").status_code == 200
    assert _ids(c.get("/posts")) == [3, 4] and sorted(sb.state.posts) == [3, 4, 5]
    assert 42 in sb.state.media  # files belong to the user, not the account


def test_seeded_posts_take_their_defaults() -> None:
    sb = Sandbox(posts_seed())
    published, scheduled, draft = (sb.state.posts[i] for i in (1, 2, 3))
    assert published.publish_date == published.schedule_date and not published.is_scheduled
    assert scheduled.status == "scheduled" and scheduled.is_scheduled
    assert draft.status == "saved" and draft.publish_date is None
    assert sb.state.posts[5].user_id == 2


@pytest.mark.parametrize(
    ("post", "message"),
    [
        ({"account_id": 11, "colour": 1}, "unknown key(s) colour"),
        ({"caption": "x"}, "account_id is required"),
        ({"account_id": 99}, "account 99 is not in accounts"),
        ({"account_id": 11, "user_id": 2}, "must be the account's user"),
        ({"account_id": 11, "status": "draft"}, "is not one of"),
        ({"account_id": 11, "status": "saved", "is_scheduled": True}, "contradicts"),
        ({"account_id": 11, "is_scheduled": True}, "needs a schedule_date"),
        ({"account_id": 11, "type": "carousel"}, "is not one of"),
        ({"account_id": 11, "media_ids": "1,,2"}, "media_ids"),
        ({"account_id": 11, "schedule_date": "tomorrow"}, "schedule_date"),
    ],
)
def test_bad_seed_posts_are_named(post: dict[str, Any], message: str) -> None:
    seed = make_seed()
    seed["posts"] = [post]
    with pytest.raises(SeedError, match=re.escape(message)):
        Sandbox(seed)


def test_the_example_posts_seed_loads_and_serves_in_the_guide() -> None:
    seed = load_seed_file(EXAMPLE)
    with client_for(Sandbox(seed, dialect="guide", api_key=KEY)) as c:
        assert _ids(c.get("/posts", params={"status": "scheduled"})) == [2, 3]
        assert _ids(c.get("/posts", params={"status": "published"})) == [1]
        assert _ids(c.get("/posts", params={"status": "saved"})) == [4]
        assert _ids(c.get("/posts", params={"status": "failed"})) == [5]
        files = items(c.get("/media"))
        assert [(f["id"], f["type"]) for f in files] == [
            (41, "image"), (42, "image"), (43, "image"), (44, "video"), (45, "video")
        ]
        assert files[0]["url"] == "https://cdn.sharingtools.example/uploads/1/41-croissants.jpg"
        retried = c.patch("/posts/5", json={"schedule_date": FUTURE})
        assert data(retried)["status"] == "scheduled"
