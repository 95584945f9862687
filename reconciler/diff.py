"""desired State x live State -> Plan. Pure: no I/O, no clock, deterministic order.

Each resource kind diffs its own objects (keyed set math for what exists, a per-field
compare on normalized values for what changes); accounts go first, since the others
hang off the account records they decide are ready.
"""

from __future__ import annotations

from reconciler.kinds import KINDS
from reconciler.kinds.base import DiffContext
from reconciler.plan import Plan
from reconciler.state import State


def diff(desired: State, live: State, *, rotate_passwords: frozenset[str] = frozenset(),
         strict: bool = False) -> Plan:
    """Everything that must change for live to become desired, and what cannot be done.

    With `strict`, declared objects that do not exist yet (pending) are problems.
    """
    ctx = DiffContext(desired, live, rotate_passwords, strict)
    for kind in KINDS:
        kind.diff(ctx)
    return Plan(ctx.changes, ctx.problems, ctx.warnings, ctx.pending,  # sorted on construction
                existing=count_existing(desired, live))


def count_existing(desired: State, live: State) -> int:
    """Managed objects that exist live, over every kind (for the change-size limits)."""
    return sum(kind.existing(desired, live) for kind in KINDS)
