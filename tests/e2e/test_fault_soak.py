"""Faults in 20 % of requests: repeated applies converge in at most 3 runs, with zero
duplicates, nothing declared lost and nothing undeclared touched (fixed seeds)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from reconciler.apply import ApplyContext, apply_plan
from reconciler.connection import Connection
from reconciler.errors import StrecError
from reconciler.pipeline import load_desired, make_plan, open_client
from reconciler.sandbox import Sandbox
from reconciler.sandbox.generate import generate_seed

from .conftest import API_KEY


def _config(seed: dict[str, Any]) -> dict[str, Any]:
    accounts = []
    for i, acc in enumerate(seed["accounts"]):
        accounts.append({
            "username": acc["username"],
            "repost": {"active": i % 2 == 0, "settings": {"speed": "fast"},
                       "targets": [{"type": "hashtag", "value": f"tag{i}"},
                                   {"type": "hashtag", "value": "shared"}]},
            "reactions": {"active": i % 3 == 0, "settings": {"likes_speed": i % 5}},
        })
    captions = [{"title": f"new {i}", "caption": f"{{A|B}} {i}"} for i in range(10)]
    captions.append({"title": "caption 1", "caption": "edited"})
    return {"version": 1, "captions": captions, "accounts": accounts}


@pytest.mark.parametrize("fault_seed", [1, 2])
def test_faulty_api_converges_without_duplicates(fault_seed: int, tmp_path: Path) -> None:
    seed = generate_seed(50, seed=fault_seed)
    untouched = {c["title"]: c["caption"] for c in seed["captions"] if c["title"] != "caption 1"}
    sandbox = Sandbox(seed, api_key=API_KEY, fault_rate=0.2, fault_seed=fault_seed)
    path = tmp_path / "strec.yaml"
    path.write_text(json.dumps(_config(seed)), encoding="utf-8")
    desired = load_desired(path)
    conn = Connection("http://127.0.0.1/api/v1", API_KEY)
    with open_client(conn, transport=sandbox.transport(), backoff_seconds=0.001) as client:
        for _run in range(3):  # at most three applies, as cron would run them
            try:
                plan = make_plan(client, desired)
                if not plan.changes:
                    break
                apply_plan(client, plan, ApplyContext(desired=desired))
            except StrecError:
                continue  # a read that failed every retry: the next run starts over
        sandbox.faults.rate = 0.0
        final = make_plan(client, desired)  # read without faults: what is really there
    assert not final.changes and not final.problems, final.changes[:3]
    titles = Counter(c.title for c in sandbox.state.captions.values())
    assert max(titles.values()) == 1  # no caption created twice
    for sched in sandbox.state.schedules.values():
        keys = Counter((t.type, t.value) for t in sched.targets)
        assert max(keys.values(), default=1) == 1  # no target added twice
    live = {c.title: c.caption for c in sandbox.state.captions.values()}
    assert all(live[t] == text for t, text in untouched.items())  # undeclared: untouched
    assert sum(1 for r in sandbox.log if r.fault) > 20  # the faults really happened
