"""Saved plans: what was reviewed, and proof that nothing moved before it is applied.

A saved plan holds the masked JSON plan, a fingerprint of every live object the plan
read, and a digest of the config files. Applying it re-reads those objects; if any
fingerprint, the config, or the recomputed changes differ, it is refused with nothing
written. It holds no secret: secrets come from the environment at apply time.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from reconciler.config import find_config_files
from reconciler.errors import PlanError
from reconciler.state import Account, State

SAVED_FORMAT = "strec-saved-plan/1"


def _digest(data: Any) -> str:
    raw = json.dumps(data, sort_keys=True, default=str).encode("utf-8")
    return hashlib.sha256(raw).hexdigest()[:24]


def fingerprints(desired: State, live: State) -> dict[str, str]:
    """A short hash per live object that `desired` manages, by address."""
    out: dict[str, str] = {}
    for title in sorted(set(desired.captions) | (set(live.captions)
                                                if desired.prune_captions else set())):
        copies = [(c.id, c.caption) for c in live.captions.get(title, [])]
        out[f'caption["{title}"]'] = _digest(copies)
    for username, want in sorted(desired.accounts.items()):
        have = live.accounts.get(username)
        out[f'account["{username}"]'] = _digest(_account(have))
        for module, sched in sorted(want.schedules.items()):
            live_sched = have.schedules.get(module) if have else None
            snapshot = None
            if live_sched is not None:
                settings = live_sched.settings or {}
                snapshot = {
                    "active": live_sched.active,
                    "settings": {k: settings.get(k) for k in sorted(sched.settings or {})},
                    "targets": sorted((t.type, t.value, t.id or "")
                                      for t in live_sched.targets or []),
                }
            out[f'account["{username}"].{module}'] = _digest(snapshot)
    if live.proxies:
        out["proxies"] = _digest(sorted((p.id, p.proxy, p.use_count) for p in live.proxies))
    return out


def _account(have: Account | None) -> Any:
    if have is None:
        return None
    return {"id": have.id, "proxy": have.proxy, "mobile_proxy": have.mobile_proxy,
            "login_required": have.login_required}


def config_digest(path: str | Path, vars_files: Sequence[str] = ()) -> str:
    """A digest of the config files' (and vars files') names and bytes."""
    h = hashlib.sha256()
    for f in [*find_config_files(path), *map(Path, vars_files)]:
        h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()[:24]


@dataclass
class SavedPlan:
    """Everything `strec apply PLANFILE` needs to re-check and re-create the plan."""

    plan: dict[str, Any]
    fingerprints: dict[str, str]
    config_path: str
    config_digest: str
    targets: list[str] = field(default_factory=list)
    excludes: list[str] = field(default_factory=list)
    rotate_passwords: list[str] = field(default_factory=list)
    var: list[str] = field(default_factory=list)
    vars_file: list[str] = field(default_factory=list)
    format: str = SAVED_FORMAT

    def write(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(asdict(self), indent=2, sort_keys=True) + "\n",
                              encoding="utf-8")

    @classmethod
    def read(cls, path: str | Path) -> SavedPlan:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("format") != SAVED_FORMAT:
                raise PlanError(f"{path} is not a strec saved plan ({SAVED_FORMAT})")
            return cls(**data)
        except (OSError, ValueError, TypeError) as exc:
            raise PlanError(f"cannot read saved plan {path}: {exc}") from None

    def drift(self, now: dict[str, str], digest: str, plan: dict[str, Any]) -> list[str]:
        """What moved since the plan was made; empty when it can be applied as saved."""
        moved = [f"{address} changed live since the plan was made"
                 for address in sorted(set(self.fingerprints) | set(now))
                 if self.fingerprints.get(address) != now.get(address)]
        if digest != self.config_digest:
            moved.append(f"the config at {self.config_path} changed since the plan was made")
        if not moved and plan["changes"] != self.plan["changes"]:
            moved.append("the recomputed changes differ from the saved ones")
        return moved
