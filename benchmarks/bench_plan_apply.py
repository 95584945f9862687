#!/usr/bin/env python3
"""Benchmark `strec plan` and `apply` as whole processes against a floor measured in the
same run: a bare threaded http.client replaying strec's own GETs.

For each size, the scenario (scenario.py: a generated seed, a config declaring every
account's repost and reactions schedules, 10 % of them differing) is served by the
sandbox on 127.0.0.1. At each latency (the sandbox's `latency_ms`, default 20 and 0):
`strec plan` runs as a process; the GETs the sandbox logged for it (same paths and
queries) are replayed by `floor_client.py` as a process, at the same concurrency; the
two alternate, each at least twice, and the medians are compared. Then, at the first
latency, `apply` (a fresh sandbox for each run), a second plan (no changes) and a second
apply (no write); then `validate`, and `strec --version`. Reads and writes are counted
from the sandbox's log and compared with the minimum derived from the seed and config;
every plan's text is compared with the digests recorded before the CPU work
(plan_digests.json). See benchmarks/README.md.

    .venv/bin/python benchmarks/bench_plan_apply.py [--sizes 100,1000,5000,10000]
        [--latencies 20,0] [--repeat 2] [--concurrency 16] [--quick] [--out FILE]
        [--no-readme] [--record-digests]
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from processes import Measured, run_process, strec_argv
from report import Row, growth, machine, table, update_readme, verdicts
from scenario import Minimum, build_scenario, check_converged, write_config

from reconciler.api.client import DEFAULT_CONCURRENCY
from reconciler.sandbox import Sandbox

HERE = Path(__file__).resolve().parent
DIGESTS = HERE / "plan_digests.json"
API_PREFIX = "/api/v1"


def targets_of(sb: Sandbox) -> list[str]:
    """The GETs in the sandbox's log as request targets: the same paths and queries."""
    return [API_PREFIX + quote(r.path) + (f"?{urlencode(r.query)}" if r.query else "")
            for r in sb.log if r.method == "GET"]


class Bench:
    """Runs every configuration and keeps the rows, the failures and the plan digests."""

    def __init__(self, latencies: list[float], repeat: int, concurrency: int,
                 timeout: float, digests: dict[str, str]) -> None:
        self.latencies, self.repeat = latencies, repeat
        self.concurrency, self.timeout = concurrency, timeout
        self.rows: list[Row] = []
        self.failures: list[str] = []
        self.key = "sht_" + secrets.token_hex(32)
        self.digests = digests  # "size/state/format" -> sha256 of the plan's stdout
        self.seen: dict[str, str] = {}
        self.compared = 0

    def env(self, base_url: str) -> dict[str, str]:
        keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR")}
        return {**keep, "STREC_API_URL": base_url, "STREC_API_KEY": self.key, "NO_COLOR": "1"}

    @contextmanager
    def served(self, doc: dict[str, Any], latency: float) -> Iterator[tuple[Sandbox, dict[
            str, str]]]:
        sb = Sandbox(copy.deepcopy(doc), api_key=self.key, latency_ms=latency)
        with sb.serve(port=0) as base_url:
            yield sb, self.env(base_url)

    def expect(self, ok: bool, what: str, run: Measured | None = None) -> None:
        if not ok:
            tail = ""
            if run is not None:
                tail = "\n    " + "\n    ".join(run.stderr.strip().splitlines()[-8:])
            self.failures.append(what)
            print(f"  FAILED: {what}{tail}", flush=True)

    def row(self, size: int, command: str, latency: float | None, m: Minimum | None = None,
            writes: bool = False) -> Row:
        row = Row(size, command, latency)
        if m is not None:
            row.min_reads, row.min_writes = m.reads, m.writes if writes else 0
        self.rows.append(row)
        return row

    def run(self, row: Row, argv: list[str], env: dict[str, str],
            sb: Sandbox | None) -> Measured:
        """One measured process; the sandbox's log and CPU meanwhile go into `row`."""
        if sb is not None:
            sb.clear_log()
        before = os.times()
        done = run_process(argv, env, self.timeout)
        after = os.times()
        row.walls.append(done.wall)
        row.cpus.append(done.cpu)
        row.peaks.append(done.peak_mb)
        if sb is not None:
            row.sandbox_cpus.append(after.user - before.user + after.system - before.system)
            if row.command != "floor":
                log = sb.log
                row.reads.append(sum(1 for r in log if r.method == "GET"))
                row.writes.append(len(log) - row.reads[-1])
        calls = f"reads {row.reads[-1]:>6}  writes {row.writes[-1]:>5}  " if row.reads else ""
        print(f"  {row.label:<24} {done.wall:7.2f} s  {calls}peak {done.peak_mb:6.1f} MB  "
              f"CPU {done.cpu:6.2f} s  sandbox {row.sandbox_cpus[-1] if sb else 0:6.2f} s  "
              f"exit {done.exit_code}", flush=True)
        return done

    def check_plan(self, key: str, done: Measured) -> None:
        """The plan's stdout against the digest recorded before the CPU work."""
        digest = hashlib.sha256(done.stdout).hexdigest()
        if self.seen.setdefault(key, digest) != digest:
            self.expect(False, f"{key}: two runs printed different plans")
        if key in self.digests:
            self.compared += 1
            self.expect(self.digests[key] == digest,
                        f"{key}: the plan differs from the one recorded in {DIGESTS.name}")

    def strec(self, row: Row, args: list[str], env: dict[str, str], sb: Sandbox | None,
              exit_code: int) -> Measured:
        done = self.run(row, [*strec_argv(), *args], env, sb)
        self.expect(done.exit_code == exit_code, f"{row.size}: {row.label} exited "
                    f"{done.exit_code}, expected {exit_code}", done)
        self.expect(row.minimal, f"{row.size}: {row.label} made {row.reads[-1] if row.reads else 0}"
                    f" reads and {row.writes[-1] if row.writes else 0} writes (minimum "
                    f"{row.min_reads}, {row.min_writes})")
        return done

    def floor(self, row: Row, targets: Path, count: int, env: dict[str, str],
              sb: Sandbox) -> None:
        url = urlsplit(env["STREC_API_URL"])
        argv = [sys.executable, "-S", str(HERE / "floor_client.py"), str(url.hostname),
                str(url.port), str(self.concurrency), str(targets)]
        done = self.run(row, argv, env, sb)
        result = json.loads(done.stdout or b"{}")
        self.expect(done.exit_code == 0 and result.get("requests") == count
                    and result.get("bad") == 0 and len(sb.log) == count,
                    f"{row.size}: the floor client failed or answered non-200: {result}", done)

    def size(self, n: int, workdir: Path) -> None:
        doc, config, m = build_scenario(n)
        path = workdir / f"strec-{n}.yaml"
        write_config(config, path)
        done = m.converged()
        print(f"\n== {n:,} accounts: {m.differing} of {2 * n} schedules differ; minimum "
              f"{m.reads} reads, {m.writes} writes ({m.patches} PATCH, {m.target_calls} "
              f"target, {m.activation_calls} activation)", flush=True)
        conc = ["--concurrency", str(self.concurrency)]
        plan = ["plan", "-f", str(path), "--detailed-exitcode", *conc]
        first = self.latencies[0]
        with self.served(doc, first) as (sb, env):
            for latency in self.latencies:
                sb.latency_ms = latency
                row = self.row(n, "plan", latency, m)
                row.floor = self.row(n, "floor", latency)
                replay = workdir / f"gets-{n}-{latency:g}.txt"
                for i in range(self.repeat):
                    self.check_plan(f"{n}/changes/text", self.strec(row, plan, env, sb, 2))
                    if i == 0:
                        gets = targets_of(sb)
                        replay.write_text("\n".join(gets) + "\n", encoding="utf-8")
                    self.floor(row.floor, replay, len(gets), env, sb)
            sb.latency_ms = 0  # untimed: the JSON plan, compared too
            as_json = run_process([*strec_argv(), *plan, "--format", "json"], env, self.timeout)
            self.check_plan(f"{n}/changes/json", as_json)
        apply = ["apply", "-f", str(path), "--auto-approve", "--force", *conc]
        row = self.row(n, "apply", first, m, writes=True)
        for i in range(self.repeat):
            with self.served(doc, first) as (sb, env):
                self.strec(row, apply, env, sb, 0)
                bad = check_converged(sb, doc, config)
                self.expect(not bad, f"{n}: sandbox differs from the config after apply: "
                            + "; ".join(bad[:5]))
                if i < self.repeat - 1:
                    continue
                again = self.row(n, "plan again", first, done)
                for _ in range(self.repeat):
                    self.check_plan(f"{n}/converged/text", self.strec(again, plan, env, sb, 0))
                reapply = self.row(n, "apply again", first, done)
                for _ in range(self.repeat):
                    self.strec(reapply, apply, env, sb, 0)
        valid = self.row(n, "validate", None)
        offline = self.env("http://127.0.0.1:9/api/v1")
        for _ in range(self.repeat):
            self.strec(valid, ["validate", "-f", str(path)], offline, None, 0)

    def version(self) -> float:
        walls = []
        for _ in range(max(5, self.repeat)):
            done = run_process([*strec_argv(), "--version"], self.env("http://x"), self.timeout)
            self.expect(done.exit_code == 0, "strec --version failed", done)
            walls.append(done.wall)
        walls.sort()
        print(f"\n  strec --version          {walls[len(walls) // 2]:.3f} s (median of "
              f"{len(walls)})", flush=True)
        return walls[len(walls) // 2]

    def identity(self) -> tuple[bool, str]:
        bad = [f for f in self.failures if "differs from the one recorded" in f
               or "different plans" in f]
        if not self.compared:
            return False, f"no plan compared: {DIGESTS.name} has no digest for these sizes"
        sizes = sorted({int(k.split("/")[0]) for k in self.seen if k in self.digests})
        return not bad, (f"every plan byte-identical to the plans before the CPU work "
                         f"({self.compared} plans at {', '.join(f'{s:,}' for s in sizes)} "
                         "accounts, text and JSON)" if not bad else
                         f"{len(bad)} plans differ from before: " + "; ".join(bad[:3]))


def load_digests() -> dict[str, str]:
    if not DIGESTS.exists():
        return {}
    return dict(json.loads(DIGESTS.read_text(encoding="utf-8"))["plans"])


def record_digests(seen: dict[str, str]) -> None:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, cwd=HERE).stdout.strip()
    plans = {**load_digests(), **seen}
    DIGESTS.write_text(json.dumps({
        "about": "sha256 of `strec plan` stdout (text, and --format json) for each size of "
                 "the benchmark's scenario, recorded before the CPU work; every later run "
                 "must print the same bytes",
        "recorded_at": commit, "plans": dict(sorted(plans.items()))}, indent=2) + "\n")
    print(f"(recorded {len(seen)} plan digests at {commit} in {DIGESTS})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,5000,10000",
                        help="comma-separated account counts (default 100,1000,5000,10000)")
    parser.add_argument("--latencies", default="20,0",
                        help="sandbox latencies in ms; apply runs at the first (default 20,0)")
    parser.add_argument("--repeat", type=int, default=2,
                        help="runs of each configuration; the median is reported (default 2)")
    parser.add_argument("--concurrency", type=int, default=DEFAULT_CONCURRENCY,
                        help=f"strec --concurrency and the floor's threads (default "
                             f"{DEFAULT_CONCURRENCY})")
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: 100 accounts, 5 and 0 ms, one run each")
    parser.add_argument("--timeout", type=float, default=900.0,
                        help="seconds one process may take (default 900)")
    parser.add_argument("--out", type=Path, default=None,
                        help="the Markdown results (default benchmarks/RESULTS.md; --quick "
                             "writes none unless given)")
    parser.add_argument("--no-readme", action="store_true",
                        help="leave the README's benchmark table alone")
    parser.add_argument("--record-digests", action="store_true",
                        help=f"record this run's plans as the reference ({DIGESTS.name})")
    args = parser.parse_args(argv)
    sizes = [100] if args.quick else [int(s) for s in args.sizes.split(",") if s.strip()]
    latencies = [5.0, 0.0] if args.quick else \
        [float(s) for s in args.latencies.split(",") if s.strip()]
    repeat = 1 if args.quick else max(1, args.repeat)
    bench = Bench(latencies, repeat, max(1, args.concurrency), args.timeout, load_digests())
    print(f"strec benchmark: sizes {sizes}, latencies {latencies} ms, {repeat} run(s) each, "
          f"concurrency {bench.concurrency}\nmachine: {machine()}", flush=True)
    subprocess.run([*strec_argv(), "--version"], check=True, capture_output=True)  # warm up
    started, load_before = time.perf_counter(), os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="strec-bench-") as tmp:
        for n in sizes:
            bench.size(n, Path(tmp))
    version = bench.version()
    if args.record_digests:
        record_digests(bench.seen)
    block = [
        f"Machine: {machine()}. `{' '.join(['bench_plan_apply.py', *(argv or sys.argv[1:])])}`"
        f", {time.strftime('%Y-%m-%d')}: concurrency {bench.concurrency}, medians of "
        f"{repeat} run(s), {time.perf_counter() - started:.0f} s in all, load average "
        f"{load_before[0]:.2f} before and {os.getloadavg()[0]:.2f} after.",
        "",
        *table(bench.rows),
        "",
        *verdicts(bench.rows, version, bench.identity()),
    ]
    growth_tables = [line for lat in latencies for line in ["", *growth(bench.rows, lat)]]
    lines = ["# strec benchmark results", "", *block, "", "How a plan's cost grows with the "
             "number of accounts (marginal: from the size in the row above):", *growth_tables]
    if bench.failures:
        lines += ["", "Failed checks:", "", *(f"- {f}" for f in bench.failures)]
    text = "\n".join(lines) + "\n"
    print("\n" + text)
    out = args.out or (None if args.quick else HERE / "RESULTS.md")
    if out is not None:
        out.write_text(text, encoding="utf-8")
        print(f"(written to {out})")
    if not args.quick and not args.no_readme:
        readme = HERE.parent / "README.md"
        print(f"(README table {'rewritten' if update_readme(readme, block) else 'not found'})")
    return 1 if bench.failures else 0


if __name__ == "__main__":
    sys.exit(main())
