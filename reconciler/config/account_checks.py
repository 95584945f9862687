"""Account rules the schema cannot express, checked on the merged, expanded document.

Usernames follow Instagram's rules, secrets are references, proxies have a valid shape,
the IMAP login is complete, a deleted account declares nothing else, and no proxy is
shared by more accounts than `max_accounts_per_proxy`. A value found invalid here is
reported and removed, so that the schema check does not report it a second time in other
words (a username is reported and kept: removing it would add a "missing" error).
"""

from __future__ import annotations

import re
from typing import Any

from reconciler.catalog import INSTAGRAM_USERNAME
from reconciler.config.locations import Loc, account_blocks
from reconciler.config.proxies import country_problem, proxy_url_problem
from reconciler.config.refs import ref_problems
from reconciler.config.report import Report
from reconciler.config.secrets import LITERAL_SECRET_MESSAGE, SECRET_FIELDS, is_reference_only
from reconciler.config.suggest import describe, shorten, unknown_field

IMAP_LOGIN = ("imap_server", "imap_username", "imap_password")
#: What an account with `state: absent` may not declare: it is about to be deleted.
NOT_WHEN_ABSENT = ("proxy", "mobile_proxy")
_USERNAME = re.compile(INSTAGRAM_USERNAME)
_USERNAME_RULE = "letters, digits, '.' and '_', at most 30 characters"


def check_accounts(data: dict[str, Any], report: Report) -> None:
    """Every rule of this module, on templates (`defaults`, `profiles`) and accounts."""
    for block, loc, is_account in account_blocks(data):
        check_account_fields(block, loc, report)
        if is_account:
            _check_username(block, loc, report)
            _check_imap_login(block, loc, report)
            _check_absent(block, loc, report)
    accounts = data.get("accounts")
    if not isinstance(accounts, list):
        return
    limit = data.get("max_accounts_per_proxy")
    if type(limit) is int and limit >= 1:
        _check_proxy_sharing(accounts, limit, report)


def check_account_fields(account: dict[str, Any], loc: Loc, report: Report) -> None:
    """Secrets and proxies of one account or template."""
    for name in sorted(SECRET_FIELDS):
        value = account.get(name)
        if isinstance(value, str) and not ref_problems(value) and not is_reference_only(value):
            report.error((*loc, name), LITERAL_SECRET_MESSAGE)
    for name in ("proxy", "mobile_proxy"):
        if name in account and account[name] is not None:
            problem = _proxy_problem(account[name], (*loc, name), report, pool=name == "proxy")
            if problem:
                del account[name]


def _proxy_problem(value: Any, loc: Loc, report: Report, *, pool: bool) -> bool:
    """Report what is wrong with a proxy value; True when something was."""
    if isinstance(value, str):
        problem = proxy_url_problem(value)
        if problem:
            report.error(loc, problem)
        return problem is not None
    if pool and isinstance(value, dict):
        return _pool_request_problem(value, loc, report)
    shape = "a URL string or a pool request {country: XX}" if pool else "a URL string"
    report.error(loc, f"expected {shape}, got {describe(value)}")
    return True


def _pool_request_problem(value: dict[str, Any], loc: Loc, report: Report) -> bool:
    found = False
    for key in value:
        if key != "country":
            report.error((*loc, key), unknown_field(key, ["country"]), at_key=True)
            found = True
    country = value.get("country")
    if "country" not in value:
        report.error(loc, "missing required field 'country'")
        return True
    if not isinstance(country, str):
        report.error((*loc, "country"), f"expected a string, got {describe(country)}")
        return True
    problem = country_problem(country)
    if problem:
        report.error((*loc, "country"), problem)
    return found or problem is not None


def _check_username(account: dict[str, Any], loc: Loc, report: Report) -> None:
    """Instagram's rule; an empty or non-string username is the schema's to report."""
    name = account.get("username")
    if not isinstance(name, str) or not name.strip() or _USERNAME.fullmatch(name):
        return
    if len(name) > 30 and re.fullmatch(r"[A-Za-z0-9._]+", name):
        problem = f"is {len(name)} characters long; Instagram allows at most 30"
    else:
        problem = f"is not an Instagram username ({_USERNAME_RULE})"
        if name.startswith("@") and _USERNAME.fullmatch(name[1:]):
            problem += f"; write it without the '@': {shorten(name[1:])}"
    report.error((*loc, "username"), f"{shorten(name)} {problem}")


def _check_imap_login(account: dict[str, Any], loc: Loc, report: Report) -> None:
    given = [name for name in (*IMAP_LOGIN, "imap_port") if account.get(name) is not None]
    missing = [name for name in IMAP_LOGIN if account.get(name) is None]
    if given and missing:
        report.error(
            loc,
            f"IMAP needs {', '.join(IMAP_LOGIN)} together; missing: {', '.join(missing)}",
        )


def _check_absent(account: dict[str, Any], loc: Loc, report: Report) -> None:
    if account.get("state") != "absent":
        return
    from reconciler.kinds import module_names

    for name in (*module_names(), *NOT_WHEN_ABSENT):
        if account.get(name) is not None:
            report.error(
                (*loc, name),
                f"an account with state: absent is deleted and may not declare '{name}'",
                at_key=True,
            )


def _check_proxy_sharing(accounts: list[Any], limit: int, report: Report) -> None:
    """A literal proxy used by more than `limit` present accounts: each extra use is named."""
    users: dict[str, list[int]] = {}
    for i, account in enumerate(accounts):
        if not isinstance(account, dict) or account.get("state") == "absent":
            continue
        proxy = account.get("proxy")
        if isinstance(proxy, str):
            users.setdefault(proxy.strip().lower(), []).append(i)
    for indexes in users.values():
        if len(indexes) <= limit:
            continue
        first = ", ".join(report.where(("accounts", i, "proxy")) for i in indexes[:limit])
        for i in indexes[limit:]:
            report.error(
                ("accounts", i, "proxy"),
                f"this proxy is already used by max_accounts_per_proxy ({limit}) accounts "
                f"(at {first})",
            )
