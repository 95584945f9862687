"""Config -> desired State: the config's own shape turned into the shared model."""

from __future__ import annotations

from reconciler.config import Config
from reconciler.normalize import Scalar
from reconciler.state import Account, Caption, Schedule, State, Target


def desired_state(config: Config) -> State:
    """Build the desired state; omitted parts stay None, meaning "leave as it is live"."""
    state = State(prune_captions=config.prune.captions)
    for cap in config.captions:
        state.captions[cap.title] = [Caption(cap.title, cap.caption)]
    for acc in config.accounts:
        account = Account(acc.username)
        for module, sched in acc.schedules().items():
            targets = None
            if sched.targets is not None:
                targets = [Target(t.type, t.value, t.id) for t in sched.targets]
            settings: dict[str, Scalar] | None = None
            if sched.settings is not None:
                settings = dict(sched.settings)
            account.schedules[module] = Schedule(sched.active, settings, targets)
        state.accounts[acc.username] = account
    return state
