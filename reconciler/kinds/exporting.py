"""How kinds write live values into an exported config."""

from __future__ import annotations

from typing import Any

from reconciler.catalog import Kind, SettingSpec


def literal(text: str) -> str:
    """Live text as config text: a literal `${` must not read as a reference."""
    return text.replace("${", "$${")


def setting_for_export(spec: SettingSpec | None, value: Any) -> Any:
    """A live settings value as config, or None when it is not config (read-only or
    unknown fields, unset times)."""
    if spec is None or value is None:
        return None
    if value == "" and spec.kind in (Kind.TIME, Kind.DATETIME):
        return None
    return literal(value) if isinstance(value, str) else value
