"""`strec export` writes a config that `plan` reports as no change."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from ruamel.yaml import YAML

from reconciler.cli import main
from reconciler.sandbox import Sandbox
from reconciler.sandbox.generate import generate_seed

from .conftest import API_KEY


def test_export_round_trip_is_empty(dialect: str, tmp_path: Path) -> None:
    seed = generate_seed(50, seed=7)
    seed["accounts"][0]["proxy"] = "socks5://agent:proxy-secret-77@10.9.9.9:1080"
    sandbox = Sandbox(seed, dialect=dialect, api_key=API_KEY)
    config = tmp_path / "strec.yaml"
    with sandbox.serve() as url:
        env = {"STREC_API_URL": url, "STREC_API_KEY": API_KEY,
               "STREC_PROXY_AUTH_ACCT_00001": "agent:proxy-secret-77"}
        exported = CliRunner().invoke(main, ["export"], env=env)
        assert exported.exit_code == 0, exported.output
        assert "proxy-secret-77" not in exported.output
        assert exported.output.startswith("# Exported by strec")
        assert "STREC_PASSWORD_ACCT_00001" in exported.output
        # every writable setting is exported, with the live value: shared values under
        # `defaults:`, an account's own where they differ
        doc = YAML(typ="safe").load(exported.output)
        one, defaults = doc["accounts"][0], doc.get("defaults", {})

        def effective(module: str) -> dict[str, object]:
            return {**defaults.get(module, {}).get("settings", {}),
                    **one.get(module, {}).get("settings", {})}

        live = sandbox.state.schedules[("repost", 1)].settings
        assert effective("repost")["speed"] == live["speed"]
        assert len(effective("reactions")) > 100
        config.write_text(exported.output, encoding="utf-8")
        sandbox.clear_log()
        planned = CliRunner().invoke(main, ["plan", "-f", str(config), "--detailed-exitcode"],
                                     env=env)
    assert planned.exit_code == 0, planned.output
    assert "No changes." in planned.output
    assert sandbox.writes() == []


def test_export_of_some_accounts_is_stable(tmp_path: Path) -> None:
    sandbox = Sandbox(generate_seed(5, seed=1), api_key=API_KEY)
    with sandbox.serve() as url:
        env = {"STREC_API_URL": url, "STREC_API_KEY": API_KEY}
        args = ["export", "--account", "acct_00002", "--account", "acct_00004"]
        first = CliRunner().invoke(main, args, env=env).output
        second = CliRunner().invoke(main, args, env=env).output
    body = [line for line in first.splitlines() if not line.startswith("# Exported")]
    assert body == [line for line in second.splitlines() if not line.startswith("# Exported")]
    assert "acct_00002" in first and "acct_00004" in first and "acct_00001" not in first
