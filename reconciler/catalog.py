"""Built-in catalogs from the two API documents: writable settings and target types per module.

They let `strec validate` check a config offline. The live `GET .../targets/types`
answer stays authoritative at plan time. `SETTINGS` and `TARGET_TYPES` are the reference's
v1.9.0 view (the primary dialect); the guide's own catalogs sit next to them
(`GUIDE_REPOST_SETTINGS`, `GUIDE_TARGET_TYPES`), and offline validation accepts a name from
either document (`setting_specs`, `known_target_type`).
"""

from __future__ import annotations

from typing import Final

from reconciler.catalog_reactions import REACTIONS_SETTINGS
from reconciler.catalog_types import (
    BOOL,
    DATETIME,
    FLOAT,
    INT,
    STR,
    TIME,
    Kind,
    SettingSpec,
    TargetType,
    specs,
    target_types,
)

__all__ = [
    "BOOL",
    "DATETIME",
    "FLOAT",
    "GUIDE_REACTIONS_TARGET_TYPES",
    "GUIDE_REPOST_SETTINGS",
    "GUIDE_REPOST_TARGET_TYPES",
    "GUIDE_SETTINGS",
    "GUIDE_TARGET_TYPES",
    "INSTAGRAM_USERNAME",
    "INT",
    "MAX_REMOVE_DELAY_SECONDS",
    "MODULES",
    "REACTIONS_SETTINGS",
    "REACTIONS_TARGET_TYPES",
    "READ_ONLY_SETTINGS",
    "REPOST_EQUIVALENTS",
    "REPOST_SETTINGS",
    "REPOST_SPEEDS",
    "REPOST_TARGET_TYPES",
    "SETTINGS",
    "STR",
    "TARGET_TYPES",
    "TIME",
    "Kind",
    "SettingSpec",
    "TargetType",
    "equivalent_setting",
    "known_setting_names",
    "known_target_type",
    "setting_specs",
]

#: Instagram's rule for a username: letters, digits, `.` and `_`, at most 30 characters.
INSTAGRAM_USERNAME: Final = r"[A-Za-z0-9._]{1,30}"

REPOST_SPEEDS: Final[tuple[str, ...]] = ("very_slow", "slow", "medium", "fast", "very_fast")

#: The reference: "remove_delay: 0=never, 900=15min, ... up to 604800 (7 days)".
MAX_REMOVE_DELAY_SECONDS: Final = 604800

_HHMM = r"(?:[01][0-9]|2[0-3]):[0-5][0-9]"
_REPOST_TIME = rf"repost\[{_HHMM}\]"

REPOST_SETTINGS: Final[dict[str, SettingSpec]] = {
    **specs(("speed", STR, "schedule", REPOST_SPEEDS)),
    "remove_delay": SettingSpec(
        "remove_delay",
        INT,
        "schedule",
        minimum=0,
        maximum=MAX_REMOVE_DELAY_SECONDS,
        form="seconds, 0 = never",
        unit="seconds",
    ),
    **specs(
        ("daily_pause", BOOL, "schedule"),
        ("daily_pause_from", TIME, "schedule"),
        ("daily_pause_to", TIME, "schedule"),
        ("metadata_location", BOOL, "schedule"),
        ("metadata_user", BOOL, "schedule"),
        ("collections_shuffle", BOOL, "schedule"),
        ("caption", STR, "caption"),
        ("first_comment", STR, "caption"),
        ("photo_posts", BOOL, "media_types"),
        ("video_posts", BOOL, "media_types"),
        ("album_posts", BOOL, "media_types"),
        ("reels_posts", BOOL, "media_types"),
        ("targets_shuffle", BOOL, "targeting"),
    ),
    "custom_repost_time": SettingSpec(
        "custom_repost_time",
        STR,
        "targeting",
        pattern=rf"(?:{_REPOST_TIME}(?:\s*,\s*{_REPOST_TIME})*)?",
        form='daily times as repost[HH:MM] joined by commas, e.g. "repost[10:00],repost[18:00]"'
        " (empty: use speed)",
    ),
}

#: The guide's table "Settings fields for PATCH /repost/schedules/{id}/settings": other
#: names for the media filters (`data.*`), `remove_delay` in hours, and the metadata
#: fields as a location id and a username instead of booleans.
GUIDE_REPOST_SETTINGS: Final[dict[str, SettingSpec]] = {
    **specs(("speed", STR, "schedule", REPOST_SPEEDS)),
    "remove_delay": SettingSpec(
        "remove_delay", INT, "schedule", minimum=0, form="hours, 0 = never", unit="hours"
    ),
    **specs(
        ("daily_pause", BOOL, "schedule"),
        ("daily_pause_from", TIME, "schedule"),
        ("daily_pause_to", TIME, "schedule"),
        ("caption", STR, "caption"),
        ("first_comment", STR, "caption"),
        ("metadata_location", INT, "caption"),
    ),
    "metadata_user": SettingSpec(
        "metadata_user",
        STR,
        "caption",
        pattern=f"(?:{INSTAGRAM_USERNAME})?",
        form="an Instagram username (letters, digits, '.' and '_', at most 30 characters)",
    ),
    **specs(
        ("collections_shuffle", BOOL, "advanced"),
        ("data.photo", BOOL, "advanced"),
        ("data.video", BOOL, "advanced"),
        ("data.album", BOOL, "advanced"),
        ("data.reels", BOOL, "advanced"),
        ("data.private_only", BOOL, "advanced"),
    ),
}

#: Reference name -> the guide's name for the same repost setting, where they differ.
REPOST_EQUIVALENTS: Final[dict[str, str]] = {
    "photo_posts": "data.photo",
    "video_posts": "data.video",
    "album_posts": "data.album",
    "reels_posts": "data.reels",
}

#: Fields the settings endpoint reports but refuses to write (422).
READ_ONLY_SETTINGS: Final[dict[str, frozenset[str]]] = {
    "repost": frozenset({"is_active"}),
    "reactions": frozenset({"is_active"}),
}

REACTIONS_TARGET_TYPES: Final[dict[str, TargetType]] = target_types(
    ("timeline", False, False),  # the account's own home timeline: no value
    ("hashtag", False),
    ("hashtag_likers", False),
    ("keyword", False),
    ("keyword_likers", False),
    ("keyword_reels", False),
    ("keyword_reels_likers", False),
    ("people", True),
    ("people_followers", True),
    ("people_followings", True),
    ("people_likers", True),
    ("location", True),
    ("location_likers", True),
    ("user_id_list", False),
)

REPOST_TARGET_TYPES: Final[dict[str, TargetType]] = target_types(
    ("hashtag", False),
    ("hashtag_reels", False),
    ("location", True),
    ("people", False),
    ("people_reels", False),
    ("music", True),
    ("collection", True),
    ("instagram_post", False),
    ("tiktok_hashtag", False),
    ("tiktok_user", False),
    ("tiktok_keyword", False),
    ("tiktok_trending", False),
    ("tiktok_post", False),
)

#: The public developer guide's catalogs (its second dialect). Offline validation accepts a
#: type from either document; the live catalog decides at plan time.
GUIDE_REACTIONS_TARGET_TYPES: Final[dict[str, TargetType]] = target_types(
    ("hashtag", False),
    ("location", True),
    ("people", False),
    ("explore", False, False),  # the guide's "Requires ID/value" column is empty
    ("feed", False, False),
    ("likers", False),
    ("user_followers", False),
    ("user_following", False),
)

GUIDE_REPOST_TARGET_TYPES: Final[dict[str, TargetType]] = target_types(
    ("hashtag", False),
    ("hashtag_reels", False),
    ("location", True),
    ("people", False),
    ("people_reels", False),
    ("music", True),
    ("collection", True),
    ("instagram_post", False),
)

#: Module name in strec config -> (API path segment, package module name for the 403 gate).
MODULES: Final[dict[str, tuple[str, str]]] = {
    "repost": ("repost", "repost-pro"),
    "reactions": ("reactions", "reactions"),
}

SETTINGS: Final[dict[str, dict[str, SettingSpec]]] = {
    "repost": REPOST_SETTINGS,
    "reactions": REACTIONS_SETTINGS,
}

GUIDE_SETTINGS: Final[dict[str, dict[str, SettingSpec]]] = {
    "repost": GUIDE_REPOST_SETTINGS,
    "reactions": {},  # the guide lists no reactions settings fields
}

TARGET_TYPES: Final[dict[str, dict[str, TargetType]]] = {
    "repost": REPOST_TARGET_TYPES,
    "reactions": REACTIONS_TARGET_TYPES,
}

GUIDE_TARGET_TYPES: Final[dict[str, dict[str, TargetType]]] = {
    "repost": GUIDE_REPOST_TARGET_TYPES,
    "reactions": GUIDE_REACTIONS_TARGET_TYPES,
}


def known_target_type(module: str, type_: str) -> TargetType | None:
    """The target type as either document defines it (the reference wins), or None."""
    return TARGET_TYPES[module].get(type_) or GUIDE_TARGET_TYPES[module].get(type_)


def setting_specs(module: str, name: str) -> list[SettingSpec]:
    """How either document types the setting `name` of `module` (empty: unknown).

    The reference's spec comes first. Where both documents give the field the same type,
    the reference's spec alone is returned: it is the primary dialect, and its bounds are
    the documented ones (`remove_delay` 0..604800 also holds every sensible number of
    hours). Where the types differ (`metadata_location`, `metadata_user`), both are
    returned and a value may take either.
    """
    found = [
        spec
        for spec in (SETTINGS[module].get(name), GUIDE_SETTINGS[module].get(name))
        if spec is not None
    ]
    if len(found) == 2 and found[0].kind == found[1].kind:
        return found[:1]
    return found


def known_setting_names(module: str) -> list[str]:
    """Every settings name either document gives `module`, the reference's first."""
    return list(dict.fromkeys([*SETTINGS[module], *GUIDE_SETTINGS[module]]))


def equivalent_setting(module: str, name: str) -> str | None:
    """The other document's name for the same setting (`photo_posts` <-> `data.photo`)."""
    if module != "repost":
        return None
    if name in REPOST_EQUIVALENTS:
        return REPOST_EQUIVALENTS[name]
    for reference, guide in REPOST_EQUIVALENTS.items():
        if guide == name:
            return reference
    return None
