"""Envelopes, list shapes, paging and routing errors in both dialects."""

from __future__ import annotations

import httpx
from sandbox_helpers import data

from reconciler.sandbox import Sandbox


def test_reference_success_envelope_and_paged_meta(client: httpx.Client) -> None:
    body = client.get("/accounts").json()
    assert body["result"] == 1 and isinstance(body["message"], str)
    assert [a["username"] for a in body["data"]] == ["brand_one", "brand_two", "brand_three"]
    assert body["meta"] == {"page": 1, "per_page": 20, "total": 3, "total_pages": 1}


def test_reference_account_fields_are_php_typed(client: httpx.Client) -> None:
    account = data(client.get("/accounts/12"))
    assert set(account) == {
        "id", "user_id", "instagram_id", "username", "proxy", "mobile_proxy", "login_required",
        "slave", "child", "rpa", "engagement_mod", "counter", "last_login", "date",
    }  # fmt: skip
    assert account["login_required"] == 1 and account["slave"] == 0


def test_guide_envelope_and_items_shape(guide: httpx.Client) -> None:
    body = guide.get("/accounts", params={"per_page": 2}).json()
    assert body["status"] == "success" and "result" not in body
    page = body["data"]
    assert page["total"] == 3 and page["page"] == 1 and page["per_page"] == 2
    first = page["items"][0]
    assert set(first) == {
        "id", "username", "full_name", "platform", "is_active", "login_required", "is_slave",
        "proxy", "date",
    }  # fmt: skip
    assert first["login_required"] is False and first["platform"] == "instagram"


def test_error_envelopes(client: httpx.Client, guide: httpx.Client) -> None:
    ref = client.get("/accounts/999")
    assert ref.status_code == 404
    assert ref.json()["result"] == 0 and "errors" in ref.json()
    gd = guide.get("/accounts/999")
    assert gd.status_code == 404
    assert gd.json()["status"] == "error" and gd.json()["message"]


def test_paging_defaults_and_cap() -> None:
    seed = {"proxies": [{"proxy": f"http://10.0.0.{i}:80"} for i in range(1, 131)]}
    sb = Sandbox(seed, api_key="sht_" + "a" * 64)
    with httpx.Client(
        base_url="http://sandbox/api/v1",
        transport=sb.transport(),
        headers={"X-API-Key": sb.api_key},
    ) as c:
        assert c.get("/proxies").json()["meta"]["per_page"] == 20
        capped = c.get("/proxies", params={"per_page": 500, "page": 2}).json()
        assert capped["meta"] == {"page": 2, "per_page": 100, "total": 130, "total_pages": 2}
        assert [p["id"] for p in capped["data"]] == list(range(101, 131))
        beyond = c.get("/proxies", params={"page": 9}).json()
        assert beyond["data"] == [] and beyond["meta"]["total"] == 130
        junk = c.get("/proxies", params={"page": "x", "per_page": "0"}).json()["meta"]
        assert junk["page"] == 1 and junk["per_page"] == 20


def test_proxies_country_filter(any_client: httpx.Client) -> None:
    body = data(any_client.get("/proxies", params={"country_code": "de"}))
    items = body if isinstance(body, list) else body["items"]
    assert [(p["proxy"], p["use_count"]) for p in items] == [("http://5.6.7.8:8080", 2)]


def test_accounts_filters(client: httpx.Client) -> None:
    assert [a["id"] for a in data(client.get("/accounts?login_required=1"))] == [12]
    assert [a["id"] for a in data(client.get("/accounts?search=THREE"))] == [13]


def test_unknown_route_404_and_wrong_method_405(any_client: httpx.Client) -> None:
    assert any_client.get("/nothing/here").status_code == 404
    r = any_client.delete("/accounts")
    assert r.status_code == 405
    assert "GET" in r.headers["allow"]


def test_wrong_dialect_paths_are_not_found(client: httpx.Client, guide: httpx.Client) -> None:
    assert client.post("/repost/bulk/pause").status_code == 404
    assert guide.post("/repost/schedules/bulk/pause").status_code == 404
    assert client.delete("/repost/schedules/11/targets/1").status_code == 404


def test_malformed_json_is_400(client: httpx.Client) -> None:
    r = client.post("/captions", content=b"{nope", headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and r.json()["result"] == 0
