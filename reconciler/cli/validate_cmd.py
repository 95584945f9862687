"""`strec validate`: offline checks of the config; no network call, no environment."""

from __future__ import annotations

import click

from reconciler.cli.common import config_option
from reconciler.cli.render_cmd import template_args, template_options
from reconciler.config import load_config


@click.command()
@config_option
@template_options
def validate(path: str, var: tuple[str, ...], vars_file: tuple[str, ...]) -> None:
    """Check the config offline: syntax, schema, settings and target catalogs."""
    # references are checked for syntax, not resolved: validate needs no environment
    config = load_config(path, **template_args(var, vars_file))
    click.echo(
        f"The config is valid: {len(config.accounts)} account(s), "
        f"{len(config.captions)} caption(s)."
    )
