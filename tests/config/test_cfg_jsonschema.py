"""The JSON Schema carries per-module settings (types, enums) and target type enums."""

from __future__ import annotations

import json
from typing import Any

from reconciler import catalog
from reconciler.config.jsonschema import config_json_schema


def _settings(schema: dict[str, Any], model: str) -> dict[str, Any]:
    block = schema["$defs"][model]["properties"]["settings"]["anyOf"][0]
    assert block["additionalProperties"] is False
    props: dict[str, Any] = block["properties"]
    return props


def test_schema_is_json_and_top_level_is_strict() -> None:
    schema = config_json_schema()
    json.dumps(schema)
    assert schema["$schema"].endswith("2020-12/schema")
    assert schema["additionalProperties"] is False
    assert schema["required"] == ["version"]
    assert schema["properties"]["version"]["const"] == 1


def test_settings_per_module() -> None:
    schema = config_json_schema()
    repost = _settings(schema, "RepostScheduleConfig")
    reactions = _settings(schema, "ReactionsScheduleConfig")
    # either document's repost names (the guide's data.* also nested), the guide's types
    assert set(repost) == {*catalog.known_setting_names("repost"), "data"}
    assert set(reactions) == set(catalog.REACTIONS_SETTINGS)
    assert repost["speed"]["enum"] == list(catalog.REPOST_SPEEDS)
    assert {"type": "boolean"} in [{"type": o.get("type")} for o in
                                   repost["metadata_location"]["anyOf"]]
    assert "duration" in str(repost["remove_delay"]) and "data.photo" in repost["photo_posts"][
        "description"]
    assert reactions["verified_filter"]["enum"] == [0, 1, 2]
    assert repost["daily_pause_from"]["pattern"].startswith("^")
    assert reactions["massvoting_interval"]["type"] == "number"
    assert "is_active" not in repost


def test_target_types_per_module() -> None:
    defs = config_json_schema()["$defs"]
    repost = defs["RepostTargetConfig"]
    assert "tiktok_user" in repost["properties"]["type"]["enum"]
    assert "explore" in defs["ReactionsTargetConfig"]["properties"]["type"]["enum"]
    needs_id = repost["allOf"][0]["if"]["properties"]["type"]["enum"]
    assert set(needs_id) == {"location", "music", "collection"}
    ref = defs["RepostScheduleConfig"]["properties"]["targets"]["anyOf"][0]["items"]["$ref"]
    assert ref == "#/$defs/RepostTargetConfig"
    assert "TargetConfig" not in defs
