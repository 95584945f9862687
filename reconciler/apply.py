"""Execute a Plan: the minimal writes, convergent, one object's failure not stopping the rest.

Changes run in phases their kinds assign (account records, then library objects, then
each account's objects, then deletions that must come last). Within a phase every change
runs in parallel through its kind; a change whose last step is grouped (activations of
many accounts switched by one bulk call) is finished by its kind's batches, all groups
in parallel. A 409 "already in that state" or "already exists" is success.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from reconciler.api.client import ApiClient
from reconciler.kinds import kind_of
from reconciler.kinds.base import Deferred
from reconciler.outcomes import INTERRUPTED, ApplyContext, ApplyReport, Outcome
from reconciler.plan import Change, Plan

__all__ = ["ApplyContext", "ApplyReport", "Outcome", "apply_plan"]


def apply_plan(client: ApiClient, plan: Plan,
               context: ApplyContext | None = None) -> ApplyReport:
    """Carry out every change of `plan`; returns per-object outcomes and call counts."""
    ctx = context or ApplyContext()
    reads0, writes0 = client.counter.reads, client.counter.writes
    phases: dict[int, list[Change]] = defaultdict(list)
    for change in plan.changes:
        phases[kind_of(change.kind).phase(change)].append(change)
    report = ApplyReport()
    for phase in sorted(phases):
        report.outcomes += _run_phase(client, phases[phase], ctx)
    report.outcomes.sort(key=lambda o: o.address)
    report.reads = client.counter.reads - reads0
    report.writes = client.counter.writes - writes0
    return report


def _run_phase(client: ApiClient, changes: list[Change], ctx: ApplyContext) -> list[Outcome]:
    def run(change: Change) -> Outcome | Deferred:
        if ctx.cancel.is_set():
            return Outcome(change.address, False, INTERRUPTED)
        return kind_of(change.kind).run(client, change, ctx)

    outcomes: list[Outcome] = []
    waiting: dict[str, list[Deferred]] = defaultdict(list)
    for result in client.map(run, changes):
        if isinstance(result, Deferred):
            waiting[result.change.kind].append(result)
        else:
            outcomes.append(result)
    batches: list[Callable[[], list[Outcome]]] = []
    for kind_name in sorted(waiting):
        batches += kind_of(kind_name).batches(client, waiting[kind_name], ctx)
    for group in client.map(lambda batch: batch(), batches):
        outcomes += group
    return outcomes
