"""Schedule target lists: known type for the module, a `value` and a numeric `id` where the
documents require them, no repeats."""

from __future__ import annotations

import re
from typing import Any

from reconciler import catalog
from reconciler.config.report import Report
from reconciler.config.suggest import did_you_mean, shorten
from reconciler.config.yaml_source import Loc

_NUMERIC = re.compile(r"[0-9]+")
_TARGET_KEYS = frozenset({"type", "value", "id"})


def known_types(module: str) -> list[str]:
    """Every target type either API document defines for `module` (reference first)."""
    return list(dict.fromkeys([*catalog.TARGET_TYPES[module], *catalog.GUIDE_TARGET_TYPES[module]]))


def check_targets(module: str, targets: list[Any], loc: Loc, report: Report) -> list[Any]:
    """The targets with YAML-integer ids/values as strings; problems are reported.

    Items that are not mappings, or lack a string `type`, are left to the schema check.
    """
    first_seen: dict[tuple[str, str], int] = {}
    checked: list[Any] = []
    for i, target in enumerate(targets):
        here = (*loc, i)
        if not isinstance(target, dict):
            checked.append(target)
            continue
        target = {k: _as_text(v) if k in ("id", "value") else v for k, v in target.items()}
        checked.append(target)
        type_ = target.get("type")
        if not isinstance(type_, str):
            continue
        _check_type(module, type_, target, here, report)
        value = target.get("value", "")
        if isinstance(value, str):
            key = (type_, value)
            if key in first_seen:
                first = report.where((*loc, first_seen[key]))
                report.error(
                    here, f"duplicate target {type_} {shorten(value)} (first declared at {first})"
                )
            else:
                first_seen[key] = i
    return checked


def _as_text(value: Any) -> Any:
    """A YAML integer id (213385402) means the same as its quoted form."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def needs_id_offline(module: str, type_: str) -> bool:
    """Offline, an id is required only where every document defining the type requires
    one: the guide's `people` needs none though the reference's does, and which document
    an installation follows is known only at plan time, from its own catalog."""
    specs = [t for t in (catalog.TARGET_TYPES[module].get(type_),
                         catalog.GUIDE_TARGET_TYPES[module].get(type_)) if t is not None]
    return all(t.requires_id for t in specs)


def _check_type(module: str, type_: str, target: dict[str, Any], here: Loc, report: Report) -> None:
    spec = catalog.known_target_type(module, type_)
    if spec is None:
        hint = did_you_mean(type_, known_types(module))
        if not hint:
            hint = f"; known types: {', '.join(known_types(module))}"
        report.error((*here, "type"), f"unknown {module} target type {shorten(type_)}{hint}")
        return
    value = target.get("value")
    missing = value is None or (isinstance(value, str) and not value.strip())
    # An unknown key (`valeu: x`) is reported by the schema, with its did-you-mean.
    if spec.requires_value and missing and set(target) <= _TARGET_KEYS:
        report.error(
            here,
            f"target type '{type_}' requires a 'value' ({{type: {type_}, value: ...}})",
        )
    id_ = target.get("id")
    if not needs_id_offline(module, type_):
        if isinstance(id_, str) and spec.requires_id and not _NUMERIC.fullmatch(id_):
            report.error((*here, "id"), f"'id' of a {type_} target must be numeric")
        return
    if id_ is None:
        report.error(
            (*here, "id"), f"target type '{type_}' requires an 'id' (the numeric platform id)"
        )
    elif isinstance(id_, str) and not _NUMERIC.fullmatch(id_):
        report.error((*here, "id"), f"'id' of a {type_} target must be numeric")
