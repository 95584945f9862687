#!/usr/bin/env python3
"""Benchmark the sandbox itself: what one list page costs it, and which HTTP server serves
it best with many keep-alive clients.

strec's own benchmark (bench_plan_apply.py) runs strec and the sandbox on the same two
cores, so every millisecond of sandbox CPU is taken from strec. This script measures the
sandbox alone, in three parts:

1. handler: the WSGI app called in-process (no HTTP) for the first and the last page of
   `GET /accounts?per_page=100` at each size: CPU microseconds per request. An O(page)
   list costs the same on every page and at every size; an O(all) list grows with size.
2. http: each server candidate serves the sandbox from a child process on 127.0.0.1;
   16 client threads (each with one kept-alive `http.client` connection) GET list pages
   round-robin. Reported: requests/s (wall) and the server process's CPU per request
   (user + system, read from the child itself), so client CPU is not counted.
3. lifecycle: how long `serve()` takes to start, answer one request and stop, as the
   tests do many times (in this process, small seed).

Candidates: "http11" (the hand-written server, reconciler/sandbox/http11.py), "cheroot"
and "waitress" (both from PyPI; a candidate whose package is missing is skipped), each
with 32 worker threads. Every request loop is bounded by a count and a deadline.

    .venv/bin/python benchmarks/bench_sandbox.py [--sizes 1000,10000] [--clients 16]
        [--requests 400] [--servers http11,cheroot,waitress] [--quick] [--out FILE]

cheroot and waitress are not strec dependencies: `.venv/bin/pip install cheroot waitress`
to compare them. "sandbox" is whatever Sandbox.serve() uses (today: http11, polling its
accept loop every 10 ms instead of 50).

Last results (2 vCPUs shared with other work, load average about 2; Python 3.11.7;
"before" is the sandbox before its tables were indexed, which sorted and filtered every
account on each page):

    handler CPU per page (µs)   page 1 / last page at 1,000     at 10,000
      before                    5,144 / 5,504                   53,307 / 52,245
      after                       465 / 517                        482 / 479

    16 keep-alive clients       1,000 accounts                  10,000 accounts
                                req/s   server CPU ms/req       req/s   server CPU ms/req
      http11 before               165   5.96                       15   57.14
      http11                    1,142   0.86                      972    1.02
      cheroot 11.1.2              836   1.15                      658    1.36
      waitress 3.0.2              779   1.30                      902    1.09

    start + one GET + stop: http11 49 ms (serve() with a 10 ms poll: 11 ms), cheroot
    58 ms, waitress 34 ms.

The hand-written server served the most requests for the least CPU, so it stays. strec's
own benchmark at 1,000 accounts (bench_plan_apply.py --sizes 1000, same machine, same
hour): plan with no latency 2.60 s -> 2.27 s, the sandbox's CPU 1.00 s -> 0.72 s.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import io
import multiprocessing
import os
import platform
import statistics
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from reconciler.sandbox import Sandbox  # noqa: E402
from reconciler.sandbox.generate import generate_seed  # noqa: E402

KEY = "sht_" + "5" * 64
PER_PAGE = 100
THREADS = 32  # worker threads of every candidate (>= clients, so latency does not queue)
DEADLINE_S = 120.0  # no client loop runs longer than this


# -- serving with each candidate -----------------------------------------------------

Stopper = Callable[[], None]


def _serve_http11(app: Any) -> tuple[int, Stopper]:
    from reconciler.sandbox.http11 import make_keepalive_server

    server = make_keepalive_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()

    def stop() -> None:
        server.shutdown()
        server.server_close()
        thread.join(5)

    return server.server_port, stop


def _serve_cheroot(app: Any) -> tuple[int, Stopper]:
    from cheroot.wsgi import Server

    server = Server(("127.0.0.1", 0), app, numthreads=THREADS, shutdown_timeout=1)
    server.keep_alive_conn_limit = 256  # default 10: the 11th idle client would be cut
    server.expiration_interval = 0.05  # default 0.5 s: how long stop() waits for the loop
    server.prepare()
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()

    def stop() -> None:
        server.stop()
        thread.join(5)

    return int(server.bind_addr[1]), stop


def _serve_waitress(app: Any) -> tuple[int, Stopper]:
    from waitress.server import create_server

    server = create_server(app, host="127.0.0.1", port=0, threads=THREADS,
                           connection_limit=1000, channel_timeout=30,
                           asyncore_loop_timeout=0.05)  # default 1 s: delays close()  # fmt: skip
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()

    def stop() -> None:
        # close() from another thread races the loop's select(): run it in the loop
        server.trigger.pull_trigger(server.close)  # type: ignore[union-attr]
        thread.join(5)

    return int(server.effective_port), stop  # type: ignore[union-attr]


def _serve_sandbox(app: Any) -> tuple[int, Stopper]:
    """Whatever Sandbox.serve() uses today (the server the sandbox ships)."""
    from reconciler.sandbox import server

    cm = server.serve(app, 0)
    base_url = cm.__enter__()
    port = int(base_url.split(":")[2].split("/")[0])
    return port, lambda: cm.__exit__(None, None, None)


CANDIDATES: dict[str, Callable[[Any], tuple[int, Stopper]]] = {
    "http11": _serve_http11,
    "cheroot": _serve_cheroot,
    "waitress": _serve_waitress,
    "sandbox": _serve_sandbox,
}


def available(name: str) -> bool:
    module = {"cheroot": "cheroot", "waitress": "waitress"}.get(name)
    if module is None:
        return True
    try:
        __import__(module)
    except ImportError:
        return False
    return True


def _server_child(name: str, n_accounts: int, conn: Connection) -> None:
    """Child process: seed, serve, answer "cpu" with its CPU seconds, stop on "stop"."""
    sb = Sandbox(generate_seed(n_accounts), api_key=KEY)
    port, stop = CANDIDATES[name](sb.wsgi_app)
    conn.send(port)
    while True:
        command = conn.recv()
        if command == "cpu":
            conn.send(time.process_time())
        elif command == "clear":
            sb.clear_log()
            conn.send(True)
        else:
            break
    stop()
    conn.send("stopped")


@contextlib.contextmanager
def served(name: str, n_accounts: int) -> Iterator[tuple[int, Connection]]:
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=_server_child, args=(name, n_accounts, child), daemon=True)
    proc.start()
    try:
        if not parent.poll(300):
            raise RuntimeError(f"{name}: the server did not start within 300 s")
        yield parent.recv(), parent
    finally:
        with contextlib.suppress(OSError, EOFError, BrokenPipeError):
            parent.send("stop")
            parent.poll(10)
        proc.join(10)
        if proc.is_alive():
            proc.terminate()
            proc.join(5)


# -- the load ------------------------------------------------------------------------


@dataclass
class LoadResult:
    server: str
    size: int
    requests: int
    errors: int
    wall_s: float
    server_cpu_s: float
    p50_ms: float
    p99_ms: float

    @property
    def rps(self) -> float:
        return self.requests / self.wall_s if self.wall_s else 0.0

    @property
    def cpu_ms(self) -> float:
        return 1000 * self.server_cpu_s / self.requests if self.requests else 0.0


def _client(port: int, paths: list[str], count: int, offset: int, deadline: float,
            out: list[tuple[int, int, list[float]]]) -> None:  # fmt: skip
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Authorization": f"Bearer {KEY}"}
    done = errors = 0
    times: list[float] = []
    try:
        for i in range(count):
            if time.monotonic() > deadline:
                break
            t0 = time.perf_counter()
            conn.request("GET", paths[(offset + i) % len(paths)], headers=headers)
            response = conn.getresponse()
            response.read()
            times.append(time.perf_counter() - t0)
            done += 1
            if response.status != 200:
                errors += 1
    except (OSError, http.client.HTTPException):
        errors += 1
    finally:
        conn.close()
    out.append((done, errors, times))


def run_load(name: str, size: int, clients: int, per_client: int) -> LoadResult:
    pages = max(1, -(-size // PER_PAGE))
    paths = [f"/api/v1/accounts?page={p}&per_page={PER_PAGE}" for p in range(1, pages + 1)]
    with served(name, size) as (port, control):
        warm: list[tuple[int, int, list[float]]] = []
        _client(port, paths, min(50, per_client), 0, time.monotonic() + DEADLINE_S, warm)
        control.send("clear")
        control.recv()
        control.send("cpu")
        cpu0 = control.recv()
        out: list[tuple[int, int, list[float]]] = []
        deadline = time.monotonic() + DEADLINE_S
        threads = [
            threading.Thread(target=_client, args=(port, paths, per_client, i * 7, deadline, out))
            for i in range(clients)
        ]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
        control.send("cpu")
        cpu1 = control.recv()
    times = sorted(x for _, _, ts in out for x in ts)
    done = sum(d for d, _, _ in out)
    return LoadResult(
        name, size, done, sum(e for _, e, _ in out), wall, cpu1 - cpu0,
        1000 * statistics.median(times) if times else 0.0,
        1000 * times[min(len(times) - 1, int(len(times) * 0.99))] if times else 0.0,
    )  # fmt: skip


# -- in-process handler cost ---------------------------------------------------------


def handler_cost(size: int, repeat: int) -> tuple[float, float]:
    """CPU microseconds per request for the first and the last page, in-process."""
    sb = Sandbox(generate_seed(size), api_key=KEY)
    app = sb.wsgi_app
    last = max(1, -(-size // PER_PAGE))

    def call(page: int) -> None:
        environ = {
            "REQUEST_METHOD": "GET", "SCRIPT_NAME": "", "PATH_INFO": "/api/v1/accounts",
            "QUERY_STRING": f"page={page}&per_page={PER_PAGE}", "SERVER_NAME": "bench",
            "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(b""), "wsgi.errors": sys.stderr, "CONTENT_LENGTH": "0",
            "HTTP_AUTHORIZATION": f"Bearer {KEY}", "wsgi.version": (1, 0),
            "wsgi.multithread": True, "wsgi.multiprocess": False, "wsgi.run_once": False,
        }  # fmt: skip
        b"".join(app(environ, lambda status, headers, exc_info=None: lambda _d: None))

    out = []
    for page in (1, last):
        call(page)
        t0 = time.process_time()
        for _ in range(repeat):
            call(page)
        out.append(1e6 * (time.process_time() - t0) / repeat)
        sb.clear_log()
    return out[0], out[1]


# -- lifecycle -----------------------------------------------------------------------


def lifecycle_ms(name: str, cycles: int) -> float:
    """Mean milliseconds to start a server, answer one GET, and stop it."""
    sb = Sandbox({"accounts": [{"id": 1, "username": "a"}]}, api_key=KEY)
    total = 0.0
    for _ in range(cycles):
        t0 = time.perf_counter()
        port, stop = CANDIDATES[name](sb.wsgi_app)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/api/v1/accounts", headers={"Authorization": f"Bearer {KEY}"})
        conn.getresponse().read()
        conn.close()
        stop()
        total += time.perf_counter() - t0
    return 1000 * total / cycles


# -- main ----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--servers", default="http11,cheroot,waitress")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=400, help="per client")
    parser.add_argument("--quick", action="store_true", help="1,000 accounts, 50 per client")
    parser.add_argument("--out", type=Path, help="also write the tables to this file")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.quick:
        sizes, args.requests = [1000], 50
    names = [n for n in args.servers.split(",") if n]
    unknown = [n for n in names if n not in CANDIDATES]
    if unknown:
        parser.error(f"unknown server(s): {', '.join(unknown)}")
    lines = [
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"load average before: {os.getloadavg()[0]:.2f}",
        "",
        "| size | page 1 µs CPU | last page µs CPU |",
        "|---:|---:|---:|",
    ]
    for size in sizes:
        first, last = handler_cost(size, 200 if not args.quick else 50)
        lines.append(f"| {size:,} | {first:,.0f} | {last:,.0f} |")
        print(lines[-1], flush=True)
    lines += [
        "",
        "| server | size | clients | requests | errors | req/s | server CPU ms/req "
        "| p50 ms | p99 ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    failed = 0
    for size in sizes:
        for name in names:
            if not available(name):
                lines.append(f"| {name} | {size:,} | – | skipped (not installed) | | | | | |")
                continue
            r = run_load(name, size, args.clients, args.requests)
            failed += r.errors
            lines.append(
                f"| {name} | {size:,} | {args.clients} | {r.requests:,} | {r.errors} "
                f"| {r.rps:,.0f} | {r.cpu_ms:.2f} | {r.p50_ms:.1f} | {r.p99_ms:.1f} |"
            )
            print(lines[-1], flush=True)
    lines += ["", "| server | start + 1 GET + stop, ms (mean of 20) |", "|---|---:|"]
    for name in [*names, *(["sandbox"] if "sandbox" not in names else [])]:
        if available(name):
            lines.append(f"| {name} | {lifecycle_ms(name, 20):.1f} |")
            print(lines[-1], flush=True)
    lines.append(f"\nload average after: {os.getloadavg()[0]:.2f}")
    text = "\n".join(lines)
    print("\n" + text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
