"""Benchmark: the HTTP service on loopback, beside the same work in process.

Run: ``python benchmarks/bench_server.py [SECONDS]`` (default 10 s per load; needs the
``server`` extra, in the ``test`` extra). Starts ``xinfang serve`` on a free 127.0.0.1 port
in its own process, then for a bounded time (it stops by itself) drives it with keep-alive
connections from client threads in this process, and reports requests/s and p50/p99
latency for

- a deadline request (``POST /deadline``: one period, with its explanation; 730
  different requests in turn: two periods from every day of 2025), and
- a status batch of 1,000 petitions (``POST /petitions/status``),

beside the same calls made in process (``compute_deadline`` with its explanation,
``Petition.status`` after reading the records). Traffic goes to 127.0.0.1 only. The
client shares the machine's cores with the server, so the figures are a floor.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from typing import Any

from _timing import timed
from xinfang_rules.formats.case_io import petition_from_dict, petition_to_dict
from xinfang_rules.law.deadlines import compute_deadline
from xinfang_rules.law.rules import XINFANG_2022


def free_port() -> int:
    """A free loopback port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def batch(n: int) -> list[dict[str, Any]]:
    """N petition records: accepted, half answered, a year of receipt days (seeded)."""
    from xinfang_rules import Accepted, Category, Channel, Outcome, Petition, Replied

    rng = random.Random(7)
    out = []
    for i in range(n):
        received = dt.date(2025, 1, 2) + dt.timedelta(days=rng.randrange(300))
        p = Petition(f"B{i}", received, Channel.LETTER, Category.COMPLAINT, "县信访局",
                     handling_unit=f"县局{i % 12}")  # fmt: skip
        accepted = received + dt.timedelta(days=rng.randrange(1, 10))
        p = p.apply(Accepted(accepted, notified_on=accepted))
        if i % 2:
            day = accepted + dt.timedelta(days=rng.randrange(20, 70))
            p = p.apply(Replied(day, outcome=Outcome.EXPLAIN, received_on=day))
        out.append(petition_to_dict(p))
    return out


def drive(
    port: int, path: str, bodies: list[bytes], seconds: float, threads: int
) -> dict[str, float]:
    """Requests/s and latency percentiles of ``threads`` keep-alive clients for ``seconds``.

    Each client sends the bodies in turn (different inputs, as real traffic has).
    """
    stop = time.perf_counter() + seconds
    latencies: list[float] = []
    lock = threading.Lock()
    failures = []

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine = []
        i = 0
        while time.perf_counter() < stop:
            body = bodies[i % len(bodies)]
            i += 1
            t = time.perf_counter()
            conn.request("POST", path, body, {"Content-Type": "application/json"})
            response = conn.getresponse()
            response.read()
            mine.append(time.perf_counter() - t)
            if response.status != 200:
                failures.append(response.status)
        conn.close()
        with lock:
            latencies.extend(mine)

    workers = [threading.Thread(target=client) for _ in range(threads)]
    start = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.perf_counter() - start
    if failures:
        raise SystemExit(f"{len(failures)} requests failed, e.g. status {failures[0]}")
    latencies.sort()
    return {
        "rps": len(latencies) / elapsed,
        "p50": latencies[len(latencies) // 2] * 1000,
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        "n": len(latencies),
    }


def main() -> None:
    """Start the server, drive each endpoint for a bounded time, compare with in process."""
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 10.0
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "xinfang_rules.cli", "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=os.environ.copy(),
    )  # fmt: skip
    try:
        for _ in range(300):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/health")
                break
            except OSError:
                time.sleep(0.1)
        first = dt.date(2025, 1, 2)
        deadline_bodies = [
            json.dumps({"period": period, "start": str(first + dt.timedelta(days=i))}).encode()
            for i in range(365)
            for period in ("handle", "notify_direct")
        ]
        records = batch(1000)
        status_body = json.dumps({"on": "2025-12-31", "petitions": records}).encode()
        drive(port, "/deadline", deadline_bodies, 1.0, 4)  # warm up
        d = drive(port, "/deadline", deadline_bodies, seconds, 4)
        s = drive(port, "/petitions/status", [status_body], seconds, 2)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    start = dt.date(2025, 9, 30)
    period = XINFANG_2022["handle"]
    t_d, _ = timed(lambda: [compute_deadline(period, start, regime=XINFANG_2022).explain()
                            for _ in range(10_000)])  # fmt: skip
    on = dt.date(2025, 12, 31)
    t_s, _ = timed(lambda: [petition_from_dict(r).status(on).deadlines for r in records])
    print(f"HTTP service on 127.0.0.1 ({seconds:.0f} s per load, client on the same machine)")
    print(f"  POST /deadline           {d['rps']:8,.0f} req/s   p50 {d['p50']:6.2f} ms   "
          f"p99 {d['p99']:6.2f} ms   ({d['n']:,} requests, 4 clients)")  # fmt: skip
    print(f"  POST /petitions/status   {s['rps']:8,.1f} req/s   p50 {s['p50']:6.1f} ms   "
          f"p99 {s['p99']:6.1f} ms   (1,000 petitions each; {s['rps'] * 1000:,.0f} "
          "petitions/s, 2 clients)")  # fmt: skip
    print("in process, same work:")
    in_d = 10_000 / t_d
    in_s = 1000 / t_s
    print(f"  compute_deadline + explain  {in_d:10,.0f} /s   (HTTP: {d['rps'] / in_d:.2f}x)")
    print(f"  read record + status        {in_s:10,.0f} petitions/s   "
          f"(HTTP: {s['rps'] * 1000 / in_s:.2f}x)")  # fmt: skip


if __name__ == "__main__":
    main()
