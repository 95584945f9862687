"""Issue 11's acceptance: every module as code, over real HTTP, in both dialects."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from reconciler.cli import main
from reconciler.sandbox import Sandbox

from .conftest import API_KEY


def _seed(dialect: str) -> dict[str, Any]:
    accounts: list[dict[str, Any]] = []
    for i in range(1, 7):
        account: dict[str, Any] = {
            "id": i, "username": f"shop_{i}",
            "welcome_dm": {"id": 100 + i, "is_active": i % 2 == 0, "messages": ["Hi!"],
                           "settings": {"debug_mode": False}},
            "ai_dm": {"id": 200 + i, "is_active": False,
                      "settings": {"api_key_configured": i != 3, "model": "gpt-4"}},
            "leads": {"id": 300 + i, "is_active": i == 1, "is_running": i == 1},
        }
        if dialect == "guide" and i <= 3:
            account["first_comment"] = {
                "id": 400 + i, "is_active": True, "comment_mode": "random",
                "targets": [{"username": "nike", "user_pk": "19038780"}],
                "comments": ["Nice!", "{Love|Great} this!"]}
        accounts.append(account)
    return {"accounts": accounts}


def _config(dialect: str) -> str:
    lines = ["version: 1", "accounts:"]
    for i in range(1, 7):
        lines += [f"  - username: shop_{i}",
                  "    welcome_dm: {active: true, expect: {message_count: 1}}",
                  "    ai_dm: {active: true, expect: {settings: {api_key_configured: true}}}",
                  "    leads: {active: false}"]
        if dialect != "guide":
            continue
        if i == 1:    # updated: a comment added, paused
            lines += ["    first_comment:", "      active: false",
                      "      comment_mode: random",
                      "      targets: [{username: nike, user_pk: '19038780'}]",
                      "      comments: ['{Love|Great} this!', 'Nice!', 'Wow']"]
        elif i == 2:  # same comments in another order: random mode, no change
            lines += ["    first_comment:",
                      "      comments: ['{Love|Great} this!', 'Nice!']"]
        elif i == 3:
            lines += ["    first_comment: {state: absent}"]
        elif i == 4:  # created
            lines += ["    first_comment:", "      active: true",
                      "      comment_mode: sequential",
                      "      targets: [{username: adidas, user_pk: 17841400}]",
                      "      comments: [First!]"]
    return "\n".join(lines) + "\n"


def _cli(sandbox: Sandbox, *args: str) -> Result:
    with sandbox.serve(port=0) as url:
        env = {"STREC_API_URL": url, "STREC_API_KEY": API_KEY}
        return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_every_module_converges_with_the_minimal_writes(dialect: str, tmp_path: Path) -> None:
    sandbox = Sandbox(_seed(dialect), dialect=dialect, api_key=API_KEY)
    path = tmp_path / "strec.yaml"
    path.write_text(_config(dialect), encoding="utf-8")
    applied = _cli(sandbox, "apply", "-f", str(path), "--auto-approve", "--allow-deletes",
                   "--force")
    assert applied.exit_code == 1, applied.output  # the failed expectation
    assert "expect: settings.api_key_configured is False (expected True)" in applied.output
    writes = Counter(re.sub(r"/\d+", "/N", f"{w.method} {w.path.split('/api/v1')[-1]}")
                     for w in sandbox.writes())
    expected = Counter({"POST /welcomedm/schedules/N/activate": 3,  # shop_1, 3, 5
                        "POST /ai-dm/schedules/N/activate": 5,  # all but shop_3 (expect)
                        "POST /leads/schedules/N/stop": 1})     # shop_1
    if dialect == "guide":
        expected += Counter({"PATCH /first-comment/schedules/N": 1,
                             "POST /first-comment/schedules/N/pause": 1,
                             "DELETE /first-comment/schedules/N": 1,
                             "POST /first-comment/schedules": 1})
    assert writes == expected, sorted(f"{w.method} {w.path}" for w in sandbox.writes())
    ai = {s.account_id: s for s in sandbox.state.module_schedules["ai_dm"].values()}
    assert not ai[3].is_active and all(ai[i].is_active for i in (1, 2, 4, 5, 6))

    sandbox.clear_log()
    again = _cli(sandbox, "plan", "-f", str(path))
    assert again.exit_code == 1
    assert "No changes." in again.output and again.output.count("  ! ") == 2, again.output
    second = _cli(sandbox, "apply", "-f", str(path), "--auto-approve", "--allow-deletes")
    assert second.exit_code == 1 and sandbox.writes() == []


def test_leads_start_and_stop_say_what_they_do(tmp_path: Path) -> None:
    sandbox = Sandbox(_seed("reference"), api_key=API_KEY)
    path = tmp_path / "strec.yaml"
    path.write_text("version: 1\naccounts:\n  - username: shop_1\n    leads: {active: false}\n"
                    "  - username: shop_2\n    leads: {active: true}\n", encoding="utf-8")
    out = _cli(sandbox, "plan", "-f", str(path)).output
    assert "stop kills the parse that is running now" in out
    assert "start sets schedule_date to now" in out


@pytest.mark.parametrize("module", ["welcome_dm", "first_comment"])
def test_two_schedules_of_one_module_are_a_problem_not_a_guess(module: str,
                                                              tmp_path: Path) -> None:
    seed = _seed("guide")
    block = seed["accounts"][0][module]
    seed["accounts"][0][module] = [block, {**block, "id": block["id"] + 50}]
    sandbox = Sandbox(seed, dialect="guide", api_key=API_KEY)
    path = tmp_path / "strec.yaml"
    path.write_text(f"version: 1\naccounts:\n  - username: shop_1\n    {module}: "
                    "{active: false}\n", encoding="utf-8")
    result = _cli(sandbox, "apply", "-f", str(path), "--auto-approve")
    assert result.exit_code == 1 and "will not guess" in result.output
    assert sandbox.writes() == []


def test_first_comment_on_an_installation_without_it(tmp_path: Path) -> None:
    sandbox = Sandbox(_seed("reference"), api_key=API_KEY)
    path = tmp_path / "strec.yaml"
    path.write_text("version: 1\naccounts:\n  - username: shop_1\n    first_comment:\n"
                    "      active: true\n", encoding="utf-8")
    result = _cli(sandbox, "plan", "-f", str(path))
    assert result.exit_code == 1 and "no such endpoints (404)" in result.output
