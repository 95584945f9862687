"""`strec schema` prints the config's JSON Schema: deterministic, parseable, headed."""

from __future__ import annotations

import json

from click.testing import CliRunner

from reconciler.cli.schema_cmd import render_schema, schema
from reconciler.config.jsonschema import SCHEMA_DIALECT


def test_schema_command_prints_the_rendered_schema() -> None:
    result = CliRunner().invoke(schema, [])
    assert result.exit_code == 0, result.output
    assert result.output == render_schema()


def test_output_is_sorted_pretty_json_with_one_trailing_newline() -> None:
    text = render_schema()
    parsed = json.loads(text)
    assert text == json.dumps(parsed, indent=2, sort_keys=True) + "\n"
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert text.isascii()


def test_header_names_the_dialect_and_no_unstable_id() -> None:
    parsed = json.loads(render_schema())
    assert parsed["$schema"] == SCHEMA_DIALECT
    assert "$id" not in parsed
    assert parsed["title"] == "strec config"


def test_output_is_stable_across_calls() -> None:
    assert render_schema() == render_schema()


def test_help() -> None:
    result = CliRunner().invoke(schema, ["--help"])
    assert result.exit_code == 0
    assert "JSON Schema" in result.output
