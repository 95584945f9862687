"""The change-size verdict is made at plan time and shown in every format (issue 10)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner, Result

from reconciler.cli import main
from reconciler.sandbox import Sandbox
from reconciler.sandbox.generate import generate_seed

from .conftest import API_KEY, assert_valid_plan_json


def _config(n: int, extra: str = "") -> str:
    accounts = "".join(f"  - username: acct_{i:05d}\n    repost: {{active: true}}\n"
                       for i in range(1, n + 1))
    return f"version: 1\n{extra}accounts:\n{accounts}"


def _runner(sandbox: Sandbox) -> Callable[..., Result]:
    def run(*args: str) -> Result:
        with sandbox.serve(port=0) as url:
            env = {"STREC_API_URL": url, "STREC_API_KEY": API_KEY}
            return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    return run


def _sandbox() -> Sandbox:
    seed = generate_seed(12, seed=3)
    for account in seed["accounts"]:
        account["repost"]["is_active"] = False
    return Sandbox(seed, api_key=API_KEY)


def test_a_plan_over_the_limit_says_so_in_every_format(tmp_path: Path) -> None:
    sandbox = _sandbox()
    run = _runner(sandbox)
    path = tmp_path / "strec.yaml"
    path.write_text(_config(12), encoding="utf-8")
    text = run("plan", "-f", str(path))
    assert "Safety: this plan exceeds a change-size limit" in text.output
    assert "update 12 of 24 managed objects" in text.output
    assert "strec apply --force" in text.output and "safety:" in text.output
    markdown = run("plan", "-f", str(path), "--format", "markdown").output
    assert "[!WARNING]" in markdown and "12 of 24" in markdown
    doc = json.loads(run("plan", "-f", str(path), "--format", "json").output)
    assert_valid_plan_json(doc)
    assert doc["applyable"] is False and doc["safety"]["exceeded"] is True
    assert "12 of 24" in doc["safety"]["reasons"][0]
    refused = run("apply", "-f", str(path), "--auto-approve")
    assert refused.exit_code == 1 and "refusing an unsafe plan" in refused.output
    assert sandbox.writes() == []
    forced = run("apply", "-f", str(path), "--auto-approve", "--force")
    assert forced.exit_code == 0, forced.output
    assert len(sandbox.writes()) == 1  # one bulk activation


def test_a_reviewed_config_can_raise_the_limit(tmp_path: Path) -> None:
    sandbox = _sandbox()
    run = _runner(sandbox)
    path = tmp_path / "strec.yaml"
    path.write_text(_config(12, "safety: {max_update_share: 0.6}\n"), encoding="utf-8")
    doc = json.loads(run("plan", "-f", str(path), "--format", "json").output)
    assert doc["applyable"] is True and not doc["safety"]["exceeded"]
    assert doc["safety"]["limits"]["max_update_share"] == 0.6
    assert run("apply", "-f", str(path), "--auto-approve").exit_code == 0
    # and the command line still overrides the config
    path.write_text(_config(12, "safety: {max_update_share: 0.6}\n").replace(
        "active: true", "active: false"), encoding="utf-8")
    tight = run("plan", "-f", str(path), "--max-update-share", "0.1")
    assert "Safety:" in tight.output


def test_problems_are_in_the_plan_in_every_format_and_summarized_on_stderr(
        tmp_path: Path) -> None:
    sandbox = _sandbox()
    path = tmp_path / "strec.yaml"
    path.write_text("version: 1\naccounts:\n  - username: nobody_here\n", encoding="utf-8")
    with sandbox.serve(port=0) as url:
        env = {"STREC_API_URL": url, "STREC_API_KEY": API_KEY}
        runner = CliRunner()
        for fmt in ("text", "json", "markdown"):
            result = runner.invoke(main, ["plan", "-f", str(path), "--format", fmt], env=env)
            assert result.exit_code == 1
            assert "nobody_here" in result.stdout and "password" in result.stdout
            assert "the plan has 1 problem" in result.stderr
        markdown = runner.invoke(main, ["plan", "-f", str(path), "--format", "markdown"],
                                 env=env).stdout
    assert markdown.count("<!-- strec-plan -->") == 1
