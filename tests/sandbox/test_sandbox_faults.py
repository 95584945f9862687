"""Faults, latency, the request log, and the real HTTP server."""

from __future__ import annotations

import contextlib
import threading
import time
from collections import Counter

import httpx
import pytest
from sandbox_helpers import KEY, client_for, data, make_seed

from reconciler.sandbox import Sandbox


def test_request_log_records_everything(sb: Sandbox, client: httpx.Client) -> None:
    client.get("/accounts", params={"page": "2"})
    client.post("/captions", json={"title": "t", "caption": "c"})
    first, second = sb.log
    assert (first.method, first.path, first.query, first.status) == (
        "GET", "/accounts", {"page": "2"}, 200,
    )  # fmt: skip
    assert second.body == {"title": "t", "caption": "c"} and second.status == 201
    assert sb.writes() == [second] and second.fault is None
    sb.clear_log()
    assert sb.log == []


def test_503_before_is_not_applied(sb: Sandbox, client: httpx.Client) -> None:
    sb.force_faults("503-before")
    r = client.post("/repost/schedules/11/activate")
    assert r.status_code == 503 and r.json()["result"] == 0
    assert not sb.state.schedule("repost", 11).is_active  # type: ignore[union-attr]
    record = sb.writes()[-1]
    assert record.fault == "503-before" and record.app_status is None


def test_500_after_is_applied(sb: Sandbox, client: httpx.Client) -> None:
    sb.force_faults("500-after")
    r = client.post("/repost/schedules/11/activate")
    assert r.status_code == 500
    assert sb.state.schedule("repost", 11).is_active  # type: ignore[union-attr]
    assert client.post("/repost/schedules/11/activate").status_code == 409
    assert sb.writes()[0].fault == "500-after" and sb.writes()[0].app_status == 200


def test_drop_after_in_process_raises_remote_protocol_error(
    sb: Sandbox, client: httpx.Client
) -> None:
    sb.force_faults("drop-after")
    with pytest.raises(httpx.RemoteProtocolError):
        client.post("/captions", json={"title": "t", "caption": "c"})
    assert any(c.title == "t" for c in sb.state.captions.values())
    record = sb.writes()[-1]
    assert record.fault == "drop-after" and record.status is None and record.app_status == 201


def test_drop_after_over_real_http_is_a_transport_error(sb: Sandbox) -> None:
    sb.force_faults("drop-after")
    with sb.serve() as base, httpx.Client(base_url=base, headers={"X-API-Key": KEY}) as c:
        with pytest.raises(httpx.TransportError):
            c.post("/repost/schedules/11/activate")
        assert sb.state.schedule("repost", 11).is_active  # type: ignore[union-attr]
        assert c.post("/repost/schedules/11/activate").status_code == 409  # server still up


def test_random_faults_are_seeded_and_cover_every_kind() -> None:
    def run() -> list[str | None]:
        sb = Sandbox(make_seed(), fault_rate=0.5, fault_seed=7)
        with client_for(sb) as c:
            for i in range(60):
                with contextlib.suppress(httpx.RemoteProtocolError):
                    c.post("/captions", json={"title": f"t{i}", "caption": "c"})
                c.get("/accounts")
        return [r.fault for r in sb.log]

    first = run()
    assert first == run()
    kinds = Counter(first)
    assert {"503-before", "500-after", "drop-after", None} <= set(kinds)
    assert 30 < sum(v for k, v in kinds.items() if k) < 90


def test_get_faults_are_always_503() -> None:
    sb = Sandbox(make_seed(), fault_rate=1.0)
    with client_for(sb) as c:
        assert {c.get("/accounts").status_code for _ in range(10)} == {503}
    assert {r.fault for r in sb.log} == {"503-before"}


def test_latency_over_threaded_server_overlaps() -> None:
    sb = Sandbox(make_seed(), latency_ms=200)
    with sb.serve() as base:
        statuses: list[int] = []

        def fetch() -> None:
            with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {KEY}"}) as c:
                statuses.append(c.get("/accounts").status_code)

        started = time.monotonic()
        threads = [threading.Thread(target=fetch) for _ in range(5)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
    assert statuses == [200] * 5
    assert 0.2 <= elapsed < 0.8


def test_serve_base_url_and_guide_over_http() -> None:
    sb = Sandbox(make_seed(), dialect="guide")
    with sb.serve() as base, httpx.Client(base_url=base, headers={"X-API-Key": KEY}) as c:
        assert base.startswith("http://127.0.0.1:") and base.endswith("/api/v1")
        assert data(c.get("/repost/schedules"))["total"] == 3
        assert c.get("/accounts", headers={"X-API-Key": "nope"}).status_code == 401
    assert [r.path for r in sb.log] == ["/repost/schedules", "/accounts"]
