#!/usr/bin/env python3
"""What one GET costs strec's process, per HTTP engine, against a local keep-alive server.

Every engine runs behind the same `httpx.Client` (httpx stays strec's interface and
transport seam), so the rows differ only in what does the wire:

- httpx's default transport (httpcore);
- strec's own transport over the standard library's http.client (reconciler/api/transport.py);
- a transport over urllib3 (if installed);
- a transport over pycurl (if installed);
- and, as floors, a bare http.client loop and a bare pycurl loop with no httpx at all.

Then strec's whole request path (`ApiClient.get`: request building, tracing hooks, caps,
JSON and envelope) over its default transport, and JSON decoding of a 100-item list page
with the standard library, orjson, and strec's capped reader.

The server runs in a child process (its CPU is not counted): a threaded raw-socket
HTTP/1.1 server answering every request with the same small JSON body, keeping each
connection alive. Per-GET CPU is the client process's CPU time divided by the requests,
wall is elapsed time divided by the requests; single thread, then 16 threads sharing one
client. It is a script, not a test: run it on an otherwise idle machine.

    .venv/bin/python benchmarks/bench_transport.py [--requests 4000] [--threads 16] [--quick]
"""

from __future__ import annotations

import argparse
import http.client
import io
import json
import multiprocessing
import os
import platform
import socket
import statistics
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import httpx
import orjson

from reconciler.api.client import ApiClient
from reconciler.api.jsonbody import loads as strec_loads
from reconciler.api.transport import WireTransport

BODY = json.dumps({"result": 1, "message": "", "data": {
    "id": 11, "username": "brand_one", "proxy": "http://10.0.0.1:8080", "login_required": 0,
    "settings": {"speed": "medium", "daily_pause": 1, "daily_pause_from": "22:00"}}}).encode()
ANSWER = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n"
          % len(BODY)) + BODY
KEY = "sht_" + "0" * 64


# -- the server (child process) --------------------------------------------------------

def _serve_connection(conn: socket.socket) -> None:
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    buffer = b""
    with conn:
        while True:
            while b"\r\n\r\n" not in buffer:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                buffer += chunk
            _, _, buffer = buffer.partition(b"\r\n\r\n")  # GETs only: no body to skip
            conn.sendall(ANSWER)


def _server(port_out: Any) -> None:
    listener = socket.create_server(("127.0.0.1", 0), backlog=128)
    port_out.send(listener.getsockname()[1])
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=_serve_connection, args=(conn,), daemon=True).start()


# -- the engines ---------------------------------------------------------------------

class Urllib3Transport(httpx.BaseTransport):
    """httpx over urllib3's pool: no retries, no redirects, preloaded body."""

    def __init__(self, size: int) -> None:
        import urllib3

        self._pool = urllib3.PoolManager(maxsize=size, retries=False, block=False)
        self._timeout = urllib3.Timeout(connect=10, read=30)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        resp = self._pool.request(request.method, str(request.url), body=request.read() or None,
                                  headers=dict(request.headers), redirect=False,
                                  timeout=self._timeout, preload_content=True,
                                  decode_content=True)
        return httpx.Response(resp.status, headers=list(resp.headers.items()),
                              stream=httpx.ByteStream(resp.data))

    def close(self) -> None:
        self._pool.clear()


class PycurlTransport(httpx.BaseTransport):
    """httpx over libcurl, one easy handle (and its connection) per thread."""

    def __init__(self) -> None:
        import pycurl

        self._pycurl = pycurl
        self._local = threading.local()

    def _handle(self) -> Any:
        curl = getattr(self._local, "curl", None)
        if curl is None:
            curl = self._local.curl = self._pycurl.Curl()
            curl.setopt(self._pycurl.TIMEOUT_MS, 60_000)
            curl.setopt(self._pycurl.CONNECTTIMEOUT_MS, 10_000)
            curl.setopt(self._pycurl.FOLLOWLOCATION, 0)
        return curl

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        pycurl = self._pycurl
        curl = self._handle()
        body, headers = io.BytesIO(), io.BytesIO()
        curl.setopt(pycurl.URL, str(request.url))
        curl.setopt(pycurl.HTTPHEADER, [f"{k}: {v}" for k, v in request.headers.items()])
        curl.setopt(pycurl.WRITEFUNCTION, body.write)
        curl.setopt(pycurl.HEADERFUNCTION, headers.write)
        curl.perform()
        lines = headers.getvalue().decode("latin-1").split("\r\n")[1:]
        pairs = [tuple(x.strip() for x in line.split(":", 1)) for line in lines if ":" in line]
        return httpx.Response(curl.getinfo(pycurl.RESPONSE_CODE), headers=pairs,
                              stream=httpx.ByteStream(body.getvalue()))


@dataclass
class Engine:
    name: str
    make: Callable[[str, int], Callable[[], Any]]  # (base URL, threads) -> one GET


Transport = Callable[[int], httpx.BaseTransport]


def _httpx_get(transport: Transport) -> Callable[[str, int], Callable[[], Any]]:
    def make(url: str, threads: int) -> Callable[[], Any]:
        client = httpx.Client(transport=transport(threads),
                              limits=httpx.Limits(max_connections=threads,
                                                  max_keepalive_connections=threads))
        return lambda: client.get(url + "/accounts/11").content
    return make


def _strec_get(transport: Transport) -> Callable[[str, int], Callable[[], Any]]:
    def make(url: str, threads: int) -> Callable[[], Any]:
        client = ApiClient(url, KEY, concurrency=threads, transport=transport(threads))
        return lambda: client.get("/accounts/11")
    return make


def _bare_http_client(url: str, threads: int) -> Callable[[], Any]:
    host, port = url.split("//")[1].split("/")[0].split(":")
    local = threading.local()

    def get() -> bytes:
        conn = getattr(local, "conn", None)
        if conn is None:
            conn = local.conn = http.client.HTTPConnection(host, int(port), timeout=30)
        conn.request("GET", "/api/v1/accounts/11", headers={"Accept": "application/json"})
        return conn.getresponse().read()
    return get


def _bare_pycurl(url: str, threads: int) -> Callable[[], Any]:
    import pycurl

    local = threading.local()

    def get() -> bytes:
        curl = getattr(local, "curl", None)
        if curl is None:
            curl = local.curl = pycurl.Curl()
            curl.setopt(pycurl.URL, url + "/accounts/11")
        body = io.BytesIO()
        curl.setopt(pycurl.WRITEFUNCTION, body.write)
        curl.perform()
        return body.getvalue()
    return get


def transports() -> list[tuple[str, Transport]]:
    found: list[tuple[str, Transport]] = [
        ("httpx default (httpcore)", lambda n: httpx.HTTPTransport(
            limits=httpx.Limits(max_connections=n, max_keepalive_connections=n))),
        ("strec (http.client)", lambda n: WireTransport(max_body_bytes=1 << 26, max_idle=n)),
    ]
    try:
        import urllib3  # noqa: F401

        found.append(("urllib3", Urllib3Transport))
    except ImportError:
        print("urllib3 not installed: its rows are left out", file=sys.stderr)
    try:
        import pycurl  # noqa: F401

        found.append(("pycurl", lambda n: PycurlTransport()))
    except ImportError:
        print("pycurl not installed: its rows are left out", file=sys.stderr)
    return found


def engines() -> list[Engine]:
    found = [Engine(f"httpx.Client.get over {name}", _httpx_get(make))
             for name, make in transports()]
    found += [Engine(f"strec ApiClient.get over {name}", _strec_get(make))
              for name, make in transports()]
    found.append(Engine("floor: bare http.client loop, no httpx", _bare_http_client))
    if any(name == "pycurl" for name, _ in transports()):
        found.append(Engine("floor: bare pycurl loop, no httpx", _bare_pycurl))
    return found


# -- measuring -----------------------------------------------------------------------

def measure(get: Callable[[], Any], requests: int, threads: int) -> tuple[float, float]:
    """(CPU µs per GET, wall µs per GET) for `requests` GETs over `threads` threads."""
    for _ in range(min(50, requests)):  # connections up, caches warm
        get()
    cpu0, wall0 = time.process_time(), time.perf_counter()
    if threads == 1:
        for _ in range(requests):
            get()
    else:
        with ThreadPoolExecutor(threads) as pool:
            share = requests // threads
            list(pool.map(lambda _: [get() for _ in range(share)], range(threads)))
            requests = share * threads
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    return cpu / requests * 1e6, wall / requests * 1e6


def _median(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def json_rows(repeat: int) -> list[tuple[str, float]]:
    item = {"id": 1234, "username": "brand_account_0001", "full_name": "Brand {a|b}",
            "proxy": "http://10.0.0.1:8080", "login_required": 0, "is_active": 1,
            "created_at": "2024-01-01 00:00:00",
            "target": [{"type": "hashtag", "value": f"tag{i}", "id": f"tag{i}"}
                       for i in range(4)],
            "settings": {"speed": "medium", "daily_pause": 1, "daily_pause_from": "22:00"}}
    page = json.dumps({"result": 1, "data": [dict(item, id=i) for i in range(100)],
                       "meta": {"page": 1, "per_page": 100, "total": 5000,
                                "total_pages": 50}}).encode()
    rows = []
    for name, fn in (("json.loads", json.loads), ("orjson.loads", orjson.loads),
                     ("strec loads (orjson, depth cap 64)", lambda b: strec_loads(b, 64))):
        fn(page)
        start = time.perf_counter()
        for _ in range(repeat):
            fn(page)
        rows.append((f"{name} of a {len(page) // 1000} KB page",
                     (time.perf_counter() - start) / repeat * 1e6))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3, help="report the median of N runs")
    parser.add_argument("--quick", action="store_true", help="500 requests, one round")
    args = parser.parse_args()
    requests = 500 if args.quick else args.requests
    rounds = 1 if args.quick else max(1, args.rounds)
    receive, send = multiprocessing.Pipe(duplex=False)
    server = multiprocessing.Process(target=_server, args=(send,), daemon=True)
    server.start()
    url = f"http://127.0.0.1:{receive.recv()}/api/v1"
    print(f"{platform.python_implementation()} {platform.python_version()}, "
          f"{os.cpu_count()} CPUs, {requests} GETs of a {len(BODY)}-byte JSON answer, "
          f"server in another process, median of {rounds} rounds\n")
    print(f"| engine | CPU µs/GET, 1 thread | wall µs/GET, 1 thread | "
          f"CPU µs/GET, {args.threads} threads | wall µs/GET, {args.threads} threads |")
    print("|---|---:|---:|---:|---:|")
    try:
        for engine in engines():
            single = _median([measure(engine.make(url, 1), requests, 1)
                              for _ in range(rounds)])
            multi = _median([measure(engine.make(url, args.threads), requests, args.threads)
                             for _ in range(rounds)])
            print(f"| {engine.name} | {single[0]:.0f} | {single[1]:.0f} | {multi[0]:.0f} | "
                  f"{multi[1]:.0f} |", flush=True)
        print("\n| JSON decoding | µs |\n|---|---:|")
        for name, micros in json_rows(200 if args.quick else 2000):
            print(f"| {name} | {micros:.0f} |")
    finally:
        server.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
