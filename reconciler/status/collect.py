"""Reading the installation once and turning it into findings: `strec status`'s core.

One survey in flat rounds with the same client: round 1 reads every module's schedule
list, the account list, each module's first log page and the subscription; then the
remaining list pages; then (with a config) the per-schedule reads a plan needs; then
at most a few more log pages. Without a config that is list pages and bounded log pages,
never one read per account. Read-only: status sends no write.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

from reconciler.api.client import ApiClient
from reconciler.diff import diff
from reconciler.errors import ApiError
from reconciler.kinds import KINDS, kind_of
from reconciler.live import fetch_live
from reconciler.normalize import NormalizeError, to_bool
from reconciler.selectors import Scope
from reconciler.state import State
from reconciler.status.logs import Failures, more_pages, parse_time
from reconciler.status.model import Finding, StatusReport


@dataclass(frozen=True)
class StatusOptions:
    """--stuck-after, --since, and the clock (tests set it)."""

    stuck_after: timedelta = timedelta(minutes=30)
    since: timedelta = timedelta(hours=24)
    now: datetime | None = None


def _flag(value: Any) -> bool:
    try:
        return to_bool(value if value is not None else False)
    except NormalizeError:
        return False


def running(item: dict[str, Any]) -> bool:
    """Whether a schedule's list item says its cron is executing it."""
    return _flag(item.get("is_running")) or _flag(item.get("running")) \
        or str(item.get("status", "")).lower() == "running"


def collect(client: ApiClient, desired: State | None, scope: Scope,
            options: StatusOptions) -> StatusReport:
    """Everything status reports about the installation (and `desired`, if given)."""
    wanted = scope.narrow(desired) if desired is not None else State()
    survey = replace(wanted, options={**wanted.options, "survey": True})
    logged = [k for k in KINDS if k.log_path]
    extra = {"subscription": partial(client.get, "/user/subscription"),
             **{k.name: partial(client.page, k.log_path, {}, 1) for k in logged
                if k.log_path}}
    live = fetch_live(client, survey, extra)
    now = options.now or datetime.now(UTC)
    report = StatusReport(config=desired is not None)
    _count(report, live, scope)
    _modules(report, live, wanted)
    _logins(report, live, wanted, scope)
    _stuck(report, live, scope, now - options.stuck_after)
    _subscription(report, live.parts["extra"]["subscription"], now)
    if desired is not None:
        _drift(report, wanted, live, scope)
    firsts = {k.name: live.parts["extra"][k.name] for k in logged
              if k.name not in live.module_errors and k.log_path}
    since = now - options.since
    found = client.map(lambda item: item(), [
        more_pages(client, kind_of(name).log_path or "", first, since)
        for name, first in firsts.items()])
    for name, failures in zip(firsts, found, strict=True):
        _failing(report, live, name, failures, options.since)
    report.requests = client.counter.total
    return report


def _count(report: StatusReport, live: State, scope: Scope) -> None:
    for username, account in live.accounts.items():
        if scope.selects("account", username):
            report.accounts["login_required" if account.login_required else "ok"] += 1
    for kind in KINDS:
        for username, _, item in kind.live_items(live):
            if not scope.selects("schedule", username, kind.name):
                continue
            state = "running" if running(item) else \
                "active" if _flag(item.get("is_active")) else "paused"
            report.schedules.setdefault(kind.name, Counter())[state] += 1


def _modules(report: StatusReport, live: State, wanted: State) -> None:
    """A module the key's plan or the server lacks: a warning when the config uses it,
    else for information (an agency need not buy every module)."""
    for name, why in sorted(live.module_errors.items()):
        label = kind_of(name).label or name
        fix = ("add the module to the API key's package" if "403" in why else
               "install the module's plugin on the server" if "503" in why else
               "this installation's API version does not offer the module")
        used = any(name in a.schedules for a in wanted.accounts.values())
        report.findings.append(Finding("warning" if used else "info", "health",
                                       "module_unavailable", f"{label} cannot be read: {why}",
                                       module=name, fix=fix))


def _logins(report: StatusReport, live: State, wanted: State, scope: Scope) -> None:
    active: dict[str, list[str]] = {}
    for kind in KINDS:
        for username, _, item in kind.live_items(live):
            if _flag(item.get("is_active")):
                active.setdefault(username, []).append(kind.name)
    for username, account in sorted(live.accounts.items()):
        if not account.login_required or not scope.selects("account", username):
            continue
        modules = active.get(username, [])
        declared = wanted.accounts.get(username)
        fix = (f"strec apply --target account:{username}"
               if declared is not None and declared.login is not None else
               f"declare its password, then `strec apply --target account:{username}` "
               f"(or log it in again in the web panel: {live.panel})")
        what = "Instagram logged the account out (login_required)"
        if modules:
            what += f"; its active schedules do nothing meanwhile: {', '.join(modules)}"
        report.findings.append(Finding("critical" if modules else "warning", "health",
                                       "login_required", what, account=username, fix=fix))


def _stuck(report: StatusReport, live: State, scope: Scope, before: datetime) -> None:
    for kind in KINDS:
        stuck = []
        for username, ident, item in kind.live_items(live):
            if not running(item) or not scope.selects("schedule", username, kind.name):
                continue
            last = parse_time(item.get("last_action_date"))
            if last is None or last < before:
                stuck.append((username, ident, last))
        if not stuck:
            continue
        hint = kind.stop_hint([i for _, i, _ in stuck if i is not None], live)
        for username, _, last in stuck:
            since = f"since {last:%Y-%m-%d %H:%M} UTC" if last else "with no recorded action"
            report.findings.append(Finding(
                "warning", "health", "stuck", f"{kind.label} schedule running {since}",
                account=username, module=kind.name, fix=hint))


def _subscription(report: StatusReport, data: Any, now: datetime) -> None:
    if isinstance(data, ApiError) or not isinstance(data, dict):
        why = str(data) if isinstance(data, ApiError) else "an unreadable answer"
        report.findings.append(Finding("info", "health", "subscription",
                                       f"the subscription could not be read: {why}"))
        return
    expires = parse_time(data.get("expire_date"))
    report.subscription_expires = str(data.get("expire_date") or "") or None
    report.subscription_expiry_unix = expires.timestamp() if expires else None
    if _flag(data.get("is_expired")) or (expires is not None and expires <= now):
        report.findings.append(Finding("critical", "health", "subscription",
                                       "the subscription has expired: automations stop",
                                       fix="renew the package in the web panel"))
    elif expires is not None and expires - now <= timedelta(days=7):
        days = max(0, (expires - now).days)
        report.findings.append(Finding("warning", "health", "subscription",
                                       f"the subscription expires in {days} day(s), on "
                                       f"{expires:%Y-%m-%d}",
                                       fix="renew the package in the web panel"))


def _drift(report: StatusReport, wanted: State, live: State, scope: Scope) -> None:
    plan = scope.filter(diff(wanted, live))
    gated = set(live.module_errors.values())
    for change in plan.changes:
        report.drift[change.action.value] += 1
        kind = kind_of(change.kind)
        report.findings.append(Finding(
            "info", "drift", "drift", f"{change.address} would be {kind.verb(change)}",
            account=change.key if change.kind != "caption" else None, module=change.module,
            fix=f"strec plan, then strec apply --target {_selector(change.kind, change.key)}"))
    for pending in plan.pending:
        report.findings.append(Finding("info", "pending", "pending", pending.message,
                                       account=_account_of(pending.address),
                                       module=pending.address.rsplit(".", 1)[-1]
                                       if "]." in pending.address else None,
                                       fix=pending.link or "create it in the web panel"))
    for problem in plan.problems:
        if problem.message not in gated:
            report.findings.append(Finding("warning", "health", "problem",
                                           f"{problem.address}: {problem.message}",
                                           account=_account_of(problem.address)))


def _selector(kind: str, key: str) -> str:
    return f"caption:{key}" if kind == "caption" else f"account:{key}"


def _account_of(address: str) -> str | None:
    if address.startswith('account["'):
        return address.split('"')[1]
    return None


def _failing(report: StatusReport, live: State, module: str, failures: Failures,
             since: timedelta) -> None:
    kind = kind_of(module)
    names = {a.id: u for u, a in live.accounts.items()}
    hours = int(since.total_seconds() // 3600)
    for message, who in sorted(failures.by_message.items()):
        accounts = sorted({names.get(_int(w), str(w)) for w in who if w is not None})
        shown = ", ".join(accounts[:5]) + (f" and {len(accounts) - 5} more"
                                           if len(accounts) > 5 else "")
        report.findings.append(Finding(
            "warning", "health", "failing_runs",
            f"{len(who)} failing {kind.label} run(s) in the last {hours}h: {message}"
            + (f" (accounts: {shown})" if len(accounts) > 1 else ""),
            account=accounts[0] if len(accounts) == 1 else None, module=module,
            fix=f"read the logs: GET {kind.log_path}", count=len(who)))
    if failures.truncated:
        report.findings.append(Finding("info", "health", "failing_runs",
                                       f"{kind.label} logs: more than the pages read are "
                                       "recent; older failures are not counted",
                                       module=module))


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
