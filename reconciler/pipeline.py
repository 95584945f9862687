"""The one-way flow, wired: config -> desired; API -> live; diff -> plan; apply."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import httpx

from reconciler.api.client import DEFAULT_CONCURRENCY, ApiClient
from reconciler.config import load_expanded
from reconciler.connection import Connection
from reconciler.desired import desired_state
from reconciler.diff import count_existing, diff
from reconciler.live import fetch_live
from reconciler.plan import Plan
from reconciler.safety import Thresholds, assess
from reconciler.selectors import Scope
from reconciler.state import State


def load_desired(path: str | Path, *, env: Mapping[str, str] | None = None,
                 variables: Mapping[str, object] | None = None,
                 vars_files: Sequence[Path] = (), allow_outside_files: bool = False) -> State:
    """Parse, render and validate the config (ConfigError lists every problem) into a State.

    Non-secret references are resolved from `env` (default: the process environment);
    `variables` and `vars_files` feed `*.j2` templates; `allow_outside_files` lets the
    config read files outside its directory.
    """
    loaded = load_expanded(path, variables=variables, vars_files=vars_files,
                           allow_outside_files=allow_outside_files)
    state = desired_state(loaded, env=env, source=str(path))
    safety = loaded.config.safety
    state.options["safety"] = Thresholds(safety.max_update_share, safety.max_delete_share,
                                         safety.min_objects)
    return state


def open_client(conn: Connection, *, transport: httpx.BaseTransport | None = None,
                concurrency: int = DEFAULT_CONCURRENCY, backoff_seconds: float = 0.5,
                allow_insecure_http: bool = False) -> ApiClient:
    """A client for `conn`; tests pass the sandbox's transport to run in-process."""
    return ApiClient(conn.base_url, conn.api_key, transport=transport, concurrency=concurrency,
                     backoff_seconds=backoff_seconds, allow_insecure_http=allow_insecure_http)


def make_plan(client: ApiClient, desired: State, *,
              rotate_passwords: frozenset[str] = frozenset()) -> Plan:
    """Read what `desired` manages and diff it."""
    return diff(desired, fetch_live(client, desired), rotate_passwords=rotate_passwords)


@dataclass
class Planned:
    """A plan with the desired and live states it came from (for fingerprints)."""

    desired: State
    live: State
    plan: Plan


@dataclass(frozen=True)
class PlanOptions:
    """How to plan: passwords to rotate, pending as errors, limits and their override."""

    rotate_passwords: frozenset[str] = frozenset()
    strict: bool = False
    max_update_share: float | None = None
    max_delete_share: float | None = None
    force: bool = False


def plan_in_scope(client: ApiClient, desired: State, scope: Scope, *,
                  rotate_passwords: frozenset[str] = frozenset(),
                  options: PlanOptions | None = None) -> Planned:
    """Narrow the desired state to the scope, read only that, diff, filter the plan, and
    judge its size against the limits (the config's, overridden by the command line)."""
    opts = options or PlanOptions(rotate_passwords=rotate_passwords)
    if rotate_passwords:
        opts = replace(opts, rotate_passwords=rotate_passwords)
    narrowed = scope.narrow(desired)
    live = fetch_live(client, narrowed)
    plan = scope.filter(diff(narrowed, live, rotate_passwords=opts.rotate_passwords,
                             strict=opts.strict))
    if scope.shard is not None:  # the limits weigh this shard's own objects
        plan.existing = count_existing(scope.narrow(desired, records=False), live)
    limits = desired.options.get("safety", Thresholds())
    plan.safety = assess(plan, limits.overridden(opts.max_update_share, opts.max_delete_share),
                         forced=opts.force)
    return Planned(narrowed, live, plan)
