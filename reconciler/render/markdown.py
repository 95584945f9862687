"""The plan as a pull-request comment: a summary line, a section per account and module.

GitHub refuses comments over 65,536 characters; the renderer stops adding sections
before that and says how many it left out. The first line is a hidden marker, so a CI
job can find and update its one comment instead of adding a new one per push.
"""

from __future__ import annotations

import html

from reconciler.plan import Change, Plan, ResourceKind
from reconciler.render.text import render_change

MARKER = "<!-- strec-plan -->"
GITHUB_LIMIT = 65_536


def _section_title(change: Change) -> str:
    what = {ResourceKind.CAPTION: f"caption {change.key}",
            ResourceKind.ACCOUNT: f"account {change.key}",
            ResourceKind.SCHEDULE: f"account {change.key} · {change.module}"}[change.kind]
    return f"{change.action.symbol} {what} ({change.action.value})"


def _section(change: Change) -> str:
    body = "\n".join(line[2:] if line.startswith("  ") else line
                     for line in render_change(change)[1:])
    title = html.escape(_section_title(change))
    return (f"<details><summary><code>{title}</code></summary>\n\n"
            f"```diff\n{body}\n```\n</details>\n")


def render_markdown(plan: Plan, limit: int = GITHUB_LIMIT) -> str:
    """The comment body, never longer than `limit` characters."""
    summary = plan.summary().removeprefix("Plan: ") if plan.has_changes else "no changes"
    head = [MARKER, f"### strec plan: {summary}", ""]
    if plan.problems:
        head.append(f"**{len(plan.problems)} problem(s)** — these objects are left as they are:")
        head.extend(f"- `{p.address}`: {p.message}" for p in plan.problems)
        head.append("")
    head.extend(f"> Warning: {w}" for w in plan.warnings)
    text = "\n".join(head) + "\n"
    sections = [_section(c) for c in plan.changes]
    budget = limit - len(text) - 200  # room for the truncation note
    shown = 0
    for section in sections:
        if len(section) > budget:
            break
        text += section
        budget -= len(section)
        shown += 1
    left = len(sections) - shown
    if left:
        text += (f"\n**Truncated:** {left} of {len(sections)} changes are not shown "
                 f"(GitHub's comment limit). Run `strec plan` for the full plan.\n")
    return text
