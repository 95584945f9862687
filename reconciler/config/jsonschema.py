"""The config's JSON Schema (for `strec schema` and editors), generated from the models.

pydantic gives the shape; each resource kind then refines its own part (a settings
block's fields and target types come from the catalogs: `Kind.json_schema`).
"""

from __future__ import annotations

from typing import Any

from reconciler.config.schema import Config, TargetConfig

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


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
