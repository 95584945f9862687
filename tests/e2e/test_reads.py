"""How plan reads: flat rounds, settings from the schedule list when it shows them, no
deadlock at any concurrency, and a failed detail read confined to its schedule."""

from __future__ import annotations

import json
import threading
from collections import Counter
from pathlib import Path
from typing import Any

from reconciler.connection import Connection
from reconciler.pipeline import load_desired, make_plan, open_client
from reconciler.plan import Plan
from reconciler.sandbox import Sandbox
from reconciler.sandbox.generate import generate_seed

from .conftest import API_KEY


def _config(seed: dict[str, Any], speed: str | None = None) -> dict[str, Any]:
    accounts = []
    for acc in seed["accounts"]:
        settings = {"speed": speed or acc["repost"]["settings"].get("speed", "medium")}
        accounts.append({"username": acc["username"], "repost": {"settings": settings}})
    return {"version": 1, "accounts": accounts}


def _plan(sandbox: Sandbox, config: dict[str, Any], tmp_path: Path,
          concurrency: int = 16) -> Plan:
    path = tmp_path / "strec.yaml"
    path.write_text(json.dumps(config), encoding="utf-8")
    desired = load_desired(path)
    conn = Connection("http://127.0.0.1/api/v1", API_KEY)
    with open_client(conn, transport=sandbox.transport(), concurrency=concurrency,
                     backoff_seconds=0.001) as client:
        return make_plan(client, desired)


def _paths(sandbox: Sandbox) -> Counter[str]:
    return Counter("settings" if r.path.endswith("/settings") else r.path for r in sandbox.log)


def test_unchanged_settings_shown_by_the_list_need_no_settings_read(tmp_path: Path) -> None:
    seed = generate_seed(250, seed=3)
    sandbox = Sandbox(seed, api_key=API_KEY)
    plan = _plan(sandbox, _config(seed), tmp_path)
    assert not plan.changes and not plan.problems
    assert _paths(sandbox) == Counter({"/accounts": 3, "/repost/schedules": 1})


def test_a_changed_setting_is_read_from_the_settings_endpoint(tmp_path: Path) -> None:
    seed = generate_seed(20, seed=3)
    sandbox = Sandbox(seed, api_key=API_KEY)
    config = _config(seed)
    config["accounts"][4]["repost"]["settings"]["speed"] = "very_fast"
    if seed["accounts"][4]["repost"]["settings"].get("speed") == "very_fast":
        config["accounts"][4]["repost"]["settings"]["speed"] = "very_slow"
    plan = _plan(sandbox, config, tmp_path)
    assert [c.key for c in plan.changes] == [seed["accounts"][4]["username"]]
    assert _paths(sandbox)["settings"] == 1


def test_concurrency_one_does_not_deadlock_on_many_pages(tmp_path: Path) -> None:
    seed = generate_seed(230, seed=5)
    sandbox = Sandbox(seed, dialect="guide", api_key=API_KEY)
    done: list[Plan] = []
    worker = threading.Thread(
        target=lambda: done.append(_plan(sandbox, _config(seed, "fast"), tmp_path, 1)),
        daemon=True)
    worker.start()
    worker.join(60)
    assert done, "plan did not finish: the client's pool deadlocked"
    assert len(done[0].changes) == sum(
        1 for a in seed["accounts"] if a["repost"]["settings"].get("speed") != "fast")


def test_a_detail_read_that_keeps_failing_is_that_schedules_problem(tmp_path: Path) -> None:
    seed = generate_seed(5, seed=3)
    sandbox = Sandbox(seed, api_key=API_KEY)
    config = _config(seed, "very_fast")
    sandbox.force_faults(*([None] * 3), *(["503-before"] * 5))  # the first settings read
    plan = _plan(sandbox, config, tmp_path, concurrency=1)
    (problem,) = plan.problems
    assert "could not be read" in problem.message and "answered 503" in problem.message
    needing = {a["username"] for a in seed["accounts"]
               if a["repost"]["settings"].get("speed") != "very_fast"}
    unread = next(u for u in needing if f'"{u}"' in problem.address)
    assert {c.key for c in plan.changes} == needing - {unread}  # the others are planned
