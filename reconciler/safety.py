"""Refusing plans that change too much at once, in the spirit of octoDNS.

Once at least `min_objects` managed objects exist, a plan that would update or delete
more than a share of them (30 % by default, octoDNS's MAX_SAFE_*_PCENT) is over a
limit. The verdict is made at plan time and shown in every plan format, so a reviewer
sees it before approving; apply refuses such a plan unless forced. The limits can be
set in the config (`safety:`), so a reviewed pull request can raise them.
`protect: true` is enforced in the diff, where no flag can override it.
"""

from __future__ import annotations

from dataclasses import dataclass

from reconciler.plan import Action, Plan, Safety

MIN_EXISTING = 10
DEFAULT_SHARE = 0.3


@dataclass(frozen=True)
class Thresholds:
    """The largest share of existing managed objects a plan may update / delete."""

    max_update_share: float = DEFAULT_SHARE
    max_delete_share: float = DEFAULT_SHARE
    min_objects: int = MIN_EXISTING

    def overridden(self, update: float | None, delete: float | None) -> Thresholds:
        """These limits with command-line values, where given, taking precedence."""
        return Thresholds(self.max_update_share if update is None else update,
                          self.max_delete_share if delete is None else delete,
                          self.min_objects)


def unsafe_reasons(plan: Plan, existing: int, limits: Thresholds = Thresholds()) -> list[str]:
    """Why the plan is too large to apply unforced; empty when it is fine."""
    if existing < limits.min_objects:
        return []
    reasons = []
    for action, share, key in ((Action.UPDATE, limits.max_update_share, "max_update_share"),
                               (Action.DELETE, limits.max_delete_share, "max_delete_share")):
        count = plan.count(action)
        if count > share * existing:
            reasons.append(
                f"the plan would {action.value} {count} of {existing} managed objects "
                f"({count / existing:.0%}, more than the {share:.0%} allowed by "
                f"safety.{key})")
    return reasons


def assess(plan: Plan, limits: Thresholds, *, forced: bool = False) -> Safety:
    """The plan's change-size verdict under `limits`."""
    return Safety(tuple(unsafe_reasons(plan, plan.existing, limits)),
                  (("max_update_share", limits.max_update_share),
                   ("max_delete_share", limits.max_delete_share),
                   ("min_objects", float(limits.min_objects))),
                  forced)
