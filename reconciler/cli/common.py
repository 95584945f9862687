"""Options and helpers the commands share."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click
import httpx

from reconciler.api.client import DEFAULT_CONCURRENCY, ApiClient
from reconciler.connection import connection_from_env
from reconciler.pipeline import open_client

F = TypeVar("F", bound=Callable[..., Any])


def config_option(fn: F) -> F:
    return click.option(
        "-f", "--file", "path", default="strec.yaml", show_default=True,
        type=click.Path(dir_okay=True, file_okay=True),
        help="Config file, or a directory of *.yaml/*.yml/*.j2 files (merged).",
    )(fn)


def concurrency_option(fn: F) -> F:
    return click.option(
        "--concurrency", default=DEFAULT_CONCURRENCY, show_default=True,
        type=click.IntRange(1, 64), help="API requests in flight at once.",
    )(fn)


def limit_options(fn: F) -> F:
    """The change-size limits, overriding the config's `safety:` for this run."""
    fn = click.option("--max-delete-share", type=click.FloatRange(0, 1), default=None,
                      help="Largest share of managed objects one plan deletes "
                           "(default: the config's safety.max_delete_share, else 0.3).")(fn)
    return click.option("--max-update-share", type=click.FloatRange(0, 1), default=None,
                        help="Largest share of managed objects one plan updates "
                             "(default: the config's safety.max_update_share, else 0.3).")(fn)


def shard_option(fn: F) -> F:
    return click.option(
        "--shard", "shard", default=None, metavar="K/N",
        help="Only the K-th of N stable slices of the accounts (captions and uploads: "
             "shard 1), so N CI jobs can split a large installation.")(fn)


def scope_options(fn: F) -> F:
    fn = click.option("--exclude", "excludes", multiple=True, metavar="SELECTOR",
                      help="Leave these out (same forms as --target).")(fn)
    return click.option(
        "--target", "targets", multiple=True, metavar="SELECTOR",
        help="Only these objects: account:GLOB, module:repost|reactions, caption:GLOB, "
             "or a bare GLOB (repeatable).")(fn)


DEFAULT_BACKOFF = 0.5


def retry_backoff() -> float:
    """STREC_RETRY_BACKOFF: the base, in seconds, of the exponential backoff between
    retries of transient failures (default 0.5; at most 10)."""
    raw = os.environ.get("STREC_RETRY_BACKOFF", "").strip()
    try:
        value = float(raw) if raw else DEFAULT_BACKOFF
    except ValueError:
        raise click.UsageError("STREC_RETRY_BACKOFF must be a number of seconds") from None
    return min(max(value, 0.0), 10.0)


def client_for(ctx: click.Context, concurrency: int) -> ApiClient:
    """A client from STREC_API_URL / STREC_API_KEY; tests may put a transport in ctx.obj."""
    obj = ctx.find_root().obj or {}
    transport: httpx.BaseTransport | None = obj.get("transport")
    return open_client(connection_from_env(), transport=transport, concurrency=concurrency,
                       backoff_seconds=retry_backoff(),
                       allow_insecure_http=bool(obj.get("allow_insecure_http")))


def use_color() -> bool:
    """Colours only on a terminal, and never with NO_COLOR set (no-color.org)."""
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ
