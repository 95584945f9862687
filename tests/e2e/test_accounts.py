"""Accounts as code: live logins and their outcomes, re-login, proxies, deletion."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from reconciler.apply import ApplyContext, ApplyReport, apply_plan
from reconciler.challenges import ChallengeStore
from reconciler.connection import Connection
from reconciler.login import LoginOptions
from reconciler.pipeline import load_desired, make_plan, open_client
from reconciler.plan import Action, Plan
from reconciler.sandbox import Sandbox

from .conftest import API_KEY, SEED

ENV = {"PW": "hunter2-pass", "IMAP_PW": "imap-secret-9", "TOTP": "JBSWY3DPEHPK3PXP"}
FAST = LoginOptions(max_polls=6, sleep=lambda _: None)


def _account(username: str, **extra: str) -> str:
    lines = [f"  - username: {username}", "    password: ${env:PW}"]
    lines += [f"    {k}: {v}" for k, v in extra.items()]
    return "\n".join(lines)


def _run(sandbox: Sandbox, config: Path, tmp_path: Path, rotate: frozenset[str] = frozenset(),
         login: LoginOptions = FAST) -> tuple[Plan, ApplyReport]:
    """Plan and apply over real HTTP against the served sandbox."""
    desired = load_desired(config, env=ENV)
    with sandbox.serve() as url, open_client(Connection(url, API_KEY)) as client:
        plan = make_plan(client, desired, rotate_passwords=rotate)
        ctx = ApplyContext(desired=desired, env=ENV, store=ChallengeStore(tmp_path),
                           login=login)
        return plan, apply_plan(client, plan, ctx)


def _seed(**logins: dict[str, Any]) -> dict[str, Any]:
    seed = copy.deepcopy(SEED)
    seed["logins"] = logins
    return seed


IMAP = {"imap_server": "imap.example.com", "imap_username": "ops@example.com",
        "imap_password": "${env:IMAP_PW}"}


@pytest.mark.parametrize(("script", "extra", "ok", "detail"), [
    ({"outcome": "success", "password": ENV["PW"]}, {}, True, "logged in"),
    ({"outcome": "twofa"}, {"twofa_secret": "${env:TOTP}"}, True, "logged in"),
    ({"outcome": "email_challenge", "imap_polls": 2}, IMAP, True, "code read by IMAP"),
    ({"outcome": "email_challenge"}, {}, False, "challenge pending (email)"),
    ({"outcome": "sms_challenge", "code": "654321"}, {}, False, "challenge pending (sms)"),
    ({"outcome": "success", "password": "other"}, {}, False, "wrong password (401)"),
    ({"outcome": "checkpoint"}, {}, False, "checkpoint"),
    ({"outcome": "not_found"}, {}, False, "not found (404)"),
    ({"outcome": "network_error"}, {}, False, "network error (503)"),
    ({"outcome": "success", "imap_ok": False}, IMAP, False, "IMAP connection failed"),
])
def test_login_outcomes(script: dict[str, Any], extra: dict[str, str], ok: bool, detail: str,
                        dialect: str, write_config: Callable[[str], Path],
                        tmp_path: Path) -> None:
    sandbox = Sandbox(_seed(fresh=script), dialect=dialect, api_key=API_KEY)
    config = write_config("version: 1\naccounts:\n" + _account("fresh", **extra) + "\n"
                          + "  - username: brand_two\n    repost: {active: true}\n")
    plan, report = _run(sandbox, config, tmp_path)
    created = next(c for c in plan.changes if c.kind == "account")
    assert created.action is Action.CREATE and created.operation == "login"
    outcome = next(o for o in report.outcomes if o.address == 'account["fresh"]')
    assert outcome.ok is ok and detail in outcome.detail, outcome
    assert sandbox.state.account_by_username("fresh") is not None if ok else True
    # the other account goes on regardless
    assert sandbox.state.schedules[("repost", 12)].is_active
    if "pending" in detail:
        assert "strec login fresh --code" in outcome.detail
        assert ChallengeStore(tmp_path).get("fresh") is not None


def test_pending_sms_challenge_finished_by_strec_login(
    write_config: Callable[[str], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from reconciler.cli import main

    sandbox = Sandbox(_seed(fresh={"outcome": "sms_challenge", "code": "654321"}),
                      api_key=API_KEY)
    config = write_config("version: 1\naccounts:\n" + _account("fresh") + "\n")
    _, report = _run(sandbox, config, tmp_path)
    assert not report.outcomes[0].ok
    monkeypatch.setenv("STREC_STATE_DIR", str(tmp_path))
    with sandbox.serve() as url:
        env = {"STREC_API_URL": url, "STREC_API_KEY": API_KEY, **ENV}
        wrong = CliRunner().invoke(main, ["login", "fresh", "--code", "000000", "-f",
                                          str(config)], env=env)
        assert wrong.exit_code == 1 and "wrong verification code" in wrong.output
        done = CliRunner().invoke(main, ["login", "fresh", "--code", "654321", "-f",
                                         str(config)], env=env)
    assert done.exit_code == 0, done.output
    assert sandbox.state.account_by_username("fresh") is not None


def test_relogin_of_login_required_account(write_config: Callable[[str], Path],
                                           tmp_path: Path) -> None:
    seed = _seed()
    seed["accounts"][1]["login_required"] = 1
    sandbox = Sandbox(seed, api_key=API_KEY)
    config = write_config("version: 1\naccounts:\n" + _account("brand_two") + "\n")
    plan, report = _run(sandbox, config, tmp_path)
    (change,) = plan.changes
    assert change.operation == "relogin" and change.action is Action.UPDATE
    assert report.outcomes[0].ok and "re-logged in" in report.outcomes[0].detail
    assert not sandbox.state.accounts[12].login_required
    again, _ = _run(sandbox, config, tmp_path)
    assert not again.changes


def test_password_is_sent_only_on_rotation(write_config: Callable[[str], Path],
                                           tmp_path: Path) -> None:
    sandbox = Sandbox(_seed(), api_key=API_KEY)
    config = write_config("version: 1\naccounts:\n" + _account("brand_one") + "\n")
    plan, _ = _run(sandbox, config, tmp_path)
    assert not plan.changes and sandbox.writes() == []
    plan, report = _run(sandbox, config, tmp_path, rotate=frozenset({"brand_one"}))
    assert [f.name for f in plan.changes[0].fields] == ["password"]
    assert report.outcomes[0].ok and sandbox.state.accounts[11].password == ENV["PW"]


def test_proxy_and_mobile_proxy_are_managed(dialect: str, write_config: Callable[[str], Path],
                                            tmp_path: Path) -> None:
    sandbox = Sandbox(_seed(), dialect=dialect, api_key=API_KEY)
    config = write_config(
        "version: 1\naccounts:\n  - username: brand_one\n"
        "    proxy: socks5://user:${env:PW}@10.1.1.1:1080\n"
        "    mobile_proxy: http://10.2.2.2:8080\n")
    plan, report = _run(sandbox, config, tmp_path)
    assert not report.failed, report.failed
    assert sandbox.state.accounts[11].proxy == f"socks5://user:{ENV['PW']}@10.1.1.1:1080"
    if dialect == "reference":
        assert sandbox.state.accounts[11].mobile_proxy == "http://10.2.2.2:8080"
    else:  # the guide's account objects have no mobile_proxy: said, not guessed
        assert any("mobile_proxy" in w for w in plan.warnings)
    again, _ = _run(sandbox, config, tmp_path)
    assert not again.changes


def test_delete_only_when_absent_and_not_protected(write_config: Callable[[str], Path],
                                                   tmp_path: Path) -> None:
    sandbox = Sandbox(_seed(), api_key=API_KEY)
    config = write_config("version: 1\naccounts:\n"
                          "  - {username: brand_one, state: absent}\n"
                          "  - {username: brand_two, state: absent, protect: true}\n")
    plan, _ = _run(sandbox, config, tmp_path)
    assert [(c.action, c.key) for c in plan.changes] == [(Action.DELETE, "brand_one")]
    assert [p.address for p in plan.problems] == ['account["brand_two"]']
    assert 11 not in sandbox.state.accounts and 12 in sandbox.state.accounts


def test_pool_proxies_fill_evenly_up_to_the_limit(dialect: str,
                                                  write_config: Callable[[str], Path],
                                                  tmp_path: Path) -> None:
    seed = _seed()
    seed["proxies"] = [{"id": i, "proxy": f"http://198.51.100.{i}:8080", "country_code": "US",
                        "use_count": 0} for i in range(1, 11)]
    seed["proxies"].append({"id": 99, "proxy": "http://203.0.113.9:8080",
                            "country_code": "DE", "use_count": 0})
    sandbox = Sandbox(seed, dialect=dialect, api_key=API_KEY)
    body = "\n".join(_account(f"new_{i:02d}") + "\n    proxy: {country: US}" for i in range(20))
    config = write_config(f"version: 1\nmax_accounts_per_proxy: 2\naccounts:\n{body}\n")
    plan, report = _run(sandbox, config, tmp_path)
    assert not plan.problems and not report.failed, (plan.problems, report.failed)
    counts: dict[str, int] = {}
    for acc in sandbox.state.accounts.values():
        if acc.username.startswith("new_"):
            counts[acc.proxy] = counts.get(acc.proxy, 0) + 1
    assert set(counts) == {f"http://198.51.100.{i}:8080" for i in range(1, 11)}
    assert set(counts.values()) == {2}
    again, _ = _run(sandbox, config, tmp_path)
    assert not again.changes and not again.problems


def test_expired_challenge_gets_one_fresh_login(write_config: Callable[[str], Path],
                                                tmp_path: Path) -> None:
    sandbox = Sandbox(_seed(fresh={"outcome": "email_challenge", "imap_polls": 1}),
                      api_key=API_KEY)
    expired = []

    def sleep_past_the_ttl(seconds: float) -> None:
        if not expired:  # the first wait outlives the token's 600 s
            sandbox.advance_time(601)
            expired.append(seconds)

    config = write_config("version: 1\naccounts:\n" + _account("fresh", **IMAP) + "\n")
    _, report = _run(sandbox, config, tmp_path,
                     login=LoginOptions(max_polls=6, sleep=sleep_past_the_ttl))
    assert report.outcomes[0].ok, report.outcomes
    logins = [r for r in sandbox.log if r.path == "/accounts/login"]
    assert len(logins) == 2 and any(r.status == 410 for r in sandbox.log)


def test_a_pending_challenge_is_not_restarted_while_its_token_lives(
    write_config: Callable[[str], Path], tmp_path: Path
) -> None:
    sandbox = Sandbox(_seed(fresh={"outcome": "sms_challenge", "code": "654321"}),
                      api_key=API_KEY)
    config = write_config("version: 1\naccounts:\n" + _account("fresh") + "\n")
    _run(sandbox, config, tmp_path)
    logins = [r for r in sandbox.log if r.path.endswith("/accounts/login")]
    assert len(logins) == 1
    _, report = _run(sandbox, config, tmp_path)
    (outcome,) = report.outcomes
    assert not outcome.ok and "already pending" in outcome.detail
    assert "strec login fresh --code" in outcome.detail
    assert len([r for r in sandbox.log if r.path.endswith("/accounts/login")]) == 1


def test_guide_rotations_of_several_accounts_go_out_in_one_bulk_call(
    dialect: str, write_config: Callable[[str], Path], tmp_path: Path
) -> None:
    sandbox = Sandbox(copy.deepcopy(SEED), dialect=dialect, api_key=API_KEY)
    config = write_config("version: 1\naccounts:\n" + _account("brand_one") + "\n"
                          + _account("brand_two") + "\n" + _account("brand_three") + "\n")
    _, report = _run(sandbox, config, tmp_path,
                     rotate=frozenset({"brand_one", "brand_two", "brand_three"}))
    assert all(o.ok for o in report.outcomes), report.outcomes
    writes = [(w.method, w.path.split("/api/v1")[-1]) for w in sandbox.writes()]
    if dialect == "guide":
        assert writes == [("POST", "/accounts/password/bulk")]
        (call,) = sandbox.writes()
        assert len(call.body["accounts"]) == 3 and ENV["PW"] not in str(call.body)
    else:
        assert sorted(writes) == [("PATCH", f"/accounts/{i}") for i in (11, 12, 13)]
    assert all(a.password == ENV["PW"] for a in sandbox.state.accounts.values())
