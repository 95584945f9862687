"""`strec plan`: read live state, diff, print the plan. Read-only."""

from __future__ import annotations

import json

import click

from reconciler.api.envelope import Dialect
from reconciler.cli.common import (
    client_for,
    concurrency_option,
    config_option,
    scope_options,
    use_color,
)
from reconciler.cli.progress import Progress
from reconciler.cli.render_cmd import template_args, template_options
from reconciler.pipeline import load_desired, plan_in_scope
from reconciler.plan_json import plan_json
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
@scope_options
@template_options
@concurrency_option
@click.pass_context
def plan(ctx: click.Context, path: str, fmt: str, out: str | None, detailed_exitcode: bool,
         targets: tuple[str, ...], excludes: tuple[str, ...], var: tuple[str, ...],
         vars_file: tuple[str, ...], concurrency: int) -> None:
    """Show what apply would change."""
    scope = Scope.parse(targets, excludes)
    desired = load_desired(path, **template_args(var, vars_file))
    with client_for(ctx, concurrency) as client, Progress("refreshing", client.counter):
        planned = plan_in_scope(client, desired, scope)
        dialect = client.dialect or Dialect.REFERENCE
    result = planned.plan
    as_json = plan_json(result, dialect)
    if out:
        SavedPlan(as_json, fingerprints(planned.desired, planned.live), path,
                  config_digest(path, vars_file), list(targets), list(excludes),
                  var=list(var), vars_file=list(vars_file)).write(out)
    if fmt == "json":
        click.echo(json.dumps(as_json, indent=2, ensure_ascii=False))
    elif fmt == "markdown":
        click.echo(render_markdown(result), nl=False)
    else:
        text = render_plan(result)
        click.echo(colorize(text) if use_color() else text)
        if out:
            click.echo(f"\nSaved the plan to {out}: apply it with `strec apply {out}`.")
    if result.problems:
        ctx.exit(1)
    if detailed_exitcode and result.has_changes:
        ctx.exit(2)
