"""`strec plan`: read live state, diff, print the plan. Read-only."""

from __future__ import annotations

import click

from reconciler.cli.common import client_for, concurrency_option, config_option
from reconciler.pipeline import load_desired, make_plan
from reconciler.render.text import render_plan


@click.command()
@config_option
@click.option("--format", "fmt", type=click.Choice(["text"]), default="text", show_default=True,
              help="Output format.")
@click.option("--detailed-exitcode", is_flag=True,
              help="Exit 0 when nothing would change, 2 when changes are pending, 1 on error.")
@concurrency_option
@click.pass_context
def plan(ctx: click.Context, path: str, fmt: str, detailed_exitcode: bool,
         concurrency: int) -> None:
    """Show what apply would change."""
    desired = load_desired(path)
    with client_for(ctx, concurrency) as client:
        result = make_plan(client, desired)
    click.echo(render_plan(result))
    if result.problems:
        ctx.exit(1)
    if detailed_exitcode and result.has_changes:
        ctx.exit(2)
