"""The two dialects of the API: envelopes, list shapes and how scalars are typed.

"reference" is the plugin reference: `{"result":1,…}`, lists with a `meta` block and
PHP/MySQL typing (0/1 booleans, DECIMAL and BIGINT columns as numeric strings, TIME
columns as "23:00:00"). "guide" is the public developer guide: `{"status":"success",…}`,
`data.items` lists and plain JSON types.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from reconciler.catalog import GUIDE_TARGET_TYPES, TARGET_TYPES, TargetType


def php_number(value: float | int) -> str:
    """How PDO hands a numeric column to PHP: "2", "1.5"."""
    as_float = float(value)
    if as_float.is_integer():
        return str(int(as_float))
    return repr(as_float)


@dataclass(frozen=True)
class Dialect:
    """One installation's flavour of the API."""

    name: str

    @property
    def php(self) -> bool:
        return self.name == "reference"

    # -- scalars ---------------------------------------------------------------------

    def flag(self, value: bool) -> int | bool:
        """A boolean column: 0/1 in the reference, true/false in the guide."""
        return int(bool(value)) if self.php else bool(value)

    def decimal(self, value: float) -> str | float:
        """A DECIMAL/FLOAT column: a numeric string in the reference."""
        return php_number(value) if self.php else float(value)

    def bigint(self, value: int) -> str | int:
        """A BIGINT column (ids, chat ids, seconds): a numeric string in the reference."""
        return str(value) if self.php else value

    def time_column(self, hhmm: str) -> str:
        """A TIME column as read straight from MySQL: "23:00:00" in the reference."""
        return f"{hhmm}:00" if self.php and len(hhmm) == 5 else hhmm

    # -- catalogs --------------------------------------------------------------------

    def target_types(self, module: str) -> dict[str, TargetType]:
        """This dialect's target-type catalog of a module."""
        return (TARGET_TYPES if self.php else GUIDE_TARGET_TYPES)[module]

    # -- envelopes -------------------------------------------------------------------

    def success(self, data: Any, message: str) -> dict[str, Any]:
        if self.php:
            return {"result": 1, "message": message, "data": data}
        return {"status": "success", "data": data}

    def error(self, message: str, errors: dict[str, Any]) -> dict[str, Any]:
        if self.php:
            return {"result": 0, "message": message, "errors": errors}
        body: dict[str, Any] = {"status": "error", "message": message}
        if errors:
            body["errors"] = errors
        return body

    def retry(self, message: str) -> dict[str, Any]:
        """The 202 "not yet, retry" body: an error envelope with `retry: true`, no errors."""
        if self.php:
            return {"result": 0, "message": message, "retry": True}
        return {"status": "error", "message": message, "retry": True}

    def listing(
        self, items: list[Any], total: int, page: int, per_page: int, *, paged: bool, message: str
    ) -> dict[str, Any]:
        """A list answer: `data` + `meta` (reference) or `data.items` (guide)."""
        if not self.php:
            data = {"items": items, "total": total, "page": page, "per_page": per_page}
            return self.success(data, message)
        body = self.success(items, message)
        if paged:
            pages = math.ceil(total / per_page) if per_page else 0
            body["meta"] = {
                "page": page,
                "per_page": per_page,
                "total": total,
                "total_pages": pages,
            }
        else:
            body["meta"] = {"count": total}
        return body


REFERENCE = Dialect("reference")
GUIDE = Dialect("guide")
DIALECTS: dict[str, Dialect] = {d.name: d for d in (REFERENCE, GUIDE)}


def get_dialect(name: str) -> Dialect:
    """The dialect called `name`; ValueError for anything else."""
    try:
        return DIALECTS[name]
    except KeyError:
        raise ValueError(f"unknown dialect {name!r} (expected reference or guide)") from None
