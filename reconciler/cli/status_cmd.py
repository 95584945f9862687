"""`strec status`: what is broken or drifted in the live installation. Read-only.

Exit codes: 0 (1 on an error). With --detailed-exitcode: 0 healthy and in sync, 1 error,
2 drift only, 3 unhealthy.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta

import click

from reconciler.cli.common import client_for, concurrency_option, scope_options
from reconciler.cli.progress import Progress
from reconciler.cli.render_cmd import template_args, template_options
from reconciler.pipeline import load_desired
from reconciler.selectors import Scope
from reconciler.status.collect import StatusOptions, collect
from reconciler.status.render import render_prometheus, render_text, status_json

_DURATION = re.compile(r"^([0-9]{1,6})([smhd])$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


def _duration(ctx: click.Context, param: click.Parameter, value: str) -> timedelta:
    match = _DURATION.match(value.strip())
    if not match:
        raise click.BadParameter("a duration such as 90s, 30m, 24h or 7d")
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


@click.command()
@click.option("-f", "--file", "path", default=None, type=click.Path(exists=True),
              help="Also report drift from this config (a file or a directory).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "prometheus"]),
              default="text", show_default=True, help="Output format.")
@click.option("--detailed-exitcode", is_flag=True,
              help="Exit 0 healthy and in sync, 2 drift only, 3 unhealthy, 1 on error.")
@click.option("--stuck-after", default="30m", show_default=True, callback=_duration,
              help="A schedule running with no action for longer than this is stuck.")
@click.option("--since", default="24h", show_default=True, callback=_duration,
              help="How far back the modules' logs are read for failing runs.")
@scope_options
@template_options
@concurrency_option
@click.pass_context
def status(ctx: click.Context, path: str | None, fmt: str, detailed_exitcode: bool,
           stuck_after: timedelta, since: timedelta, targets: tuple[str, ...],
           excludes: tuple[str, ...], var: tuple[str, ...], vars_file: tuple[str, ...],
           concurrency: int) -> None:
    """Report what needs attention: logins, stuck schedules, failing runs, drift."""
    scope = Scope.parse(targets, excludes)
    desired = load_desired(path, **template_args(var, vars_file)) if path else None
    with client_for(ctx, concurrency) as client, Progress("reading", client.counter):
        report = collect(client, desired, scope, StatusOptions(stuck_after, since))
    if fmt == "json":
        click.echo(json.dumps(status_json(report), indent=2, ensure_ascii=True))
    elif fmt == "prometheus":
        click.echo(render_prometheus(report), nl=False)
    else:
        click.echo(render_text(report))
    if detailed_exitcode:
        ctx.exit(report.exit_code())
