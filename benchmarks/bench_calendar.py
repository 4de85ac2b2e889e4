"""Benchmark: working-day arithmetic against holidays, chinese-calendar and numpy.

Run: ``python benchmarks/bench_calendar.py`` (needs the ``test`` extra: chinese-calendar, numpy).

All peers get the same 100,000 random start dates in 2020-2026 (seeded). The pure-Python
peers (holidays, chinese-calendar) walk day by day, so they are timed on the first 2,000
dates only; ns/op is per date either way. Every peer's answers are checked against ours.
"""

from __future__ import annotations

import datetime as dt
import random
import warnings

import chinese_calendar
import holidays
import numpy as np

from _timing import timed
from xinfang_rules import ProvisionalCalendarWarning, WorkdayCalendar

N_DATES = 100_000
N_SLOW = 2_000
COUNTS = (15, 30, 60, 90)
ONE = dt.timedelta(days=1)


def main() -> None:
    warnings.simplefilter("ignore", ProvisionalCalendarWarning)  # results may reach 2027
    rng = random.Random(20260101)
    lo, hi = dt.date(2020, 1, 1).toordinal(), dt.date(2026, 12, 31).toordinal()
    dates = [dt.date.fromordinal(rng.randint(lo, hi)) for _ in range(N_DATES)]
    arr = np.array(dates, dtype="datetime64[D]")
    slow = dates[:N_SLOW]

    cal = WorkdayCalendar.china()
    cal.add_workdays(dates[0], 1)
    cal.add_workdays(dt.date(2027, 12, 31), -1)  # build the index for the whole range once
    hol = holidays.China(years=range(2019, 2029))

    # numpy can express 调休 only as weekmask 1111111 with every rest day a "holiday"
    first, last = dt.date(2019, 1, 1), dt.date(2028, 12, 31)
    rest = [first + ONE * i for i in range((last - first).days + 1)]
    rest = [d for d in rest if not cal.is_workday(d)]
    bdc = np.busdaycalendar(weekmask="1111111", holidays=np.array(rest, dtype="datetime64[D]"))

    # the floor: a bare O(1) list-index lookup, built here from our calendar's answers
    base = first.toordinal()
    days = [first + ONE * i for i in range((last - first).days + 1)]
    cum, total, wd = [], 0, []
    for d in days:
        cum.append(total)  # working days strictly before d
        if cal.is_workday(d):
            wd.append(d)
            total += 1
    cum.append(total)

    rows: list[tuple[str, float, str]] = []

    def row(name: str, seconds: float, n: int, note: str = "") -> float:
        ns = seconds / n * 1e9
        rows.append((name, ns, note))
        return ns

    print(f"{N_DATES:,} start dates in 2020-2026; slow peers on {N_SLOW:,}\n")
    for n in COUNTS:
        t, ours = timed(lambda n=n: [cal.add_workdays(d, n) for d in dates])
        ns_ours = row(f"add_workdays N={n}: xinfang_rules (scalar)", t, N_DATES)
        t, floor = timed(lambda n=n: [wd[cum[d.toordinal() - base + 1] + n - 1] for d in dates])
        ns_floor = row(f"add_workdays N={n}: floor (bare list index)", t, N_DATES)
        assert floor == ours
        t, batch = timed(lambda n=n: cal.add_workdays_many(arr, n))
        ns_batch = row(f"add_workdays N={n}: xinfang_rules (batch, numpy)", t, N_DATES)
        assert batch.tolist() == ours
        t, nb = timed(lambda n=n: np.busday_offset(arr, n, roll="backward", busdaycal=bdc))
        ns_npv = row(f"add_workdays N={n}: numpy.busday_offset (vectorised)", t, N_DATES)
        assert nb.tolist() == ours
        some = arr[:N_SLOW]
        t, n1 = timed(
            lambda n=n, some=some: [
                np.busday_offset(x, n, roll="backward", busdaycal=bdc) for x in some
            ]
        )
        ns_np1 = row(f"add_workdays N={n}: numpy.busday_offset (one call per date)", t, N_SLOW)
        assert [x.item() for x in n1] == ours[:N_SLOW]
        t, h = timed(lambda n=n: [hol.get_nth_working_day(d, n) for d in slow], repeat=1)
        ns_hol = row(f"add_workdays N={n}: holidays.get_nth_working_day", t, N_SLOW)
        assert h == ours[:N_SLOW]
        in_cc = [d for d, r in zip(slow, ours, strict=False) if r.year <= 2026]
        t, c = timed(
            lambda n=n, in_cc=in_cc: [chinese_calendar.find_workday(n - 1, d + ONE) for d in in_cc],
            repeat=1,
        )
        ns_cc = row(f"add_workdays N={n}: chinese_calendar.find_workday", t, len(in_cc))
        assert c == [cal.add_workdays(d, n) for d in in_cc]
        print(
            f"N={n:>2}: scalar {ns_ours:7.0f} ns | vs holidays {ns_hol / ns_ours:7.0f}x faster | "
            f"vs chinese-calendar {ns_cc / ns_ours:6.0f}x | "
            f"vs numpy per date {ns_np1 / ns_ours:5.1f}x | "
            f"floor ratio {ns_ours / ns_floor:4.2f}x | batch {ns_batch:5.1f} ns, "
            f"{ns_npv / ns_batch:5.1f}x faster than numpy vectorised"
        )

    ends = [d + dt.timedelta(days=rng.randint(0, 120)) for d in dates]
    end_arr = np.array(ends, dtype="datetime64[D]")
    t, ours_b = timed(
        lambda: [cal.workdays_between(a, b) for a, b in zip(dates, ends, strict=True)]
    )
    ns_ours = row("workdays_between: xinfang_rules (scalar)", t, N_DATES)
    t, batch_b = timed(lambda: cal.workdays_between_many(arr, end_arr))
    ns_batch = row("workdays_between: xinfang_rules (batch, numpy)", t, N_DATES)
    assert batch_b.tolist() == ours_b
    t, nb = timed(lambda: np.busday_count(arr + 1, end_arr + 1, busdaycal=bdc))
    ns_npv = row("workdays_between: numpy.busday_count (vectorised)", t, N_DATES)
    assert nb.tolist() == ours_b
    pairs = list(zip(slow, ends[:N_SLOW], strict=True))
    t, h = timed(
        lambda: [hol.get_working_days_count(a, b) - hol.is_working_day(a) for a, b in pairs],
        repeat=1,
    )
    ns_hol = row("workdays_between: holidays.get_working_days_count", t, N_SLOW)
    assert h == ours_b[:N_SLOW]
    in_cc2 = [(a, b) for a, b in pairs if b.year <= 2026]
    t, c = timed(
        lambda: [len(chinese_calendar.get_workdays(a + ONE, b)) for a, b in in_cc2], repeat=1
    )
    ns_cc = row("workdays_between: chinese_calendar.get_workdays", t, len(in_cc2))
    assert c == [cal.workdays_between(a, b) for a, b in in_cc2]
    print(
        f"between: scalar {ns_ours:7.0f} ns | vs holidays {ns_hol / ns_ours:7.0f}x faster | "
        f"vs chinese-calendar {ns_cc / ns_ours:6.0f}x | batch {ns_batch:5.1f} ns, "
        f"{ns_npv / ns_batch:5.1f}x faster than numpy.busday_count\n"
    )
    width = max(len(name) for name, _, _ in rows)
    for name, ns, note in rows:
        print(f"{name:<{width}}  {ns:12.1f} ns/op  {note}")
    print("\nall peers agree with xinfang_rules on every date compared")


if __name__ == "__main__":
    main()
