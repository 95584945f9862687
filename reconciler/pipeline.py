"""The one-way flow, wired: config -> desired; API -> live; diff -> plan; apply."""

from __future__ import annotations

from pathlib import Path

import httpx

from reconciler.api.client import DEFAULT_CONCURRENCY, ApiClient
from reconciler.config import load_config
from reconciler.connection import Connection
from reconciler.desired import desired_state
from reconciler.diff import diff
from reconciler.live import fetch_live
from reconciler.plan import Plan
from reconciler.state import State


def load_desired(path: str | Path) -> State:
    """Parse and validate the config (raises ConfigError with every problem) into a State."""
    return desired_state(load_config(path))


def open_client(conn: Connection, *, transport: httpx.BaseTransport | None = None,
                concurrency: int = DEFAULT_CONCURRENCY) -> ApiClient:
    """A client for `conn`; tests pass the sandbox's transport to run in-process."""
    return ApiClient(conn.base_url, conn.api_key, transport=transport, concurrency=concurrency)


def make_plan(client: ApiClient, desired: State) -> Plan:
    """Read what `desired` manages and diff it."""
    return diff(desired, fetch_live(client, desired))
