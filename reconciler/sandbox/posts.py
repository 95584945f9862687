"""Posts (both dialects): the rules for a create or update body, and the post object.

The reference lists the fields (POST /posts: account_id required, caption, type,
first_comment, location, link, media_ids as comma-separated ids, is_scheduled,
schedule_date "Y-m-d H:i:s"; PUT|PATCH: the same minus account_id) and the Post object;
the guide adds the status "publishing" and says published posts cannot be edited.
Where both are silent the sandbox takes the stricter reading:

- every problem of a body is reported at once (422): unknown fields, the read-only ones
  (id, user_id, status, publish_date, create_date) and, on update, account_id (a post
  does not move between accounts) and an empty body;
- account_id is a JSON integer; caption and first_comment are strings of at most 2,200
  characters (Instagram's limit), location at most 255, link "" or an http(s) URL of at
  most 2,048; type is one of photo, video, album, story, reels (default photo: the
  guide's example; the media kinds the guide names elsewhere, plus story); null is not
  a string;
- media_ids is a string of ids joined by commas, no spaces, no empty or repeated id, at
  most 10 (Instagram's carousel size); "" means no media. The reference has no media
  endpoints, so there the ids are opaque; the guide checks each is one of the caller's
  uploaded files (422 otherwise);
- is_scheduled is true/false or 0/1; schedule_date is exactly "Y-m-d H:i:s" (UTC, the
  sandbox's clock) or null;
- a post whose result is scheduled (is_scheduled true) needs a schedule_date after now,
  checked on every write ("scheduled" means queued for future publication: editing a
  scheduled post whose time passed needs a new time);
- status follows is_scheduled on every write (saved when false, scheduled when true),
  so editing a failed post queues it again or makes it a draft; publishing, published
  and failed only come from seeds (there is no cron).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from reconciler.sandbox.dialect import Dialect
from reconciler.sandbox.records import Post
from reconciler.sandbox.validate import DATETIME_FORMAT

POST_TYPES = ("photo", "video", "album", "story", "reels")
STATUSES = ("saved", "scheduled", "publishing", "published", "failed")
#: the ?status= values each document lists (the reference has no "publishing")
STATUS_FILTERS = {
    "reference": ("saved", "scheduled", "published", "failed"),
    "guide": ("saved", "scheduled", "publishing", "published", "failed"),
}
#: statuses whose post can no longer be changed: answered 409 (see routes_posts.py)
LOCKED = ("publishing", "published")
WRITABLE = (
    "caption", "type", "first_comment", "location", "link", "media_ids", "is_scheduled",
    "schedule_date",
)  # fmt: skip
READ_ONLY = ("id", "user_id", "status", "publish_date", "create_date")
TEXT_LIMITS = {"caption": 2200, "first_comment": 2200, "location": 255, "link": 2048}
MAX_MEDIA = 10
_MEDIA_IDS = re.compile(r"^[0-9]{1,10}(?:,[0-9]{1,10})*$")
_DATETIME = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$")
_URL = re.compile(r"^https?://[^\s/?#]+[^\s]*$", re.IGNORECASE)


def parse_media_ids(value: Any) -> tuple[list[int], str | None]:
    """The ids of a media_ids string, and the reason it is refused (None when fine)."""
    if not isinstance(value, str):
        return [], 'must be a string of ids joined by commas, like "42,43"'
    if value == "":
        return [], None
    if not _MEDIA_IDS.match(value):
        return [], 'must be ids joined by commas with no spaces, like "42,43"'
    ids = [int(part) for part in value.split(",")]
    if len(set(ids)) != len(ids):
        return ids, "must not name the same id twice"
    if len(ids) > MAX_MEDIA:
        return ids, f"must name at most {MAX_MEDIA} files"
    return ids, None


def schedule_date_of(value: Any) -> tuple[str | None, str | None]:
    """A schedule_date (or None), and the reason it is refused (None when fine)."""
    if value is None:
        return None, None
    if isinstance(value, str) and _DATETIME.match(value):
        try:
            datetime.strptime(value, DATETIME_FORMAT)
        except ValueError:
            pass
        else:
            return value, None
    return None, 'must be a date and time "Y-m-d H:i:s" (e.g. "2026-03-28 14:00:00") or null'


def _text(name: str, value: Any, errors: dict[str, str]) -> str | None:
    if not isinstance(value, str):
        errors[name] = "must be a string"
        return None
    limit = TEXT_LIMITS.get(name)
    if limit is not None and len(value) > limit:
        errors[name] = f"must be at most {limit:,} characters"
    elif name == "type" and value not in POST_TYPES:
        errors[name] = f"must be one of: {', '.join(POST_TYPES)}"
    elif name == "link" and value and not _URL.match(value):
        errors[name] = 'must be "" or an http(s) URL'
    return value


def _flag(value: Any, errors: dict[str, str]) -> bool | None:
    if isinstance(value, bool):
        return value
    if type(value) is int and value in (0, 1):
        return bool(value)
    errors["is_scheduled"] = "must be true, false, 0 or 1"
    return None


def check_body(body: dict[str, Any], *, create: bool) -> tuple[dict[str, Any], dict[str, str]]:
    """The validated fields of a create or update body, and every problem (field → reason).

    Each field's own rules only; the rules that need the stored post, the clock or the
    caller's files (a scheduled post's future date, whose media) are the routes'.
    """
    errors: dict[str, str] = {}
    for name in body:
        if name in READ_ONLY:
            errors[name] = "is read-only"
        elif name == "account_id" and not create:
            errors[name] = "cannot be changed (create a new post for another account)"
        elif name not in WRITABLE and name != "account_id":
            errors[name] = f"unknown field (expected one of: {', '.join(WRITABLE)})"
    if not create and not body:
        errors["fields"] = f"give at least one of: {', '.join(WRITABLE)}"
    fields: dict[str, Any] = {}
    if create:
        account_id = body.get("account_id")
        if account_id is None:
            errors["account_id"] = "is required"
        elif type(account_id) is not int or account_id < 1:
            errors["account_id"] = "must be an account id (an integer)"
        else:
            fields["account_id"] = account_id
    for name in ("caption", "type", "first_comment", "location", "link"):
        if name in body:
            fields[name] = _text(name, body[name], errors)
    if "media_ids" in body:
        _, problem = parse_media_ids(body["media_ids"])
        if problem:
            errors["media_ids"] = problem
        fields["media_ids"] = body["media_ids"]
    if "is_scheduled" in body:
        fields["is_scheduled"] = _flag(body["is_scheduled"], errors)
    if "schedule_date" in body:
        fields["schedule_date"], problem = schedule_date_of(body["schedule_date"])
        if problem:
            errors["schedule_date"] = problem
    return fields, errors


def render(d: Dialect, p: Post) -> dict[str, Any]:
    """A post as both documents' Post object has it (is_scheduled 0/1 in the reference)."""
    return {
        "id": p.id,
        "user_id": p.user_id,
        "account_id": p.account_id,
        "status": p.status,
        "type": p.type,
        "caption": p.caption,
        "first_comment": p.first_comment,
        "location": p.location,
        "link": p.link,
        "media_ids": p.media_ids,
        "is_scheduled": d.flag(p.is_scheduled),
        "schedule_date": p.schedule_date,
        "publish_date": p.publish_date,
        "create_date": p.create_date,
    }
