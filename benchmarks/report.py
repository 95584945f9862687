"""The benchmark's rows, tables and verdicts (Markdown), and the README's copy of them.

Every configuration runs at least twice; a row shows the median wall time and CPU of its
runs and the largest peak memory. Targets (issue 14) are judged on those medians.
"""

from __future__ import annotations

import os
import platform
import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Row:
    """One configuration (size, command, latency) and its runs."""

    size: int
    command: str  # plan, apply, plan again, apply again, validate, floor
    latency_ms: float | None  # None: no server (validate)
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    peaks: list[float] = field(default_factory=list)
    sandbox_cpus: list[float] = field(default_factory=list)
    reads: list[int] = field(default_factory=list)
    writes: list[int] = field(default_factory=list)
    min_reads: int = 0
    min_writes: int = 0
    floor: Row | None = None  # plan rows: the bare client replaying this plan's GETs

    @property
    def wall(self) -> float:
        return statistics.median(self.walls)

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpus)

    @property
    def peak(self) -> float:
        return max(self.peaks)

    @property
    def sandbox_cpu(self) -> float:
        return statistics.median(self.sandbox_cpus) if self.sandbox_cpus else 0.0

    @property
    def ratio(self) -> float | None:
        return self.wall / self.floor.wall if self.floor else None

    @property
    def minimal(self) -> bool:
        return all(r == self.min_reads for r in self.reads) and \
            all(w == self.min_writes for w in self.writes)

    @property
    def label(self) -> str:
        return self.command if self.latency_ms is None else \
            f"{self.command} ({self.latency_ms:g} ms)"


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{cpu}, {len(os.sched_getaffinity(0))} vCPUs, Python "
            f"{platform.python_version()} ({platform.python_implementation()}), "
            f"{platform.system()} {platform.release()}")


def _calls(done: list[int], least: int) -> str:
    shown = str(max(done)) if len(set(done)) == 1 else "/".join(map(str, done))
    return f"{shown} ({least})"


def table(rows: list[Row]) -> list[str]:
    out = ["| size | command | wall s | floor s | × floor | reads (min) | writes (min) "
           "| peak MB | strec CPU s | sandbox CPU s |",
           "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        if r.command == "floor":
            continue
        served = r.latency_ms is not None
        floor = f"{r.floor.wall:.2f}" if r.floor else "–"
        ratio = f"{r.ratio:.2f}" if r.ratio else "–"
        reads = _calls(r.reads, r.min_reads) if served else "–"
        writes = _calls(r.writes, r.min_writes) if served else "–"
        sandbox = f"{r.sandbox_cpu:.2f}" if served else "–"
        out.append(f"| {r.size:,} | {r.label} | {r.wall:.2f} | {floor} | {ratio} | {reads} "
                   f"| {writes} | {r.peak:.0f} | {r.cpu:.2f} | {sandbox} |")
    return out


def _plans(rows: list[Row], latency: float) -> list[Row]:
    return sorted((r for r in rows if r.command == "plan" and r.latency_ms == latency),
                  key=lambda r: r.size)


def growth(rows: list[Row], latency: float) -> list[str]:
    """How a plan's cost grows with N: per account, and per added account (marginal)."""
    out = [f"| size | plan ({latency:g} ms) s | ms / account | marginal ms / account "
           "| strec CPU ms / account | marginal CPU ms / account | peak MB "
           "| marginal KB / account |",
           "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    before: Row | None = None
    for r in _plans(rows, latency):
        if before is None:
            marginal = cpu_marginal = mem_marginal = "–"
        else:
            added = r.size - before.size
            marginal = f"{(r.wall - before.wall) * 1000 / added:.3f}"
            cpu_marginal = f"{(r.cpu - before.cpu) * 1000 / added:.3f}"
            mem_marginal = f"{(r.peak - before.peak) * 1024 / added:.1f}"
        out.append(f"| {r.size:,} | {r.wall:.2f} | {r.wall * 1000 / r.size:.3f} | {marginal} "
                   f"| {r.cpu * 1000 / r.size:.3f} | {cpu_marginal} | {r.peak:.0f} "
                   f"| {mem_marginal} |")
        before = r
    return out


def _marginals(rows: list[Row], latency: float, sizes: tuple[int, int, int]) -> \
        tuple[float, float] | None:
    """Seconds per added account from sizes[0] to [1], and from [1] to [2]."""
    found = {r.size: r for r in _plans(rows, latency)}
    if not all(s in found for s in sizes):
        return None
    a, b, c = (found[s] for s in sizes)
    return (b.wall - a.wall) / (b.size - a.size), (c.wall - b.wall) / (c.size - b.size)


def verdicts(rows: list[Row], version_wall: float | None,
             identity: tuple[bool, str]) -> list[str]:
    """Issue 14's targets, each with its figure: MET or MISSED."""
    out: list[str] = []

    def judge(ok: bool, text: str) -> None:
        out.append(f"- {'MET' if ok else 'MISSED'}: {text}")

    for r in rows:
        if r.size == 1000 and r.command == "plan" and r.ratio is not None:
            limit = 1.15 if r.latency_ms else 2.0
            judge(r.ratio <= limit, f"1,000 accounts, plan at {r.latency_ms:g} ms: "
                  f"{r.wall:.2f} s = {r.ratio:.2f} × the floor {r.floor.wall:.2f} s "  # type: ignore[union-attr]
                  f"(≤ {limit:g} ×)")
        if r.size == 5000 and r.command == "plan" and r.latency_ms == 0:
            judge(r.wall <= 5.0, f"5,000 accounts, plan at 0 ms: {r.wall:.2f} s (≤ 5 s)")
            judge(r.peak <= 150, f"5,000 accounts, plan at 0 ms: peak memory "
                                 f"{r.peak:.0f} MB (≤ 150 MB)")
    margins = _marginals(rows, 0, (1000, 5000, 10000))
    if margins is not None:
        low, high = (m * 1e6 for m in margins)
        judge(high <= 1.2 * low, f"10,000 accounts linear in N: plan at 0 ms costs "
              f"{high:.0f} µs per added account from 5,000 to 10,000, {low:.0f} µs from "
              f"1,000 to 5,000 (≤ 1.2 ×: no term above linear)")
    if version_wall is not None:
        judge(version_wall <= 0.15, f"`strec --version` in {version_wall:.3f} s (≤ 0.15 s)")
    served = [r for r in rows if r.latency_ms is not None and r.command != "floor"]
    judge(all(r.minimal for r in served),
          "reads and writes equal the minimum in every run" if all(r.minimal for r in served)
          else "reads or writes above the minimum: " + ", ".join(
              f"{r.size:,} {r.label}" for r in served if not r.minimal))
    judge(*identity)
    return out


MARK_START = "<!-- bench:start (benchmarks/bench_plan_apply.py rewrites this) -->"
MARK_END = "<!-- bench:end -->"


def update_readme(readme: Path, block: list[str]) -> bool:
    """Replace the text between the README's bench markers; False if they are missing."""
    text = readme.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(MARK_START) + r".*?" + re.escape(MARK_END), re.S)
    if not pattern.search(text):
        return False
    new = "\n".join([MARK_START, *block, MARK_END])
    readme.write_text(pattern.sub(lambda _: new, text, count=1), encoding="utf-8")
    return True
