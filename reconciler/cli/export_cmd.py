"""`strec export`: live state as a config that `plan` reports as no change."""

from __future__ import annotations

import click

from reconciler.cli.common import client_for, concurrency_option
from reconciler.export import build_export, render_export


@click.command()
@click.option("--account", "accounts", multiple=True, metavar="USERNAME",
              help="Export only these accounts (repeatable); default: all.")
@concurrency_option
@click.pass_context
def export(ctx: click.Context, accounts: tuple[str, ...], concurrency: int) -> None:
    """Print the live state as a strec config (secrets as ${env:...} placeholders)."""
    with client_for(ctx, concurrency) as client:
        result = build_export(client, list(accounts) or None)
        click.echo(render_export(result, client.base_url), nl=False)
