"""`strec validate`: offline checks of the config; no network call."""

from __future__ import annotations

import click

from reconciler.cli.common import config_option
from reconciler.pipeline import load_desired


@click.command()
@config_option
def validate(path: str) -> None:
    """Check the config offline: syntax, schema, settings and target catalogs."""
    state = load_desired(path)
    click.echo(
        f"The config is valid: {len(state.accounts)} account(s), "
        f"{len(state.captions)} caption(s)."
    )
