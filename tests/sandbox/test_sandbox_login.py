"""POST /accounts/login: scripted outcomes, re-login, limits, 2FA, IMAP and the log."""

from __future__ import annotations

import httpx
import pytest
from sandbox_helpers import IMAP, client_for, data, login_seed

from reconciler.sandbox import Sandbox


def test_success_creates_the_account_with_the_request_proxy(lsb: Sandbox, lc: httpx.Client) -> None:
    body = {"username": "new_brand", "password": "right-pass", "proxy": "http://9.9.9.9:1"}
    r = lc.post("/accounts/login", json=body)
    assert r.status_code == 201 and r.json()["message"] == "Account added successfully."
    account = data(r)
    assert account["instagram_id"] == "777" and account["proxy"] == "http://9.9.9.9:1"
    assert account["login_required"] == 0 and account["last_login"]
    assert "password" not in account and "imap" not in r.text
    row = lsb.state.accounts[account["id"]]
    assert row.password == "right-pass" and row.user_id == 1
    assert [a["username"] for a in data(lc.get("/accounts"))][-1] == "new_brand"


def test_guide_success_renders_the_guide_account(both: tuple[Sandbox, httpx.Client]) -> None:
    sb, c = both
    r = c.post("/accounts/login", json={"username": "fresh", "password": "x"})
    assert r.status_code == 201
    account = data(r)
    if sb.dialect.php:
        assert account["login_required"] == 0 and account["instagram_id"].startswith("5")
    else:
        assert r.json()["status"] == "success" and account["login_required"] is False
        assert account["platform"] == "instagram" and "instagram_id" not in account


@pytest.mark.parametrize(
    ("username", "status"),
    [("bad_brand", 401), ("cp_brand", 403), ("ghost_brand", 404), ("flaky_brand", 503)],
)
def test_scripted_failures(both: tuple[Sandbox, httpx.Client], username: str, status: int) -> None:
    sb, c = both
    before = set(sb.state.accounts)
    r = c.post("/accounts/login", json={"username": username, "password": "x"})
    assert r.status_code == status
    body = r.json()
    assert body.get("result") == 0 or body.get("status") == "error"
    assert set(sb.state.accounts) == before


def test_scripted_password_must_match(lc: httpx.Client) -> None:
    r = lc.post("/accounts/login", json={"username": "new_brand", "password": "wrong"})
    assert r.status_code == 401


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, {"username", "password"}),
        ({"username": "x"}, {"password"}),
        ({"username": "x", "password": ""}, {"password"}),
        ({"username": "x", "password": "p", "twofa_secret": "not base32!"}, {"twofa_secret"}),
        ({"username": "x", "password": "p", "imap_server": "imap.example.com"},
         {"imap_username", "imap_password"}),
        ({"username": "x", "password": "p", **IMAP, "imap_port": 0}, {"imap_port"}),
    ],
)  # fmt: skip
def test_validation_422(lc: httpx.Client, body: dict[str, object], fields: set[str]) -> None:
    r = lc.post("/accounts/login", json=body)
    assert r.status_code == 422 and set(r.json()["errors"]) == fields


def test_imap_connection_failure_is_422_and_writes_nothing() -> None:
    seed = login_seed()
    seed["logins"] = {**seed["logins"], "mailbox_down": {"outcome": "success", "imap_ok": False}}
    sb = Sandbox(seed)
    with client_for(sb) as c:
        r = c.post("/accounts/login", json={"username": "mailbox_down", "password": "p", **IMAP})
        assert r.status_code == 422 and "imap_server" in r.json()["errors"]
        assert sb.state.user_account_named(1, "mailbox_down") is None
        ok = c.post("/accounts/login", json={"username": "mailbox_down", "password": "p"})
        assert ok.status_code == 201  # without IMAP there is nothing to test


def test_imap_credentials_are_stored_never_returned(lsb: Sandbox, lc: httpx.Client) -> None:
    r = lc.post("/accounts/login", json={"username": "fresh", "password": "p", **IMAP})
    assert r.status_code == 201 and "imap" not in r.text and '"p"' not in r.text
    row = lsb.state.accounts[data(r)["id"]]
    assert row.imap is not None and row.imap.port == 993 and row.imap.password == "p"


def test_relogin_updates_the_row_with_200(lsb: Sandbox, lc: httpx.Client) -> None:
    lsb.state.logins.pop("brand_two")  # plain success for this test
    body = {"username": "brand_two", "password": "new", "proxy": "http://8.8.8.8:80"}
    r = lc.post("/accounts/login", json=body)
    assert r.status_code == 200 and r.json()["message"] == "Account re-authenticated successfully."
    account = data(r)
    assert account["id"] == 12 and account["login_required"] == 0
    row = lsb.state.accounts[12]
    assert row.password == "new" and row.proxy == "http://8.8.8.8:80"
    assert len(lsb.state.accounts) == 4  # updated in place, nothing inserted
    again = lc.post("/accounts/login", json=body)
    assert again.status_code == 409  # now active: no re-login needed


def test_relogin_keeps_the_proxy_when_none_is_given(lsb: Sandbox, lc: httpx.Client) -> None:
    lsb.state.logins.pop("brand_two")
    lsb.state.accounts[12].proxy = "http://keep:1"
    assert lc.post("/accounts/login", json={"username": "brand_two", "password": "n"}).is_success
    assert lsb.state.accounts[12].proxy == "http://keep:1"


def test_active_account_is_409_case_insensitively(lc: httpx.Client) -> None:
    r = lc.post("/accounts/login", json={"username": "Brand_One", "password": "x"})
    assert r.status_code == 409 and "username" in r.json()["errors"]


def test_other_users_username_is_a_new_account_here(lc: httpx.Client) -> None:
    r = lc.post("/accounts/login", json={"username": "theirs", "password": "x"})
    assert r.status_code == 201 and data(r)["user_id"] == 1


def test_account_limit_is_403_for_new_accounts_only() -> None:
    sb = Sandbox(login_seed(account_limit=3))  # user 1 already has 3 accounts
    sb.state.logins.pop("brand_two")
    with client_for(sb) as c:
        r = c.post("/accounts/login", json={"username": "new_brand", "password": "right-pass"})
        assert r.status_code == 403 and r.json()["errors"] == {"account_limit": 3}
        relogin = c.post("/accounts/login", json={"username": "brand_two", "password": "x"})
        assert relogin.status_code == 200


def test_twofa_with_secret_resolves_itself(lc: httpx.Client) -> None:
    body = {"username": "twofa_brand", "password": "p", "twofa_secret": "JBSWY3DPEHPK3PXP"}
    assert lc.post("/accounts/login", json=body).status_code == 201


def test_twofa_without_secret_is_an_sms_challenge(lc: httpx.Client) -> None:
    r = lc.post("/accounts/login", json={"username": "twofa_brand", "password": "p"})
    assert r.status_code == 200
    challenge = data(r)
    assert challenge["needs_challenge"] is True and challenge["challenge_type"] == "sms"
    done = lc.post(
        "/accounts/challenge",
        json={"challenge_token": challenge["challenge_token"], "code": "123456"},
    )
    assert done.status_code == 201


def test_request_log_redacts_secrets(lsb: Sandbox, lc: httpx.Client) -> None:
    body = {"username": "twofa_brand", "password": "p", "twofa_secret": "JBSWY3DPEHPK3PXP", **IMAP}
    lc.post("/accounts/login", json=body)
    lc.post("/accounts/challenge", json={"challenge_token": "t", "code": "123456"})
    login, challenge = lsb.log
    assert login.body == {
        "username": "twofa_brand", "password": "(redacted)", "twofa_secret": "(redacted)",
        "imap_server": "imap.example.com", "imap_username": "me@example.com",
        "imap_password": "(redacted)",
    }  # fmt: skip
    assert challenge.body == {"challenge_token": "t", "code": "(redacted)"}
