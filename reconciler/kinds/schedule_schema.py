"""The JSON Schema of a settings-and-targets block, from the catalogs (Repost Pro,
Reactions Pro): each setting with its type, bounds, choices and pattern as either API
document gives it, durations where a field takes one, and the module's target types as
an enum (with `id` required where every document requires one).
"""

from __future__ import annotations

from typing import Any

from reconciler import catalog
from reconciler.catalog import Kind, SettingSpec
from reconciler.config.model_base import TargetConfig
from reconciler.config.targets import known_types, needs_id_offline

_TIME_PATTERN = r"^([01]?[0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"
_DATETIME_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}(:[0-9]{2})?$"
_KIND_SCHEMAS: dict[Kind, dict[str, Any]] = {
    Kind.BOOL: {"type": "boolean"},
    Kind.INT: {"type": "integer"},
    Kind.FLOAT: {"type": "number"},
    Kind.STR: {"type": "string"},
    Kind.TIME: {"type": "string", "pattern": _TIME_PATTERN, "description": 'a time "HH:MM"'},
    Kind.DATETIME: {"type": "string", "pattern": _DATETIME_PATTERN},
}


def schedule_block_schema(module: str, model: str, defs: dict[str, Any]) -> None:
    """A settings-and-targets module's block (`defs[model]`) gets its own settings and
    target types."""
    block = defs[model]
    block["properties"]["settings"] = _settings_schema(module)
    target_name = TargetConfig.__name__
    module_target = f"{module.capitalize()}{target_name}"
    defs[module_target] = _target_schema(module, defs[target_name])
    block["properties"]["targets"] = {
        "anyOf": [
            {"type": "array", "items": {"$ref": f"#/$defs/{module_target}"}},
            {"type": "null"},
        ],
        "description": "When given, the complete list: extra live targets are removed.",
    }


_DURATION_PATTERN = r"^(?:[0-9]+d)?(?:[0-9]+h)?(?:[0-9]+m)?(?:[0-9]+s)?$"


def _one_setting(spec: SettingSpec) -> dict[str, Any]:
    out = dict(_KIND_SCHEMAS[spec.kind])
    if spec.choices is not None:
        out["enum"] = list(spec.choices)
    if spec.minimum is not None:
        out["minimum"] = spec.minimum
    if spec.maximum is not None:
        out["maximum"] = spec.maximum
    if spec.pattern is not None:
        out["pattern"] = f"^(?:{spec.pattern})$"
    if spec.unit is not None:  # a bare number in the document's unit, or a duration
        return {"anyOf": [out, {"type": "string", "pattern": _DURATION_PATTERN,
                                "description": "a duration: 90m, 24h, 7d"}]}
    return out


def _setting_schema(module: str, name: str) -> dict[str, Any]:
    """A setting as either document types it (both types where they differ)."""
    specs = catalog.setting_specs(module, name)
    found = [_one_setting(s) for s in specs]
    out = found[0] if len(found) == 1 else {"anyOf": found}
    where = ", ".join(sorted({s.category for s in specs}))
    words = [f"category: {where}"]
    if any(s.form for s in specs):
        words.append("; ".join(s.form for s in specs if s.form))
    other = catalog.equivalent_setting(module, name)
    if other:
        words.append(f"the other API document calls it {other}")
    return {**out, "description": "; ".join(words)}


def _settings_schema(module: str) -> dict[str, Any]:
    names = catalog.known_setting_names(module)
    properties = {name: _setting_schema(module, name) for name in names}
    nested = {n.split(".", 1)[1]: properties[n] for n in names if n.startswith("data.")}
    if nested:  # the guide's data.* written as a nested block
        properties["data"] = {"type": "object", "properties": nested,
                              "additionalProperties": False,
                              "description": "The guide's data.* settings, nested."}
    return {
        "anyOf": [
            {"type": "object", "properties": properties, "additionalProperties": False},
            {"type": "null"},
        ],
        "description": "Only the fields named here are managed; either API document's "
                       "names (the plan checks them against the installation's).",
    }


def _target_schema(module: str, generic: dict[str, Any]) -> dict[str, Any]:
    types = known_types(module)
    needs_id = [t for t in types if needs_id_offline(module, t)]
    properties = dict(generic["properties"])
    properties["type"] = {"type": "string", "enum": types}
    properties["value"] = {"anyOf": [{"type": "string"}, {"type": "integer"}], "default": ""}
    properties["id"] = {
        "anyOf": [{"type": "string", "pattern": "^[0-9]+$"}, {"type": "integer"}, {"type": "null"}]
    }
    return {
        **generic,
        "title": f"{module.capitalize()} target",
        "properties": properties,
        "allOf": [
            {
                "if": {"properties": {"type": {"enum": needs_id}}, "required": ["type"]},
                "then": {"required": ["id"]},
            }
        ],
    }
