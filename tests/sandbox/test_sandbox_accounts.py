"""Account writes (create, update, delete), the guide's account actions and proxy counts."""

from __future__ import annotations

import httpx
import pytest
from sandbox_helpers import client_for, data, items, login_seed, make_seed

from reconciler.sandbox import Sandbox

US, DE = "http://1.2.3.4:8080", "http://5.6.7.8:8080"


def use_counts(c: httpx.Client) -> dict[str, int]:
    return {p["proxy"]: p["use_count"] for p in items(c.get("/proxies"))}


def test_create_account_without_login(sb: Sandbox, client: httpx.Client) -> None:
    r = client.post("/accounts", json={"username": "brand_four", "password": "s3cret"})
    assert r.status_code == 201 and "s3cret" not in r.text
    account = data(r)
    assert account["login_required"] == 1 and account["proxy"] == ""
    assert sb.state.accounts[account["id"]].password == "s3cret"
    assert client.get(f"/accounts/{account['id']}").status_code == 200


def test_create_conflict_limit_and_validation() -> None:
    sb = Sandbox(login_seed(account_limit=4))
    with client_for(sb) as c:
        taken = c.post("/accounts", json={"username": "BRAND_ONE", "password": "x"})
        assert taken.status_code == 409
        bad = c.post("/accounts", json={"username": "", "proxy": 5})
        assert bad.status_code == 422
        assert set(bad.json()["errors"]) == {"username", "password", "proxy"}
        assert c.post("/accounts", json={"username": "four", "password": "x"}).status_code == 201
        full = c.post("/accounts", json={"username": "five", "password": "x"})
        assert full.status_code == 403 and full.json()["errors"] == {"account_limit": 4}


def test_created_record_can_then_log_in_as_a_relogin(client: httpx.Client) -> None:
    new = data(client.post("/accounts", json={"username": "later", "password": "x"}))
    r = client.post("/accounts/login", json={"username": "later", "password": "y"})
    assert r.status_code == 200 and data(r)["id"] == new["id"]
    assert data(r)["login_required"] == 0 and data(r)["instagram_id"]


def test_guide_create_uses_the_guide_envelope(guide: httpx.Client) -> None:
    r = guide.post("/accounts", json={"username": "g", "password": "x"})
    assert r.status_code == 201 and r.json()["status"] == "success"
    assert data(r)["login_required"] is True


def test_patch_updates_writable_fields(sb: Sandbox, any_client: httpx.Client) -> None:
    body = {"proxy": "http://p:1", "login_required": 1, "password": "n"}
    r = any_client.patch("/accounts/11", json=body)
    assert r.status_code == 200 and data(r)["proxy"] == "http://p:1" and "password" not in r.text
    r = any_client.put("/accounts/11", json={"mobile_proxy": "http://m:2", "login_required": False})
    assert r.status_code == 200 and data(r)["login_required"] in (0, False)


def test_patch_stores_password_and_mobile_proxy(sb: Sandbox, client: httpx.Client) -> None:
    client.patch("/accounts/11", json={"password": "n", "mobile_proxy": "http://m:2"})
    row = sb.state.accounts[11]
    assert row.password == "n" and row.mobile_proxy == "http://m:2"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"username": "renamed"}, "username"),
        ({"login_required": 2}, "login_required"),
        ({"password": ""}, "password"),
        ({"proxy": 1}, "proxy"),
        ({}, "fields"),
    ],
)
def test_patch_422(client: httpx.Client, body: dict[str, object], field: str) -> None:
    r = client.patch("/accounts/11", json=body)
    assert r.status_code == 422 and field in r.json()["errors"]


@pytest.mark.parametrize("method", ["PATCH", "PUT", "DELETE"])
def test_other_users_account_is_404(sb: Sandbox, client: httpx.Client, method: str) -> None:
    r = client.request(method, "/accounts/21", json={"proxy": "x"} if method != "DELETE" else None)
    assert r.status_code == 404 and 21 in sb.state.accounts
    assert client.request(method, "/accounts/999", json={"proxy": "x"}).status_code == 404


def test_delete_removes_the_account_and_its_schedules(sb: Sandbox, client: httpx.Client) -> None:
    r = client.delete("/accounts/11")
    assert r.status_code == 200 and data(r) == {"id": 11}
    assert 11 not in sb.state.accounts
    assert sb.state.schedule("repost", 11) is None and sb.state.schedule("reactions", 11) is None
    assert [s["account_id"] for s in data(client.get("/repost/schedules"))] == [12, 13]
    assert client.get("/accounts/11").status_code == 404


def test_use_count_follows_the_accounts(any_client: httpx.Client) -> None:
    assert use_counts(any_client) == {US: 0, DE: 2}
    any_client.patch("/accounts/11", json={"proxy": US})
    any_client.post("/accounts", json={"username": "x", "password": "p", "proxy": US})
    login = {"username": "y", "password": "p", "proxy": DE}
    assert any_client.post("/accounts/login", json=login).status_code == 201
    assert use_counts(any_client) == {US: 2, DE: 3}
    any_client.patch("/accounts/11", json={"proxy": ""})
    assert use_counts(any_client) == {US: 1, DE: 3}
    y = next(a["id"] for a in items(any_client.get("/accounts")) if a["username"] == "y")
    any_client.delete(f"/accounts/{y}")
    assert use_counts(any_client) == {US: 1, DE: 2}


def test_seeded_use_count_includes_seeded_accounts() -> None:
    seed = make_seed()
    seed["accounts"][0]["proxy"] = DE  # brand_one uses DE, seeded use_count 2
    seed["accounts"][1]["proxy"] = US  # brand_two uses US, seeded use_count 0
    with client_for(Sandbox(seed)) as c:
        assert use_counts(c) == {US: 1, DE: 2}
        c.patch("/accounts/11", json={"proxy": US})
        assert use_counts(c) == {US: 2, DE: 1}


def test_proxies_country_filter_both_dialects(any_client: httpx.Client) -> None:
    assert [p["proxy"] for p in items(any_client.get("/proxies?country_code=US"))] == [US]
    assert items(any_client.get("/proxies?country_code=FR")) == []


def test_change_proxy_auto_allocates_the_least_used(guide: httpx.Client) -> None:
    r = guide.post("/accounts/11/change-proxy")
    assert r.status_code == 200 and data(r) == {"account_id": 11, "proxy": US}
    r = guide.post("/accounts/11/change-proxy")  # never the current one
    assert data(r) == {"account_id": 11, "proxy": DE}
    given = guide.post("/accounts/11/change-proxy", json={"proxy": "socks5://own:1"})
    assert data(given) == {"account_id": 11, "proxy": "socks5://own:1"}
    assert guide.post("/accounts/21/change-proxy").status_code == 404


def test_change_proxy_with_an_empty_pool_is_404(guide_sb: Sandbox, guide: httpx.Client) -> None:
    guide_sb.state.proxies.clear()
    r = guide.post("/accounts/11/change-proxy")
    assert r.status_code == 404 and "proxy" in r.json()["errors"]


def test_bulk_change_proxy_spreads_over_the_pool(guide: httpx.Client) -> None:
    r = guide.post("/accounts/change-proxy/bulk", json={"account_ids": [11, 12, 21, "x"]})
    assert r.status_code == 200
    assert data(r) == {
        "updated": 2,
        "results": [{"account_id": 11, "proxy": US}, {"account_id": 12, "proxy": US}],
        "skipped": [21, "x"],
    }
    assert use_counts(guide) == {US: 2, DE: 2}
    assert guide.post("/accounts/change-proxy/bulk", json={"account_ids": [21]}).status_code == 404
    assert guide.post("/accounts/change-proxy/bulk", json={}).status_code == 422


def test_password_actions(guide_sb: Sandbox, guide: httpx.Client) -> None:
    r = guide.post("/accounts/11/password", json={"password": "one"})
    assert r.status_code == 200 and data(r) == {"account_id": 11} and "one" not in r.text
    assert guide.post("/accounts/11/password", json={}).status_code == 422
    pairs = [{"account_id": 12, "password": "two"}, {"account_id": 21, "password": "z"}]
    body = {"accounts": pairs}
    r = guide.post("/accounts/password/bulk", json=body)
    assert r.status_code == 200 and data(r) == {"updated": 1, "skipped": [21]}
    bare = guide.post("/accounts/password/bulk", json=[{"account_id": 13, "password": "three"}])
    assert data(bare)["updated"] == 1
    passwords = {i: guide_sb.state.accounts[i].password for i in (11, 12, 13, 21)}
    assert passwords == {11: "one", 12: "two", 13: "three", 21: ""}
    bad = guide.post("/accounts/password/bulk", json={"accounts": [{"account_id": 11}]})
    assert bad.status_code == 422 and "accounts[0].password" in bad.json()["errors"]


@pytest.mark.parametrize(
    "path",
    ["/accounts/11/change-proxy", "/accounts/change-proxy/bulk", "/accounts/11/password",
     "/accounts/password/bulk"],
)  # fmt: skip
def test_guide_actions_are_not_in_the_reference(client: httpx.Client, path: str) -> None:
    assert client.post(path, json={}).status_code == 404
