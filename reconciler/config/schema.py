"""The config's shape as pydantic models: the typed result of `load_config`.

Models are strict (a YAML string is never coerced into a bool or a number) and reject
unknown fields. An account's module blocks (`repost:`, `welcome_dm:`, …) are not listed
here: each per-account resource kind (`reconciler.kinds`) owns its block's model, and
the account models are assembled from the registered kinds, so a new module needs no
edit here. Settings values reach these models already checked against the module's
catalog and in canonical form (see `settings_types`); the models only hold them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BeforeValidator, Field, create_model, model_validator
from pydantic_core import PydanticCustomError

from reconciler.config.model_base import ConfigModel, NonBlank, SettingValue, TargetConfig
from reconciler.kinds import KINDS
from reconciler.kinds.post import PostConfig

__all__ = ["AccountConfig", "AccountTemplate", "CaptionConfig", "Config", "ProxyPoolRequest",
           "PruneConfig", "SafetyConfig", "SettingValue", "TargetConfig", "module_blocks"]


def _exactly_one(value: Any) -> Any:
    """`Literal[1]` alone lets `true` and `1.0` through, even in strict mode."""
    if type(value) is not int or value != 1:
        raise PydanticCustomError("version", "version must be 1")
    return value


#: The IMAP port used when `imap_server` is given without `imap_port` (IMAP over TLS).
IMAP_PORT = 993


class CaptionConfig(ConfigModel):
    """One caption of the library, keyed by its title."""

    title: NonBlank
    #: The server answers 422 for an empty or whitespace-only caption.
    caption: NonBlank
    #: A protected caption is never deleted (not even by `prune.captions`).
    protect: bool = False


class PruneConfig(ConfigModel):
    """Which undeclared objects may be deleted."""

    captions: bool = False
    #: future, unpublished posts of the declared accounts (never a published one)
    posts: bool = False


Share = Annotated[float, Field(ge=0, le=1)]


class SafetyConfig(ConfigModel):
    """Change-size limits, checked at plan time (a reviewed pull request may raise them)."""

    #: largest share of the managed objects one plan may update
    max_update_share: Share = 0.3
    #: largest share of the managed objects one plan may delete
    max_delete_share: Share = 0.3
    #: below this many managed objects, the shares do not apply
    min_objects: Annotated[int, Field(ge=0)] = 10


class ProxyPoolRequest(ConfigModel):
    """`proxy: {country: US}`: take a proxy of that country from the shared pool."""

    #: ISO 3166-1 alpha-2, uppercase.
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]


Port = Annotated[int, Field(ge=1, le=65535)]


class _AccountCore(ConfigModel):
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

    def blocks(self) -> dict[str, Any]:
        """The declared module blocks by kind name, e.g. {"repost": ...}."""
        found = {name: getattr(self, name, None) for name in module_blocks()}
        return {name: block for name, block in found.items() if block is not None}


def module_blocks() -> dict[str, Any]:
    """Each per-account kind's block model, by the key it takes in an account."""
    return {k.name: k.config_model for k in KINDS if k.per_account and k.config_model}


_BLOCKS: dict[str, Any] = {name: (model | None, None) for name, model in module_blocks().items()}


class _TemplateCore(_AccountCore):
    protect: bool | None = None


class _AccountRecord(_AccountCore):
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


if TYPE_CHECKING:
    AccountTemplate = _TemplateCore
    AccountConfig = _AccountRecord
else:
    #: The shape of `defaults:` and of each entry of `profiles:` (no username).
    AccountTemplate = create_model("AccountTemplate", __base__=_TemplateCore,
                                   __module__=__name__, **_BLOCKS)
    #: One platform account, keyed by username; defaults and profiles already merged in.
    AccountConfig = create_model("AccountConfig", __base__=_AccountRecord,
                                 __module__=__name__, **_BLOCKS)


class Config(ConfigModel):
    """A whole config: every file of a config directory merged, templates expanded."""

    version: Annotated[Literal[1], BeforeValidator(_exactly_one)]
    captions: list[CaptionConfig] = Field(default_factory=list)
    prune: PruneConfig = Field(default_factory=PruneConfig)
    safety: SafetyConfig = Field(default_factory=SafetyConfig)
    #: At most this many accounts may share one proxy (None: no limit).
    max_accounts_per_proxy: Annotated[int, Field(ge=1)] | None = None
    #: Merged into every account (already applied to `accounts`).
    defaults: AccountTemplate | None = None
    #: Named account templates, merged into accounts that name them (already applied).
    profiles: dict[str, AccountTemplate] = Field(default_factory=dict)
    accounts: list[AccountConfig] = Field(default_factory=list)
    #: the installation's clock (IANA name): how posts' `at` and `schedule_date` are read
    timezone: str | None = None
    #: the content calendar
    posts: list[PostConfig] = Field(default_factory=list)
    #: the installation processes video, so mov, m4v and mpg uploads are accepted
    video_processing: bool = False
