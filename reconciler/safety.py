"""Refusing plans that change too much at once, in the spirit of octoDNS.

Once at least `MIN_EXISTING` managed objects exist, a plan that would update or delete
more than a share of them (30 % by default, octoDNS's MAX_SAFE_*_PCENT) is refused
unless forced. `protect: true` is enforced in the diff, where no flag can override it.
"""

from __future__ import annotations

from dataclasses import dataclass

from reconciler.plan import Action, Plan

MIN_EXISTING = 10
DEFAULT_SHARE = 0.3


@dataclass(frozen=True)
class Thresholds:
    """The largest share of existing managed objects a plan may update / delete."""

    max_update_share: float = DEFAULT_SHARE
    max_delete_share: float = DEFAULT_SHARE


def unsafe_reasons(plan: Plan, existing: int, limits: Thresholds = Thresholds()) -> list[str]:
    """Why the plan is too large to apply unforced; empty when it is fine."""
    if existing < MIN_EXISTING:
        return []
    reasons = []
    for action, share in ((Action.UPDATE, limits.max_update_share),
                          (Action.DELETE, limits.max_delete_share)):
        count = plan.count(action)
        if count > share * existing:
            reasons.append(
                f"the plan would {action.value} {count} of {existing} managed objects "
                f"({count / existing:.0%}, more than the {share:.0%} allowed)")
    return reasons
