"""Benchmark: generating and checking reception rotas.

Run: ``python benchmarks/bench_rota.py``. Two cases:

- a county for a year: 40 leaders (secretary, head, 18 other county leaders, 20 township
  heads), the 霞浦 rules (joint reception on the 15th, one county leader every Monday and
  every working day of a sensitive period, township heads every Monday at their own
  unit), the monthly minimum for the principal leaders, at most one turn a week;
- a city campaign at scale: 100 units of 10 leaders, one leader per unit every working day
  for 5 years (2021-2025, about 1,250 working days: 125,000 receptions).

Each is generated, then checked; the time of each step (best of a few runs) and the peak
memory the step allocated (``tracemalloc``) are printed. Targets: the county year under
0.2 s, the large case under 10 s.
"""

from __future__ import annotations

import datetime as dt
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

from xinfang_rules import WorkdayCalendar
from xinfang_rules.rota import (
    EveryWorkday,
    Leader,
    MaxFrequency,
    MinFrequency,
    MonthlyDay,
    Place,
    Pool,
    Rule,
    Weekly,
    check_rota,
    generate_rota,
)

D = dt.date


def county() -> tuple[list[Rule], list[Leader], dict[str, Any]]:
    people = [
        Leader("sj", "书记", "县委书记", "县", principal=True),
        Leader("xz", "县长", "县长", "县", principal=True),
    ]
    people += [Leader(f"c{i}", f"县领导{i}", "副县长", "县") for i in range(18)]
    people += [
        Leader(f"t{i}", f"镇长{i}", "镇长", "乡镇", principal=True, unit=f"镇{i}")
        for i in range(20)
    ]
    school = Place("school", "县委党校", "08:30", "12:00")
    bureau = Place("bureau", "县信访局", "08:30", "12:00")
    rules = [
        Rule("monthly-15", MonthlyDay(15), Pool(levels="县", principal=True), school,
             per_slot="all"),
        Rule("monday", Weekly(0), Pool(levels="县"), bureau),
        Rule("sensitive", EveryWorkday(), Pool(levels="县"), bureau, start=D(2025, 9, 20),
             end=D(2025, 10, 15), layer="sensitive"),
    ]  # fmt: skip
    rules += [
        Rule(f"town{i}", Weekly(0), Pool(units=f"镇{i}"),
             Place(f"town{i}", f"镇{i}", "08:30", "12:00"))
        for i in range(20)
    ]  # fmt: skip
    constraints = {
        "minimum": [MinFrequency(Pool(levels="县", principal=True), 1, "month")],
        "maximum": [MaxFrequency(Pool(levels="县"), 1, "week")],
    }
    return rules, people, constraints


def city() -> tuple[list[Rule], list[Leader], dict[str, Any]]:
    people = [
        Leader(f"u{u}-{i}", f"领导{u}-{i}", "副职", "区", unit=f"单位{u}")
        for u in range(100)
        for i in range(10)
    ]
    rules = [
        Rule(f"unit{u}", EveryWorkday(), Pool(units=f"单位{u}"),
             Place(f"p{u}", f"单位{u}接待室", "09:00", "11:30"), layer="campaign")
        for u in range(100)
    ]  # fmt: skip
    return rules, people, {}


def measure(step: Callable[[], Any], runs: int) -> tuple[float, float, Any]:
    """Best time of ``runs`` runs (s), peak traced memory of one run (MB), and the result."""
    best = float("inf")
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = step()
        best = min(best, time.perf_counter() - start)
    tracemalloc.start()
    step()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return best, peak / 1e6, result


def main() -> None:
    cal = WorkdayCalendar.china()
    cal.is_workday(D(2021, 1, 1))  # build the calendar before timing
    cases = [
        ("county, 1 year, 40 leaders", county(), D(2025, 1, 1), D(2025, 12, 31), 5, 0.2),
        ("city, 5 years, 100 x 10 leaders", city(), D(2021, 1, 1), D(2025, 12, 31), 1, 10.0),
    ]
    for label, (rules, people, constraints), lo, hi, runs, target in cases:
        t_gen, mem_gen, rota = measure(
            lambda r=rules, p=people, c=constraints, a=lo, b=hi: generate_rota(  # type: ignore[misc]
                r, p, a, b, calendar=cal, **c
            ),
            runs,
        )
        t_chk, mem_chk, found = measure(
            lambda r=rules, c=constraints, x=rota: check_rota(x, r, calendar=cal, **c),  # type: ignore[misc]
            runs,
        )
        n = len(rota.assignments)
        print(f"{label}: {n:,} receptions, {len(found)} violations")
        print(f"  generate {t_gen:8.3f} s  (target < {target} s)  peak {mem_gen:7.1f} MB")
        print(f"  check    {t_chk:8.3f} s                      peak {mem_chk:7.1f} MB")


if __name__ == "__main__":
    main()
