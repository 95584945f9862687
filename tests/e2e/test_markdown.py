"""The pull-request comment: a snapshot of its exact text, and truncation under the limit."""

from __future__ import annotations

import os
from pathlib import Path

from reconciler.kinds import kind_of
from reconciler.plan import Action, FieldChange, Plan, Problem
from reconciler.render.markdown import GITHUB_LIMIT, MARKER, render_markdown
from reconciler.state import Target

SNAPSHOT = Path(__file__).parent / "snapshots" / "plan.md"


def _plan(n_schedules: int = 2) -> Plan:
    changes = [
        kind_of("caption").change(Action.CREATE, "summer-promo", fields=(
            FieldChange("caption", None, "{Hot|Sunny} deals {{original_caption}}"),)),
        kind_of("account").change(Action.CREATE, "brand_new", operation="login", fields=(
            FieldChange("password", None, "(sensitive)"),
            FieldChange("proxy", None, "socks5://u:secret@10.0.0.1:1080"))),
    ]
    for i in range(n_schedules):
        changes.append(kind_of("repost").change(
            Action.UPDATE, f"brand_{i:04d}", object_id=i,
            fields=(FieldChange("speed", "slow", "fast"),), active=(False, True),
            add_targets=(Target("hashtag", "nature"),),
            remove_targets=(Target("hashtag", "old", "old"),), removal_ids=("old",)))
    return Plan(changes, [Problem('account["brand_x"].reactions', "no reactions schedule")])


def test_markdown_snapshot() -> None:
    text = render_markdown(_plan())
    assert "secret" not in text
    if os.environ.get("STREC_UPDATE_SNAPSHOTS"):  # then review the diff like code
        SNAPSHOT.write_text(text, encoding="utf-8")
    assert text == SNAPSHOT.read_text(encoding="utf-8"), (
        "markdown changed: rerun with STREC_UPDATE_SNAPSHOTS=1 and review the snapshot diff")


def test_markdown_truncates_under_githubs_limit() -> None:
    plan = _plan(2000)
    text = render_markdown(plan)
    assert len(text) <= GITHUB_LIMIT
    assert text.startswith(MARKER)
    shown = text.count("<details>")
    assert 0 < shown < len(plan.changes)
    assert f"**Truncated:** {len(plan.changes) - shown} of {len(plan.changes)} changes" in text
