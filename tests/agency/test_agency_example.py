"""`examples/agency/`: a templated 50-account setup validates, plans, applies, converges.

The config is a directory: `profiles.yaml` (defaults, profiles, captions), a Jinja2
template generating one account per row of `vars/accounts.csv`. It runs in-process
against the sandbox seeded with `examples/agency/sandbox-seed.yaml`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reconciler.apply import apply_plan
from reconciler.config import ProxyPoolRequest, load_config
from reconciler.connection import Connection
from reconciler.desired import desired_state
from reconciler.pipeline import make_plan, open_client
from reconciler.sandbox import Sandbox
from reconciler.sandbox.seed import load_seed_file

AGENCY = Path(__file__).resolve().parents[2] / "examples" / "agency"
CONFIG = AGENCY / "config"
API_KEY = "sht_" + "a1" * 32


def test_the_example_validates_with_profiles_applied() -> None:
    config = load_config(CONFIG)
    assert len(config.accounts) == 50
    assert len({a.username for a in config.accounts}) == 50
    travel = [a for a in config.accounts if a.profile == ["base", "travel"]]
    assert len(travel) == 12
    assert all(a.proxy == ProxyPoolRequest(country="US") for a in travel)
    first = config.accounts[0]
    assert first.password == "${env:PW_URBAN_TRAILS}"  # a reference, never resolved here
    assert first.repost is not None and first.repost.settings is not None
    assert first.repost.active is True  # from the `base` profile
    assert first.repost.settings["speed"] == "medium"  # `base`
    assert first.repost.settings["daily_pause"] is True  # `defaults`
    assert str(first.repost.settings["caption"]).endswith("{#travel|#explore} {{original_caption}}")
    assert first.reactions is not None and first.reactions.settings is not None
    assert first.reactions.settings["likes_speed"] == 1  # the CSV row wins
    assert first.reactions.settings["daily_pause_from"] == "23:00"
    food = next(a for a in config.accounts if a.profile == ["base", "food"])
    assert food.repost is not None and food.repost.settings is not None
    assert food.repost.settings["speed"] == "slow"  # a later profile wins over `base`
    assert food.reactions is not None and food.reactions.settings is not None
    assert food.reactions.settings["daily_pause_from"] == "22:00"  # profile over defaults


@pytest.mark.parametrize("dialect", ["reference", "guide"])
def test_plan_apply_plan_converges(dialect: str) -> None:
    desired = desired_state(load_config(CONFIG))
    sandbox = Sandbox(
        load_seed_file(AGENCY / "sandbox-seed.yaml"), dialect=dialect, api_key=API_KEY
    )
    conn = Connection("http://127.0.0.1/api/v1", API_KEY)
    with open_client(conn, transport=sandbox.transport()) as client:
        first = make_plan(client, desired)
        assert not first.problems, first.problems
        assert first.has_changes
        report = apply_plan(client, first)
        assert not report.failed, report.failed
        again = make_plan(client, desired)
        assert not again.problems, again.problems
        assert not again.changes, again.changes
