"""`strec status` for people (text), tools (versioned JSON) and Prometheus.

Text: the counts per module and state, then what needs attention, most severe first,
each with its fix. JSON: `status_format_version`, schema in schemas/status.schema.json.
Prometheus: the text exposition format for node_exporter's textfile collector; per-
account series only for accounts with a finding, so a thousand healthy accounts cost a
few lines. Everything that came from the server or the config is escaped.
"""

from __future__ import annotations

from typing import Any

from reconciler import __version__
from reconciler.kinds import kind_of
from reconciler.status.model import FORMAT_VERSION, SEVERITIES, StatusReport
from reconciler.textsafe import printable

_MARK = {"critical": "!!", "warning": "! ", "info": "i "}


def render_text(report: StatusReport) -> str:
    out = ["Accounts: " + (", ".join(f"{n} {state}" for state, n in
                                     sorted(report.accounts.items())) or "none")]
    for module, counts in sorted(report.schedules.items()):
        shown = ", ".join(f"{n} {state}" for state, n in sorted(counts.items()))
        out.append(f"{kind_of(module).label}: {shown}")
    if report.subscription_expires:
        out.append(f"Subscription: expires {report.subscription_expires}")
    findings = report.sorted_findings()
    attention = [f for f in findings if f.severity != "info" or f.category != "health"]
    notes = [f for f in findings if f not in attention]
    out.append("")
    if not attention:
        out.append("All healthy" + (" and in sync with the config." if report.config else "."))
    else:
        out.append(f"Needs attention ({len(attention)}):")
    for title, group in (("", attention), ("For information:", notes)):
        if title and group:
            out += ["", title]
        for f in group:
            where = " ".join(x for x in (f.account and f"account {f.account}", f.module) if x)
            out.append(f"  {_MARK[f.severity]} [{f.severity}] {where + ': ' if where else ''}"
                       f"{f.message}")
            if f.fix:
                out.append(f"       fix: {f.fix}")
    health = "unhealthy" if report.unhealthy else "healthy"
    sync = ("drifted" if report.drifted else "in sync") if report.config else "no config given"
    out += ["", f"Status: {health}, {sync}. {report.requests} API requests."]
    return "\n".join(printable(line) for line in out)


def status_json(report: StatusReport) -> dict[str, Any]:
    return {
        "status_format_version": FORMAT_VERSION,
        "strec_version": __version__,
        "healthy": not report.unhealthy,
        "in_sync": (not report.drifted) if report.config else None,
        "requests": report.requests,
        "accounts": dict(sorted(report.accounts.items())),
        "schedules": {m: dict(sorted(c.items())) for m, c in sorted(report.schedules.items())},
        "subscription": {"expire_date": report.subscription_expires},
        "drift": dict(sorted(report.drift.items())),
        "findings": [{"severity": f.severity, "category": f.category, "check": f.check,
                      "account": f.account, "module": f.module, "message": f.message,
                      "fix": f.fix, "count": f.count} for f in report.sorted_findings()],
    }


def _label(value: str) -> str:
    """A label value as the exposition format escapes it (and never a control char)."""
    value = printable(value)
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _series(name: str, labels: dict[str, str | None], value: float) -> str:
    shown = ",".join(f'{k}="{_label(v)}"' for k, v in labels.items() if v is not None)
    return f"{name}{{{shown}}} {value:g}" if shown else f"{name} {value:g}"


_METRICS = {
    "strec_status_healthy": ("gauge", "1 when no health finding needs attention."),
    "strec_status_in_sync": ("gauge", "1 when live state matches the config (no config: 1)."),
    "strec_status_requests": ("gauge", "API requests the status run made."),
    "strec_accounts": ("gauge", "Accounts by login state."),
    "strec_schedules": ("gauge", "Schedules by module and state."),
    "strec_findings": ("gauge", "Findings by severity and check."),
    "strec_account_finding": ("gauge", "1 per account and module with a finding."),
    "strec_drift_changes": ("gauge", "Changes a plan would make, by action."),
    "strec_subscription_expiry_timestamp_seconds": ("gauge", "When the subscription ends."),
}


def render_prometheus(report: StatusReport) -> str:
    lines: dict[str, list[str]] = {name: [] for name in _METRICS}
    lines["strec_status_healthy"].append(_series("strec_status_healthy", {},
                                                 0 if report.unhealthy else 1))
    lines["strec_status_in_sync"].append(_series("strec_status_in_sync", {},
                                                 0 if report.drifted else 1))
    lines["strec_status_requests"].append(_series("strec_status_requests", {},
                                                  report.requests))
    for state, n in sorted(report.accounts.items()):
        lines["strec_accounts"].append(_series("strec_accounts", {"state": state}, n))
    for module, counts in sorted(report.schedules.items()):
        for state, n in sorted(counts.items()):
            lines["strec_schedules"].append(_series("strec_schedules",
                                                    {"module": module, "state": state}, n))
    totals: dict[tuple[str, str], int] = {}
    per_account: dict[tuple[str, str, str, str], int] = {}
    for f in report.findings:
        totals[(f.severity, f.check)] = totals.get((f.severity, f.check), 0) + 1
        if f.account:
            key = (f.account, f.module or "", f.severity, f.check)
            per_account[key] = 1
    for severity in SEVERITIES:
        for (sev, check), n in sorted(totals.items()):
            if sev == severity:
                lines["strec_findings"].append(_series("strec_findings", {
                    "severity": sev, "check": check}, n))
    for (account, module, severity, check) in sorted(per_account):
        lines["strec_account_finding"].append(_series("strec_account_finding", {
            "account": account, "module": module or None, "severity": severity,
            "check": check}, 1))
    for action, n in sorted(report.drift.items()):
        lines["strec_drift_changes"].append(_series("strec_drift_changes", {"action": action},
                                                    n))
    if report.subscription_expiry_unix is not None:
        lines["strec_subscription_expiry_timestamp_seconds"].append(_series(
            "strec_subscription_expiry_timestamp_seconds", {}, report.subscription_expiry_unix))
    out: list[str] = []
    for name, (kind, text) in _METRICS.items():
        if lines[name]:
            out += [f"# HELP {name} {text}", f"# TYPE {name} {kind}", *lines[name]]
    return "\n".join(out) + "\n"
