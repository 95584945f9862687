"""The plan and the apply report as text for a terminal, in Terraform's idiom.

Each change is a block its kind words (`Kind.verb`, `Kind.noun`, `Kind.field_label`);
values are JSON literals so types are visible, secrets are masked, environment-sourced
values show where they come from, and a secret part that differs is said to differ
rather than shown as two equal masks. Every line is made printable at the end: no
escape sequence from the server or the config reaches a terminal.
"""

from __future__ import annotations

import json
from typing import Any

import click

from reconciler.kinds import kind_of
from reconciler.outcomes import ApplyReport
from reconciler.plan import Action, Change, FieldChange, Plan
from reconciler.redact import SENSITIVE, mask_value
from reconciler.sourced import display
from reconciler.textsafe import printable

CHANGED_SECRET = "(sensitive value changed)"


def show(value: Any, name: str = "") -> str:
    """A value as the plan prints it: JSON literals, so types are visible; secrets masked."""
    value = mask_value(name, display(value))
    return SENSITIVE if value == SENSITIVE else json.dumps(value, ensure_ascii=False)


def secret_changed(item: FieldChange) -> bool:
    """A change whose masked forms are equal though the values differ (a proxy password)."""
    return (item.before is not None and item.after is not None
            and show(item.before, item.name) == show(item.after, item.name))


def _field_line(change: Change, item: FieldChange, label: str) -> str:
    sym = change.action.symbol
    if change.action is Action.UPDATE:
        if secret_changed(item):
            masked = show(item.after, item.name)
            shown = "" if masked == SENSITIVE else f" {masked}"
            return f"      ~ {label}:{shown} {CHANGED_SECRET}"
        return f"      ~ {label}: {show(item.before, item.name)} -> {show(item.after, item.name)}"
    value = item.after if change.action is Action.CREATE else item.before
    return f"      {sym} {label}: {show(value, item.name)}"


def render_change(change: Change) -> list[str]:
    """One block: a comment line, the object line, then one line per changed part."""
    kind = kind_of(change.kind)
    lines = [f"  # {change.address} will be {kind.verb(change)}",
             f"  {change.action.symbol} {kind.noun(change)}"]
    if change.active is not None:
        before, after = change.active
        lines.append(f"      + active: {show(after)}" if change.action is Action.CREATE
                     else f"      ~ active: {show(before)} -> {show(after)}")
    lines.extend(_field_line(change, f, kind.field_label(f)) for f in change.fields)
    lines.extend(f"      - target {t.label()}" for t in change.remove_targets)
    lines.extend(f"      + target {t.label()}" for t in change.add_targets)
    lines.extend(f"      # {note}" for note in change.notes)
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


def safety_lines(plan: Plan) -> list[str]:
    """The change-size verdict and how to approve a plan over the limit."""
    if not plan.safety.exceeded:
        return []
    head = ("Safety: this plan exceeds a change-size limit (applied anyway: forced):"
            if plan.safety.forced else
            "Safety: this plan exceeds a change-size limit; apply will refuse it unless forced:")
    return [head, *(f"  ! {reason}" for reason in plan.safety.reasons),
            "  To apply it: review it, then run `strec apply --force` (in the example "
            "workflow: label the pull request `strec:force`), or raise the limit under "
            "`safety:` in the config (max_update_share, max_delete_share) in a reviewed "
            "change.", ""]


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
    if plan.pending:
        out.append("Pending (declared, not created yet; create them in the web panel):")
        for p in plan.pending:
            out.append(f"  … {p.address}: {p.message}" + (f"\n      {p.link}" if p.link else ""))
        out.append("")
    if plan.problems:
        out.append("Problems (these objects are left as they are):")
        out.extend(f"  ! {p.address}: {p.message}" for p in plan.problems)
        out.append("")
    out.extend(safety_lines(plan))
    if plan.changes:
        out.append(plan.summary())
    else:
        out.append("No changes. The installation matches the configuration."
                   + (f" {len(plan.pending)} pending." if plan.pending else ""))
    return "\n".join(printable(line, keep_newlines=True) for line in out)


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
    return "\n".join(printable(line) for line in out)
