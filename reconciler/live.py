"""API -> live State, normalized to the desired state's shape, through the kinds.

Reads only what the desired state manages: each kind names its lists and single reads
(`Kind.reads`) and its per-object reads (`Kind.details`). No worker ever waits on the
pool: every first read starts at once, and each list's other pages as soon as its page
1 is in; then each kind, in registry order (accounts first), builds its live objects as
soon as its own reads are in, and starts its per-object reads, so a kind need not wait
for a slower kind's list (the reference's whole schedule list). An error or Ctrl-C
starts nothing more. A module the API key's plan lacks (403) or the server lacks (503)
is recorded for that module's objects, and the other modules go on; a per-object read
that fails every retry is a problem for that object alone.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, wait
from functools import partial
from typing import Any, TypeVar

from reconciler.api.client import ApiClient, objects
from reconciler.api.envelope import ListPage
from reconciler.errors import ApiError, ApiStatusError
from reconciler.gcpause import collector_paused
from reconciler.kinds import KINDS
from reconciler.kinds.base import GATES, Detail, Kind, Read
from reconciler.state import State

T = TypeVar("T")


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
    more = dict(extra or {})
    work = _Work(client)
    try:
        firsts = [work.start(partial(_capture, partial(work.first, r.path) if r.paged
                                     else partial(client.get, r.path))) for _, r in planned]
        extras = [work.start(partial(_capture, read)) for read in more.values()]
        order = _FirstAnswers(planned, firsts)
        details: list[Future[None]] = []
        for kind in KINDS:  # each kind as soon as its own reads are in, in registry order
            results = _results(kind, order, live)
            if kind.name in live.module_errors:
                continue
            live.dialect = client.dialect
            kind.ingest(desired, live, results)
            del results  # the kind keeps what it needs of the lists' answers
            details += [work.start(partial(_detail, client, live, job))
                        for job in kind.details(desired, live)]
        live.parts["extra"] = dict(zip(more, (f.result() for f in extras), strict=True))
        for future in details:
            future.result()
    except BaseException:
        work.stop()  # reads not started are not sent (an error, Ctrl-C)
        raise
    live.dialect = client.dialect
    return live


class _FirstAnswers:
    """The first reads' answers, and their errors raised in the order the reads were
    planned as soon as every read before the failed one has answered: a failed read is
    noticed while another kind is still being read, and the same error is raised as if
    all had been awaited first."""

    def __init__(self, planned: list[tuple[Kind, Read]], firsts: list[Future[Any]]) -> None:
        self.planned, self.firsts = planned, firsts
        self._checked = 0

    def _check(self) -> None:
        while self._checked < len(self.firsts) and self.firsts[self._checked].done():
            answer = self.firsts[self._checked].result()
            read = self.planned[self._checked][1]
            gated = isinstance(answer, ApiStatusError) and answer.status in read.gates
            if isinstance(answer, Exception) and not gated:
                raise answer
            self._checked += 1

    def wait(self, future: Future[T]) -> T:
        """`future`'s result, raising meanwhile any first read's error that is due."""
        while not future.done():
            pending = [f for f in self.firsts[self._checked:] if not f.done()]
            wait([future, *pending], return_when=FIRST_COMPLETED)
            self._check()
        self._check()
        return future.result()


def _results(kind: Kind, order: _FirstAnswers, live: State) -> dict[str, Any]:
    """One kind's reads (every page of its lists), by Read name, once they are in; a
    gated module recorded in `live.module_errors`."""
    found: dict[str, Any] = {}
    lists: list[tuple[list[Any], list[Future[list[Any]]]]] = []
    mine = [(read, future) for (owner, read), future in zip(order.planned, order.firsts,
                                                            strict=True) if owner is kind]
    for read, future in mine:
        answer = order.wait(future)
        if isinstance(answer, ApiStatusError) and answer.status in read.gates:
            live.module_errors.setdefault(kind.name, GATES.get(
                answer.status, f"this installation's API has no such endpoints "
                               f"({answer.status})"))
            continue
        if not read.paged:
            found[read.name] = answer
            continue
        page, started = answer
        if isinstance(started, ApiError):
            raise started
        lists.append((found.setdefault(read.name, list(page.items)), started))
    for items, started in lists:
        for more in started:
            chunk: list[Any] = order.wait(more)
            items.extend(chunk)
    for read, _ in mine:
        if read.paged and read.name in found:
            found[read.name] = objects(found[read.name], read.path)
    return found


Started = list["Future[list[Any]]"] | ApiError  # a list's other pages, or why not


class _Work:
    """Every read of a fetch, started on the client's pool as soon as it can be: the
    first round at once, a list's other pages when its page 1 says how many, a kind's
    per-object reads when its lists are ingested. Only the main thread waits."""

    def __init__(self, client: ApiClient) -> None:
        self._client = client
        self._lock = threading.Lock()
        self._stopped = False
        self._futures: list[Future[Any]] = []

    def start(self, fn: Callable[[], T]) -> Future[T]:
        with self._lock:
            if self._stopped:
                raise RuntimeError("the live reads were stopped")
            future = self._client.submit(fn)
            self._futures.append(future)
        return future

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
        """Nothing not yet started will be (an error, or Ctrl-C, in the main thread)."""
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


def _detail(client: ApiClient, live: State, job: Detail) -> None:
    try:
        data = client.get(job.path)
    except ApiError as exc:
        live.read_errors[job.address] = str(exc)
        return
    job.handle(data)


def _panel(base_url: str) -> str:
    """The web panel's root: the API base URL without its `/api/v1` ending."""
    root = base_url.rstrip("/")
    for suffix in ("/api/v1", "/api"):
        if root.endswith(suffix):
            return root[: -len(suffix)]
    return root
