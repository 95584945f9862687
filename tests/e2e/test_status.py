"""`strec status` over real HTTP: every finding on the right account, in every format."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner, Result
from prometheus_client.parser import text_string_to_metric_families

from reconciler.cli import main
from reconciler.sandbox import Sandbox
from reconciler.sandbox.generate import generate_seed
from reconciler.sandbox.seed import load_seed_file

from .conftest import API_KEY

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "schemas" / "status.schema.json").read_text(encoding="utf-8"))


def _runner(sandbox: Sandbox) -> Callable[..., Result]:
    def run(*args: str) -> Result:
        with sandbox.serve(port=0) as url:
            env = {"STREC_API_URL": url, "STREC_API_KEY": API_KEY}
            return CliRunner().invoke(main, ["status", *args], env=env,
                                      catch_exceptions=False)
    return run


@pytest.fixture
def troubled(dialect: str) -> Sandbox:
    return Sandbox(load_seed_file(ROOT / "examples" / "status-seed.yaml"), dialect=dialect,
                   api_key=API_KEY)


def _findings(doc: dict[str, Any]) -> set[tuple[str, str | None, str | None, str]]:
    return {(f["check"], f["account"], f["module"], f["severity"]) for f in doc["findings"]}


def test_each_kind_of_finding_is_reported_on_its_account(troubled: Sandbox) -> None:
    run = _runner(troubled)
    result = run("--format", "json", "--detailed-exitcode")
    assert result.exit_code == 3  # unhealthy
    doc = json.loads(result.output)
    jsonschema.validate(doc, SCHEMA)
    found = _findings(doc)
    assert ("login_required", "needs_login", None, "critical") in found  # active reactions
    assert ("stuck", "stuck_runner", "reactions", "warning") in found
    assert ("failing_runs", "failing_runs", "repost", "warning") in found
    assert ("failing_runs", "failing_runs", "welcome_dm", "warning") in found
    assert ("module_unavailable", None, "ai_dm", "info") in found     # 503, not declared
    assert ("module_unavailable", None, "leads", "info") in found     # 403, not declared
    assert ("subscription", None, None, "warning") in found
    assert not any(f[1] == "healthy_one" for f in found)
    stuck = next(f for f in doc["findings"] if f["check"] == "stuck")
    assert "bulk/stop" in stuck["fix"] and "[13]" in stuck["fix"]
    assert troubled.writes() == []


def test_text_and_prometheus_say_the_same(troubled: Sandbox) -> None:
    run = _runner(troubled)
    text = run().output
    assert text.index("[critical]") < text.index("[warning]") < text.index("[info]")
    assert "account needs_login" in text and "strec apply --target account:needs_login" in text
    assert re.search(r"Status: unhealthy, no config given\. \d+ API requests\.", text)
    metrics = {f.name: f for f in text_string_to_metric_families(
        run("--format", "prometheus").output)}
    assert [s.value for s in metrics["strec_status_healthy"].samples] == [0]
    accounts = {s.labels["account"] for s in metrics["strec_account_finding"].samples}
    assert accounts == {"needs_login", "stuck_runner", "failing_runs"}
    states = {(s.labels["module"], s.labels["state"]): s.value
              for s in metrics["strec_schedules"].samples}
    assert states[("reactions", "running")] == 1
    assert troubled.writes() == []


def test_a_healthy_installation_exits_0(tmp_path: Path) -> None:
    seed = generate_seed(20, seed=2)
    sandbox = Sandbox(seed, api_key=API_KEY)
    result = _runner(sandbox)("--detailed-exitcode")
    assert result.exit_code == 0, result.output
    assert "All healthy." in result.output


def test_drift_and_pending_with_a_config(tmp_path: Path) -> None:
    seed = generate_seed(3, seed=2)
    del seed["accounts"][2]["reactions"]
    sandbox = Sandbox(seed, api_key=API_KEY)
    path = tmp_path / "strec.yaml"
    speed = seed["accounts"][0]["repost"]["settings"]["speed"]
    other = "very_fast" if speed != "very_fast" else "slow"
    path.write_text(f"version: 1\naccounts:\n  - username: acct_00001\n    repost:\n"
                    f"      settings: {{speed: {other}}}\n  - username: acct_00003\n"
                    "    reactions: {active: true}\n", encoding="utf-8")
    run = _runner(sandbox)
    result = run("-f", str(path), "--format", "json", "--detailed-exitcode")
    assert result.exit_code == 2, result.output  # drift only
    doc = json.loads(result.output)
    jsonschema.validate(doc, SCHEMA)
    assert doc["healthy"] and doc["in_sync"] is False and doc["drift"] == {"update": 1}
    assert ("drift", "acct_00001", "repost", "info") in _findings(doc)
    assert ("pending", "acct_00003", "reactions", "info") in _findings(doc)
    assert sandbox.writes() == []


def test_status_at_1000_accounts_costs_list_pages_not_one_read_per_account(
        dialect: str) -> None:
    sandbox = Sandbox(generate_seed(1000, seed=4), dialect=dialect, api_key=API_KEY)
    result = _runner(sandbox)("--format", "json")
    assert result.exit_code == 0, result.output
    paths = [r.path.split("/api/v1")[-1] for r in sandbox.log]
    assert not any(re.search(r"/\d+(/|$)", p) for p in paths), "no per-account read"
    # account pages; repost and reactions lists (unpaged in the reference); the four other
    # modules' (empty) lists; one log page per module; the subscription
    lists = {"reference": 1 + 1, "guide": 10 + 10}[dialect] + 4
    assert len(paths) == 10 + lists + 6 + 1, sorted(paths)
    assert json.loads(result.output)["requests"] == len(paths)
