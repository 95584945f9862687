"""What apply reports, and what it needs beyond the plan."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from reconciler.challenges import ChallengeStore
from reconciler.login import LoginOptions
from reconciler.state import State


@dataclass(frozen=True)
class Outcome:
    """What happened to one object: `ok`, and a short human summary."""

    address: str
    ok: bool
    detail: str


@dataclass
class ApplyReport:
    """All outcomes of one apply, and the API calls it took."""

    outcomes: list[Outcome] = field(default_factory=list)
    reads: int = 0
    writes: int = 0

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.ok]

    @property
    def succeeded(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.ok]



@dataclass(frozen=True)
class ApplyContext:
    """What apply needs beyond the plan: secrets' sources and where challenges wait."""

    desired: State | None = None  # the login details (as references) by username
    env: Mapping[str, str] | None = None
    store: ChallengeStore = field(default_factory=ChallengeStore)
    login: LoginOptions = field(default_factory=LoginOptions)
    #: set on Ctrl-C / SIGTERM: calls in flight finish, nothing new starts
    cancel: threading.Event = field(default_factory=threading.Event)
    #: what one phase hands a later one (media ids uploaded for the posts), by kind
    scratch: dict[str, Any] = field(default_factory=dict)


INTERRUPTED = "not started: apply was interrupted"


