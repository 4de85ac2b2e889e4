"""Benchmark: a full evaluation report over many petitions.

Run: ``python benchmarks/bench_metrics.py [N]`` (default 1,000,000). Builds N synthetic
petitions with realistic histories across 200 units (as ``bench_cases.py`` does, with
some assigned, backlog, repeat, group and rated ones), then times ``report`` over them
for 2023-01-01..2026-10-31 taken on 2026-11-22: every figure, per unit and pooled, each
petition on its own calendar (the default). The petitions are built before the timing
(loading is ``bench_cases.py``'s subject); the first pass works out what loading leaves
to be asked for (the deadline specs of petitions with no duty open, the deadlines with a
petition's own pauses or extension) and keeps it on the petitions, so the second pass is
shown beside it. The report's own memory is measured with ``tracemalloc`` while it runs.

Peers for the same counting: a hand-written loop over the same records counting only
the on-time reply figure with the stored due dates (``floor``), to show what the report's
per-petition work costs beyond touching each record once.
"""

from __future__ import annotations

import datetime as dt
import gc
import random
import sys
import time
import tracemalloc
import warnings
from typing import Any

from bench_cases import record  # type: ignore[import-not-found]
from xinfang_rules import (
    ProvisionalCalendarWarning,
    petition_from_dict,
)
from xinfang_rules.metrics import FIGURES, report

ON = dt.date(2026, 11, 22)


def make(i: int, rng: random.Random) -> dict[str, Any]:
    data = record(i, rng)
    data["handling_unit"] = f"单位{rng.randrange(200):03d}"
    for e in data["events"]:
        if e.get("to_unit"):
            e["to_unit"] = data["handling_unit"]
    events = data["events"]
    fwd = next((i for i, e in enumerate(events) if e["type"] == "forwarded"), None)
    if fwd is not None:
        day = dt.date.fromisoformat(events[fwd]["date"])
        if rng.random() < 0.1:  # 交办, with the assigning body's deadline
            events[fwd] = {"type": "assigned", "date": day.isoformat(),
                           "to_unit": data["handling_unit"],
                           "due": (day + dt.timedelta(days=60)).isoformat()}  # fmt: skip
        if rng.random() < 0.5:  # the petitioner rates the bureau's routing
            rating = rng.choice(["满意", "满意", "基本满意", "不满意"])
            events.insert(fwd + 1, {"type": "evaluated", "date": day.isoformat(),
                                    "rating": rating, "of": "petition_bureau"})  # fmt: skip
    kinds = [e["type"] for e in data["events"]]
    if rng.random() < 0.1:
        data["backlog"] = True
    if rng.random() < 0.05:
        data["first_time"] = False
        data["repeat_of"] = f"XF-{rng.randrange(max(1, i)):08d}"
    if rng.random() < 0.05:
        data["headcount"] = rng.randint(5, 60)
    if "closed" in kinds and rng.random() < 0.8:
        last = data["events"][-1]["date"]
        data["events"].append({"type": "resolved", "date": last})
    for e in data["events"]:
        if e["type"] == "evaluated":
            e["rating"] = rng.choice(["满意", "满意", "满意", "基本满意", "不满意"])
    return data


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    warnings.simplefilter("ignore", ProvisionalCalendarWarning)
    rng = random.Random(20261122)
    start = time.perf_counter()
    petitions = [petition_from_dict(make(i, rng)) for i in range(n)]
    built = time.perf_counter() - start
    lo, hi = dt.date(2023, 1, 1), dt.date(2026, 10, 31)
    # settle the collector's debt from building 20-odd million objects, so that a full
    # collection it owes the build is not charged to the first pass timed after it
    gc.collect()

    start = time.perf_counter()
    floor = 0
    for p in petitions:
        if lo <= p.received <= hi and "replied" in p._replayed.first:
            floor += 1
    t_floor = time.perf_counter() - start

    start = time.perf_counter()
    rep = report(petitions, lo, hi, on=ON)
    t_report = time.perf_counter() - start
    start = time.perf_counter()
    report(petitions, lo, hi, on=ON)
    t_again = time.perf_counter() - start
    tracemalloc.start()  # a third pass, traced, for the report's own memory
    report(petitions, lo, hi, on=ON)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    print(f"{n:,} petitions in {len(rep.units)} units (built in {built:.0f} s)")
    print(f"report, 1st pass      {t_report:7.2f} s  ({t_report / n * 1e6:5.1f} µs per petition)"
          f"  target < 10 s")  # fmt: skip
    print(f"report, 2nd pass      {t_again:7.2f} s  ({t_again / n * 1e6:5.1f} µs per petition)")
    print(f"floor (one loop)      {t_floor:7.2f} s  ({t_floor / n * 1e6:5.1f} µs per petition); "
          f"report / floor = {t_report / t_floor:.0f}x")  # fmt: skip
    print(f"report's peak memory  {peak / 1e6:7.1f} MB (flat: counts per unit and figure)")
    print("\npooled figures:")
    for f in FIGURES:
        print(f"  {f.title:12s} {rep.total[f.key]}")
    v = rep.total.volume
    print(f"  {v.matters:,} 件, {v.batches:,} 批次, {v.persons:,} 人次")


if __name__ == "__main__":
    main()
