"""Shared test helpers: a small two-user seed and httpx clients bound to a sandbox."""

from __future__ import annotations

from typing import Any

import httpx

from reconciler.sandbox import Sandbox

KEY = "sht_" + "a" * 64
OTHER_KEY = "sht_" + "b" * 64
REVOKED_KEY = "sht_" + "c" * 64
BASE = "http://sandbox/api/v1"


def make_seed() -> dict[str, Any]:
    """User 1 owns accounts 11-13 (12 has no reactions schedule); user 2 owns 21."""
    return {
        "users": [
            {"id": 1, "username": "agency", "api_keys": [KEY], "revoked_keys": [REVOKED_KEY]},
            {"id": 2, "username": "other", "api_keys": [OTHER_KEY], "modules": ["repost-pro"]},
        ],
        "accounts": [
            {
                "id": 11,
                "username": "brand_one",
                "repost": {
                    "is_active": False,
                    "settings": {"speed": "slow", "daily_pause": True, "daily_pause_from": "23:00"},
                    "targets": [{"type": "hashtag", "value": "nature"}],
                },
                "reactions": {
                    "is_active": True,
                    "is_running": True,
                    "settings": {"massvoting_interval": 1.5, "tg_chat_id": 123456789},
                    "targets": [{"type": "hashtag", "value": "hiking"}],
                },
            },
            {"id": 12, "username": "brand_two", "login_required": 1, "repost": {"is_active": True}},
            {"id": 13, "username": "brand_three", "repost": True, "reactions": True},
            {"id": 21, "username": "theirs", "user_id": 2, "repost": True, "reactions": True},
        ],
        "captions": [
            {"id": 1, "title": "Launch", "caption": "New drop"},
            {"id": 2, "title": "Weekend", "caption": "Have a great weekend"},
            {"id": 3, "user_id": 2, "title": "Theirs", "caption": "not yours"},
        ],
        "proxies": [
            {"proxy": "http://1.2.3.4:8080", "country_code": "US"},
            {"proxy": "http://5.6.7.8:8080", "country_code": "DE", "use_count": 2},
        ],
    }


LOGINS: dict[str, Any] = {
    "new_brand": {"outcome": "success", "password": "right-pass", "instagram_id": "777"},
    "twofa_brand": {"outcome": "twofa"},
    "mail_brand": {"outcome": "email_challenge", "imap_polls": 2},
    "sms_brand": {"outcome": "sms_challenge", "code": "654321"},
    "bad_brand": {"outcome": "wrong_password"},
    "cp_brand": {"outcome": "checkpoint"},
    "ghost_brand": {"outcome": "not_found"},
    "flaky_brand": {"outcome": "network_error"},
    "brand_two": {"outcome": "email_challenge"},  # the seeded login_required=1 account
}
IMAP = {"imap_server": "imap.example.com", "imap_username": "me@example.com", "imap_password": "p"}


def login_seed(account_limit: int | None = None) -> dict[str, Any]:
    """make_seed() with the scripted LOGINS and, optionally, user 1's account limit."""
    seed = make_seed()
    seed["logins"] = LOGINS
    if account_limit is not None:
        seed["users"][0]["account_limit"] = account_limit
    return seed


def items(response: httpx.Response) -> list[Any]:
    """The items of a list answer in either dialect."""
    payload = data(response)
    return payload if isinstance(payload, list) else payload["items"]


def client_for(sb: Sandbox, key: str | None = KEY) -> httpx.Client:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return httpx.Client(base_url=BASE, transport=sb.transport(), headers=headers)


def data(response: httpx.Response) -> Any:
    """The payload of a success answer in either dialect."""
    body = response.json()
    assert body.get("result") == 1 or body.get("status") == "success", body
    return body["data"]
