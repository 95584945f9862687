#!/usr/bin/env python3
"""Fault soak (issue #6): repeated applies under injected faults converge, without harm.

For each seed, a 50-account sandbox (generate_seed) injects faults into a share of the
requests (default 20 %: a GET answers 503; a write gets, with equal odds, a 503 before
it is applied, a 500 after it is applied, or its connection dropped after it is
applied). A config with captions to create and to update, settings, targets and
activations is applied in-process up to 3 times (each run: plan + apply with a fresh
client; an error ends that run only). After each run a plan with faults off tells
whether the sandbox has converged. At the end (faults off) the plan must be empty and:

- no duplicate: no two captions with one title, no two targets of a schedule with one
  type and value;
- nothing declared lost: every declared caption, activation, setting and target is
  there, checked against the sandbox's own state (not through strec);
- nothing undeclared touched: captions, accounts, schedules, unmanaged settings fields
  and activations the config does not declare are exactly as seeded.

    .venv/bin/python benchmarks/fault_soak.py [--seeds 50] [--first-seed 0]
        [--fault-rate 0.2] [--accounts 50] [--runs 3] [--backoff 0.05] [-v]
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from random import Random
from typing import Any

from reconciler.apply import ApplyContext, apply_plan
from reconciler.catalog import REPOST_SPEEDS
from reconciler.connection import Connection
from reconciler.pipeline import load_desired, make_plan, open_client
from reconciler.sandbox import Sandbox
from reconciler.sandbox.generate import generate_seed
from reconciler.state import State

MODULES = ("repost", "reactions")
KEY = "sht_" + "5a" * 32
SETTINGS: dict[str, tuple[str, ...]] = {
    "repost": ("speed", "daily_pause", "daily_pause_from", "remove_delay"),
    "reactions": ("is_likes", "likes_speed", "follow_limit"),
}


# -- the scenario -----------------------------------------------------------------------


def build_config(doc: dict[str, Any], rng: Random) -> dict[str, Any]:
    """A config over the seed: about 80 % of the accounts, with changes of every kind.

    Captions: "caption 1" updated, "caption 2" unchanged, two new ones created,
    "caption 3" undeclared. Each declared schedule declares, independently, its
    activation (flipped 30 % of the time), a few settings (one changed 40 %) and its
    exact targets (edited 40 %: one replaced, one added or one removed).
    """
    captions = [
        {"title": "caption 1", "caption": "{Hello|Hey} again, updated by the soak"},
        {"title": "caption 2", "caption": doc["captions"][1]["caption"]},
        {"title": "soak new A", "caption": "{New|Fresh} caption A"},
        {"title": "soak new B", "caption": "Caption B {{original_caption}}"},
    ]
    accounts: list[dict[str, Any]] = []
    for acc in doc["accounts"]:
        if rng.random() < 0.2:
            continue  # undeclared: must stay untouched
        entry: dict[str, Any] = {"username": acc["username"]}
        modules = [m for m in MODULES if rng.random() < 0.8] or [rng.choice(MODULES)]
        for module in modules:
            live = acc[module]
            block: dict[str, Any] = {}
            if rng.random() < 0.8:
                block["active"] = bool(live["is_active"]) != (rng.random() < 0.3)
            if rng.random() < 0.8:
                names = rng.sample(SETTINGS[module], rng.randint(1, len(SETTINGS[module])))
                settings = {n: live["settings"][n] for n in names}
                if rng.random() < 0.4:
                    _change_setting(module, settings, rng)
                block["settings"] = settings
            if rng.random() < 0.8:
                block["targets"] = _edit_targets(live["targets"], rng, acc["id"], module)
            entry[module] = block
        accounts.append(entry)
    return {"version": 1, "captions": captions, "accounts": accounts}


def _change_setting(module: str, settings: dict[str, Any], rng: Random) -> None:
    name = rng.choice(sorted(settings))
    value = settings[name]
    if name == "speed":
        settings[name] = rng.choice([s for s in REPOST_SPEEDS if s != value])
    elif isinstance(value, bool):
        settings[name] = not value
    elif name == "daily_pause_from":
        settings[name] = "19:30" if value != "19:30" else "18:00"
    elif name == "likes_speed":
        settings[name] = value % 5 + 1
    else:
        settings[name] = int(value) + 7


def _edit_targets(live: list[dict[str, Any]], rng: Random, account_id: int,
                  module: str) -> list[dict[str, Any]]:
    targets = [dict(t) for t in live]
    if rng.random() >= 0.4:
        return targets
    new = {"type": "hashtag", "value": f"soak{account_id}{module[:2]}{rng.randint(1, 999)}"}
    kind = rng.randrange(3)
    if kind == 0 and targets:
        targets[rng.randrange(len(targets))] = new
    elif kind == 1 or not targets:
        targets.append(new)
    else:
        targets.pop(rng.randrange(len(targets)))
    return targets


def write_config(config: dict[str, Any], path: Path) -> None:
    """The config as JSON, which is YAML 1.2 (strec reads it like any YAML file)."""
    path.write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")


# -- checks against the sandbox's own state -----------------------------------------------


def snapshot(sb: Sandbox) -> dict[str, Any]:
    """Every caption, account and schedule as plain data."""
    with sb.state.lock:
        return {
            "captions": {c.id: (c.title, c.caption) for c in sb.state.captions.values()},
            "accounts": {a.id: asdict(a) for a in sb.state.accounts.values()},
            "schedules": {
                key: {"active": s.is_active, "settings": dict(s.settings),
                      "targets": [(t.type, t.value, t.id) for t in s.targets]}
                for key, s in sb.state.schedules.items()
            },
        }


def duplicates(snap: dict[str, Any]) -> list[str]:
    found: list[str] = []
    titles = Counter(title for title, _ in snap["captions"].values())
    found += [f"caption {t!r} ×{n}" for t, n in titles.items() if n > 1]
    for (module, aid), sched in snap["schedules"].items():
        keys = Counter((t, v) for t, v, _ in sched["targets"])
        found += [f"account {aid} {module} target {k[0]}:{k[1]} ×{n}"
                  for k, n in keys.items() if n > 1]
    return found


def declared_lost(snap: dict[str, Any], config: dict[str, Any],
                  ids: dict[str, int]) -> list[str]:
    """Declared things missing or different in the sandbox's state."""
    lost: list[str] = []
    by_title: dict[str, list[str]] = {}
    for title, text in snap["captions"].values():
        by_title.setdefault(title, []).append(text)
    for cap in config["captions"]:
        if cap["caption"] not in by_title.get(cap["title"], []):
            lost.append(f"caption {cap['title']!r}")
    for acc in config["accounts"]:
        for module in MODULES:
            want = acc.get(module)
            if want is None:
                continue
            have = snap["schedules"][(module, ids[acc["username"]])]
            where = f"{acc['username']}.{module}"
            if "active" in want and have["active"] != want["active"]:
                lost.append(f"{where}.active")
            for name, value in want.get("settings", {}).items():
                if have["settings"].get(name) != value:
                    lost.append(f"{where}.settings.{name}")
            if "targets" in want:
                wanted = sorted((t["type"], t["value"]) for t in want["targets"])
                if sorted((t, v) for t, v, _ in have["targets"]) != wanted:
                    lost.append(f"{where}.targets")
    return lost


def undeclared_touched(before: dict[str, Any], after: dict[str, Any],
                       config: dict[str, Any], ids: dict[str, int]) -> list[str]:
    """Differences between the snapshots outside what the config manages."""
    touched: list[str] = []
    declared_titles = {c["title"] for c in config["captions"]}
    for cid, (title, text) in before["captions"].items():
        if title not in declared_titles and after["captions"].get(cid) != (title, text):
            touched.append(f"caption {title!r}")
    for cid, (title, _) in after["captions"].items():
        if cid not in before["captions"] and title not in declared_titles:
            touched.append(f"caption {title!r} created")
    if before["accounts"] != after["accounts"]:
        touched += [f"account {aid}" for aid in before["accounts"]
                    if before["accounts"][aid] != after["accounts"].get(aid)]
    managed: dict[tuple[str, int], dict[str, Any]] = {}
    for acc in config["accounts"]:
        for module in MODULES:
            if module in acc:
                managed[(module, ids[acc["username"]])] = acc[module]
    for key, old in before["schedules"].items():
        new = after["schedules"][key]
        want = managed.get(key, {})
        where = f"account {key[1]} {key[0]}"
        if "active" not in want and old["active"] != new["active"]:
            touched.append(f"{where}.active")
        keep = set(want.get("settings", {}))
        for name in set(old["settings"]) | set(new["settings"]):
            if name not in keep and old["settings"].get(name) != new["settings"].get(name):
                touched.append(f"{where}.settings.{name}")
        if "targets" not in want and old["targets"] != new["targets"]:
            touched.append(f"{where}.targets")
    return touched


# -- one seed -----------------------------------------------------------------------------


@dataclass
class SeedResult:
    seed: int
    converged_after: int | None = None  # runs until a clean plan with faults off
    errors: list[str] = field(default_factory=list)  # one per run that raised
    failed_outcomes: int = 0  # objects an apply reported as failed
    faults: Counter[str] = field(default_factory=Counter)
    writes: int = 0  # write requests the sandbox saw (faulted ones included)
    changes: int | None = None  # changes in the first plan that completed
    left_over: int = 0  # changes a faults-off plan still shows at the end
    duplicates: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    touched: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return (self.converged_after is not None and not self.duplicates and not self.lost
                and not self.touched)


def clean_plan_size(sb: Sandbox, desired: State) -> int:
    """Changes and problems a plan finds with faults off (not counted in the request log)."""
    rate, sb.faults.rate = sb.faults.rate, 0.0
    try:
        with open_client(Connection("http://127.0.0.1/api/v1", KEY),
                         transport=sb.transport()) as client:
            plan = make_plan(client, desired)
        return len(plan.changes) + len(plan.problems)
    finally:
        sb.faults.rate = rate


def soak_seed(seed: int, args: argparse.Namespace, workdir: Path) -> SeedResult:
    started = time.perf_counter()
    result = SeedResult(seed)
    doc = generate_seed(args.accounts, seed=seed)
    config = build_config(doc, Random(seed))
    path = workdir / f"soak-{seed}.yaml"
    write_config(config, path)
    desired = load_desired(path)
    ids = {a["username"]: int(a["id"]) for a in doc["accounts"]}
    sb = Sandbox(copy.deepcopy(doc), api_key=KEY, fault_rate=args.fault_rate, fault_seed=seed)
    before = snapshot(sb)
    for run in range(1, args.runs + 1):
        try:
            with open_client(Connection("http://127.0.0.1/api/v1", KEY),
                             transport=sb.transport(), concurrency=args.concurrency) as client:
                client._backoff = args.backoff  # faster retries; same retry logic
                plan = make_plan(client, desired)
                if result.changes is None:
                    result.changes = len(plan.changes)
                report = apply_plan(client, plan, ApplyContext(desired=desired))
                result.failed_outcomes += len(report.failed)
        except Exception as exc:  # one run's failure; the next run goes on
            result.errors.append(f"run {run}: {type(exc).__name__}: {exc}")
        if clean_plan_size(sb, desired) == 0:
            result.converged_after = run
            break
    log = sb.log
    result.faults = Counter(r.fault for r in log if r.fault)
    result.writes = sum(1 for r in log if r.method != "GET")
    result.left_over = clean_plan_size(sb, desired)
    after = snapshot(sb)
    result.duplicates = duplicates(after)
    result.lost = declared_lost(after, config, ids)
    result.touched = undeclared_touched(before, after, config, ids)
    result.seconds = time.perf_counter() - started
    return result


# -- the summary ------------------------------------------------------------------------


def summary(results: list[SeedResult], args: argparse.Namespace) -> list[str]:
    n = len(results)
    runs = Counter(r.converged_after for r in results)
    faults: Counter[str] = Counter()
    for r in results:
        faults.update(r.faults)
    rows = [
        ("seeds", f"{n} (first {args.first_seed}), {args.accounts} accounts, fault rate "
                  f"{args.fault_rate:.0%}, up to {args.runs} runs each"),
        ("converged after 1 / 2 / 3 runs", " / ".join(str(runs.get(k, 0)) for k in (1, 2, 3))),
        ("not converged", str(runs.get(None, 0))),
        ("seeds with duplicates", str(sum(1 for r in results if r.duplicates))),
        ("seeds with declared state missing at the end (lost, or never applied)",
         str(sum(1 for r in results if r.lost))),
        ("seeds with an undeclared object touched", str(sum(1 for r in results if r.touched))),
        ("runs that raised (caught, next run went on)", str(sum(len(r.errors) for r in results))),
        ("objects reported failed by apply (retried next run)",
         str(sum(r.failed_outcomes for r in results))),
        ("changes in the first completed plan (mean)",
         f"{sum(r.changes or 0 for r in results) / n:.1f}"),
        ("write requests per seed (mean)", f"{sum(r.writes for r in results) / n:.1f}"),
        ("faults injected", ", ".join(f"{k} {v}" for k, v in sorted(faults.items()))),
        ("seconds per seed (mean)", f"{sum(r.seconds for r in results) / n:.2f}"),
    ]
    out = ["| measure | value |", "|---|---|", *(f"| {k} | {v} |" for k, v in rows)]
    bad = [r for r in results if not r.ok]
    verdict = "PASS" if not bad else "FAIL"
    out += ["", f"{verdict}: {n - len(bad)} of {n} seeds converged within {args.runs} runs "
                "with no duplicate, nothing declared lost and nothing undeclared touched."]
    for r in bad:
        parts = [f"seed {r.seed}: converged after {r.converged_after} runs"
                 if r.converged_after else f"seed {r.seed}: NOT converged "
                 f"({r.left_over} changes/problems left)"]
        parts += [f"duplicates {r.duplicates[:3]}"] if r.duplicates else []
        parts += [f"missing {r.lost[:3]}"] if r.lost else []
        parts += [f"touched {r.touched[:3]}"] if r.touched else []
        parts += [f"errors {r.errors[:2]}"] if r.errors else []
        out.append("- " + "; ".join(parts))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=50, help="how many seeds (default 50)")
    parser.add_argument("--first-seed", type=int, default=0, help="first seed (default 0)")
    parser.add_argument("--fault-rate", type=float, default=0.2,
                        help="share of requests faulted (default 0.2)")
    parser.add_argument("--accounts", type=int, default=50, help="accounts (default 50)")
    parser.add_argument("--runs", type=int, default=3, help="applies per seed (default 3)")
    parser.add_argument("--concurrency", type=int, default=8,
                        help="client concurrency (default 8)")
    parser.add_argument("--backoff", type=float, default=0.05,
                        help="retry backoff base in seconds (strec's default is 0.5; "
                             "smaller only makes the soak faster)")
    parser.add_argument("-v", "--verbose", action="store_true", help="a line per seed")
    args = parser.parse_args(argv)
    results: list[SeedResult] = []
    with tempfile.TemporaryDirectory(prefix="strec-soak-") as tmp:
        for seed in range(args.first_seed, args.first_seed + args.seeds):
            r = soak_seed(seed, args, Path(tmp))
            results.append(r)
            if args.verbose or not r.ok:
                print(f"seed {seed:>4}: {'ok  ' if r.ok else 'FAIL'} converged after "
                      f"{r.converged_after} run(s), {r.changes} changes, {r.writes} writes, "
                      f"faults {dict(r.faults)}, errors {len(r.errors)}, "
                      f"{r.seconds:.1f} s", flush=True)
                for e in r.errors:
                    print(f"           {e}", flush=True)
    print("\n".join(summary(results, args)))
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
