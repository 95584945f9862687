"""Schedule settings as the API returns them: grouped by category, PHP-typed.

`GET …/settings` groups fields by category (groups may nest, and the documents' group
lists disagree): flatten whatever comes back down to its scalar fields. The guide's
repost settings name some fields `data.photo` …; a server that nests them as
`data: {photo: …}` is read the same. Only declared fields are normalized: the others
are neither compared nor worth the work (an export asks for every field).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from reconciler.catalog import SettingSpec
from reconciler.errors import ApiProtocolError
from reconciler.normalize import NormalizeError, normalize_setting, same_value

#: Nested objects whose fields keep their prefix ("data" -> "data.photo").
PREFIXED = frozenset({"data"})
#: How deep settings groups may nest before the answer is taken as malformed.
MAX_DEPTH = 8


def flatten_settings(specs: dict[str, SettingSpec], data: Any, where: str,
                     declared: Collection[str] | None = None) -> dict[str, Any]:
    """The scalar fields of a settings answer, normalized; `declared=None` means all.

    A value that cannot be read as its documented type is an error for a declared field
    (the plan would be wrong) and is left out for any other.
    """
    if not isinstance(data, dict):
        raise ApiProtocolError("GET", where, "expected settings as an object")
    flat: dict[str, Any] = {}
    _walk(data, "", flat, where, 0, declared)
    out: dict[str, Any] = {}
    for key, value in flat.items():
        try:
            out[key] = normalize_setting(specs.get(key), value)
        except NormalizeError as exc:
            if declared is not None:
                raise ApiProtocolError("GET", where, f"settings field {key!r}: {exc}") from None
    return out


def _walk(group: dict[str, Any], prefix: str, flat: dict[str, Any], where: str,
          depth: int, keep: Collection[str] | None) -> None:
    """Every group is walked (the depth is checked throughout); only the fields in `keep`
    (None: all) are collected. A settings answer has ~170 fields; a plan declares a few."""
    if depth > MAX_DEPTH:
        raise ApiProtocolError("GET", where, f"settings nested deeper than {MAX_DEPTH} levels")
    for key, value in group.items():
        if isinstance(value, dict):
            inner = f"{prefix}{key}." if key in PREFIXED else prefix
            _walk(value, inner, flat, where, depth + 1, keep)
        else:
            name = f"{prefix}{key}" if prefix else key
            if keep is None or name in keep:
                flat[name] = value


def settings_shown(specs: dict[str, SettingSpec], wanted: dict[str, Any],
                   item: dict[str, Any] | None) -> dict[str, Any] | None:
    """The declared settings as a schedule list item shows them, if it shows all of them
    with the desired values; None when the settings endpoint must be read."""
    if item is None or not wanted:  # nothing named: the caller wants every setting
        return None
    shown: dict[str, Any] = {}
    for name, value in wanted.items():
        if name not in item or isinstance(item[name], dict | list):
            return None
        try:
            have = normalize_setting(specs.get(name), item[name])
        except NormalizeError:
            return None
        if not same_value(specs.get(name), value, have):
            return None
        shown[name] = have
    return shown
