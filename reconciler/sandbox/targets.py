"""Targets as the schedule's JSON column holds them, and the rules for adding one.

The documents say: `type` must be in the catalog; a `requires_id` type needs a numeric
`id`; otherwise `id` defaults to `value`; repost's instagram_post/tiktok_post take the
link from the value. Where they are silent: types that name no source (reactions'
`timeline`, the guide's `explore` and `feed`) need no value and store "" for it; every
other type needs a non-empty string value; a numeric `id` may be a JSON integer or a
string of digits and is stored as a string; a second target with the same type and
value is a 409 in both modules.
"""

from __future__ import annotations

from typing import Any

from reconciler.catalog import TargetType
from reconciler.sandbox.context import ApiError
from reconciler.sandbox.state import Schedule, Store, Target

#: Types that point at no particular source, so need no value.
VALUELESS_TYPES = frozenset({"timeline", "explore", "feed"})
#: Repost types whose value is a post URL, copied into `link`.
LINKED_TYPES = frozenset({"instagram_post", "tiktok_post"})

DESCRIPTIONS: dict[str, str] = {
    "timeline": "Accounts from the home timeline",
    "hashtag": "Posts under a hashtag",
    "hashtag_likers": "Likers of posts under a hashtag",
    "hashtag_reels": "Reels under a hashtag",
    "keyword": "Accounts found by a keyword search",
    "keyword_likers": "Likers of posts found by a keyword",
    "keyword_reels": "Reels found by a keyword",
    "keyword_reels_likers": "Likers of reels found by a keyword",
    "people": "Posts or followers of a specific user",
    "people_reels": "Reels from a specific user",
    "people_followers": "Followers of a user (numeric id)",
    "people_followings": "Accounts a user follows (numeric id)",
    "people_likers": "Likers of a user's posts (numeric id)",
    "location": "Posts at a location (numeric location id)",
    "location_likers": "Likers of posts at a location (numeric id)",
    "user_id_list": "A custom list of user ids",
    "music": "Reels using a music track (numeric id)",
    "collection": "A saved collection (numeric id)",
    "instagram_post": "One Instagram post by URL",
    "tiktok_hashtag": "TikTok posts under a hashtag",
    "tiktok_user": "TikTok posts from a user",
    "tiktok_keyword": "TikTok posts matching a keyword",
    "tiktok_trending": "TikTok trending content by region code",
    "tiktok_post": "One TikTok video by URL",
    "explore": "Posts in the Explore feed",
    "feed": "Posts in the home feed",
    "likers": "Likers of a specific post",
    "user_followers": "Followers of a user",
    "user_following": "Accounts a user follows",
}


def make_target(
    store: Store, type_: str, value: str, id_: str | None = None, link: str | None = None
) -> Target:
    """A new target with its defaults filled in (id from value, link for post URLs)."""
    if link is None:
        link = value if type_ in LINKED_TYPES else ""
    return Target(store.next_id("target"), type_, value, id_ if id_ else value, link)


def _numeric_id(raw: Any) -> str | None:
    if type(raw) is int and raw >= 0:
        return str(raw)
    if isinstance(raw, str) and raw.strip().isdigit():
        return raw.strip()
    return None


def parse_new_target(store: Store, body: dict[str, Any], catalog: dict[str, TargetType]) -> Target:
    """The target a POST body asks for, or a 422 with every field's problem."""
    errors: dict[str, str] = {}
    type_ = body.get("type")
    spec = catalog.get(type_) if isinstance(type_, str) else None
    if not isinstance(type_, str) or not type_:
        errors["type"] = "is required"
    elif spec is None:
        errors["type"] = f"unknown target type {type_!r}; see GET …/targets/types"
    value = body.get("value", "")
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        errors["value"] = "must be a string"
    elif not value.strip() and type_ not in VALUELESS_TYPES:
        errors["value"] = "is required"
    raw_id, id_ = body.get("id"), None
    if spec is not None and spec.requires_id:
        id_ = _numeric_id(raw_id)
        if id_ is None:
            errors["id"] = f"a numeric id is required for type {type_!r}"
    elif raw_id not in (None, ""):
        if not isinstance(raw_id, str | int) or isinstance(raw_id, bool):
            errors["id"] = "must be a string"
        else:
            id_ = str(raw_id)
    link = body.get("link")
    if link is not None and not isinstance(link, str):
        errors["link"] = "must be a string"
    if errors:
        raise ApiError(422, "Validation failed", errors)
    assert isinstance(type_, str) and isinstance(value, str)
    return make_target(store, type_, value.strip(), id_, link or None)


def find_duplicate(schedule: Schedule, target: Target) -> Target | None:
    return next(
        (t for t in schedule.targets if t.type == target.type and t.value == target.value), None
    )
