"""Bad answers from a server: a clear error naming the endpoint, never a crash or a wrong plan.

The sandbox answers everything else; a thin transport wrapper corrupts one endpoint's
answer the way a broken proxy or a different server version would.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from reconciler.cli import main
from reconciler.sandbox import Sandbox

from .conftest import API_KEY, SEED
from .test_acceptance import CONFIG

Corrupt = Callable[[httpx.Response], httpx.Response]


def _json(data: object, status: int = 200) -> Corrupt:
    return lambda _: httpx.Response(status, json=data)


CASES: dict[str, tuple[str, Corrupt, str]] = {
    "html error page": ("/api/v1/accounts", lambda _: httpx.Response(
        502, text="<html><body>Bad Gateway</body></html>",
        headers={"content-type": "text/html"}), "GET /accounts answered 502"),
    "not json": ("/api/v1/captions", lambda _: httpx.Response(200, text="OK"),
                 "GET /captions: unexpected answer: the answer is not JSON"),
    "missing field": ("/api/v1/accounts", _json({"result": 1, "data": [{"id": 11}],
                                                 "meta": {"count": 1}}),
                      "GET /accounts: unexpected answer: an item lacks the field 'username'"),
    "wrong type": ("/api/v1/repost/schedules", _json({"result": 1, "data": [
        {"account_id": 11, "is_active": "maybe", "target": []}], "meta": {"count": 1}}),
        "GET /repost/schedules: unexpected answer: field 'is_active': expected a boolean"),
    "settings not an object": ("/api/v1/repost/schedules/11/settings",
                               _json({"result": 1, "data": ["speed"]}),
                               "GET /repost/schedules/11/settings: unexpected answer"),
    "targets not a list": ("/api/v1/reactions/targets/types",
                           _json({"result": 1, "data": {"types": "hashtag"}}),
                           "GET /reactions/targets/types: unexpected answer"),
    "data is a string": ("/api/v1/accounts", _json({"result": 1, "data": "nope"}),
                         "GET /accounts: unexpected answer: expected a list"),
    "a redirect with a JSON body": ("/api/v1/captions", lambda _: httpx.Response(
        307, json={"result": 1, "data": []},
        headers={"location": "https://sso.example/login"}),
        "GET /captions answered 307, a redirect to https://sso.example/login; strec never "
        "follows redirects"),
    "JSON nested 100,000 deep": ("/api/v1/captions", lambda _: httpx.Response(
        200, content=b"[" * 100_000 + b"]" * 100_000),
        "GET /captions: unexpected answer: the answer nests deeper than 64 levels"),
    "a billion pages": ("/api/v1/accounts", _json({
        "result": 1, "data": [{"id": i, "username": f"u{i}"} for i in range(100)],
        "meta": {"page": 1, "per_page": 100, "total_pages": 1_000_000_000}}),
        "GET /accounts: unexpected answer: the list reports 1000000000 pages; strec reads "
        "at most 5000 pages of one list"),
    "an escape sequence in the message": ("/api/v1/captions", _json(
        {"result": 0, "message": "gone\x1b[2J\x1b]0;owned\x07"}, 422),
        "GET /captions answered 422: gone\\x1b[2J\\x1b]0;owned\\x07"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_answer_gives_a_clear_error(case: str,
                                        write_config: Callable[[str], Path]) -> None:
    where, corrupt, message = CASES[case]
    sandbox = Sandbox(copy.deepcopy(SEED), api_key=API_KEY)
    inner = sandbox.transport()

    def handler(request: httpx.Request) -> httpx.Response:
        response = inner.handle_request(request)
        response.read()
        return corrupt(response) if request.url.path == where else response

    result = CliRunner().invoke(
        main, ["plan", "-f", str(write_config(CONFIG))],
        env={"STREC_API_URL": "http://127.0.0.1/api/v1", "STREC_API_KEY": API_KEY},
        obj={"transport": httpx.MockTransport(handler)})
    assert result.exit_code == 1
    assert not isinstance(result.exception, Exception) or isinstance(result.exception,
                                                                     SystemExit)
    assert message in result.output, result.output
    assert "Traceback" not in result.output and "\x1b" not in result.output
    assert "Plan:" not in result.output  # no plan from a half-read state


def test_unknown_extra_fields_are_ignored(write_config: Callable[[str], Path]) -> None:
    sandbox = Sandbox(copy.deepcopy(SEED), api_key=API_KEY)
    inner = sandbox.transport()

    def handler(request: httpx.Request) -> httpx.Response:
        response = inner.handle_request(request)
        body = json.loads(response.read())
        if isinstance(body.get("data"), list):
            for item in body["data"]:
                if isinstance(item, dict):
                    item["brand_new_field_v2"] = {"x": 1}
        return httpx.Response(response.status_code, json=body)

    result = CliRunner().invoke(
        main, ["plan", "-f", str(write_config(CONFIG))],
        env={"STREC_API_URL": "http://127.0.0.1/api/v1", "STREC_API_KEY": API_KEY},
        obj={"transport": httpx.MockTransport(handler)})
    assert result.exit_code == 0, result.output
    assert "Plan: 1 to create, 4 to update, 0 to delete." in result.output


def _plan_through(rewrite: Callable[[str, dict[str, object]], dict[str, object]],
                  write_config: Callable[[str], Path]) -> tuple[int, str]:
    sandbox = Sandbox(copy.deepcopy(SEED), api_key=API_KEY)
    inner = sandbox.transport()

    def handler(request: httpx.Request) -> httpx.Response:
        response = inner.handle_request(request)
        body = json.loads(response.read())
        return httpx.Response(response.status_code, json=rewrite(request.url.path, body))

    result = CliRunner().invoke(
        main, ["plan", "-f", str(write_config(CONFIG))],
        env={"STREC_API_URL": "http://127.0.0.1/api/v1", "STREC_API_KEY": API_KEY},
        obj={"transport": httpx.MockTransport(handler)})
    return result.exit_code, result.output


def test_settings_nested_one_level_deeper_read_the_same(
    write_config: Callable[[str], Path]
) -> None:
    def nest(path: str, body: dict[str, object]) -> dict[str, object]:
        if path.endswith("/settings"):
            body["data"] = {"account_id": 11, "settings": body["data"]}
        return body

    code, output = _plan_through(nest, write_config)
    assert code == 0, output
    assert "Plan: 1 to create, 4 to update, 0 to delete." in output


def test_targets_as_an_undecoded_json_string(write_config: Callable[[str], Path]) -> None:
    def encode(path: str, body: dict[str, object]) -> dict[str, object]:
        if path.endswith("/schedules") and isinstance(body.get("data"), list):
            for item in body["data"]:  # type: ignore[attr-defined]
                item["target"] = json.dumps(item["target"])
        return body

    code, output = _plan_through(encode, write_config)
    assert code == 0, output
    assert "- target hashtag:b" in output and "+ target hashtag:c" in output


@pytest.mark.parametrize(("field", "fails"), [("speed", True), ("mqtt", False)])
def test_garbage_setting_fails_only_when_declared(field: str, fails: bool,
                                                  write_config: Callable[[str], Path]) -> None:
    def spoil(path: str, body: dict[str, object]) -> dict[str, object]:
        if path.endswith("/settings"):
            for group in body["data"].values():  # type: ignore[attr-defined]
                if isinstance(group, dict) and field in group:
                    group[field] = ["not", "a", "value"] if field == "speed" else "maybe"
        return body

    code, output = _plan_through(spoil, write_config)
    if fails:  # a declared field the plan cannot read: an error, never a guessed plan
        assert code == 1 and "settings field 'speed'" in output
    else:
        assert code == 0, output
