"""The documented fields of Welcome DM, AI-DM and Leads Finder schedules, as seed models.

Both documents list the same schedule objects; these pydantic models hold the fields
that are each module's own (the common columns — id, is_active, the running state and
the dates — live on records.ModuleSchedule). A seed is read leniently in values (1,
"true", "07:00:00") and strictly in names (`extra="forbid"`), like the rest of the seed.

Choices where the documents are silent:

- Welcome DM `message_count` is derived, len(messages); a seed may state it, and then it
  must match. A message given as a plain string is the variant `{"text": …}`.
- Welcome DM `speed` defaults to "auto"; an integer speed is 1-5 (Leads' too, default 3).
- `daily_pause` defaults to `{enabled: false, from: null, to: null}` (the guide's AI-DM
  example); times are "HH:MM".
- AI-DM `account_name` defaults to the account's username; `model` to "gpt-3.5-turbo",
  `folder` to "0" (primary); the limits to null. The OpenAI key itself cannot be seeded:
  only `api_key_configured`.
- Leads `targets` entries are {type, value, id} with `id` defaulting to `value`; their
  types are not checked (a seed may hold stale types). `analyzed_percentage` is 0-100.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from reconciler.sandbox.validate import HHMM

Speed = Annotated[int, Field(ge=1, le=5)]
Count = Annotated[int, Field(ge=0)]

#: The Leads Finder's 15 profile fields written to the output file.
LEADS_DATA_FIELDS = (
    "nickname", "user_id", "user_link", "full_name", "is_business", "business_category",
    "city", "link", "profile_bio", "followers_count", "is_verified", "home_country",
    "whatsapp_number", "is_new_to_instagram", "is_new_to_instagram_30d",
)  # fmt: skip


class SeedModel(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, coerce_numbers_to_str=True)


def _time(value: Any) -> Any:
    if value is None:
        return None
    text = str(value)
    if len(text) == 8 and text.endswith(":00"):  # MySQL TIME "07:00:00"
        text = text[:5]
    if not HHMM.match(text):
        raise ValueError("must be a time HH:MM between 00:00 and 23:59")
    return text


class DailyPause(SeedModel):
    enabled: bool = False
    from_: str | None = Field(default=None, alias="from")
    to: str | None = None

    _times = field_validator("from_", "to", mode="before")(_time)


class WelcomeSettings(SeedModel):
    skip_opened: bool = False
    mute_thread: bool = False
    has_attachment: bool = False  # the file path is never exposed
    debug_mode: bool = False


class WelcomeDm(SeedModel):
    messages: list[dict[str, Any]] = []
    message_count: Count | None = None
    speed: Literal["auto"] | Speed = "auto"
    daily_pause: DailyPause = DailyPause()
    settings: WelcomeSettings = WelcomeSettings()

    @field_validator("messages", mode="before")
    @classmethod
    def _variants(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [{"text": v} if isinstance(v, str) else v for v in value]
        return value

    @model_validator(mode="after")
    def _count_matches(self) -> WelcomeDm:
        if self.message_count is not None and self.message_count != len(self.messages):
            raise ValueError(
                f"message_count {self.message_count} does not match the "
                f"{len(self.messages)} message(s) given"
            )
        return self


class Cta(SeedModel):
    platform: str | None = None
    username: str | None = None
    spintax: str | None = None


class AiDmSettings(SeedModel):
    system_prompt: str = ""
    api_key_configured: bool = False  # the key itself is never returned
    model: str = "gpt-3.5-turbo"
    folder: str = "0"
    max_per_conversation: Count | None = None
    max_per_day_requests: Count | None = None
    max_per_run_requests: Count | None = None
    max_per_day_messages: Count | None = None
    max_per_run_messages: Count | None = None
    max_time: Count | None = None


class AiDm(SeedModel):
    account_name: str | None = None
    daily_pause: DailyPause = DailyPause()
    cta: Cta = Cta()
    settings: AiDmSettings = AiDmSettings()


class LeadsTarget(SeedModel):
    type: Annotated[str, Field(min_length=1)]
    value: str = ""
    id: str | None = None


class DataFields(SeedModel):
    """The 15 profile fields (LEADS_DATA_FIELDS) the Leads Finder writes out."""

    nickname: bool = False
    user_id: bool = False
    user_link: bool = False
    full_name: bool = False
    is_business: bool = False
    business_category: bool = False
    city: bool = False
    link: bool = False
    profile_bio: bool = False
    followers_count: bool = False
    is_verified: bool = False
    home_country: bool = False
    whatsapp_number: bool = False
    is_new_to_instagram: bool = False
    is_new_to_instagram_30d: bool = False


class LeadsFilters(SeedModel):
    followers_min: Count = 0
    followers_max: Count = 0
    followings_min: Count = 0
    followings_max: Count = 0
    posts_min: Count = 0
    posts_max: Count = 0
    last_posted_min: Count = 0
    last_posted_max: Count = 0


class LanguageFilter(SeedModel):
    languages: list[Any] = []
    language_detection_notices: bool = False


class Telegram(SeedModel):
    analytics_enabled: bool = False
    errors_enabled: bool = False
    chat_id: int = 0
    delay: Count = 0


class Accelerators(SeedModel):
    enabled: bool = False
    accounts: list[Any] = []
    stop_if_all_disconnected: bool = False
    get_followers_limit: Count = 0
    get_following_limit: Count = 0
    get_hashtag_limit: Count = 0
    get_location_limit: Count = 0
    get_liker_limit: Count = 0
    get_info_limit: Count = 0


class CustomDelays(SeedModel):
    enabled: bool = False
    get_followers: Count = 0
    get_following: Count = 0
    get_hashtag: Count = 0
    get_location: Count = 0
    get_info: Count = 0
    get_likers: Count = 0


class Leads(SeedModel):
    task_name: str = ""
    targets: list[LeadsTarget] = []
    speed: Speed = 3
    estimated_speed: Count = 0
    estimated_speed_parsed: Count = 0
    analyzed_percentage: Annotated[float, Field(ge=0, le=100)] = 0.0
    parser_data_type: str = "username"
    data_fields: DataFields = DataFields()
    filters: LeadsFilters = LeadsFilters()
    language_filter: LanguageFilter = LanguageFilter()
    telegram: Telegram = Telegram()
    accelerators: Accelerators = Accelerators()
    custom_delays: CustomDelays = CustomDelays()


MODELS: dict[str, type[SeedModel]] = {"welcome_dm": WelcomeDm, "ai_dm": AiDm, "leads": Leads}

#: Seed keys of each module that are columns of the record, not `detail` fields.
COLUMN_KEYS: dict[str, frozenset[str]] = {
    "welcome_dm": frozenset({"id", "is_active", "schedule_date", "end_date", "last_action_date"}),
    "ai_dm": frozenset({"id", "is_active", "process_id", "schedule_date", "last_action_date"}),
    "leads": frozenset(
        {"id", "is_active", "is_running", "schedule_date", "end_date", "last_action_date"}
    ),
}


def _where(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def detail_from_seed(module: str, raw: dict[str, Any], where: str) -> dict[str, Any]:
    """A module's own fields from a seed block, JSON-ready; ValueError lists every problem."""
    try:
        model = MODELS[module].model_validate(raw)
    except ValidationError as exc:
        problems = [f"{where}{_where(e['loc'])}: {e['msg']}" for e in exc.errors()]
        raise ValueError("; ".join(problems)) from None
    detail = model.model_dump(mode="json", by_alias=True, exclude={"message_count"})
    if module == "leads":
        for target in detail["targets"]:
            if target["id"] in (None, ""):
                target["id"] = target["value"]
    return detail
