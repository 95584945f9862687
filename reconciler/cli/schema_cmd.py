"""`strec schema`: print the config's JSON Schema, the file kept in `schemas/`.

The output is deterministic (sorted keys, two-space indent, ASCII, one trailing newline)
so that `strec schema > schemas/strec.schema.json` gives a stable, reviewable diff.
"""

from __future__ import annotations

import json

import click

from reconciler.config.jsonschema import config_json_schema

#: Where the repository keeps the generated schema, relative to its root.
SCHEMA_PATH = "schemas/strec.schema.json"
#: The command that regenerates it.
REGENERATE = f"strec schema > {SCHEMA_PATH}"


def render_schema() -> str:
    """The config's JSON Schema as the exact text of `schemas/strec.schema.json`."""
    return json.dumps(config_json_schema(), indent=2, sort_keys=True, ensure_ascii=True) + "\n"


@click.command()
def schema() -> None:
    """Print the config's JSON Schema (for editors and other validators).

    Point an editor at it with a first line in the config such as
    `# yaml-language-server: $schema=schemas/strec.schema.json`.
    """
    click.echo(render_schema(), nl=False)
