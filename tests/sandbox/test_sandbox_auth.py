"""Authentication, module gates and ownership."""

from __future__ import annotations

import httpx
import pytest
from sandbox_helpers import KEY, OTHER_KEY, REVOKED_KEY, client_for, make_seed

from reconciler.sandbox import Sandbox


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer sht_" + "f" * 64}, {"Authorization": f"Bearer {REVOKED_KEY}"}],
)
def test_missing_unknown_or_revoked_key_is_401(sb: Sandbox, headers: dict[str, str]) -> None:
    with httpx.Client(base_url="http://sandbox/api/v1", transport=sb.transport()) as c:
        r = c.get("/accounts", headers=headers)
    assert r.status_code == 401 and r.json()["result"] == 0


def test_x_api_key_header_works(sb: Sandbox) -> None:
    with httpx.Client(base_url="http://sandbox/api/v1", transport=sb.transport()) as c:
        assert c.get("/accounts", headers={"X-API-Key": KEY}).status_code == 200


def test_revoking_a_key_at_runtime(sb: Sandbox, client: httpx.Client) -> None:
    assert client.get("/accounts").status_code == 200
    sb.state.revoke_key(KEY)
    assert client.get("/accounts").status_code == 401


def test_module_missing_from_package_is_403(sb: Sandbox) -> None:
    with client_for(sb, OTHER_KEY) as other:
        assert other.get("/repost/schedules").status_code == 200
        r = other.get("/reactions/schedules")
    assert r.status_code == 403 and r.json()["errors"] == {"module": "reactions"}


def test_plugin_missing_is_503_before_403() -> None:
    seed = make_seed()
    seed["plugins"] = ["repost-pro"]
    sb = Sandbox(seed)
    with client_for(sb, OTHER_KEY) as other:  # user 2 lacks reactions too: 503 wins
        assert other.get("/reactions/schedules").status_code == 503
        assert other.get("/reactions/targets/types").status_code == 503
        assert other.get("/repost/schedules").status_code == 200


def test_auth_comes_before_gates() -> None:
    seed = make_seed()
    seed["plugins"] = []
    with client_for(Sandbox(seed), None) as anonymous:
        assert anonymous.get("/repost/schedules").status_code == 401


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/accounts/21"),
        ("GET", "/captions/3"),
        ("DELETE", "/captions/3"),
        ("GET", "/repost/schedules/21"),
        ("POST", "/repost/schedules/21/activate"),
        ("GET", "/repost/schedules/21/settings"),
        ("GET", "/reactions/schedules/21/targets"),
    ],
)
def test_other_users_objects_are_404(client: httpx.Client, method: str, path: str) -> None:
    assert client.request(method, path).status_code == 404


def test_other_users_objects_are_not_listed(client: httpx.Client) -> None:
    assert [s["account_id"] for s in client.get("/repost/schedules").json()["data"]] == [11, 12, 13]
    assert 3 not in [c["id"] for c in client.get("/captions").json()["data"]]
