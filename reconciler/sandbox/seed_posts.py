"""The seed's posts, uploaded files and the installation's media settings.

    media_settings: {video_processing: false, opaque_names: false,
                     base_url: "https://sandbox.invalid"}
    media:                      # uploaded files (served in the guide dialect only)
      - {id: 42, user_id: 1, name: beach.jpg, filesize: 204800, date: "now-2d"}
    posts:
      - id: 1
        account_id: 11          # required; the post's user is the account's
        status: published       # saved | scheduled | publishing | published | failed
        type: photo, caption: "…", first_comment: "", location: "", link: "",
        media_ids: "42,43"      # or a list [42, 43]
        is_scheduled: true, schedule_date: "now-1d", publish_date: "now-1d",
        create_date: "now-3d"

Defaults: status follows is_scheduled (scheduled when true, else saved) and
is_scheduled follows status; a published post's publish_date is its schedule_date, else
its create_date. A seed may hold what the API would refuse today, on purpose: a
scheduled post whose time has passed (the cron that would publish it is not simulated),
media_ids naming no uploaded file (the reference's ids are opaque), a file whose type
needs video processing that is off. Names are strict as everywhere in the seed: unknown
keys, statuses, post types and file extensions, a post of an account not in the seed,
a scheduled post with no schedule_date, or a status that contradicts is_scheduled are
a SeedError.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reconciler.normalize import to_bool, to_int
from reconciler.sandbox import media, posts
from reconciler.sandbox.records import DEFAULT_DATE, Media, Post
from reconciler.sandbox.seed_values import (
    SeedError,
    assign_ids,
    check_keys,
    datetime_value,
    entries,
    optional_datetime,
    text,
)
from reconciler.sandbox.state import Store

_POST_KEYS = {"id", "account_id", "user_id", "status", *posts.WRITABLE, "publish_date",
              "create_date"}  # fmt: skip
_MEDIA_KEYS = {"id", "user_id", "name", "filesize", "date"}
_SETTINGS_KEYS = {"video_processing", "opaque_names", "base_url"}


def _media_settings(store: Store, raw: Any) -> None:
    if raw is None:
        return
    if not isinstance(raw, dict):
        raise SeedError("media_settings: must be a mapping")
    check_keys(raw, _SETTINGS_KEYS, "media_settings")
    settings = store.media_settings
    for flag in ("video_processing", "opaque_names"):
        if flag in raw:
            setattr(settings, flag, to_bool(raw[flag]))
    if "base_url" in raw:
        base = text(raw["base_url"]).rstrip("/")
        if not base.startswith(("http://", "https://")):
            raise SeedError("media_settings.base_url: must start with http:// or https://")
        settings.base_url = base


def _media(store: Store, seed: Mapping[str, Any], default_user: int) -> None:
    rows = entries(seed, "media")
    every_type = {**media.BASE_TYPES, **media.VIDEO_PROCESSING_TYPES}
    for raw, mid in zip(rows, assign_ids(store, "media", rows), strict=True):
        where = f"media[{mid}]"
        check_keys(raw, _MEDIA_KEYS, where)
        name = text(raw.get("name"))
        ext = media.extension(name)
        if ext not in every_type:
            raise SeedError(f"{where}.name: {name!r} is not a file of type "
                            f"{', '.join(every_type)}")  # fmt: skip
        user_id = to_int(raw.get("user_id", default_user))
        if user_id not in store.users:
            raise SeedError(f"{where}: user {user_id} is not in users")
        filesize = to_int(raw.get("filesize", 1024))
        if filesize < 1:
            raise SeedError(f"{where}.filesize: must be at least 1 byte")
        stored = media.stored_name(mid, user_id, name, "seed", store.media_settings.opaque_names)
        date = datetime_value(raw.get("date", DEFAULT_DATE), store.time(), f"{where}.date")
        store.media[mid] = Media(mid, user_id, stored, every_type[ext], filesize, date,
                                 media.sanitize(name))  # fmt: skip


def _media_ids(value: Any, where: str) -> str:
    joined = ",".join(str(to_int(v)) for v in value) if isinstance(value, list) else text(value)
    _, problem = posts.parse_media_ids(joined)
    if problem:
        raise SeedError(f"{where}.media_ids: {problem}")
    return joined


def _status(raw: Mapping[str, Any], where: str) -> tuple[str, bool]:
    status = raw.get("status")
    scheduled = to_bool(raw["is_scheduled"]) if "is_scheduled" in raw else None
    if status is None:
        return ("scheduled" if scheduled else "saved"), bool(scheduled)
    if status not in posts.STATUSES:
        raise SeedError(f"{where}.status: {status!r} is not one of {', '.join(posts.STATUSES)}")
    implied = {"saved": False, "scheduled": True}.get(status)
    if implied is not None and scheduled is not None and scheduled != implied:
        raise SeedError(f"{where}: status {status} contradicts is_scheduled {scheduled}")
    return status, bool(scheduled if scheduled is not None else implied)


def _post(store: Store, raw: dict[str, Any], pid: int) -> Post:
    where = f"posts[{pid}]"
    check_keys(raw, _POST_KEYS, where)
    if raw.get("account_id") is None:
        raise SeedError(f"{where}: account_id is required")
    account = store.accounts.get(to_int(raw["account_id"]))
    if account is None:
        raise SeedError(f"{where}: account {raw['account_id']} is not in accounts")
    if "user_id" in raw and to_int(raw["user_id"]) != account.user_id:
        raise SeedError(f"{where}: user_id must be the account's user ({account.user_id})")
    status, scheduled = _status(raw, where)
    row = Post(pid, account.user_id, account.id, status, is_scheduled=scheduled)
    for name in ("type", "caption", "first_comment", "location", "link"):
        if name in raw:
            setattr(row, name, text(raw[name]))
    if row.type not in posts.POST_TYPES:
        raise SeedError(f"{where}.type: {row.type!r} is not one of {', '.join(posts.POST_TYPES)}")
    if "media_ids" in raw:
        row.media_ids = _media_ids(raw["media_ids"], where)
    now = store.time()
    row.create_date = datetime_value(raw.get("create_date", DEFAULT_DATE), now,
                                     f"{where}.create_date")  # fmt: skip
    row.schedule_date = optional_datetime(raw.get("schedule_date"), now, f"{where}.schedule_date")
    if scheduled and row.schedule_date is None:
        raise SeedError(f"{where}: a scheduled post needs a schedule_date")
    published = row.schedule_date or row.create_date if status == "published" else None
    row.publish_date = optional_datetime(raw.get("publish_date", published), now,
                                         f"{where}.publish_date")  # fmt: skip
    return row


def seed_posts(store: Store, seed: Mapping[str, Any], default_user: int) -> None:
    """Load `media_settings`, `media` and `posts` (after users and accounts)."""
    _media_settings(store, seed.get("media_settings"))
    _media(store, seed, default_user)
    rows = entries(seed, "posts")
    for raw, pid in zip(rows, assign_ids(store, "post", rows), strict=True):
        store.posts[pid] = _post(store, raw, pid)
