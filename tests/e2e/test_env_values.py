"""A pull request's config may name any environment variable: its value is compared, never shown."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from click.testing import CliRunner

from reconciler.cli import main
from reconciler.sandbox import Sandbox

from .conftest import API_KEY, SEED

SECRET = "hunter2-very-secret"
CONFIG = """\
version: 1
captions:
  - title: leak
    caption: "${env:ANY_SECRET}"
  - title: mixed
    caption: "Hello ${env:ANY_SECRET}!"
accounts:
  - username: brand_one
    proxy: "http://user:${env:ANY_SECRET}@10.0.0.9:80"
    repost:
      settings:
        caption: "${env:ANY_SECRET}"
"""


def _run(sandbox: Sandbox, tmp_path: Path, *args: str) -> tuple[int, str]:
    config = tmp_path / "strec.yaml"
    config.write_text(CONFIG, encoding="utf-8")
    with sandbox.serve(port=0) as url:
        env = {"STREC_API_URL": url, "STREC_API_KEY": API_KEY, "ANY_SECRET": SECRET}
        result = CliRunner().invoke(main, [*args, "-f", str(config)], env=env,
                                    catch_exceptions=False)
    return result.exit_code, result.output


def test_env_values_never_reach_a_plan_in_any_format(tmp_path: Path) -> None:
    sandbox = Sandbox(copy.deepcopy(SEED), api_key=API_KEY)
    saved = tmp_path / "plan.bin"
    outputs = [_run(sandbox, tmp_path, "plan", "--format", fmt, "--out", str(saved))[1]
               for fmt in ("text", "json", "markdown")]
    for out in [*outputs, saved.read_text(encoding="utf-8")]:
        assert SECRET not in out
    text, as_json, markdown = outputs
    assert "(from ${env:ANY_SECRET})" in text and '"Hello ${env:ANY_SECRET}!"' in text
    assert "(from ${env:ANY_SECRET})" in markdown
    doc = json.loads(as_json)
    created = {c["key"]: c for c in doc["changes"]}
    assert created["leak"]["fields"][0]["after"] == "(from ${env:ANY_SECRET})"
    assert created["leak"]["calls"][0]["body"]["caption"] == "(from ${env:ANY_SECRET})"


def test_env_values_are_sent_and_compared_by_value(tmp_path: Path) -> None:
    sandbox = Sandbox(copy.deepcopy(SEED), api_key=API_KEY)
    code, out = _run(sandbox, tmp_path, "apply", "--auto-approve")
    assert code == 0, out
    assert SECRET not in out
    titles = {c.title: c.caption for c in sandbox.state.captions.values()}
    assert titles["leak"] == SECRET and titles["mixed"] == f"Hello {SECRET}!"
    assert sandbox.state.accounts[11].proxy == f"http://user:{SECRET}@10.0.0.9:80"
    sandbox.clear_log()
    code, out = _run(sandbox, tmp_path, "plan", "--detailed-exitcode")
    assert code == 0 and "No changes." in out, out
    assert sandbox.writes() == []


def test_a_proxy_url_is_checked_after_its_references_resolve(tmp_path: Path) -> None:
    sandbox = Sandbox(copy.deepcopy(SEED), api_key=API_KEY)
    config = tmp_path / "strec.yaml"
    config.write_text("version: 1\naccounts:\n  - username: brand_one\n"
                      "    proxy: ${env:PROXY_URL}\n", encoding="utf-8")
    with sandbox.serve(port=0) as url:
        env = {"STREC_API_URL": url, "STREC_API_KEY": API_KEY,
               "PROXY_URL": "gopher://leak-9f3b@example.test/x"}
        result = CliRunner().invoke(main, ["plan", "-f", str(config)], env=env)
    assert result.exit_code == 1
    assert f"{config}:4:12: accounts[0].proxy" in result.output
    assert "after resolving its references" in result.output
    assert "leak-9f3b" not in result.output and sandbox.writes() == []
