"""How plan reads: flat rounds (a list's other pages start as soon as its first page is
in), settings from the schedule list when it shows them, no deadlock at any concurrency,
nothing more started after a failed first round, and a failed detail read confined to
its schedule."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest

from reconciler.connection import Connection
from reconciler.errors import ApiStatusError
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


class _Gate(httpx.BaseTransport):
    """The sandbox in-process, with one path held or failed, to see what else goes out."""

    def __init__(self, sandbox: Sandbox, hold: str, until: str = "", status: int = 0,
                 slow_pages: float = 0.0) -> None:
        self._inner = sandbox.transport()
        self._hold, self._until, self._status = hold, until, status
        self._slow = slow_pages
        self.seen = threading.Event()
        self.held_until_seen = False

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        target = request.url.raw_path.decode()
        if self._until and self._until in target:
            self.seen.set()
        if self._slow and target.startswith("/api/v1/accounts?") and "page=1&" not in target:
            time.sleep(self._slow)  # pages 2… take a while: the error is seen meanwhile
        if target.startswith("/api/v1" + self._hold + "?") or target.endswith(self._hold):
            if self._status:
                return httpx.Response(self._status, json={"result": 0, "message": "no"})
            self.held_until_seen = self.seen.wait(10)
        return self._inner.handle_request(request)


def _plan_over(transport: httpx.BaseTransport, config: dict[str, Any], tmp_path: Path,
               concurrency: int) -> Plan:
    path = tmp_path / "strec.yaml"
    path.write_text(json.dumps(config), encoding="utf-8")
    conn = Connection("http://127.0.0.1/api/v1", API_KEY)
    with open_client(conn, transport=transport, concurrency=concurrency,
                     backoff_seconds=0.001) as client:
        return make_plan(client, load_desired(path))


def test_a_lists_other_pages_do_not_wait_for_the_rounds_slowest_read(tmp_path: Path) -> None:
    seed = generate_seed(250, seed=3)
    gate = _Gate(Sandbox(seed, api_key=API_KEY), "/repost/schedules", until="page=3")
    plan = _plan_over(gate, _config(seed), tmp_path, 4)
    assert not plan.changes and gate.held_until_seen  # page 3 went out while it was held


def test_a_failed_first_round_starts_no_more_pages(tmp_path: Path) -> None:
    seed = generate_seed(1000, seed=3)
    sandbox = Sandbox(seed, api_key=API_KEY)
    gate = _Gate(sandbox, "/repost/schedules", status=400, slow_pages=0.05)
    with pytest.raises(ApiStatusError):
        _plan_over(gate, _config(seed), tmp_path, 1)
    pages = [r for r in sandbox.log if r.path == "/accounts"]
    assert len(pages) <= 2  # page 1, and at most one that had started; not all 10


def test_a_kinds_detail_reads_do_not_wait_for_a_slower_kinds_list(tmp_path: Path) -> None:
    seed = generate_seed(30, seed=3)
    config = _config(seed, "very_fast")
    for account in config["accounts"]:
        account["reactions"] = {"settings": {"likes_speed": 1}}
    gate = _Gate(Sandbox(seed, api_key=API_KEY), "/reactions/schedules", until="/settings")
    plan = _plan_over(gate, config, tmp_path, 4)
    assert plan.changes and gate.held_until_seen  # a repost settings read went out first
