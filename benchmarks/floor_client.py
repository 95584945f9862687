"""The floor: a bare, threaded standard-library client replaying a list of GETs.

    python -S benchmarks/floor_client.py HOST PORT THREADS TARGETS_FILE

TARGETS_FILE holds one request target a line (`/api/v1/accounts?page=2&per_page=100`):
the GETs strec itself made, taken from the sandbox's request log. THREADS threads, each
with one kept-alive `http.client.HTTPConnection`, take the next target from a shared
counter (as strec's pool takes the next job), send it with strec's headers (the key from
STREC_API_KEY, never the command line), and read the whole answer; nothing is parsed.
There are no dependencies between requests here (strec must read a list before the
reads it enables), so this is a floor no client can beat with these requests at this
concurrency. Prints one JSON line: requests sent, answers that were not 200, seconds.

Standard library only, so `python -S` starts it as fast as Python can start.
"""

from __future__ import annotations

import http.client
import itertools
import json
import os
import sys
import threading
import time

TIMEOUT_S = 60.0  # per socket operation: a stuck server fails the floor, never hangs it


def replay(host: str, port: int, threads: int, targets: list[str], key: str) -> dict[str, float]:
    headers = {"Accept": "application/json", "Accept-Encoding": "gzip",
               "Authorization": f"Bearer {key}", "User-Agent": "strec-floor"}
    turn = itertools.count()  # next() on a count is atomic under the GIL
    bad = [0] * threads

    def work(slot: int) -> None:
        conn = http.client.HTTPConnection(host, port, timeout=TIMEOUT_S)
        try:
            while (i := next(turn)) < len(targets):
                conn.request("GET", targets[i], headers=headers)
                resp = conn.getresponse()
                resp.read()
                bad[slot] += resp.status != 200
        finally:
            conn.close()

    start = time.perf_counter()
    workers = [threading.Thread(target=work, args=(s,)) for s in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return {"requests": len(targets), "bad": sum(bad), "seconds": time.perf_counter() - start}


def main() -> None:
    host, port, threads, path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    with open(path, encoding="utf-8") as f:
        targets = [line.strip() for line in f if line.strip()]
    result = replay(host, port, max(1, threads), targets, os.environ["STREC_API_KEY"])
    print(json.dumps(result))


if __name__ == "__main__":
    main()
