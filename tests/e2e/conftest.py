"""Fixtures that run strec against the sandbox: in-process, or over real HTTP."""

from __future__ import annotations

import copy
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from reconciler.cli import main
from reconciler.sandbox import Sandbox

API_KEY = "sht_" + "0123456789abcdef" * 4

SEED: dict[str, Any] = {
    "accounts": [
        {"id": 11, "username": "brand_one",
         "repost": {"is_active": False,
                    "settings": {"speed": "slow", "daily_pause": True,
                                 "daily_pause_from": "22:00", "daily_pause_to": "07:00"},
                    "targets": [{"type": "hashtag", "value": "nature"}]},
         "reactions": {"is_active": True, "settings": {"is_likes": True, "likes_speed": 3},
                       "targets": [{"type": "hashtag", "value": "photography"}]}},
        {"id": 12, "username": "brand_two",
         "repost": {"is_active": False, "settings": {"speed": "medium"},
                    "targets": [{"type": "hashtag", "value": "travel"}]},
         "reactions": {"is_active": False, "settings": {"is_follow": False},
                       "targets": []}},
        {"id": 13, "username": "brand_three",
         "repost": {"is_active": True, "settings": {"speed": "fast"}, "targets": []},
         "reactions": {"is_active": True, "settings": {"likes_speed": 2},
                       "targets": [{"type": "hashtag", "value": "a"},
                                   {"type": "hashtag", "value": "b"}]}},
    ],
    "captions": [{"id": 1, "title": "old-promo", "caption": "Old {deal|offer}"},
                 {"id": 2, "title": "keep-me", "caption": "Untouched"}],
    "proxies": [{"id": 1, "proxy": "http://10.0.0.1:8080", "country_code": "US",
                 "use_count": 0}],
}


@pytest.fixture(params=["reference", "guide"])
def dialect(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def sandbox(dialect: str) -> Sandbox:
    return Sandbox(copy.deepcopy(SEED), dialect=dialect, api_key=API_KEY)


@pytest.fixture
def served(sandbox: Sandbox) -> Iterator[str]:
    with sandbox.serve(port=0) as base_url:
        yield base_url


@pytest.fixture
def write_config(tmp_path: Path) -> Callable[[str], Path]:
    def write(text: str) -> Path:
        path = tmp_path / "strec.yaml"
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path
    return write


@pytest.fixture
def strec(served: str) -> Callable[..., Result]:
    """Run the real `strec` command over real HTTP against the served sandbox."""
    def run(*args: str) -> Result:
        env = {"STREC_API_URL": served, "STREC_API_KEY": API_KEY}
        return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    return run


PLAN_SCHEMA = Path(__file__).resolve().parents[2] / "schemas" / "plan.schema.json"


def assert_valid_plan_json(doc: Any) -> None:
    """Every JSON plan strec produces must validate against the published schema."""
    import json

    import jsonschema

    jsonschema.validate(doc, json.loads(PLAN_SCHEMA.read_text(encoding="utf-8")))
