"""The config's shape as pydantic models: the typed result of `load_config`.

Models are strict (a YAML string is never coerced into a bool or a number) and reject
unknown fields. Settings values reach these models already checked against the module's
catalog and in canonical form (see `settings_types`); the models only hold them.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

#: One settings value in canonical form ("HH:MM" times, floats as float, ints as int).
SettingValue = bool | int | float | str


def _exactly_one(value: Any) -> Any:
    """`Literal[1]` alone lets `true` and `1.0` through, even in strict mode."""
    if type(value) is not int or value != 1:
        raise PydanticCustomError("version", "version must be 1")
    return value


NonBlank = Annotated[str, Field(min_length=1, pattern=r"\S")]

#: The IMAP port used when `imap_server` is given without `imap_port` (IMAP over TLS).
IMAP_PORT = 993


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class TargetConfig(_Model):
    """One schedule target; hashable, so a declared list compares as a set."""

    type: str
    value: str = ""
    id: str | None = None


class ScheduleConfig(_Model):
    """A schedule's desired state. A field left out (None) is unmanaged."""

    #: The schedule module this block configures ("repost" or "reactions").
    module: ClassVar[str] = ""

    active: bool | None = None
    settings: dict[str, SettingValue] | None = None
    targets: list[TargetConfig] | None = None


class RepostScheduleConfig(ScheduleConfig):
    """The `repost:` block of an account."""

    module: ClassVar[str] = "repost"


class ReactionsScheduleConfig(ScheduleConfig):
    """The `reactions:` block of an account."""

    module: ClassVar[str] = "reactions"


class CaptionConfig(_Model):
    """One caption of the library, keyed by its title."""

    title: NonBlank
    #: The server answers 422 for an empty or whitespace-only caption.
    caption: NonBlank
    #: A protected caption is never deleted (not even by `prune.captions`).
    protect: bool = False


class PruneConfig(_Model):
    """Which undeclared objects may be deleted."""

    captions: bool = False


class ProxyPoolRequest(_Model):
    """`proxy: {country: US}`: take a proxy of that country from the shared pool."""

    #: ISO 3166-1 alpha-2, uppercase.
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]


Port = Annotated[int, Field(ge=1, le=65535)]


class _AccountFields(_Model):
    """What an account, its `defaults` and its profiles may set. None is unmanaged.

    Secrets (see `secrets.SECRET_FIELDS`) hold `${env:NAME}` / `${file:PATH}` references,
    never literal values; they are resolved only when used.
    """

    password: str | None = Field(default=None, repr=False)
    twofa_secret: str | None = Field(default=None, repr=False)
    imap_server: NonBlank | None = None
    imap_port: Port | None = None
    imap_username: NonBlank | None = None
    imap_password: str | None = Field(default=None, repr=False)
    #: A proxy URL (scheme://[user:pass@]host:port), or a request to the shared pool.
    proxy: str | ProxyPoolRequest | None = None
    mobile_proxy: str | None = None
    repost: RepostScheduleConfig | None = None
    reactions: ReactionsScheduleConfig | None = None


class AccountTemplate(_AccountFields):
    """The shape of `defaults:` and of each entry of `profiles:` (no username)."""

    protect: bool | None = None


class AccountConfig(_AccountFields):
    """One platform account, keyed by username; defaults and profiles already merged in."""

    username: NonBlank
    state: Literal["present", "absent"] = "present"
    #: The profiles merged into this account, as written (`fashion` or `[base, fashion]`).
    profile: str | list[str] | None = None
    #: A protected account is never deleted: `state: absent` is refused for it.
    protect: bool = False

    @model_validator(mode="before")
    @classmethod
    def _default_imap_port(cls, data: Any) -> Any:
        """IMAP's TLS port when an IMAP server is given without one."""
        if isinstance(data, dict) and data.get("imap_server") and "imap_port" not in data:
            return {**data, "imap_port": IMAP_PORT}
        return data

    def schedules(self) -> dict[str, ScheduleConfig]:
        """The declared schedule blocks by module name, e.g. {"repost": ...}."""
        blocks: dict[str, ScheduleConfig | None] = {
            "repost": self.repost,
            "reactions": self.reactions,
        }
        return {module: block for module, block in blocks.items() if block is not None}


class Config(_Model):
    """A whole config: every file of a config directory merged, templates expanded."""

    version: Annotated[Literal[1], BeforeValidator(_exactly_one)]
    captions: list[CaptionConfig] = Field(default_factory=list)
    prune: PruneConfig = Field(default_factory=PruneConfig)
    #: At most this many accounts may share one proxy (None: no limit).
    max_accounts_per_proxy: Annotated[int, Field(ge=1)] | None = None
    #: Merged into every account (already applied to `accounts`).
    defaults: AccountTemplate | None = None
    #: Named account templates, merged into accounts that name them (already applied).
    profiles: dict[str, AccountTemplate] = Field(default_factory=dict)
    accounts: list[AccountConfig] = Field(default_factory=list)


#: The schedule model of each module, in the order accounts list them.
SCHEDULE_MODELS: dict[str, type[ScheduleConfig]] = {
    "repost": RepostScheduleConfig,
    "reactions": ReactionsScheduleConfig,
}
