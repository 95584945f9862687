"""The base of every config model, importable by resource kinds without a cycle.

Kinds (`reconciler.kinds`) own the models of their config blocks; `schema.py` assembles
the account and config models from them. Models are strict (a YAML string is never
coerced into a bool or a number) and reject unknown fields.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

#: One settings value in canonical form ("HH:MM" times, floats as float, ints as int).
SettingValue = bool | int | float | str

NonBlank = Annotated[str, Field(min_length=1, pattern=r"\S")]


class ConfigModel(BaseModel):
    """Strict, frozen, no unknown fields."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class TargetConfig(ConfigModel):
    """One schedule target; hashable, so a declared list compares as a set."""

    type: str
    value: str = ""
    id: str | None = None
