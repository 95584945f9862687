"""POST /accounts/challenge: codes, the auto_imap 202 retry pattern, TTL and re-logins."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sandbox_helpers import IMAP, OTHER_KEY, client_for, data

from reconciler.sandbox import Sandbox


def start(c: httpx.Client, username: str, **extra: Any) -> dict[str, Any]:
    r = c.post("/accounts/login", json={"username": username, "password": "p", **extra})
    assert r.status_code == 200, r.text
    return data(r)  # type: ignore[no-any-return]


def finish(c: httpx.Client, token: str, **body: Any) -> httpx.Response:
    return c.post("/accounts/challenge", json={"challenge_token": token, **body})


def test_email_challenge_answer_shape(lc: httpx.Client) -> None:
    challenge = start(lc, "mail_brand")
    token = challenge.pop("challenge_token")
    assert len(token) == 64 and int(token, 16) >= 0
    assert challenge == {
        "needs_challenge": True, "challenge_type": "email", "expires_in": 600, "relogin": False,
    }  # fmt: skip


def test_auto_imap_retries_then_creates(both: tuple[Sandbox, httpx.Client]) -> None:
    sb, c = both
    token = start(c, "mail_brand", **IMAP)["challenge_token"]
    for _ in range(2):  # the script's imap_polls
        r = finish(c, token, auto_imap=True)
        assert r.status_code == 202
        message = "Instagram email not yet received. Retry in a few seconds."
        if sb.dialect.php:
            assert r.json() == {"result": 0, "message": message, "retry": True}
        else:
            assert r.json() == {"status": "error", "message": message, "retry": True}
    assert sb.state.user_account_named(1, "mail_brand") is None
    done = finish(c, token, auto_imap=True)
    assert done.status_code == 201 and data(done)["username"] == "mail_brand"
    assert sb.state.user_account_named(1, "mail_brand") is not None
    assert finish(c, token, auto_imap=True).status_code == 404  # the row is gone


def test_sms_code_creates_and_wrong_code_is_400(lc: httpx.Client) -> None:
    challenge = start(lc, "sms_brand")
    assert challenge["challenge_type"] == "sms"
    token = challenge["challenge_token"]
    wrong = finish(lc, token, code="123456")
    assert wrong.status_code == 400 and wrong.json()["result"] == 0
    assert finish(lc, token, code="654321").status_code == 201


def test_email_challenge_with_manual_code(lc: httpx.Client) -> None:
    token = start(lc, "mail_brand")["challenge_token"]
    assert finish(lc, token, code=123456).status_code == 201  # a JSON number works too


def test_sms_challenge_never_arrives_by_mail(lc: httpx.Client) -> None:
    token = start(lc, "sms_brand", **IMAP)["challenge_token"]
    assert [finish(lc, token, auto_imap=True).status_code for _ in range(3)] == [202] * 3


def test_unknown_and_other_users_token_is_404(lsb: Sandbox, lc: httpx.Client) -> None:
    assert finish(lc, "f" * 64, code="123456").status_code == 404
    token = start(lc, "mail_brand")["challenge_token"]
    with client_for(lsb, OTHER_KEY) as other:
        assert finish(other, token, code="123456").status_code == 404


def test_expired_token_is_410(lsb: Sandbox, lc: httpx.Client) -> None:
    token = start(lc, "mail_brand")["challenge_token"]
    lsb.advance_time(599)
    assert finish(lc, token, code="000000").status_code == 400  # still alive
    lsb.advance_time(1)
    r = finish(lc, token, code="123456")
    assert r.status_code == 410 and r.json()["result"] == 0
    assert finish(lc, token, code="123456").status_code == 410
    assert lsb.state.user_account_named(1, "mail_brand") is None


def test_injected_clock(lsb: Sandbox, lc: httpx.Client) -> None:
    now = [1_000_000.0]
    lsb.clock = lambda: now[0]
    token = start(lc, "mail_brand")["challenge_token"]
    now[0] += 601
    assert finish(lc, token, code="123456").status_code == 410


def test_a_new_login_replaces_the_pending_challenge(lc: httpx.Client) -> None:
    first = start(lc, "mail_brand")["challenge_token"]
    second = start(lc, "mail_brand")["challenge_token"]
    assert first != second
    assert finish(lc, first, code="123456").status_code == 404
    assert finish(lc, second, code="123456").status_code == 201


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"code": "123456"}, "challenge_token"),
        ({"challenge_token": "t"}, "code"),
        ({"challenge_token": "t", "code": "12345"}, "code"),
        ({"challenge_token": "t", "auto_imap": "yes"}, "auto_imap"),
    ],
)
def test_challenge_validation_422(lc: httpx.Client, body: dict[str, Any], field: str) -> None:
    r = lc.post("/accounts/challenge", json=body)
    assert r.status_code == 422 and field in r.json()["errors"]


def test_auto_imap_without_stored_credentials_is_422(lc: httpx.Client) -> None:
    token = start(lc, "mail_brand")["challenge_token"]
    r = finish(lc, token, auto_imap=True)
    assert r.status_code == 422 and "auto_imap" in r.json()["errors"]


def test_relogin_through_a_challenge_updates_with_200(both: tuple[Sandbox, httpx.Client]) -> None:
    sb, c = both
    challenge = start(c, "brand_two", proxy="http://7.7.7.7:7")
    assert challenge["relogin"] is True
    r = finish(c, challenge["challenge_token"], code="123456")
    assert r.status_code == 200 and data(r)["id"] == 12
    row = sb.state.accounts[12]
    assert not row.login_required and row.password == "p" and row.proxy == "http://7.7.7.7:7"
