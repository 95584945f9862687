"""The config's JSON Schema (for `strec schema` and editors), generated from the models.

pydantic gives the shape; the catalogs then fill in what the models keep generic: each
module's settings with their types and allowed values, and its target types as an enum
(with `id` required for the types that need one).
"""

from __future__ import annotations

from typing import Any

from reconciler import catalog
from reconciler.catalog import Kind, SettingSpec
from reconciler.config.schema import Config, TargetConfig
from reconciler.config.targets import known_types

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
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


def config_json_schema() -> dict[str, Any]:
    """The JSON Schema of a strec config file (one merged document)."""
    from reconciler.kinds import KINDS

    schema = Config.model_json_schema(mode="validation")
    defs = schema.setdefault("$defs", {})
    for kind in KINDS:
        kind.json_schema(defs)
    defs.pop(TargetConfig.__name__, None)
    return {
        "$schema": SCHEMA_DIALECT,
        **{k: v for k, v in schema.items() if k != "title"},
        "title": "strec config",
    }


def schedule_block_schema(module: str, defs: dict[str, Any]) -> None:
    """A settings-and-targets module's block gets its own settings and target types."""
    from reconciler.config.schema import module_blocks

    block = defs[module_blocks()[module].__name__]
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


def _setting_schema(spec: SettingSpec) -> dict[str, Any]:
    out = dict(_KIND_SCHEMAS[spec.kind])
    if spec.choices is not None:
        out["enum"] = list(spec.choices)
    out["description"] = f"category: {spec.category}"
    return out


def _settings_schema(module: str) -> dict[str, Any]:
    properties = {name: _setting_schema(spec) for name, spec in catalog.SETTINGS[module].items()}
    return {
        "anyOf": [
            {"type": "object", "properties": properties, "additionalProperties": False},
            {"type": "null"},
        ],
        "description": "Only the fields named here are managed.",
    }


def _target_schema(module: str, generic: dict[str, Any]) -> dict[str, Any]:
    types = known_types(module)
    needs_id = [
        t for t in types if (spec := catalog.known_target_type(module, t)) and spec.requires_id
    ]
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
