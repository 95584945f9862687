"""The benchmark's scenario: a seed, a config over it, and the fewest calls it needs.

For n accounts, `generate_seed(n)` and a config declaring every account's repost and
reactions schedules (activation, a few settings, the exact target list), with a known
share of the schedules differing from the seed. The minimum reads and writes are derived
here from the seed and the config alone, independently of strec's code, so the benchmark
can say whether strec made more calls than it needed.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from random import Random
from typing import Any

from reconciler.catalog import REPOST_SPEEDS
from reconciler.sandbox import Sandbox
from reconciler.sandbox.generate import generate_seed

MODULES = ("repost", "reactions")
PER_PAGE = 100  # strec asks for the largest page the API allows
#: The settings each declared schedule manages (a few of those generate_seed sets).
MANAGED_SETTINGS: dict[str, tuple[str, ...]] = {
    "repost": ("speed", "daily_pause", "daily_pause_from", "remove_delay", "caption"),
    "reactions": ("is_likes", "likes_speed", "follow_limit", "massvoting_interval"),
}
#: Settings fields each module's schedule list shows (the reference's field lists for
#: GET /repost/schedules and GET /reactions/schedules). A schedule whose declared fields
#: are all shown there, with the desired values, needs no settings read.
LISTED_SETTINGS: dict[str, frozenset[str]] = {
    "repost": frozenset({"speed", "remove_delay", "daily_pause", "daily_pause_from",
                         "daily_pause_to", "caption", "first_comment", "metadata_location",
                         "metadata_user", "collections_shuffle"}),
    "reactions": frozenset({"daily_pause", "daily_pause_from", "daily_pause_to"}),
}
#: Schedules per module the sandbox lists in one answer (reference: unpaged, so 1 read).
SCHEDULE_LIST_READS = 1


# -- the scenario: seed, config, and the minimum calls -------------------------------


@dataclass
class Minimum:
    """The fewest reads and writes a plan and an apply of this scenario can make."""

    account_pages: int
    schedule_lists: int
    type_reads: int
    settings_reads: int
    #: settings reads once converged: schedules declaring a field the list does not show
    settings_reads_converged: int = 0
    patches: int = 0
    target_calls: int = 0
    activation_calls: int = 0
    differing: int = 0
    groups: dict[tuple[str, bool], int] = field(default_factory=dict)

    @property
    def reads(self) -> int:
        return self.account_pages + self.schedule_lists + self.type_reads + self.settings_reads

    def converged(self) -> Minimum:
        """The minimum once live state matches the config: no writes, fewer reads."""
        return Minimum(self.account_pages, self.schedule_lists, self.type_reads,
                       self.settings_reads_converged, self.settings_reads_converged)

    @property
    def independent_reads(self) -> int:
        """Reads needing nothing read before: account page 1, schedule lists, type catalogs."""
        return 1 + self.schedule_lists + self.type_reads

    @property
    def writes(self) -> int:
        return self.patches + self.target_calls + self.activation_calls


def _mutate_setting(module: str, settings: dict[str, Any]) -> None:
    if module == "repost":
        speeds = list(REPOST_SPEEDS)
        settings["speed"] = speeds[(speeds.index(str(settings["speed"])) + 1) % len(speeds)]
    else:
        settings["likes_speed"] = int(settings["likes_speed"]) % 5 + 1


def build_scenario(n: int, *, share: float = 0.10, seed: int = 0) -> tuple[
        dict[str, Any], dict[str, Any], Minimum]:
    """(sandbox seed, config document, minimum calls); `share` of schedules differ.

    A differing schedule gets one of four mutations in turn: a settings change, a
    replaced target (one removal + one addition), an activation flip, or all three.
    """
    doc = generate_seed(n, seed=seed)
    rng = Random(seed + 1)
    total = len(MODULES) * n
    differing = set(rng.sample(range(total), round(share * total)))
    accounts: list[dict[str, Any]] = []
    turn = 0
    for i, acc in enumerate(doc["accounts"]):
        entry: dict[str, Any] = {"username": acc["username"]}
        for k, module in enumerate(MODULES):
            live = acc[module]
            settings = {name: live["settings"][name] for name in MANAGED_SETTINGS[module]}
            targets = [dict(t) for t in live["targets"]]
            active = bool(live["is_active"])
            if len(MODULES) * i + k in differing:
                kind = turn % 4
                turn += 1
                if kind in (0, 3):
                    _mutate_setting(module, settings)
                if kind in (1, 3):
                    targets[0] = {"type": "hashtag", "value": f"bench{i}{module[:2]}"}
                if kind in (2, 3):
                    active = not active
            entry[module] = {"active": active, "settings": settings, "targets": targets}
        accounts.append(entry)
    config = {"version": 1, "accounts": accounts}
    return doc, config, minimum_calls(doc, config)


def _tkey(t: dict[str, Any]) -> tuple[str, str, str]:
    value = str(t.get("value", ""))
    return (str(t["type"]), value, str(t.get("id", value)))


def minimum_calls(doc: dict[str, Any], config: dict[str, Any]) -> Minimum:
    """The minimum calls, from the seed and the config alone (not from strec's code).

    Reads: every /accounts page at per_page=100, each module's schedule list (one unpaged
    answer in the reference dialect), one target-type catalog per module declaring
    targets, and one settings read per declared schedule that manages settings, unless
    the schedule list shows every declared field with the desired value already. Writes: one
    PATCH per schedule with a changed setting, one call per target added or removed, one
    bulk call per module and direction of activation change.
    """
    live = {a["username"]: a for a in doc["accounts"]}
    declared = [(acc, m) for acc in config["accounts"] for m in MODULES if m in acc]
    mods = {m for _, m in declared}
    found = Minimum(
        account_pages=max(1, math.ceil(len(doc["accounts"]) / PER_PAGE)),
        schedule_lists=SCHEDULE_LIST_READS * len(mods),
        type_reads=len({m for acc, m in declared if "targets" in acc[m]}),
        settings_reads=0,
    )
    for acc, module in declared:
        want, have = acc[module], live[acc["username"]][module]
        patch = any(have["settings"].get(k) != v for k, v in want.get("settings", {}).items())
        if "settings" in want:
            hidden = not set(want["settings"]) <= LISTED_SETTINGS[module]
            found.settings_reads += hidden or patch
            found.settings_reads_converged += hidden
        wanted = {_tkey(t) for t in want.get("targets", [])}
        present = {_tkey(t) for t in have["targets"]}
        targets = len(wanted ^ present)
        flip = "active" in want and want["active"] != bool(have["is_active"])
        found.patches += patch
        found.target_calls += targets
        found.differing += bool(patch or targets or flip)
        if flip:
            group = (module, bool(want["active"]))
            found.groups[group] = found.groups.get(group, 0) + 1
    found.activation_calls = len(found.groups)
    return found


def write_config(config: dict[str, Any], path: Path) -> None:
    """The config as block-style YAML (scalars JSON-quoted, which YAML 1.2 reads as is)."""
    q = json.dumps
    lines = ["version: 1", "accounts:"]
    for acc in config["accounts"]:
        lines.append(f"  - username: {q(acc['username'])}")
        for module in MODULES:
            if module not in acc:
                continue
            block = acc[module]
            lines.append(f"    {module}:")
            lines.append(f"      active: {q(block['active'])}")
            lines.append("      settings:")
            lines += [f"        {k}: {q(v)}" for k, v in block["settings"].items()]
            lines.append("      targets:")
            for t in block["targets"]:
                fields = ", ".join(f"{k}: {q(v)}" for k, v in t.items())
                lines.append(f"        - {{{fields}}}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def check_converged(sb: Sandbox, doc: dict[str, Any], config: dict[str, Any]) -> list[str]:
    """Independent check of the sandbox's state against the config; returns mismatches."""
    ids = {a["username"]: a["id"] for a in doc["accounts"]}
    bad: list[str] = []
    with sb.state.lock:
        for acc in config["accounts"]:
            for module in MODULES:
                want = acc[module]
                row = sb.state.schedules[(module, ids[acc["username"]])]
                where = f"{acc['username']}.{module}"
                if row.is_active != want["active"]:
                    bad.append(f"{where}: active")
                for k, v in want["settings"].items():
                    if row.settings.get(k) != v:
                        bad.append(f"{where}: settings.{k} {row.settings.get(k)!r} != {v!r}")
                have = sorted((t.type, t.value) for t in row.targets)
                if have != sorted((t["type"], t["value"]) for t in want["targets"]):
                    bad.append(f"{where}: targets {have}")
    return bad
