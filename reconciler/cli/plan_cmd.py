"""`strec plan`: read live state, diff, print the plan. Read-only."""

from __future__ import annotations

import click

from reconciler.cli.common import (
    client_for,
    concurrency_option,
    config_option,
    limit_options,
    scope_options,
    shard_option,
    use_color,
)
from reconciler.cli.progress import Progress
from reconciler.cli.render_cmd import template_args, template_options
from reconciler.pipeline import PlanOptions, load_desired, plan_in_scope
from reconciler.plan_json import json_text, plan_json
from reconciler.render.markdown import render_markdown
from reconciler.render.text import colorize, render_plan
from reconciler.saved_plan import SavedPlan, config_digest, fingerprints
from reconciler.selectors import Scope


@click.command()
@config_option
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]),
              default="text", show_default=True, help="Output format.")
@click.option("--out", "out", type=click.Path(dir_okay=False),
              help="Also save the plan to this file, for `strec apply FILE`.")
@click.option("--detailed-exitcode", is_flag=True,
              help="Exit 0 when nothing would change, 2 when changes are pending, 1 on error.")
@click.option("--strict", is_flag=True,
              help="Declared schedules that do not exist yet are errors, not pending.")
@limit_options
@shard_option
@scope_options
@template_options
@concurrency_option
@click.pass_context
def plan(ctx: click.Context, path: str, fmt: str, out: str | None, detailed_exitcode: bool,
         strict: bool, max_update_share: float | None, max_delete_share: float | None,
         shard: str | None, targets: tuple[str, ...], excludes: tuple[str, ...],
         var: tuple[str, ...], vars_file: tuple[str, ...], concurrency: int) -> None:
    """Show what apply would change."""
    scope = Scope.parse(targets, excludes, shard)
    desired = load_desired(path, **template_args(var, vars_file))
    options = PlanOptions(strict=strict, max_update_share=max_update_share,
                          max_delete_share=max_delete_share)
    with client_for(ctx, concurrency) as client, Progress("refreshing", client.counter):
        planned = plan_in_scope(client, desired, scope, options=options)
        dialect = client.dialect or "reference"
    result = planned.plan
    as_json = plan_json(result, dialect)
    if out:
        SavedPlan(as_json, fingerprints(planned.desired, planned.live), path,
                  config_digest(path, vars_file), list(targets), list(excludes),
                  var=list(var), vars_file=list(vars_file), strict=strict,
                  max_update_share=max_update_share,
                  max_delete_share=max_delete_share, shard=shard).write(out)
    if fmt == "json":
        click.echo(json_text(as_json))
    elif fmt == "markdown":
        click.echo(render_markdown(result), nl=False)
    else:
        text = render_plan(result)
        click.echo(colorize(text) if use_color() else text)
        if out:
            click.echo(f"\nSaved the plan to {out}: apply it with `strec apply {out}`.")
    if result.problems:
        n = len(result.problems)
        click.echo(f"Error: the plan has {n} problem{'s' if n != 1 else ''} (listed in the "
                   "plan above); the other changes can still be applied.", err=True)
        ctx.exit(1)
    if detailed_exitcode and result.has_changes:
        ctx.exit(2)
