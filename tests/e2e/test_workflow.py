"""The pull-request workflow: JSON and markdown plans, saved plans, scope, safety."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from reconciler.sandbox import Sandbox

from .conftest import assert_valid_plan_json
from .test_acceptance import CONFIG


def test_json_plan_is_versioned_masked_and_valid(
    strec: Callable[..., Result], write_config: Callable[[str], Path]
) -> None:
    result = strec("plan", "-f", str(write_config(CONFIG)), "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert_valid_plan_json(doc)
    assert doc["format_version"] == "1.1" and doc["applyable"] and not doc["errored"]
    assert doc["summary"] == {"create": 1, "update": 4, "delete": 0, "pending": 0}
    one = next(c for c in doc["changes"] if c["address"] == 'account["brand_one"].repost')
    assert [c["method"] for c in one["calls"]] == ["PATCH", "POST"]
    assert one["active"] == {"before": False, "after": True}


def test_saved_plan_applies_exactly_the_saved_calls(
    sandbox: Sandbox, strec: Callable[..., Result], write_config: Callable[[str], Path],
    tmp_path: Path
) -> None:
    path, out = str(write_config(CONFIG)), str(tmp_path / "plan.json")
    assert strec("plan", "-f", path, "--out", out).exit_code == 0
    saved = json.loads(Path(out).read_text())
    assert "fingerprints" in saved and saved["config_path"] == path
    result = strec("apply", out)
    assert result.exit_code == 0, result.output
    assert len(sandbox.writes()) == 7


@pytest.mark.parametrize("drift", ["setting", "target", "activation"])
def test_saved_plan_refused_after_drift_with_zero_writes(
    drift: str, sandbox: Sandbox, strec: Callable[..., Result],
    write_config: Callable[[str], Path], tmp_path: Path
) -> None:
    path, out = str(write_config(CONFIG)), str(tmp_path / "plan.json")
    assert strec("plan", "-f", path, "--out", out).exit_code == 0
    if drift == "setting":
        sandbox.state.schedules[("repost", 11)].settings["speed"] = "very_fast"
        moved = 'account["brand_one"].repost'
    elif drift == "target":
        sandbox.state.schedules[("reactions", 13)].targets.pop()
        moved = 'account["brand_three"].reactions'
    else:
        sandbox.state.schedules[("repost", 12)].is_active = True
        moved = 'account["brand_two"].repost'
    sandbox.clear_log()
    result = strec("apply", out)
    assert result.exit_code == 1
    assert "stale" in result.output and f"{moved} changed live" in result.output
    assert sandbox.writes() == []


def test_target_and_exclude_narrow_reads_and_writes(
    sandbox: Sandbox, strec: Callable[..., Result], write_config: Callable[[str], Path]
) -> None:
    path = str(write_config(CONFIG))
    result = strec("plan", "-f", path, "--target", "account:brand_t*", "--format", "json")
    doc = json.loads(result.output)
    assert [c["address"] for c in doc["changes"]] == [
        'account["brand_three"].reactions', 'account["brand_two"].repost']
    assert not any("/captions" in r.path for r in sandbox.log)
    sandbox.clear_log()
    applied = strec("apply", "-f", path, "--auto-approve", "--target", "module:repost",
                    "--exclude", "brand_two")
    assert applied.exit_code == 0, applied.output
    assert sorted(f"{w.method} {w.path}" for w in sandbox.writes()) == [
        "PATCH /repost/schedules/11/settings", "POST /repost/schedules/11/activate"]


def test_apply_without_terminal_needs_auto_approve(
    sandbox: Sandbox, strec: Callable[..., Result], write_config: Callable[[str], Path]
) -> None:
    result = strec("apply", "-f", str(write_config(CONFIG)))
    assert result.exit_code == 1
    assert "--auto-approve" in result.output
    assert sandbox.writes() == []


def _captions_seed(n: int) -> dict[str, object]:
    from .conftest import SEED

    seed = copy.deepcopy(SEED)
    seed["captions"] = [{"id": i, "title": f"c{i:02d}", "caption": f"text {i}"}
                        for i in range(1, n + 1)]
    return seed


def test_change_size_threshold_and_protect(dialect: str,
                                           write_config: Callable[[str], Path]) -> None:
    from click.testing import CliRunner

    from reconciler.cli import main

    from .conftest import API_KEY

    sandbox = Sandbox(_captions_seed(12), dialect=dialect, api_key=API_KEY)
    keep = "\n".join(f"  - {{title: c{i:02d}, caption: text {i}}}" for i in range(1, 8))
    path = str(write_config(f"version: 1\nprune: {{captions: true}}\ncaptions:\n{keep}\n"))
    with sandbox.serve() as url:
        def run(*args: str) -> Result:
            env = {"STREC_API_URL": url, "STREC_API_KEY": API_KEY}
            return CliRunner().invoke(main, list(args), env=env)

        refused = run("apply", "-f", path, "--auto-approve", "--allow-deletes")
        assert refused.exit_code == 1
        assert "delete 5 of 12 managed objects" in refused.output and "--force" in refused.output
        no_flag = run("apply", "-f", path, "--auto-approve", "--force")
        assert no_flag.exit_code == 1 and "--allow-deletes" in no_flag.output
        assert sandbox.writes() == []
        done = run("apply", "-f", path, "--auto-approve", "--allow-deletes", "--force")
        assert done.exit_code == 0, done.output
        assert sorted(c.title for c in sandbox.state.captions.values()) == [
            f"c{i:02d}" for i in range(1, 8)]

        sandbox.clear_log()
        protected = write_config(
            f"version: 1\ncaptions:\n{keep}\naccounts:\n"
            "  - {username: brand_one, state: absent, protect: true}\n")
        held = run("apply", "-f", str(protected), "--auto-approve", "--allow-deletes",
                   "--force")
        assert held.exit_code == 1 and "protect: true" in held.output
        assert sandbox.writes() == [] and 11 in sandbox.state.accounts


@pytest.mark.parametrize("content", ["[1, 2]", "not json", '{"format": "other"}'])
def test_a_broken_saved_plan_is_a_clear_error(content: str, strec: Callable[..., Result],
                                              tmp_path: Path) -> None:
    bad = tmp_path / "plan.json"
    bad.write_text(content, encoding="utf-8")
    result = strec("apply", str(bad))
    assert result.exit_code == 1 and "saved plan" in result.output
    assert "Traceback" not in result.output
