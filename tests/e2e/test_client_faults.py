"""The client against injected faults: safe requests retry, creates never duplicate."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from reconciler.api.client import ApiClient
from reconciler.errors import ApiError, ApiStatusError
from reconciler.sandbox import Sandbox

from .conftest import API_KEY, SEED


def _client(sandbox: Sandbox, **kw: float) -> ApiClient:
    return ApiClient("http://127.0.0.1/api/v1", API_KEY, transport=sandbox.transport(),
                     backoff_seconds=0.001, **kw)  # type: ignore[arg-type]


def test_reads_retry_through_503() -> None:
    sandbox = Sandbox(copy.deepcopy(SEED), api_key=API_KEY)
    sandbox.force_faults("503-before", "503-before")
    with _client(sandbox) as client:
        assert len(client.list_all("/captions")) == 2
    assert [r.fault for r in sandbox.log] == ["503-before", "503-before", None]


@pytest.mark.parametrize("fault", ["500-after", "drop-after"])
def test_lost_create_is_reread_not_resent(fault: str) -> None:
    sandbox = Sandbox(copy.deepcopy(SEED), api_key=API_KEY)
    sandbox.force_faults(fault)
    with _client(sandbox) as client:
        exists = lambda: any(c["title"] == "x" for c in client.list_all("/captions"))  # noqa: E731
        answer = client.create("POST", "/captions", {"title": "x", "caption": "y"}, exists)
    assert answer is None  # found by the re-read, not sent again
    titles = [c.title for c in sandbox.state.captions.values()]
    assert titles.count("x") == 1


def test_create_failed_before_write_is_sent_again() -> None:
    sandbox = Sandbox(copy.deepcopy(SEED), api_key=API_KEY)
    sandbox.force_faults("503-before")
    with _client(sandbox) as client:
        exists = lambda: any(c["title"] == "x" for c in client.list_all("/captions"))  # noqa: E731
        answer = client.create("POST", "/captions", {"title": "x", "caption": "y"}, exists)
    assert answer is not None and answer.status == 201
    assert [c.title for c in sandbox.state.captions.values()].count("x") == 1


def test_terminal_errors_are_not_retried() -> None:
    sandbox = Sandbox(copy.deepcopy(SEED), api_key="sht_" + "f" * 64)
    with _client(sandbox) as client, pytest.raises(ApiStatusError) as err:
        client.get("/accounts")
    assert err.value.status == 401 and len(sandbox.log) == 1


def test_plain_http_to_a_remote_host_is_refused() -> None:
    with pytest.raises(ApiError, match="https"):
        ApiClient("http://api.example.com/api/v1", API_KEY)


def test_insecure_http_needs_the_explicit_flag(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from reconciler.cli import main

    sandbox = Sandbox(copy.deepcopy(SEED), api_key=API_KEY)
    config = tmp_path / "strec.yaml"
    config.write_text("version: 1\ncaptions: [{title: keep-me, caption: Untouched}]\n")
    env = {"STREC_API_URL": "http://api.example.com/api/v1", "STREC_API_KEY": API_KEY}
    refused = CliRunner().invoke(main, ["plan", "-f", str(config)], env=env,
                                 obj={"transport": sandbox.transport()})
    assert refused.exit_code == 1 and "use https" in refused.output
    assert sandbox.log == []
    allowed = CliRunner().invoke(main, ["--allow-insecure-http", "plan", "-f", str(config)],
                                 env=env, obj={"transport": sandbox.transport()})
    assert allowed.exit_code == 0, allowed.output


def _plan_against(url: str, tmp_path: Path) -> tuple[int, str, float]:
    import time

    from click.testing import CliRunner

    from reconciler.cli import main

    config = tmp_path / "strec.yaml"
    config.write_text("version: 1\ncaptions: [{title: keep-me, caption: Untouched}]\n")
    started = time.monotonic()
    result = CliRunner().invoke(main, ["plan", "-f", str(config)],
                                env={"STREC_API_URL": url, "STREC_API_KEY": API_KEY})
    return result.exit_code, result.output, time.monotonic() - started


def test_a_closed_port_is_one_clear_line_at_once(tmp_path: Path) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code, output, seconds = _plan_against(f"http://127.0.0.1:{port}/api/v1", tmp_path)
    assert code == 1 and seconds < 2, output
    assert output.strip().splitlines()[-1] == (
        f"Error: GET /captions: connection refused by 127.0.0.1:{port}: is the server "
        "running, and is STREC_API_URL right?")
    assert "Traceback" not in output


def test_an_unknown_host_is_one_clear_line_at_once(tmp_path: Path) -> None:
    code, output, seconds = _plan_against("https://strec-test.invalid/api/v1", tmp_path)
    assert code == 1 and seconds < 5, output
    assert "Error: GET /captions: cannot resolve the host name strec-test.invalid" in output
    assert "Traceback" not in output
