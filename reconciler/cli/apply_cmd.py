"""`strec apply`: compute the plan, confirm it, execute it, report every outcome."""

from __future__ import annotations

import sys

import click

from reconciler.apply import apply_plan
from reconciler.cli.common import client_for, concurrency_option, config_option
from reconciler.errors import StrecError
from reconciler.pipeline import load_desired, make_plan
from reconciler.render.text import render_plan, render_report


@click.command()
@config_option
@click.option("--auto-approve", is_flag=True, help="Apply without asking for confirmation.")
@click.option("--allow-deletes", is_flag=True, help="Permit the plan's deletions.")
@concurrency_option
@click.pass_context
def apply(ctx: click.Context, path: str, auto_approve: bool, allow_deletes: bool,
          concurrency: int) -> None:
    """Make the installation match the config with the fewest API calls."""
    desired = load_desired(path)
    with client_for(ctx, concurrency) as client:
        plan = make_plan(client, desired)
        refresh_reads = client.counter.reads
        click.echo(render_plan(plan))
        if not plan.has_changes:
            ctx.exit(1 if plan.problems else 0)
        interactive = sys.stdin.isatty()
        if plan.deletes and not allow_deletes and (auto_approve or not interactive):
            # Deletes need --allow-deletes, or a person confirming them at the prompt.
            raise StrecError(f"the plan deletes {len(plan.deletes)} object(s); "
                             "pass --allow-deletes to permit it")
        if not auto_approve:
            if not interactive:
                raise StrecError("no terminal to confirm on: pass --auto-approve to apply "
                                 "without a prompt")
            answer = click.prompt("\nDo you want to perform these actions? "
                                  "Only 'yes' will be accepted", default="", show_default=False)
            if answer.strip() != "yes":
                click.echo("Apply cancelled.", err=True)
                ctx.exit(1)
        report = apply_plan(client, plan)
    click.echo("")
    click.echo(render_report(report, refresh_reads))
    if report.failed or plan.problems:
        ctx.exit(1)
