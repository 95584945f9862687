"""One account's or module's failure is reported for it while the others go on."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner, Result

from reconciler.cli import main
from reconciler.sandbox import Sandbox

from .conftest import API_KEY, SEED

CONFIG = """
version: 1
accounts:
  - username: brand_one
    repost: {active: true}
    reactions: {active: false}
  - username: brand_two
    repost: {active: true}
"""


def _run(sandbox: Sandbox, *args: str) -> Result:
    with sandbox.serve(port=0) as url:
        env = {"STREC_API_URL": url, "STREC_API_KEY": API_KEY}
        return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_module_not_in_plan_is_reported_per_account(
    dialect: str, write_config: Callable[[str], Path]
) -> None:
    seed = copy.deepcopy(SEED)
    seed["users"] = [{"id": 1, "username": "agency", "modules": ["repost-pro"]}]
    sandbox = Sandbox(seed, dialect=dialect, api_key=API_KEY)
    path = str(write_config(CONFIG))

    planned = _run(sandbox, "plan", "-f", path)
    assert planned.exit_code == 1
    assert 'account["brand_one"].reactions: the API key\'s plan does not include' in planned.output
    assert "Plan: 0 to create, 2 to update, 0 to delete." in planned.output

    applied = _run(sandbox, "apply", "-f", path, "--auto-approve")
    assert applied.exit_code == 1, applied.output
    assert sandbox.state.schedules[("repost", 11)].is_active
    assert sandbox.state.schedules[("repost", 12)].is_active


def test_plugin_missing_is_503_and_reported(dialect: str,
                                            write_config: Callable[[str], Path]) -> None:
    seed = copy.deepcopy(SEED)
    seed["plugins"] = ["repost-pro"]
    sandbox = Sandbox(seed, dialect=dialect, api_key=API_KEY)
    result = _run(sandbox, "plan", "-f", str(write_config(CONFIG)))
    assert result.exit_code == 1
    assert "plugin is not installed" in result.output


def test_missing_schedule_is_pending_and_others_applied(
    dialect: str, write_config: Callable[[str], Path]
) -> None:
    seed = copy.deepcopy(SEED)
    del seed["accounts"][0]["repost"]
    sandbox = Sandbox(seed, dialect=dialect, api_key=API_KEY)
    path = str(write_config(CONFIG))
    strict = _run(sandbox, "plan", "-f", path, "--strict")
    assert strict.exit_code == 1 and "[--strict]" in strict.output
    applied = _run(sandbox, "apply", "-f", path, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert 'account["brand_one"].repost: no Repost Pro schedule exists' in applied.output
    assert re.search(r"http://127\.0\.0\.1:\d+/e/repost-pro/11\b", applied.output)  # absolute
    assert "1 pending" in applied.output
    assert sandbox.state.schedules[("repost", 12)].is_active
    assert not sandbox.state.schedules[("reactions", 11)].is_active


def test_schedule_gone_between_plan_and_apply_fails_only_that_account(
    write_config: Callable[[str], Path]
) -> None:
    """The bulk call's `skipped` ids are failures for those accounts alone."""
    from reconciler.apply import apply_plan
    from reconciler.connection import Connection
    from reconciler.pipeline import load_desired, make_plan, open_client

    sandbox = Sandbox(copy.deepcopy(SEED), api_key=API_KEY)
    desired = load_desired(write_config(CONFIG))
    conn = Connection("http://127.0.0.1/api/v1", API_KEY)
    with open_client(conn, transport=sandbox.transport()) as client:
        plan = make_plan(client, desired)
        del sandbox.state.schedules[("repost", 11)]
        report = apply_plan(client, plan)
    failed = {o.address for o in report.failed}
    assert failed == {'account["brand_one"].repost'}
    assert sandbox.state.schedules[("repost", 12)].is_active


def test_validate_lists_every_error_and_sends_nothing(
    sandbox: Sandbox, strec: Callable[..., Result], write_config: Callable[[str], Path]
) -> None:
    path = write_config("""
        version: 1
        accounts:
          - username: brand_one
            repost:
              settings:
                speeed: fast
                daily_pause_from: "25:00"
              targets:
                - {type: hashtagg, value: nature}
                - {type: location, value: paris}
        """)
    for command in ("validate", "plan", "apply"):
        result = strec(command, "-f", str(path))
        assert result.exit_code == 1
        out = result.output
        assert f"{path}:6:9" in out and "did you mean 'speed'" in out
        assert f"{path}:7:27" in out
        assert f"{path}:9:18" in out and "hashtag" in out
        assert f"{path}:10:11" in out and "id" in out
        assert "4 errors" in out
    assert sandbox.log == []


def test_validate_needs_no_environment(write_config: Callable[[str], Path]) -> None:
    path = write_config("""
        version: 1
        captions:
          - {title: t, caption: "Hi ${env:NOT_SET_ANYWHERE}"}
        accounts:
          - username: brand_one
            password: ${env:ALSO_NOT_SET}
        """)
    result = CliRunner().invoke(main, ["validate", "-f", str(path)], env={
        "STREC_API_URL": "", "STREC_API_KEY": ""})
    assert result.exit_code == 0, result.output
    assert "valid: 1 account(s), 1 caption(s)" in result.output
