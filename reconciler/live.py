"""API -> live State, normalized to the desired state's shape, through the kinds.

Reads only what the desired state manages: each kind names its lists and single reads
(`Kind.reads`) and its per-object reads (`Kind.details`). Flat rounds keep the pool busy
and no worker ever waits on the pool: round 1 reads every list's first page and every
single read in parallel, and each list's other pages start as soon as its page 1 is in;
then each kind, in registry order (accounts first), builds its live objects; round 2
the per-object reads. An error or Ctrl-C starts no page not already started.
A module the API key's plan lacks (403) or the server lacks (503) is recorded for that
module's objects, and the other modules go on; a per-object read that fails every retry
is a problem for that object alone.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from functools import partial
from typing import Any

from reconciler.api.client import ApiClient, objects
from reconciler.api.envelope import ListPage
from reconciler.errors import ApiError, ApiStatusError
from reconciler.gcpause import collector_paused
from reconciler.kinds import KINDS
from reconciler.kinds.base import GATES, Detail, Kind, Read
from reconciler.state import State


def fetch_live(client: ApiClient, desired: State,
               extra: Mapping[str, Callable[[], Any]] | None = None) -> State:
    """Read the live state of everything `desired` manages.

    `extra` reads (e.g. `strec status`'s logs and subscription) run in round 1 too; their
    results, an ApiError where one failed, are in `live.parts["extra"]` by name.
    """
    with collector_paused():
        return _fetch(client, desired, extra)


def _fetch(client: ApiClient, desired: State,
           extra: Mapping[str, Callable[[], Any]] | None) -> State:
    live = State(panel=_panel(client.base_url))
    planned: list[tuple[Kind, Read]] = [(k, r) for k in KINDS for r in k.reads(desired)]
    results = _first_rounds(client, live, planned, dict(extra or {}))
    live.dialect = client.dialect
    for kind in KINDS:
        if kind.name not in live.module_errors:
            kind.ingest(desired, live, results[kind.name])
    del results  # the kinds keep what they need; the lists' answers go before round 2
    _details(client, live, [d for k in KINDS if k.name not in live.module_errors
                            for d in k.details(desired, live)])
    return live


def _first_rounds(client: ApiClient, live: State, planned: list[tuple[Kind, Read]],
                  more: dict[str, Callable[[], Any]]) -> dict[str, dict[str, Any]]:
    """Every list (all its pages) and single read, by kind and Read name; gated modules
    recorded in `live.module_errors`, the `extra` reads' results in its parts."""
    pages = _Pages(client)
    try:
        answers = client.map(_capture, [
            *(partial(pages.first, r.path) if r.paged else partial(client.get, r.path)
              for _, r in planned), *more.values()])
        first = answers[: len(planned)]
        live.parts["extra"] = dict(zip(more, answers[len(planned):], strict=True))
        results: dict[str, dict[str, Any]] = {k.name: {} for k in KINDS}
        lists: list[tuple[list[Any], list[Future[list[Any]]]]] = []
        for (kind, read), answer in zip(planned, first, strict=True):
            if isinstance(answer, ApiStatusError) and answer.status in read.gates:
                live.module_errors.setdefault(kind.name, GATES.get(
                    answer.status, f"this installation's API has no such endpoints "
                                   f"({answer.status})"))
                continue
            if isinstance(answer, Exception):
                raise answer
            if not read.paged:
                results[kind.name][read.name] = answer
                continue
            page, started = answer
            if isinstance(started, ApiError):
                raise started
            lists.append((results[kind.name].setdefault(read.name, list(page.items)), started))
        for items, started in lists:  # every first answer is good: now wait for the rest
            for future in started:
                items.extend(future.result())
    except BaseException:
        pages.stop()  # pages not started are not sent (an error, Ctrl-C)
        raise
    for kind, read in planned:
        found = results[kind.name]
        if read.paged and read.name in found:
            found[read.name] = objects(found[read.name], read.path)
    return results


Started = list["Future[list[Any]]"] | ApiError  # a list's other pages, or why not


class _Pages:
    """Page 1 of each list, and its other pages started as soon as page 1 says how many
    there are: they need not wait for the round's slowest read (the reference's whole
    schedule list of every account). The main thread takes them in order."""

    def __init__(self, client: ApiClient) -> None:
        self._client = client
        self._lock = threading.Lock()
        self._stopped = False
        self._futures: list[Future[list[Any]]] = []

    def first(self, path: str) -> tuple[ListPage, Started]:
        """Page 1 (on a worker); the other pages are started, never waited for here."""
        page = self._client.page(path, {}, 1)
        try:
            reads = self._client.rest_of(path, {}, page)
        except ApiError as exc:  # past a cap on pages: raised in order, by the caller
            return page, exc
        with self._lock:
            if self._stopped:
                return page, []
            started = [self._client.submit(r) for r in reads]
            self._futures += started
        return page, started

    def stop(self) -> None:
        """No page not yet started will be (an error, or Ctrl-C, in the main thread)."""
        with self._lock:
            self._stopped = True
            for future in self._futures:
                future.cancel()


def _capture(read: Callable[[], Any]) -> Any:
    """Run a read; an API error becomes the result, so one gated module does not stop
    the others (the caller decides which errors are fatal)."""
    try:
        return read()
    except ApiError as exc:
        return exc


def _details(client: ApiClient, live: State, jobs: list[Detail]) -> None:
    def run(job: Detail) -> None:
        try:
            data = client.get(job.path)
        except ApiError as exc:
            live.read_errors[job.address] = str(exc)
            return
        job.handle(data)

    client.map(run, jobs)


def _panel(base_url: str) -> str:
    """The web panel's root: the API base URL without its `/api/v1` ending."""
    root = base_url.rstrip("/")
    for suffix in ("/api/v1", "/api"):
        if root.endswith(suffix):
            return root[: -len(suffix)]
    return root
