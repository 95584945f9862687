"""Applying a settings-and-targets schedule's change: its own calls, then the batch.

One settings PATCH with only the changed fields, target removals then additions (a
re-add needs the old one gone; a create whose answer is lost is re-read first, a 409
"exists" is done), each schedule in parallel; then the activation of every schedule of
the module that changed direction, in one bulk call per direction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from reconciler.api.client import path
from reconciler.calls import Call, send
from reconciler.errors import ApiError
from reconciler.kinds.activation import Activation
from reconciler.kinds.base import Deferred
from reconciler.kinds.targets import target_calls
from reconciler.outcomes import INTERRUPTED, Outcome
from reconciler.plan import Change

if TYPE_CHECKING:
    from reconciler.api.client import ApiClient
    from reconciler.outcomes import ApplyContext


class ScheduleCalls:
    """The apply side of `SettingsKind` (a mixin: it needs `segment` and `activation`)."""

    segment: ClassVar[str]

    @property
    def activation(self) -> Activation:
        raise NotImplementedError

    def _own_calls(self, change: Change, dialect: str) -> list[Call]:
        calls: list[Call] = []
        if change.fields:
            calls.append(Call("PATCH", path(self.segment, "schedules", change.object_id,
                                            "settings"),
                              {f.name: f.after for f in change.fields}))
        calls += target_calls(self.segment, change.object_id, change.add_targets,
                              change.remove_targets, change.removal_ids, dialect)
        return calls

    def calls(self, change: Change, dialect: str) -> list[Call]:
        calls = self._own_calls(change, dialect)
        if change.active is not None:
            calls.append(self.activation.single(change.object_id, change.active[1]))
        return calls

    def run(self, client: ApiClient, change: Change, ctx: ApplyContext) -> Outcome | Deferred:
        for i, call in enumerate(self._own_calls(change, client.dialect or "reference")):
            if ctx.cancel.is_set():
                return Outcome(change.address, False,
                               ("partly done, the rest " if i else "") + INTERRUPTED)
            try:
                send(client, call, conflict_ok=call.kind == "create",
                     exists=self._exists_check(client, change, call.body))
            except ApiError as exc:
                return Outcome(change.address, False, str(exc))
        done = []
        if change.fields:
            done.append("settings " + ", ".join(f.name for f in change.fields))
        if change.add_targets:
            done.append(f"+{len(change.add_targets)} target(s)")
        if change.remove_targets:
            done.append(f"-{len(change.remove_targets)} target(s)")
        if change.active is not None:
            return Deferred(change, tuple(done))
        return Outcome(change.address, True, ", ".join(done))

    def _exists_check(self, client: ApiClient, change: Change,
                      body: Any) -> Callable[[], bool]:
        """Whether a target whose creation may have been lost is there after all."""
        def exists() -> bool:
            data = client.get(path(self.segment, "schedules", change.object_id, "targets"))
            items = data.get("targets", data.get("items", [])) if isinstance(data, dict) \
                else data
            return any(isinstance(t, dict) and t.get("type") == body["type"]
                       and str(t.get("value") or "") == body["value"] for t in items or [])
        return exists

    def batches(self, client: ApiClient, deferred: list[Deferred],
                ctx: ApplyContext) -> list[Callable[[], list[Outcome]]]:
        groups: dict[bool, list[Deferred]] = defaultdict(list)
        for item in deferred:
            assert item.change.active is not None
            groups[item.change.active[1]].append(item)
        dialect = client.dialect or "reference"

        def batch(active: bool, group: list[Deferred]) -> Callable[[], list[Outcome]]:
            def go() -> list[Outcome]:
                if ctx.cancel.is_set():
                    return [Outcome(d.change.address, False,
                                    f"{', '.join(d.done)}; activation {INTERRUPTED}")
                            for d in group]
                return self.activation.batch(client, group, active, dialect)
            return go

        return [batch(active, group) for active, group in sorted(groups.items())]
