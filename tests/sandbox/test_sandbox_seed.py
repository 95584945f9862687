"""Seeds: the shipped example, defaults, errors, key resolution, generation, CLI."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from sandbox_helpers import data

from reconciler.sandbox import Sandbox, SeedError
from reconciler.sandbox.generate import generate_seed
from reconciler.sandbox.seed import load_seed_file

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "sandbox-seed.yaml"
KEY = "sht_" + "a" * 64


def test_example_seed_loads() -> None:
    sb = Sandbox.from_file(EXAMPLE, api_key=KEY)
    names = sorted(a.username for a in sb.state.accounts.values())
    assert names == ["brand_one", "brand_three", "brand_two"]
    assert len(sb.state.schedules) == 6 and len(sb.state.captions) == 2
    assert len(sb.state.proxies) == 6 and sb.api_key == KEY
    assert sb.state.login_script("Brand_Mail").outcome == "email_challenge"
    seed = load_seed_file(EXAMPLE)
    assert "api_key" not in seed and all("api_keys" not in u for u in seed["users"])


def test_json_seed_and_defaults(tmp_path: Path) -> None:
    path = tmp_path / "seed.json"
    path.write_text('{"accounts": [{"username": "solo", "repost": true}]}')
    sb = Sandbox.from_file(path)
    assert sb.api_key.startswith("sht_") and len(sb.api_key) == 68 and sb.api_key_generated
    row = sb.state.schedule("repost", 1)
    assert row is not None and row.settings["speed"] == "medium"
    assert row.settings["daily_pause"] is False and row.settings["daily_pause_from"] == "00:00"


def test_key_from_seed_and_explicit_key_wins() -> None:
    seed = {"api_key": KEY, "accounts": [{"username": "x"}]}
    assert Sandbox(seed).api_key == KEY and not Sandbox(seed).api_key_generated
    other = "sht_" + "d" * 64
    sb = Sandbox(seed, api_key=other)
    with httpx.Client(base_url="http://s/api/v1", transport=sb.transport()) as c:
        assert c.get("/accounts", headers={"X-API-Key": other}).status_code == 200


@pytest.mark.parametrize(
    "seed",
    [
        {"accounts": [{"username": "x", "repost": {"settings": {"sped": "slow"}}}]},
        {"accounts": [{"username": "x", "repost": {"settings": {"daily_pause_from": "25:00"}}}]},
        {"accounts": [{"username": "x", "colour": "red"}]},
        {"accounts": [{"username": "x", "user_id": 9}]},
        {"accounts": [{"id": 1, "username": "x"}, {"id": 1, "username": "y"}]},
        {"accounts": [{"id": 1}]},
        {"logins": {"x": {"outcome": "maybe"}}},
        {"logins": {"x": {"outcome": "success", "colour": "red"}}},
        {"logins": {"x": {"code": "12"}}},
        {"logins": ["x"]},
        {"users": [{"id": 1, "account_limit": "many"}]},
    ],
)
def test_bad_seeds_raise(seed: dict[str, object]) -> None:
    with pytest.raises(SeedError):
        Sandbox(seed)


def test_auto_ids_skip_explicit_ones() -> None:
    sb = Sandbox({"accounts": [{"username": "a"}, {"id": 1, "username": "b"}]})
    assert sorted((a.id, a.username) for a in sb.state.accounts.values()) == [(1, "b"), (2, "a")]


def test_generate_seed_is_deterministic_and_loads() -> None:
    seed = generate_seed(50, seed=3)
    assert seed == generate_seed(50, seed=3) and seed != generate_seed(50, seed=4)
    sb = Sandbox(seed, api_key=KEY)
    assert len(sb.state.schedules) == 100
    assert all(1 <= len(s.targets) <= 3 for s in sb.state.schedules.values())
    with httpx.Client(
        base_url="http://s/api/v1", transport=sb.transport(), headers={"X-API-Key": KEY}
    ) as c:
        assert c.get("/reactions/schedules").json()["meta"] == {"count": 50}
        assert data(c.get("/repost/schedules/50/settings"))["schedule"]["speed"]


def test_cli_serves_until_sigterm() -> None:
    env = {**os.environ, "STREC_API_KEY": KEY}
    code = "from reconciler.sandbox.cli import sandbox_command; sandbox_command()"
    args = [sys.executable, "-c", code, "--port", "0", "--seed", str(EXAMPLE), "--dialect", "guide"]
    proc = subprocess.Popen(args, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        assert "sandbox listening on http://127.0.0.1:" in line and "(dialect guide)" in line
        base = line.split()[3]
        r = httpx.get(f"{base}/accounts", headers={"X-API-Key": KEY}, timeout=5)
        assert data(r)["total"] == 3
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=5)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0 and "Traceback" not in err and KEY not in line + err
