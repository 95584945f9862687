"""The plan as a pull-request comment: a summary line, then what a reviewer must see first
(problems, the safety verdict, pending objects), then a folded section per change.

GitHub refuses comments over 65,536 characters; the renderer stops adding sections
before that and says how many it left out. The first line is a hidden marker, so a CI
job can find and update its one comment instead of adding a new one per push. Text
strec did not write (usernames, titles, server messages) is escaped: it cannot close a
code span or a fence, nor inject HTML.
"""

from __future__ import annotations

import html
import re

from reconciler.kinds import kind_of
from reconciler.plan import Change, Plan
from reconciler.render.text import render_change, safety_lines
from reconciler.textsafe import md_code, md_text, printable

MARKER = "<!-- strec-plan -->"
GITHUB_LIMIT = 65_536
_FENCE = re.compile(r"`{3,}")


def _section_title(change: Change) -> str:
    return f"{change.action.symbol} {kind_of(change.kind).heading(change)} " \
           f"({change.action.value})"


def _fence(body: str) -> str:
    """A code fence longer than any backtick run inside the block."""
    longest = max((len(m.group(0)) for m in _FENCE.finditer(body)), default=2)
    return "`" * max(3, longest + 1)


def _section(change: Change) -> str:
    body = "\n".join(line[2:] if line.startswith("  ") else line
                     for line in render_change(change)[1:])
    body = printable(body, keep_newlines=True)
    fence = _fence(body)
    title = html.escape(printable(_section_title(change)))
    return (f"<details><summary><code>{title}</code></summary>\n\n"
            f"{fence}diff\n{body}\n{fence}\n</details>\n")


def _head(plan: Plan) -> list[str]:
    summary = plan.summary().removeprefix("Plan: ") if plan.has_changes else "no changes"
    if not plan.has_changes and plan.pending:
        summary += f"; {len(plan.pending)} pending"
    head = [MARKER, f"### strec plan: {md_text(summary)}", ""]
    if plan.problems:
        head.append(f"**{len(plan.problems)} problem(s)** — these objects are left as they "
                    "are:")
        head.extend(f"- {md_code(p.address)}: {md_text(p.message)}" for p in plan.problems)
        head.append("")
    if plan.safety.exceeded:
        lines = safety_lines(plan)
        head.append(f"> [!WARNING]\n> **{md_text(lines[0])}**")
        head.extend(f"> - {md_text(line.strip().removeprefix('! '))}" for line in lines[1:-2])
        head.append(f"> \n> {md_text(lines[-2].strip())}")
        head.append("")
    if plan.pending:
        head.append(f"**{len(plan.pending)} pending** — declared, not created yet (schedules "
                    "are created in the web panel):")
        for p in plan.pending:
            link = f" ([create it]({p.link}))" if p.link and _safe_link(p.link) else ""
            head.append(f"- {md_code(p.address)}: {md_text(p.message)}{link}")
        head.append("")
    head.extend(f"> Warning: {md_text(w)}" for w in plan.warnings)
    return head


def _safe_link(url: str) -> bool:
    return url.startswith(("https://", "http://")) and not re.search(r"[\s()<>\"']", url)


def render_markdown(plan: Plan, limit: int = GITHUB_LIMIT) -> str:
    """The comment body, never longer than `limit` characters."""
    text = "\n".join(_head(plan)) + "\n"
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
