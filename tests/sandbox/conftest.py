"""Fixtures: sandboxes of both dialects and httpx clients bound to them in-process."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from sandbox_helpers import client_for, login_seed, make_seed

from reconciler.sandbox import Sandbox


@pytest.fixture
def sb() -> Sandbox:
    return Sandbox(make_seed())


@pytest.fixture
def guide_sb() -> Sandbox:
    return Sandbox(make_seed(), dialect="guide")


@pytest.fixture
def client(sb: Sandbox) -> Iterator[httpx.Client]:
    with client_for(sb) as c:
        yield c


@pytest.fixture
def guide(guide_sb: Sandbox) -> Iterator[httpx.Client]:
    with client_for(guide_sb) as c:
        yield c


@pytest.fixture(params=["reference", "guide"])
def any_client(request: pytest.FixtureRequest) -> Iterator[httpx.Client]:
    with client_for(Sandbox(make_seed(), dialect=request.param)) as c:
        yield c


# Login and challenge tests: a sandbox seeded with scripted login outcomes.


@pytest.fixture
def lsb() -> Sandbox:
    return Sandbox(login_seed())


@pytest.fixture
def lc(lsb: Sandbox) -> Iterator[httpx.Client]:
    with client_for(lsb) as c:
        yield c


@pytest.fixture(params=["reference", "guide"])
def both(request: pytest.FixtureRequest) -> Iterator[tuple[Sandbox, httpx.Client]]:
    sb = Sandbox(login_seed(), dialect=request.param)
    with client_for(sb) as c:
        yield sb, c
