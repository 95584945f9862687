"""Built-in catalogs from the API reference: writable settings and target types per module.

They let `strec validate` check a config offline. The live `GET .../targets/types`
answer stays authoritative at plan time; these tables are the reference's v1.9.0 view.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final


class Kind(StrEnum):
    """The value type of one settings field, as the reference documents it."""

    BOOL = "bool"
    INT = "int"
    FLOAT = "float"
    STR = "str"
    TIME = "time"  # "HH:MM"
    DATETIME = "datetime"  # "Y-m-d H:i:s"


BOOL, INT, FLOAT, STR, TIME, DATETIME = (
    Kind.BOOL,
    Kind.INT,
    Kind.FLOAT,
    Kind.STR,
    Kind.TIME,
    Kind.DATETIME,
)


@dataclass(frozen=True)
class SettingSpec:
    """One writable settings field: its name, type, category and optional allowed values."""

    name: str
    kind: Kind
    category: str
    choices: tuple[object, ...] | None = None


@dataclass(frozen=True)
class TargetType:
    """One target type of a module; `requires_id` means a numeric `id` must be given."""

    type: str
    requires_id: bool
    description: str = ""


def _specs(
    *rows: tuple[str, Kind, str] | tuple[str, Kind, str, tuple[object, ...]],
) -> dict[str, SettingSpec]:
    return {row[0]: SettingSpec(*row) for row in rows}


REACTIONS_SETTINGS: Final[dict[str, SettingSpec]] = _specs(
    ("daily_pause", BOOL, "schedule"),
    ("daily_pause_from", TIME, "schedule"),
    ("daily_pause_to", TIME, "schedule"),
    ("expiration", BOOL, "schedule"),
    ("expiration_date", DATETIME, "schedule"),
    ("is_pause_until", BOOL, "schedule"),
    ("is_reset_hl", BOOL, "schedule"),
    ("autopilot", BOOL, "schedule"),
    ("is_poll", BOOL, "story_reactions"),
    ("is_poll_slider", BOOL, "story_reactions"),
    ("is_quiz", BOOL, "story_reactions"),
    ("is_answer", BOOL, "story_reactions"),
    ("is_countdown", BOOL, "story_reactions"),
    ("is_masslooking", BOOL, "story_reactions"),
    ("fresh_stories", BOOL, "story_reactions"),
    ("is_story_likes", BOOL, "story_reactions"),
    ("like_stories_algorithm", INT, "story_reactions"),
    ("like_stories_type", INT, "story_reactions"),
    ("massvoting_interval", FLOAT, "intervals"),
    ("like_stories_interval", FLOAT, "intervals"),
    ("masslooking_interval", FLOAT, "intervals"),
    ("comment_interval", INT, "intervals"),
    ("dm_interval", INT, "intervals"),
    ("like_comments_interval", INT, "intervals"),
    ("like_comments_speed", INT, "intervals"),
    ("is_emoji", BOOL, "story_reactions"),
    ("emojis", STR, "story_reactions"),
    ("emoji_speed", INT, "story_reactions"),
    ("prorate_algorithm", BOOL, "actions"),
    ("prorate_reverse_looping", BOOL, "actions"),
    ("is_comment", BOOL, "comment"),
    ("comment_speed", INT, "comment"),
    ("is_comment_filter", BOOL, "comment"),
    ("is_likes", BOOL, "likes"),
    ("likes_speed", INT, "likes"),
    ("likes_per_user", INT, "likes"),
    ("is_likes_timeline", BOOL, "likes"),
    ("is_c_likes", BOOL, "likes"),
    ("c_likes_speed", INT, "likes"),
    ("is_follow", BOOL, "follow"),
    ("follow_speed", INT, "follow"),
    ("follow_limit", INT, "follow"),
    ("mute_type", STR, "follow"),
    ("is_unfollow", BOOL, "unfollow"),
    ("unfollow_speed", INT, "unfollow"),
    ("unfollow_skip_followers", BOOL, "unfollow"),
    ("unfollow_non_followers", BOOL, "unfollow"),
    ("auto_follow_unfollow", BOOL, "unfollow"),
    ("unfollow_interval", INT, "unfollow"),
    ("is_dm", BOOL, "dm"),
    ("dm_speed", INT, "dm"),
    ("dm_mute", BOOL, "dm"),
    ("dm_move_to_general", BOOL, "dm"),
    ("dm_only_text", BOOL, "dm"),
    ("dm_skip_following", BOOL, "dm"),
    ("dm_skip_following_request", BOOL, "dm"),
    ("dm_remove_from_list", BOOL, "dm"),
    ("is_reply_dm", BOOL, "reply_dm"),
    ("is_not_like_dm", BOOL, "reply_dm"),
    ("is_not_mute_dm", BOOL, "reply_dm"),
    ("is_only_text_dm", BOOL, "reply_dm"),
    ("is_welcome_dm", BOOL, "welcome_dm"),
    ("welcome_dm_mute", BOOL, "welcome_dm"),
    ("welcome_dm_only_text", BOOL, "welcome_dm"),
    ("welcome_dm_move", BOOL, "welcome_dm"),
    ("welcome_dm_speed", INT, "welcome_dm"),
    ("post_min_likes", INT, "post_filter"),
    ("post_max_likes", INT, "post_filter"),
    ("post_min_views", INT, "post_filter"),
    ("post_max_views", INT, "post_filter"),
    ("is_metrics_filter", BOOL, "metrics_filter"),
    ("followers_min", INT, "metrics_filter"),
    ("followers_max", INT, "metrics_filter"),
    ("followings_min", INT, "metrics_filter"),
    ("followings_max", INT, "metrics_filter"),
    ("posts_min", INT, "metrics_filter"),
    ("posts_max", INT, "metrics_filter"),
    ("last_posted_min", INT, "metrics_filter"),
    ("last_posted_max", INT, "metrics_filter"),
    ("verified_filter", INT, "filters", (0, 1, 2)),
    ("is_username_filter", BOOL, "filters"),
    ("is_username_filter_match_mode", BOOL, "filters"),
    ("is_username_filter_whitelist", BOOL, "filters"),
    ("is_gender_by_name_filter", BOOL, "filters"),
    ("gender_by_name_choice", STR, "filters"),
    ("is_gender_skip_mode", BOOL, "filters"),
    ("is_filter_by_id", BOOL, "filters"),
    ("bypass_potential_spam", BOOL, "filters"),
    ("potential_spam_flag_checker", BOOL, "filters"),
    ("mass_actions_no_stories", BOOL, "filters"),
    ("add_users_bm", BOOL, "bookmarks"),
    ("add_users_bm_days", INT, "bookmarks"),
    ("language_detection_notices", BOOL, "language"),
    ("language_web_data", BOOL, "language"),
    ("language_skip_accounts", BOOL, "language"),
    ("reposts_enable", BOOL, "reposts"),
    ("reposts_action", STR, "reposts"),
    ("reposts_min", INT, "reposts"),
    ("reposts_max", INT, "reposts"),
    ("reposts_speed", INT, "reposts"),
    ("reposts_max_per_day", INT, "reposts"),
    ("cf_enable", BOOL, "close_friends"),
    ("cf_followers", BOOL, "close_friends"),
    ("cf_action", STR, "close_friends"),
    ("cf_number", INT, "close_friends"),
    ("cf_speed", INT, "close_friends"),
    ("cf_skip_suggested", BOOL, "close_friends"),
    ("cf_infinite", BOOL, "close_friends"),
    ("cf_new_followers", BOOL, "close_friends"),
    ("is_telegram_analytics", BOOL, "notifications"),
    ("is_telegram_errors", BOOL, "notifications"),
    ("tg_chat_id", INT, "notifications"),
    ("delay_telegram", INT, "notifications"),
    ("custom_proxy", STR, "proxy"),
    ("custom_proxy_data_scrapping", BOOL, "proxy"),
    ("mqtt", BOOL, "advanced"),
    ("async_masslooking", BOOL, "advanced"),
    ("async_masslooking_batch", INT, "advanced"),
    ("async_story_likes", BOOL, "advanced"),
    ("async_story_likes_batch", INT, "advanced"),
    ("debug_mode", BOOL, "advanced"),
    ("keywords_cleaner", BOOL, "advanced"),
    ("bypass_challenges_automatically", BOOL, "advanced"),
    ("use_get_likers", BOOL, "advanced"),
    ("dfs_enable", BOOL, "advanced"),
    ("source_tracking", BOOL, "advanced"),
    ("track_only_new_followers", BOOL, "advanced"),
    ("target_quality_tracking", BOOL, "advanced"),
    ("mc_target_linking_interval", INT, "mother_child"),
    ("mc_interaction_frequency", INT, "mother_child"),
    ("activity_time", BOOL, "activity_time"),
    ("activity_time_randomize", BOOL, "activity_time"),
    ("activity_time_min_hd", STR, "activity_time"),
    ("activity_time_max_hd", STR, "activity_time"),
    ("activity_time_min_h", STR, "activity_time"),
    ("activity_time_max_h", STR, "activity_time"),
)

REPOST_SPEEDS: Final[tuple[str, ...]] = ("very_slow", "slow", "medium", "fast", "very_fast")

REPOST_SETTINGS: Final[dict[str, SettingSpec]] = _specs(
    ("speed", STR, "schedule", REPOST_SPEEDS),
    ("remove_delay", INT, "schedule"),
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
    ("custom_repost_time", STR, "targeting"),
)

#: Fields the settings endpoint reports but refuses to write (422).
READ_ONLY_SETTINGS: Final[dict[str, frozenset[str]]] = {
    "repost": frozenset({"is_active"}),
    "reactions": frozenset({"is_active"}),
}


def _types(*rows: tuple[str, bool]) -> dict[str, TargetType]:
    return {t: TargetType(t, r) for t, r in rows}


REACTIONS_TARGET_TYPES: Final[dict[str, TargetType]] = _types(
    ("timeline", False),
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

REPOST_TARGET_TYPES: Final[dict[str, TargetType]] = _types(
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
GUIDE_REACTIONS_TARGET_TYPES: Final[dict[str, TargetType]] = _types(
    ("hashtag", False),
    ("location", True),
    ("people", False),
    ("explore", False),
    ("feed", False),
    ("likers", False),
    ("user_followers", False),
    ("user_following", False),
)

GUIDE_REPOST_TARGET_TYPES: Final[dict[str, TargetType]] = _types(
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
