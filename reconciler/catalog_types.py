"""The shapes of the built-in catalogs: a settings field (`SettingSpec`) and a target type.

Kept apart from the tables (`catalog`, `catalog_reactions`) so that both can use them;
`reconciler.catalog` re-exports every name here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    """The value type of one settings field, as the documents give it."""

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
    """One writable settings field: name, type, category, and what a document restricts.

    `choices`: the only values allowed. `minimum` / `maximum`: inclusive bounds of a
    number. `pattern`: a regular expression a string must match in full, described in
    words by `form` (what error messages say). `unit`: for a duration field, the unit of a
    bare number in this document ("seconds", "hours"); such a field also takes a duration
    string (`90m`, `24h`, `7d`) that the plan converts to the installation's unit.
    """

    name: str
    kind: Kind
    category: str
    choices: tuple[object, ...] | None = None
    minimum: int | float | None = None
    maximum: int | float | None = None
    pattern: str | None = None
    form: str = ""
    unit: str | None = None
    _compiled: re.Pattern[str] | None = field(
        default=None, init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        if self.pattern is not None:
            object.__setattr__(self, "_compiled", re.compile(self.pattern))

    def matches(self, text: str) -> bool:
        """Whether `text` has the form `pattern` asks for (always, without a pattern)."""
        return self._compiled is None or self._compiled.fullmatch(text) is not None


@dataclass(frozen=True)
class TargetType:
    """One target type of a module.

    `requires_id`: a numeric `id` must be given. `requires_value`: a `value` must be given
    (the documents list a few types that need none: the reference's `timeline`, the
    guide's `explore` and `feed`).
    """

    type: str
    requires_id: bool
    description: str = ""
    requires_value: bool = True


def specs(
    *rows: tuple[str, Kind, str] | tuple[str, Kind, str, tuple[object, ...]],
) -> dict[str, SettingSpec]:
    """A catalog from `(name, kind, category[, choices])` rows."""
    return {row[0]: SettingSpec(*row) for row in rows}


def target_types(*rows: tuple[str, bool] | tuple[str, bool, bool]) -> dict[str, TargetType]:
    """A catalog from `(type, requires_id[, requires_value])` rows."""
    out: dict[str, TargetType] = {}
    for row in rows:
        requires_value = row[2] if len(row) == 3 else True
        out[row[0]] = TargetType(row[0], row[1], requires_value=requires_value)
    return out
