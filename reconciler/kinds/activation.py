"""Activation (on/off) of a module's schedules, shared by every schedule kind.

Each module names its verbs (activate/pause; Leads: start/stop) and whether it has bulk
endpoints (Repost Pro and Reactions Pro do: one call can switch many accounts). A 409
answer means "already in that state": for a convergent tool, that is success. A bulk
answer's `skipped` ids are failures of those accounts only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reconciler.api.client import path
from reconciler.api.envelope import Dialect
from reconciler.calls import Call, send
from reconciler.errors import ApiError
from reconciler.normalize import NormalizeError, to_int
from reconciler.outcomes import Outcome

if TYPE_CHECKING:
    from reconciler.api.client import ApiClient
    from reconciler.kinds.base import Deferred


@dataclass(frozen=True)
class Activation:
    """How one module switches a schedule on and off."""

    #: the module's API path segment ("repost", "welcomedm", "leads")
    segment: str
    on: str = "activate"
    off: str = "pause"
    #: whether `…/bulk/{verb}` endpoints exist (the reference puts them under schedules/)
    bulk: bool = False

    def verb(self, active: bool) -> str:
        return self.on if active else self.off

    def single(self, object_id: int | None, active: bool) -> Call:
        """The call for one schedule (addressed by account id or schedule id)."""
        return Call("POST", path(self.segment, "schedules", object_id, self.verb(active)))

    def grouped(self, ids: list[int], active: bool, dialect: str) -> Call:
        """One call for a group: the single endpoint for one, the bulk one for more."""
        if len(ids) == 1 or not self.bulk:
            return self.single(ids[0], active)
        where = ("bulk",) if dialect == Dialect.GUIDE else ("schedules", "bulk")
        return Call("POST", path(self.segment, *where, self.verb(active)),
                    {"account_ids": sorted(ids)})

    def done(self, active: bool) -> str:
        """The outcome word: activated/paused, started/stopped."""
        if self.on == "activate":
            return "activated" if active else "paused"
        return "started" if active else "stopped"

    def switch(self, client: ApiClient, object_id: int | None, active: bool) -> None:
        """Switch one schedule; a 409 (already so) is success."""
        send(client, self.single(object_id, active), conflict_ok=True)

    def batch(self, client: ApiClient, group: list[Deferred], active: bool,
              dialect: str) -> list[Outcome]:
        """One bulk call for the group; `skipped` ids in its answer failed."""
        done_word = self.done(active)
        ids = [d.change.object_id for d in group if d.change.object_id is not None]
        call = self.grouped(ids, active, dialect)
        try:
            answer = send(client, call, conflict_ok=len(ids) == 1)
        except ApiError as exc:
            return [Outcome(d.change.address, False, str(exc)) for d in group]
        data = answer.data if answer is not None and isinstance(answer.data, dict) else {}
        skipped = {_as_int(i) for i in data.get("skipped") or []}
        out = []
        for item in group:
            if item.change.object_id in skipped:
                out.append(Outcome(item.change.address, False,
                                   f"{call}: the server skipped account "
                                   f"{item.change.object_id} (no schedule to change)"))
            else:
                out.append(Outcome(item.change.address, True,
                                   ", ".join([*item.done, done_word])))
        return out


def _as_int(value: Any) -> int:
    try:
        return to_int(value)
    except NormalizeError:
        return -1
