"""The plan and the apply report as text for a terminal, in Terraform's idiom."""

from __future__ import annotations

import json

import click

from reconciler.normalize import Scalar
from reconciler.outcomes import ApplyReport
from reconciler.plan import Action, Change, Plan, ResourceKind
from reconciler.redact import SENSITIVE, mask_value

_VERB = {Action.CREATE: "created", Action.UPDATE: "updated in place", Action.DELETE: "deleted"}


def show(value: Scalar, name: str = "") -> str:
    """A value as the plan prints it: JSON literals, so types are visible; secrets masked."""
    value = mask_value(name, value)
    return SENSITIVE if value == SENSITIVE else json.dumps(value, ensure_ascii=False)


def _verb(change: Change) -> str:
    if change.operation == "login":
        return "created by a live login"
    if change.operation == "relogin":
        return "re-logged in"
    return _VERB[change.action]


def render_change(change: Change) -> list[str]:
    """One block: a comment line, the object line, then one line per changed part."""
    sym = change.action.symbol
    lines = [f"  # {change.address} will be {_verb(change)}"]
    if change.kind in (ResourceKind.CAPTION, ResourceKind.ACCOUNT):
        lines.append(f'  {sym} {change.kind.value} "{change.key}"')
        for f in change.fields:
            if change.action is Action.UPDATE:
                lines.append(f"      ~ {f.name}: {show(f.before, f.name)} -> "
                             f"{show(f.after, f.name)}")
            else:
                value = f.after if change.action is Action.CREATE else f.before
                lines.append(f"      {sym} {f.name}: {show(value, f.name)}")
        return lines
    lines.append(f'  {sym} account "{change.key}" {change.module}')
    if change.active is not None:
        before, after = change.active
        lines.append(f"      ~ active: {show(before)} -> {show(after)}")
    for f in change.fields:
        lines.append(f"      ~ settings.{f.name}: {show(f.before)} -> {show(f.after)}")
    for t in change.remove_targets:
        lines.append(f"      - target {t.label()}")
    for t in change.add_targets:
        lines.append(f"      + target {t.label()}")
    return lines


_COLORS = {"+": "green", "~": "yellow", "-": "red", "!": "red"}


def colorize(text: str) -> str:
    """ANSI colours for a terminal: creates green, updates yellow, deletes red."""
    out = []
    for line in text.split("\n"):
        mark = line.lstrip()[:2]
        color = _COLORS.get(mark[0]) if len(mark) == 2 and mark[1] == " " else None
        out.append(click.style(line, fg=color) if color else line)
    return "\n".join(out)


def render_plan(plan: Plan) -> str:
    """The whole plan, ending with the `Plan: N to create, …` line (or "No changes.")."""
    out: list[str] = []
    if plan.changes:
        out.append("strec will perform the following actions:")
        for change in plan.changes:
            out.append("")
            out.extend(render_change(change))
        out.append("")
    for warning in plan.warnings:
        out.append(f"Warning: {warning}")
    if plan.problems:
        out.append("Problems (these objects are left as they are):")
        out.extend(f"  ! {p.address}: {p.message}" for p in plan.problems)
        out.append("")
    if plan.changes:
        out.append(plan.summary())
    else:
        out.append("No changes. The installation matches the configuration.")
    return "\n".join(out)


def render_report(report: ApplyReport, refresh_reads: int = 0) -> str:
    """Per-object outcomes, then the totals and the API calls made (and read to plan)."""
    out = []
    for o in report.outcomes:
        mark = "ok  " if o.ok else "FAIL"
        out.append(f"  {mark} {o.address}: {o.detail}")
    calls = report.reads + report.writes
    out.append("")
    out.append(
        f"Apply {'failed' if report.failed else 'complete'}: {len(report.succeeded)} changed, "
        f"{len(report.failed)} failed. API calls: {calls} ({report.reads} reads, "
        f"{report.writes} writes)"
        + (f"; {refresh_reads} reads to refresh the live state." if refresh_reads else ".")
    )
    return "\n".join(out)
