"""An export worth keeping: shared values lifted, unique placeholders, positioned gaps."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from reconciler.cli import main
from reconciler.sandbox import Sandbox
from reconciler.sandbox.generate import generate_seed

from .conftest import API_KEY


def _shared_seed(n: int) -> dict[str, object]:
    """`n` accounts that share their settings and activation, as agencies' do."""
    seed = generate_seed(n, seed=11)
    first = seed["accounts"][0]
    for i, account in enumerate(seed["accounts"]):
        for module in ("repost", "reactions"):
            account[module]["settings"] = copy.deepcopy(first[module]["settings"])
            account[module]["is_active"] = True
        if i % 10 == 3:  # a few accounts differ
            account["repost"]["settings"]["speed"] = "very_slow"
    return seed


def test_export_of_200_accounts_round_trips_and_is_10x_shorter(dialect: str,
                                                              tmp_path: Path) -> None:
    sandbox = Sandbox(_shared_seed(200), dialect=dialect, api_key=API_KEY)
    config = tmp_path / "strec.yaml"
    with sandbox.serve() as url:
        env = {"STREC_API_URL": url, "STREC_API_KEY": API_KEY}
        exported = CliRunner().invoke(main, ["export"], env=env)
        assert exported.exit_code == 0, exported.output
        config.write_text(exported.output, encoding="utf-8")
        planned = CliRunner().invoke(main, ["plan", "-f", str(config), "--detailed-exitcode"],
                                     env=env)
    assert planned.exit_code == 0, planned.output
    one_line_per_setting = sum(len(s.settings) for s in sandbox.state.schedules.values())
    lines = exported.output.count("\n")
    assert lines * 10 <= one_line_per_setting, (lines, one_line_per_setting)
    doc = YAML(typ="safe").load(exported.output)
    assert doc["defaults"]["repost"]["settings"]["speed"] != "very_slow"
    differing = [a for a in doc["accounts"] if "repost" in a and "settings" in a["repost"]]
    assert len(differing) == 20 and all(
        a["repost"]["settings"] == {"speed": "very_slow"} for a in differing)


def test_accounts_without_a_module_get_a_profile_not_defaults(tmp_path: Path) -> None:
    seed = _shared_seed(6)
    for account in seed["accounts"][:2]:
        del account["reactions"]
    sandbox = Sandbox(seed, api_key=API_KEY)
    config = tmp_path / "strec.yaml"
    with sandbox.serve() as url:
        env = {"STREC_API_URL": url, "STREC_API_KEY": API_KEY}
        exported = CliRunner().invoke(main, ["export"], env=env).output
        config.write_text(exported, encoding="utf-8")
        planned = CliRunner().invoke(main, ["plan", "-f", str(config), "--detailed-exitcode"],
                                     env=env)
    assert planned.exit_code == 0, planned.output
    doc = YAML(typ="safe").load(exported)
    assert "reactions" not in doc["defaults"] and "reactions" in doc["profiles"]
    assert [a.get("profile") for a in doc["accounts"]][:3] == [None, None, ["reactions"]]


@pytest.fixture
def lookalikes() -> Sandbox:
    seed = generate_seed(12, seed=5)
    seed["accounts"][0]["username"] = "brand.one"
    seed["accounts"][1]["username"] = "brand_one"
    for i, account in enumerate(seed["accounts"][:12]):
        account["proxy"] = f"http://user{i}:pw-{i}-secret@10.0.0.{i + 1}:8080"
    return Sandbox(seed, api_key=API_KEY)


def test_placeholders_are_unique_and_gaps_are_positioned_in_order(
        lookalikes: Sandbox, tmp_path: Path) -> None:
    config = tmp_path / "strec.yaml"
    with lookalikes.serve() as url:
        env = {"STREC_API_URL": url, "STREC_API_KEY": API_KEY}
        exported = CliRunner().invoke(main, ["export"], env=env).output
        names = re.findall(r"\$\{env:(STREC_PROXY_AUTH_[A-Z0-9_]+)\}", exported)
        assert len(names) == len(set(names)) == 12
        assert "-secret@" not in exported
        config.write_text(exported, encoding="utf-8")
        unset = CliRunner().invoke(main, ["plan", "-f", str(config)], env=env)
        live = {a.username: a.proxy for a in lookalikes.state.accounts.values()}
        full = dict(env)
        for account in YAML(typ="safe").load(exported)["accounts"]:
            name = re.search(r"env:(\w+)", account["proxy"]).group(1)  # type: ignore[union-attr]
            full[name] = live[account["username"]].split("//")[1].split("@")[0]
        planned = CliRunner().invoke(main, ["plan", "-f", str(config), "--detailed-exitcode"],
                                     env=full)
    assert unset.exit_code == 1
    lines = [ln for ln in unset.output.splitlines() if "is not set" in ln]
    assert len(lines) == 12
    where = [tuple(map(int, re.match(r".*strec\.yaml:(\d+):(\d+):", ln).groups()))  # type: ignore[union-attr]
             for ln in lines]
    assert where == sorted(where) and len(set(where)) == 12 and where[0][0] > 1
    assert "accounts[2]" in lines[2] and "accounts[10]" in lines[10]
    assert planned.exit_code == 0, planned.output
