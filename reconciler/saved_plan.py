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
from reconciler.kinds import KINDS
from reconciler.state import State

SAVED_FORMAT = "strec-saved-plan/1"


def _digest(data: Any) -> str:
    raw = json.dumps(data, sort_keys=True, default=str).encode("utf-8")
    return hashlib.sha256(raw).hexdigest()[:24]


def fingerprints(desired: State, live: State) -> dict[str, str]:
    """A short hash per live object that `desired` manages, by address (every kind
    says which live data its objects depend on)."""
    out: dict[str, str] = {}
    for kind in KINDS:
        for address, snapshot in kind.fingerprints(desired, live).items():
            out[address] = _digest(snapshot)
    return out


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
    strict: bool = False
    max_update_share: float | None = None
    max_delete_share: float | None = None
    #: `--shard K/N` of the plan: the apply works on the same slice
    shard: str | None = None
    format: str = SAVED_FORMAT

    def write(self, path: str | Path) -> None:
        from reconciler.plan_json import json_text

        Path(path).write_text(json_text(asdict(self), sort_keys=True) + "\n",
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
