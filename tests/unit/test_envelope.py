"""Both dialects' envelopes and list shapes decode to the same thing."""

from __future__ import annotations

import pytest

from reconciler.api.envelope import Dialect, decode, list_page
from reconciler.errors import ApiProtocolError


def test_reference_success_and_meta() -> None:
    env = decode({"result": 1, "message": "ok", "data": [{"id": 1}],
                  "meta": {"page": 1, "per_page": 100, "total": 250, "total_pages": 3}})
    assert env.ok and env.dialect is Dialect.REFERENCE
    page = list_page(env, "GET", "/x")
    assert page.items == [{"id": 1}] and page.total_pages == 3


def test_reference_unpaged_count() -> None:
    env = decode({"result": 1, "data": [], "meta": {"count": 0}})
    assert list_page(env, "GET", "/x").total_pages == 1


def test_reference_error() -> None:
    env = decode({"result": 0, "message": "nope", "errors": {"speed": "bad"}})
    assert not env.ok and env.errors == {"speed": "bad"}


def test_guide_items() -> None:
    env = decode({"status": "success",
                  "data": {"items": [{"id": 1}, {"id": 2}], "total": 84, "page": 1,
                           "per_page": 20}})
    assert env.dialect is Dialect.GUIDE
    page = list_page(env, "GET", "/x")
    assert len(page.items) == 2 and page.total_pages == 5


def test_guide_success_flag_and_targets_key() -> None:
    env = decode({"success": True, "data": {"targets": [{"type": "hashtag"}], "total": 1}})
    assert env.ok and env.dialect is Dialect.GUIDE
    assert list_page(env, "GET", "/t").items == [{"type": "hashtag"}]


def test_not_a_list_is_a_protocol_error() -> None:
    with pytest.raises(ApiProtocolError, match="GET /x"):
        list_page(decode({"result": 1, "data": {"foo": 1}}), "GET", "/x")
