"""Benchmark: statutory deadlines, one at a time and in batches.

Run: ``python benchmarks/bench_deadlines.py`` (needs the ``test`` extra for numpy and
chinese-calendar). 1,000,000 deadlines of the 2022 regime's periods with a length (mixed
evenly), random start dates in 2020-2026 (seeded), computed with ``compute_deadline``
(scalar, explanation not built) and with ``compute_due_dates`` (numpy batch, per period).
Peers on the same work: numpy alone (``busday_offset`` with every rest day a holiday,
plus the calendar-day roll), and the ``holidays`` package (on 2,000 deadlines). Every
peer's due dates are checked against this library's.
"""

from __future__ import annotations

import datetime as dt
import random
import warnings
from typing import Any

import holidays
import numpy as np

from _timing import timed
from xinfang_rules import (
    XINFANG_2022,
    ProvisionalCalendarWarning,
    Unit,
    WorkdayCalendar,
    compute_deadline,
    compute_due_dates,
)

N = 1_000_000
N_SLOW = 2_000
ONE = dt.timedelta(days=1)


def main() -> None:
    warnings.simplefilter("ignore", ProvisionalCalendarWarning)  # some results reach 2027
    rng = random.Random(20260102)
    lo, hi = dt.date(2020, 1, 1).toordinal(), dt.date(2026, 12, 31).toordinal()
    periods = [p for p in XINFANG_2022 if p.length is not None]
    starts = [dt.date.fromordinal(rng.randint(lo, hi)) for _ in range(N)]
    which = [periods[i % len(periods)] for i in range(N)]
    cal = WorkdayCalendar.china()
    compute_deadline(periods[0], dt.date(2026, 12, 31), calendar=cal)  # build and warn once
    cal.add_workdays(dt.date(2027, 6, 30), -1)

    # scalar: one compute_deadline per petition
    t_scalar, scalar = timed(
        lambda: [
            compute_deadline(p, s, calendar=cal).due for p, s in zip(which, starts, strict=True)
        ],
        repeat=1,
    )
    # batch: group by period, one compute_due_dates call per group
    arr = np.array(starts, dtype="datetime64[D]")
    idx = np.arange(N) % len(periods)
    groups = [(p, np.nonzero(idx == i)[0]) for i, p in enumerate(periods)]

    def batch() -> Any:
        out = np.empty(N, dtype="datetime64[D]")
        for p, rows in groups:
            out[rows] = compute_due_dates(p, arr[rows], calendar=cal)
        return out

    t_ids, by_id = timed(
        lambda: [
            compute_deadline(p.id, s, calendar=cal, regime=XINFANG_2022).due
            for p, s in zip(which[:100_000], starts[:100_000], strict=True)
        ],
        repeat=1,
    )
    assert by_id == scalar[:100_000]
    t_batch, got = timed(batch)
    assert got.tolist() == scalar

    # numpy alone: rest days as holidays, weekmask 1111111
    first, last = dt.date(2019, 1, 1), dt.date(2028, 12, 31)
    rest = [first + ONE * i for i in range((last - first).days + 1)]
    bdc = np.busdaycalendar(
        weekmask="1111111",
        holidays=np.array([d for d in rest if not cal.is_workday(d)], dtype="datetime64[D]"),
    )

    def numpy_alone() -> Any:
        out = np.empty(N, dtype="datetime64[D]")
        for p, rows in groups:
            s = arr[rows]
            if p.unit is Unit.WORKDAYS:
                out[rows] = np.busday_offset(s, p.length, roll="backward", busdaycal=bdc)
            else:
                out[rows] = np.busday_offset(s + p.length, 0, roll="forward", busdaycal=bdc)
        return out

    t_np, npd = timed(numpy_alone)
    assert npd.tolist() == scalar

    hol = holidays.China(years=range(2019, 2029))

    def with_holidays() -> list[dt.date]:
        out = []
        for p, s in zip(which[:N_SLOW], starts[:N_SLOW], strict=True):
            if p.unit is Unit.WORKDAYS:
                out.append(hol.get_nth_working_day(s, p.length))
            else:
                d = s + dt.timedelta(days=p.length)
                out.append(d if hol.is_working_day(d) else hol.get_nth_working_day(d, 1))
        return out

    t_hol, h = timed(with_holidays, repeat=1)
    assert h == scalar[:N_SLOW]

    t_ex, _ = timed(
        lambda: [
            compute_deadline(p, s, calendar=cal).explain()
            for p, s in zip(which[:N_SLOW], starts[:N_SLOW], strict=True)
        ],
        repeat=1,
    )
    rows = [
        ("compute_deadline (Period, scalar, no explanation)", t_scalar, N),
        ("compute_deadline (period id + regime, scalar)", t_ids, 100_000),
        ("compute_deadline + explain()", t_ex, N_SLOW),
        ("compute_due_dates (numpy batch)", t_batch, N),
        ("numpy.busday_offset alone (vectorised)", t_np, N),
        ("holidays (is_working_day / get_nth_working_day)", t_hol, N_SLOW),
    ]
    print(f"{N:,} deadlines ({len(periods)} periods of 《信访工作条例》, starts 2020-2026)\n")
    for name, seconds, n in rows:
        print(f"{name:<50} {seconds / n * 1e9:10.1f} ns/deadline {n / seconds:14,.0f} /s")
    print(
        f"\nbatch: {t_np / t_batch:.1f}x faster than numpy alone; scalar: "
        f"{(t_hol / N_SLOW) / (t_scalar / N):.1f}x faster than holidays"
    )
    print("\nall peers agree with xinfang_rules on every deadline compared")


if __name__ == "__main__":
    main()
