"""What `strec status` finds: findings with a severity, and the report that holds them.

Like Argo CD, health and sync are separate: a finding of category `health` says
something is broken (an account Instagram logged out, a schedule stuck running, failing
runs, a module the plan or the server lacks, the subscription running out); `drift`
and `pending` say the installation is not what the config declares. Every finding
names the account and module it is about and the command or panel link that fixes it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

SEVERITIES = ("critical", "warning", "info")
FORMAT_VERSION = "1.0"


@dataclass(frozen=True)
class Finding:
    """One thing that needs attention."""

    severity: str  # critical | warning | info
    category: str  # health | drift | pending
    check: str  # login_required | stuck | failing_runs | module_unavailable | subscription
    #             | drift | pending | problem
    message: str
    account: str | None = None
    module: str | None = None
    fix: str | None = None
    count: int = 1

    @property
    def sort_key(self) -> tuple[int, str, str, str, str]:
        return (SEVERITIES.index(self.severity), self.check, self.module or "",
                self.account or "", self.message)


@dataclass
class StatusReport:
    """Everything status found, the counts it shows first, and what it cost."""

    findings: list[Finding] = field(default_factory=list)
    #: module -> state (active, paused, running) -> how many schedules
    schedules: dict[str, Counter[str]] = field(default_factory=dict)
    accounts: Counter[str] = field(default_factory=Counter)
    subscription_expires: str | None = None
    subscription_expiry_unix: float | None = None
    requests: int = 0
    config: bool = False
    #: changes a plan would make (drift), by action
    drift: Counter[str] = field(default_factory=Counter)

    def sorted_findings(self) -> list[Finding]:
        return sorted(self.findings, key=lambda f: f.sort_key)

    @property
    def unhealthy(self) -> bool:
        return any(f.category == "health" and f.severity != "info" for f in self.findings)

    @property
    def drifted(self) -> bool:
        return any(f.category in ("drift", "pending") for f in self.findings) or \
            sum(self.drift.values()) > 0

    def exit_code(self) -> int:
        """--detailed-exitcode: 0 healthy and in sync, 2 drift only, 3 unhealthy."""
        if self.unhealthy:
            return 3
        return 2 if self.drifted else 0
