"""The config's shape as pydantic models: the typed result of `load_config`.

Models are strict (a YAML string is never coerced into a bool or a number) and reject
unknown fields. Settings values reach these models already checked against the module's
catalog and in canonical form (see `settings_types`); the models only hold them.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

#: One settings value in canonical form ("HH:MM" times, floats as float, ints as int).
SettingValue = bool | int | float | str


def _exactly_one(value: Any) -> Any:
    """`Literal[1]` alone lets `true` and `1.0` through, even in strict mode."""
    if type(value) is not int or value != 1:
        raise PydanticCustomError("version", "version must be 1")
    return value


NonBlank = Annotated[str, Field(min_length=1, pattern=r"\S")]


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
    caption: str


class PruneConfig(_Model):
    """Which undeclared objects may be deleted."""

    captions: bool = False


class AccountConfig(_Model):
    """One platform account, keyed by username."""

    username: NonBlank
    state: Literal["present", "absent"] = "present"
    #: Write-only secret; may hold `${env:NAME}` / `${file:PATH}` references.
    password: str | None = Field(default=None, repr=False)
    proxy: str | None = None
    repost: RepostScheduleConfig | None = None
    reactions: ReactionsScheduleConfig | None = None

    def schedules(self) -> dict[str, ScheduleConfig]:
        """The declared schedule blocks by module name, e.g. {"repost": ...}."""
        blocks: dict[str, ScheduleConfig | None] = {
            "repost": self.repost,
            "reactions": self.reactions,
        }
        return {module: block for module, block in blocks.items() if block is not None}


class Config(_Model):
    """A whole config: every file of a config directory merged."""

    version: Annotated[Literal[1], BeforeValidator(_exactly_one)]
    captions: list[CaptionConfig] = Field(default_factory=list)
    prune: PruneConfig = Field(default_factory=PruneConfig)
    accounts: list[AccountConfig] = Field(default_factory=list)


#: The schedule model of each module, in the order accounts list them.
SCHEDULE_MODELS: dict[str, type[ScheduleConfig]] = {
    "repost": RepostScheduleConfig,
    "reactions": ReactionsScheduleConfig,
}
