"""`strec apply`: compute (or load) the plan, check it is safe, confirm, execute, report."""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

import click

from reconciler.apply import ApplyContext, apply_plan
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
from reconciler.errors import PlanError, StrecError
from reconciler.pipeline import PlanOptions, load_desired, plan_in_scope
from reconciler.plan import Plan
from reconciler.plan_json import plan_json
from reconciler.render.text import colorize, render_plan, render_report
from reconciler.saved_plan import SavedPlan, config_digest, fingerprints
from reconciler.selectors import Scope


@click.command()
@click.argument("planfile", required=False, type=click.Path(dir_okay=False, exists=True))
@config_option
@click.option("--auto-approve", is_flag=True, help="Apply without asking for confirmation.")
@click.option("--allow-deletes", is_flag=True, help="Permit the plan's deletions.")
@click.option("--force", is_flag=True,
              help="Apply even when the plan changes more than the safe share of objects.")
@click.option("--strict", is_flag=True,
              help="Declared schedules that do not exist yet are errors, not pending.")
@limit_options
@shard_option
@click.option("--rotate-password", "rotate", multiple=True, metavar="USERNAME",
              help="Send this account's declared password (passwords cannot be diffed).")
@scope_options
@template_options
@concurrency_option
@click.pass_context
def apply(ctx: click.Context, planfile: str | None, path: str, auto_approve: bool,
          allow_deletes: bool, force: bool, strict: bool, max_update_share: float | None,
          max_delete_share: float | None, shard: str | None, rotate: tuple[str, ...],
          targets: tuple[str, ...],
          excludes: tuple[str, ...], var: tuple[str, ...], vars_file: tuple[str, ...],
          concurrency: int) -> None:
    """Make the installation match the config (or a saved PLANFILE) with the fewest calls."""
    saved = SavedPlan.read(planfile) if planfile else None
    if saved is not None:
        if ctx.get_parameter_source("path") is click.core.ParameterSource.DEFAULT:
            path = saved.config_path
        targets, excludes = tuple(saved.targets), tuple(saved.excludes)
        rotate = tuple(saved.rotate_passwords)
        var, vars_file = tuple(saved.var), tuple(saved.vars_file)
        strict = strict or saved.strict
        shard = saved.shard
        if max_update_share is None:
            max_update_share = saved.max_update_share
        if max_delete_share is None:
            max_delete_share = saved.max_delete_share
    scope = Scope.parse(targets, excludes, shard)
    desired = load_desired(path, **template_args(var, vars_file))
    unknown = sorted(set(rotate) - set(desired.accounts))
    if unknown:
        raise StrecError(f"--rotate-password: {', '.join(unknown)} not declared in the config")
    options = PlanOptions(frozenset(rotate), strict, max_update_share, max_delete_share, force)
    with client_for(ctx, concurrency) as client:
        with Progress("refreshing", client.counter):
            planned = plan_in_scope(client, desired, scope, options=options)
        plan, refresh_reads = planned.plan, client.counter.reads
        if saved is not None:
            moved = saved.drift(fingerprints(planned.desired, planned.live),
                                config_digest(path, vars_file),
                                plan_json(plan, client.dialect or "reference"))
            if moved:
                raise PlanError("the saved plan is stale; nothing was applied:\n  "
                                + "\n  ".join(moved) + "\nRun `strec plan` again.")
        text = render_plan(plan)
        click.echo(colorize(text) if use_color() else text)
        if not plan.has_changes:
            ctx.exit(1 if plan.problems else 0)
        _check_safe(plan, allow_deletes, auto_approve or saved is not None)
        if not (auto_approve or saved is not None):
            _confirm(ctx, bool(plan.deletes))
        cancel = threading.Event()
        with _interruptible(cancel), Progress("applying", client.counter):
            report = apply_plan(client, plan,
                                ApplyContext(desired=planned.desired, cancel=cancel))
    click.echo("")
    click.echo(render_report(report, refresh_reads))
    if cancel.is_set():
        click.echo("Apply was interrupted: run `strec plan` to see what is left.", err=True)
        ctx.exit(130)
    if report.failed or plan.problems:
        ctx.exit(1)


@contextmanager
def _interruptible(cancel: threading.Event) -> Iterator[None]:
    """First Ctrl-C or SIGTERM: let calls in flight finish, start none; second: abort."""

    def on_signal(signum: int, frame: FrameType | None) -> None:
        if cancel.is_set():
            raise KeyboardInterrupt
        cancel.set()
        click.echo("\nInterrupted: finishing the calls in flight, starting no new ones "
                   "(interrupt again to abort).", err=True)

    try:
        previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    except ValueError:  # not the main thread (embedded use): no handlers to install
        yield
        return
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _check_safe(plan: Plan, allow_deletes: bool, unattended: bool) -> None:
    if plan.safety.blocks:
        raise PlanError("refusing an unsafe plan: " + "; ".join(plan.safety.reasons)
                        + ". Review it, then pass --force to apply it anyway (or raise the "
                        "limit under `safety:` in the config).")
    if plan.deletes and not allow_deletes and (unattended or not sys.stdin.isatty()):
        # Deletes need --allow-deletes, or a person confirming them at the prompt.
        raise PlanError(f"the plan deletes {len(plan.deletes)} object(s); "
                        "pass --allow-deletes to permit it")


def _confirm(ctx: click.Context, deletes: bool) -> None:
    if not sys.stdin.isatty():
        raise StrecError("no terminal to confirm on: pass --auto-approve to apply without "
                         "a prompt")
    note = " This plan DELETES objects." if deletes else ""
    answer = click.prompt(f"\nDo you want to perform these actions?{note} "
                          "Only 'yes' will be accepted", default="", show_default=False)
    if answer.strip() != "yes":
        click.echo("Apply cancelled.", err=True)
        ctx.exit(1)
