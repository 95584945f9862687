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


def modules_seed() -> dict[str, Any]:
    """make_seed() plus Welcome DM, AI-DM, Leads and First Comment schedules and logs.

    User 1: account 11 has two Welcome DM schedules (1, 2), a running AI-DM (5), an
    active Leads schedule due in an hour (7) and a First Comment schedule (1); account 12
    a Leads schedule due an hour ago (8). User 2's account 21 holds 3, 6, 9 and 2.
    """
    seed = make_seed()
    one, two, theirs = seed["accounts"][0], seed["accounts"][1], seed["accounts"][3]
    one["welcome_dm"] = [
        {"id": 1, "is_active": True, "messages": ["Hi {username}!", {"text": "Welcome"}]},
        {"id": 2, "speed": 3, "daily_pause": {"enabled": True, "from": "22:00", "to": "08:00"}},
    ]
    one["ai_dm"] = {"id": 5, "is_active": True, "process_id": 4242,
                    "settings": {"api_key_configured": True, "model": "gpt-4"}}
    one["leads"] = {"id": 7, "is_active": True, "schedule_date": "now+1h",
                    "targets": [{"type": "people_followers", "value": "nike", "id": "13"}]}
    one["first_comment"] = {"id": 1, "targets": [{"username": "nike", "user_pk": "19038780"}],
                            "comments": ["Nice!"], "comment_mode": "sequential"}
    two["leads"] = {"id": 8, "is_active": True, "schedule_date": "now-1h"}
    theirs["welcome_dm"] = {"id": 3}
    theirs["ai_dm"] = {"id": 6}
    theirs["leads"] = {"id": 9}
    theirs["first_comment"] = {"id": 2, "targets": [{"username": "x", "user_pk": "1"}],
                               "comments": ["x"]}
    theirs["logs"] = {"welcome_dm": [{"id": 90, "status": "sent"}]}
    seed["users"][1]["modules"] = ["repost-pro", "welcome_dm", "ai_dm", "leads", "first_comment"]
    return seed
