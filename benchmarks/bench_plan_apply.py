#!/usr/bin/env python3
"""Benchmark `strec plan` and `strec apply` as whole processes against the sandbox over HTTP.

For each size it generates a seed (reconciler.sandbox.generate.generate_seed) and a config
declaring every account's repost and reactions schedules (activation, a few settings, the
exact target list), with a known share of the schedules differing from the seed. The
sandbox is served on 127.0.0.1 with an injected latency; `strec plan`, `strec apply
--auto-approve --force`, a second plan (must show no changes) and a second apply (must
make no write) run as child processes. Reads and writes are counted from the sandbox's
request log; the minimum reads and writes are derived from the seed and the config here,
independently of strec's code. Then, with no latency, a plan and `strec validate` run
again as processes. See benchmarks/README.md for the columns and the lower bound.

    .venv/bin/python benchmarks/bench_plan_apply.py [--sizes 100,1000,5000]
        [--latency-ms 20] [--concurrency N] [--quick] [--out benchmarks/RESULTS.md]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from random import Random
from typing import Any

from reconciler.api.client import DEFAULT_CONCURRENCY
from reconciler.catalog import REPOST_SPEEDS
from reconciler.sandbox import Sandbox
from reconciler.sandbox.generate import generate_seed

HERE = Path(__file__).resolve().parent
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


# -- running strec as a process -------------------------------------------------------


@dataclass
class Run:
    """One measured child process and the requests the sandbox saw meanwhile."""

    size: int
    command: str
    wall: float
    peak_mb: float
    exit_code: int
    reads: int = 0
    writes: int = 0
    min_reads: int = 0
    min_writes: int = 0
    lower_bound: float | None = None
    output: str = ""
    cpu: float = 0.0  # CPU seconds of the strec process
    sandbox_cpu: float = 0.0  # CPU seconds of this process meanwhile: the sandbox's


def strec_argv() -> list[str]:
    script = Path(sys.executable).parent / "strec"
    return [str(script)] if script.exists() else [sys.executable, "-m", "reconciler"]


#: Runs one command and reports its wall time, peak RSS and exit code on a pipe. A fresh,
#: small interpreter starts the command: Linux counts the RSS a process had before its
#: exec into ru_maxrss, so a child forked straight from this (large) benchmark process
#: would report the benchmark's own RSS whenever that is the larger.
LAUNCHER = r"""
import os, sys, time
fd, argv = int(sys.argv[1]), sys.argv[2:]
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.close(fd)
        os.execv(argv[0], argv)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
cpu = usage.ru_utime + usage.ru_stime
os.write(fd, f"{wall} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)} {cpu}".encode())
"""


def run_process(argv: list[str], env: dict[str, str], timeout: float) -> tuple[
        float, float, int, str, float]:
    """(wall s, peak RSS MB, exit code, stdout+stderr, CPU s) of one child process.

    The launcher's os.wait4 reports the rusage of exactly this child (RUSAGE_CHILDREN
    would keep the largest of all children so far); the wall time runs from its fork
    to its exit.
    """
    read_end, write_end = os.pipe()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(
            [sys.executable, "-S", "-c", LAUNCHER, str(write_end), *argv], env=env,
            stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True, pass_fds=(write_end,))
        os.close(write_end)
        killer = threading.Timer(timeout, os.killpg, (proc.pid, signal.SIGKILL))
        killer.start()
        try:
            with os.fdopen(read_end, "rb") as pipe:
                report = pipe.read().decode()
            proc.wait()
        finally:
            killer.cancel()
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    if not report:
        return timeout, 0.0, -9, text + "\n(killed: timed out)", 0.0
    wall, maxrss, code, cpu = report.split()
    return float(wall), int(maxrss) / 1024, int(code), text, float(cpu)


def lower_bound(m: Minimum, latency_s: float, concurrency: int, *, with_writes: bool) -> float:
    """Rounds of `latency_s` that no client at this concurrency can beat.

    Only the independent reads (account page 1, the schedule lists, the type catalogs)
    can go out in the first round: the other account pages need page 1's page count, and
    each settings read needs the account's id from a list. So the reads need at least
    max(ceil(R/c), 1 + ceil((R - I)/c)) rounds, I = min(c, independent reads). For an
    apply, the writes come after the diff, which needs the reads: ceil(W/c) more rounds.
    """
    reads = m.reads
    first = min(concurrency, m.independent_reads)
    rounds = max(math.ceil(reads / concurrency), 1 + math.ceil((reads - first) / concurrency))
    if with_writes and m.writes:
        rounds += math.ceil(m.writes / concurrency)
    return rounds * latency_s


class Bench:
    """Runs the scenario of each size and collects the table's rows."""

    def __init__(self, latency_ms: float, concurrency: int, timeout: float) -> None:
        self.latency_ms = latency_ms
        self.concurrency = concurrency
        self.timeout = timeout
        self.rows: list[Run] = []
        self.failures: list[str] = []
        self.key = "sht_" + secrets.token_hex(32)

    def env(self, base_url: str) -> dict[str, str]:
        keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR")}
        return {**keep, "STREC_API_URL": base_url, "STREC_API_KEY": self.key, "NO_COLOR": "1"}

    def strec(self, sb: Sandbox | None, env: dict[str, str], size: int, label: str,
              args: list[str], m: Minimum | None, *, with_writes: bool = False) -> Run:
        if sb is not None:
            sb.clear_log()
        before = os.times()
        wall, peak, code, text, cpu = run_process([*strec_argv(), *args], env, self.timeout)
        after = os.times()
        run = Run(size, label, wall, peak, code, output=text, cpu=cpu,
                  sandbox_cpu=after.user - before.user + after.system - before.system)
        if sb is not None:
            log = sb.log
            run.reads = sum(1 for r in log if r.method == "GET")
            run.writes = len(log) - run.reads
        if m is not None:
            run.min_reads = m.reads
            run.min_writes = m.writes if with_writes else 0
            latency = (sb.latency_ms if sb is not None else 0) / 1000
            if latency > 0:
                run.lower_bound = lower_bound(m, latency, self.concurrency,
                                              with_writes=with_writes)
        self.rows.append(run)
        print(f"  {label:<22} {wall:7.2f} s  reads {run.reads:>6}  writes {run.writes:>5}  "
              f"peak {peak:6.1f} MB  CPU strec {cpu:6.2f} s sandbox {run.sandbox_cpu:6.2f} s  "
              f"exit {code}", flush=True)
        return run

    def expect(self, ok: bool, what: str, run: Run | None = None) -> None:
        if not ok:
            tail = ""
            if run is not None:
                tail = "\n    " + "\n    ".join(run.output.strip().splitlines()[-8:])
            self.failures.append(what)
            print(f"  FAILED: {what}{tail}", flush=True)

    def size(self, n: int, workdir: Path) -> None:
        doc, config, m = build_scenario(n)
        path = workdir / f"strec-{n}.yaml"
        write_config(config, path)
        print(f"\n== {n} accounts: {m.differing} of {2 * n} schedules differ; minimum "
              f"{m.reads} reads, {m.writes} writes ({m.patches} PATCH, {m.target_calls} "
              f"target, {m.activation_calls} activation)", flush=True)
        sb = Sandbox(doc, api_key=self.key, latency_ms=self.latency_ms)
        conc = ["--concurrency", str(self.concurrency)]
        with sb.serve(port=0) as base_url:
            env = self.env(base_url)
            lat = f"{self.latency_ms:g} ms"
            plan = self.strec(sb, env, n, f"plan ({lat})",
                              ["plan", "-f", str(path), "--detailed-exitcode", *conc], m)
            self.expect(plan.exit_code == 2, f"{n}: plan should exit 2 (changes)", plan)
            self.expect(plan.reads == m.reads and plan.writes == 0,
                        f"{n}: plan made {plan.reads} reads (minimum {m.reads}), "
                        f"{plan.writes} writes")
            apply = self.strec(sb, env, n, f"apply ({lat})",
                               ["apply", "-f", str(path), "--auto-approve", "--force", *conc],
                               m, with_writes=True)
            self.expect(apply.exit_code == 0, f"{n}: apply should exit 0", apply)
            self.expect(apply.reads == m.reads and apply.writes == m.writes,
                        f"{n}: apply made {apply.reads} reads, {apply.writes} writes "
                        f"(minimum {m.reads}, {m.writes})")
            bad = check_converged(sb, doc, config)
            self.expect(not bad, f"{n}: sandbox differs from the config after apply: "
                        + "; ".join(bad[:5]))
            done = m.converged()
            again = self.strec(sb, env, n, f"plan again ({lat})",
                               ["plan", "-f", str(path), "--detailed-exitcode", *conc], done)
            self.expect(again.exit_code == 0, f"{n}: second plan should show no changes", again)
            reapply = self.strec(sb, env, n, f"apply again ({lat})",
                                 ["apply", "-f", str(path), "--auto-approve", "--force", *conc],
                                 done, with_writes=False)
            self.expect(reapply.exit_code == 0 and reapply.writes == 0,
                        f"{n}: second apply made {reapply.writes} writes (expected 0)", reapply)
            sb.latency_ms = 0
            quick = self.strec(sb, env, n, "plan (no latency)",
                               ["plan", "-f", str(path), "--detailed-exitcode", *conc], done)
            self.expect(quick.exit_code == 0, f"{n}: no-latency plan should exit 0", quick)
        valid = self.strec(None, self.env("http://127.0.0.1:9/api/v1"), n, "validate",
                           ["validate", "-f", str(path)], None)
        self.expect(valid.exit_code == 0, f"{n}: validate should exit 0", valid)


# -- the report -----------------------------------------------------------------------


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{os.cpu_count()} CPU(s) (nproc {len(os.sched_getaffinity(0))}), {cpu}, "
            f"Python {platform.python_version()} ({platform.python_implementation()}), "
            f"{platform.system()} {platform.release()}")


def table(rows: list[Run]) -> list[str]:
    out = ["| size | command | wall s | reads (min) | writes (min) | lower bound s | ratio "
           "| peak MB | strec CPU s | sandbox CPU s |",
           "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lb = f"{r.lower_bound:.2f}" if r.lower_bound else "–"
        ratio = f"{r.wall / r.lower_bound:.2f}" if r.lower_bound else "–"
        is_validate = r.command == "validate"
        reads = "–" if is_validate else f"{r.reads} ({r.min_reads})"
        writes = "–" if is_validate else f"{r.writes} ({r.min_writes})"
        sandbox = "–" if is_validate else f"{r.sandbox_cpu:.2f}"
        out.append(f"| {r.size:,} | {r.command} | {r.wall:.2f} | {reads} | {writes} | {lb} "
                   f"| {ratio} | {r.peak_mb:.0f} | {r.cpu:.2f} | {sandbox} |")
    return out


def verdicts(rows: list[Run]) -> list[str]:
    """The issue's targets, each with the measured value and PASS or MISS."""
    out: list[str] = []

    def check(ok: bool, text: str) -> None:
        out.append(f"- {'PASS' if ok else 'MISS'}: {text}")

    for r in rows:
        if r.command == "validate":
            if r.size >= 5000:
                check(r.wall <= 3.0, f"validate {r.size:,} accounts in {r.wall:.2f} s (≤ 3 s)")
            continue
        if r.command.startswith(("plan", "apply")):
            check(r.reads == r.min_reads and r.writes == r.min_writes,
                  f"{r.size:,} {r.command}: {r.reads} reads / {r.writes} writes "
                  f"(minimum {r.min_reads} / {r.min_writes})")
        if r.command.startswith("plan (") and r.lower_bound:
            check(r.wall <= 1.3 * r.lower_bound,
                  f"{r.size:,} {r.command}: {r.wall:.2f} s = {r.wall / r.lower_bound:.2f} × "
                  f"the lower bound {r.lower_bound:.2f} s (≤ 1.3 ×)")
        if r.command == "plan (no latency)" and r.size in (1000, 5000):
            limit = 2.0 if r.size == 1000 else 8.0
            check(r.wall <= limit,
                  f"{r.size:,} plan with no latency in {r.wall:.2f} s (≤ {limit:g} s)")
            if r.size == 5000:
                check(r.peak_mb <= 200, f"{r.size:,} plan with no latency: peak memory "
                                        f"{r.peak_mb:.0f} MB (≤ 200 MB)")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,5000",
                        help="comma-separated account counts (default 100,1000,5000)")
    parser.add_argument("--latency-ms", type=float, default=20.0,
                        help="latency the sandbox adds to every request (default 20)")
    parser.add_argument("--concurrency", type=int, default=DEFAULT_CONCURRENCY,
                        help=f"strec --concurrency (default: strec's, {DEFAULT_CONCURRENCY})")
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: 100 accounts, 5 ms latency")
    parser.add_argument("--timeout", type=float, default=900.0,
                        help="seconds one strec process may take (default 900)")
    parser.add_argument("--out", type=Path, default=None,
                        help="where to write the Markdown results (default benchmarks/RESULTS.md; "
                             "--quick writes none unless given)")
    args = parser.parse_args(argv)
    sizes = [100] if args.quick else [int(s) for s in args.sizes.split(",") if s.strip()]
    latency = 5.0 if args.quick else args.latency_ms
    bench = Bench(latency, max(1, args.concurrency), args.timeout)
    print(f"strec benchmark: sizes {sizes}, latency {latency:g} ms, concurrency "
          f"{bench.concurrency}\nmachine: {machine()}", flush=True)
    subprocess.run([*strec_argv(), "--version"], check=True, capture_output=True)  # warm up
    started, load_before = time.perf_counter(), os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="strec-bench-") as tmp:
        for n in sizes:
            bench.size(n, Path(tmp))
    lines = [
        "# strec benchmark results",
        "",
        f"Machine: {machine()}.",
        f"Run: `{' '.join(['benchmarks/bench_plan_apply.py', *(argv or sys.argv[1:])])}` — "
        f"sandbox latency {latency:g} ms a request, strec --concurrency {bench.concurrency}, "
        f"{time.strftime('%Y-%m-%d')}, {time.perf_counter() - started:.0f} s in all; load "
        f"average {load_before[0]:.2f} before, {os.getloadavg()[0]:.2f} after (other work on "
        "the machine shows up in every wall time).",
        "",
        *table(bench.rows),
        "",
        "Targets:",
        "",
        *verdicts(bench.rows),
    ]
    if bench.failures:
        lines += ["", "Failed checks:", "", *(f"- {f}" for f in bench.failures)]
    text = "\n".join(lines) + "\n"
    print("\n" + text)
    out = args.out or (None if args.quick else HERE / "RESULTS.md")
    if out is not None:
        out.write_text(text, encoding="utf-8")
        print(f"(written to {out})")
    return 1 if bench.failures else 0


if __name__ == "__main__":
    sys.exit(main())
