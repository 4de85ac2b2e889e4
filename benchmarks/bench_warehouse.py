"""Benchmark: the 2022 deadlines as SQL in DuckDB, beside the Python engine.

Run: ``python benchmarks/bench_warehouse.py [N]`` (default 10,000,000 deadlines). Loads the
calendar table (2001-2027, from the CSV export) into DuckDB, makes random petitions in
DuckDB itself (received 2022-05..2026-10, routed, accepted, extended, paused, replied and
复查 at the rates of the test suite) sized so that they have about 100,000 and about N
deadlines, and times ``deadlines_sql()`` materialised into a table (best of 3 for the
small run, 1 for the large). Peers on the same 100,000 deadlines: the Python engine one
deadline at a time (``compute_deadline``), and its numpy batch form (``compute_due_dates``,
one call per period, no pauses or extensions) where it applies.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

import duckdb
import numpy as np

from xinfang_rules import (
    XINFANG_2022,
    Extension,
    Pause,
    ProvisionalCalendarWarning,
    WorkdayCalendar,
    compute_deadline,
    compute_due_dates,
    deadlines_sql,
    write_calendar_csv,
)

PETITIONS = """
CREATE OR REPLACE TABLE petitions AS
WITH base AS (
  SELECT i, DATE '2022-05-01' + CAST(floor(random() * 1645) AS INTEGER) AS received,
         random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5,
         random() AS r6, random() AS r7
  FROM range(?) t(i)
), routed AS (
  SELECT *, CASE WHEN r1 < 0.6 THEN received + CAST(floor(r2 * 20) AS INTEGER) END AS fwd
  FROM base
), acc AS (
  SELECT *, CASE WHEN r3 < 0.8 THEN COALESCE(fwd, received) + CAST(floor(r4 * 15) AS INTEGER)
           END AS accepted
  FROM routed
), rep AS (
  SELECT *, CASE WHEN accepted IS NOT NULL AND r5 < 0.7
                 THEN accepted + 1 + CAST(floor(r6 * 90) AS INTEGER) END AS reply
  FROM acc
)
SELECT 'P' || i AS id,
       CASE WHEN r7 < 0.5 THEN '申诉求决类' WHEN r7 < 0.75 THEN '建议意见类' ELSE '检举控告类' END
         AS category,
       received, fwd AS forward_received, accepted, reply AS reply_received,
       CASE WHEN reply IS NOT NULL AND r2 < 0.3 THEN reply + 1 + CAST(floor(r4 * 30) AS INTEGER)
            END AS review_request_received,
       NULL::DATE AS review_reply_received, NULL::DATE AS rereview_request_received,
       CASE WHEN accepted IS NOT NULL AND r6 < 0.15 THEN 1 + CAST(floor(r1 * 30) AS INTEGER)
            ELSE 0 END AS extension_days,
       CASE WHEN accepted IS NOT NULL AND r5 > 0.85 THEN 1 + CAST(floor(r3 * 20) AS INTEGER)
            ELSE 0 END AS paused_days
FROM rep
"""


def timed_sql(con: Any, n_petitions: int, repeat: int) -> tuple[float, int]:
    """Best time of materialising the deadlines of ``n_petitions`` random petitions."""
    con.execute(PETITIONS, [n_petitions])
    query = "CREATE OR REPLACE TABLE deadlines AS " + deadlines_sql()
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        con.execute(query)
        best = min(best, time.perf_counter() - start)
    (rows,) = con.execute("SELECT count(*) FROM deadlines").fetchone()
    return best, rows


def python_engine(con: Any, cal: WorkdayCalendar) -> tuple[float, float, int]:
    """The same deadlines through compute_deadline, and the plain ones through numpy."""
    rows = con.execute(
        "SELECT k.period_id, k.start_date, p.extension_days, p.paused_days "
        "FROM deadlines k JOIN petitions p USING (id)"
    ).fetchall()
    start = time.perf_counter()
    for period_id, day, ext, paused in rows:
        kw: dict[str, Any] = {}
        if period_id == "handle":
            if ext:
                kw["extension"] = Extension(ext, day + dt.timedelta(days=1), "局长", "情况复杂")
            if paused:
                first = day + dt.timedelta(days=2)
                kw["pauses"] = (Pause(first, first + dt.timedelta(days=paused - 1), "鉴定"),)
        compute_deadline(period_id, day, calendar=cal, regime=XINFANG_2022, **kw)
    one_by_one = time.perf_counter() - start
    by_period: dict[str, list[dt.date]] = {}
    for period_id, day, _, _ in rows:
        by_period.setdefault(period_id, []).append(day)
    arrays = {k: np.array(v, dtype="datetime64[D]") for k, v in by_period.items()}
    start = time.perf_counter()
    for period_id, starts in arrays.items():
        compute_due_dates(period_id, starts, calendar=cal, regime=XINFANG_2022)
    batch = time.perf_counter() - start
    return one_by_one, batch, len(rows)


def main() -> None:
    target = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
    warnings.simplefilter("ignore", ProvisionalCalendarWarning)
    cal = WorkdayCalendar.china()
    path = Path(tempfile.mkdtemp()) / "calendar.csv"
    days = write_calendar_csv(path, dt.date(2001, 1, 1), dt.date(2027, 12, 31), calendar=cal)
    con = duckdb.connect()
    con.execute("CREATE TABLE calendar AS SELECT * FROM read_csv(?, header=true)", [str(path)])
    _, rows = timed_sql(con, 10_000, 1)
    per_petition = rows / 10_000
    small_n = round(100_000 / per_petition)
    t_small, small = timed_sql(con, small_n, 3)
    one_by_one, batch, checked = python_engine(con, cal)
    large_n = round(target / per_petition)
    t_large, large = timed_sql(con, large_n, 1)
    print(f"calendar table: {days:,} days (2001-2027); DuckDB {duckdb.__version__}")
    print(f"{'':34s} {'deadlines':>11s} {'seconds':>8s} {'per second':>12s}")
    print(f"{'DuckDB, deadlines_sql()':34s} {small:11,d} {t_small:8.3f} {small / t_small:12,.0f}")
    print(f"{'DuckDB, deadlines_sql()':34s} {large:11,d} {t_large:8.3f} {large / t_large:12,.0f}")
    print(f"{'Python, compute_deadline each':34s} {checked:11,d} {one_by_one:8.3f} "
          f"{checked / one_by_one:12,.0f}  DuckDB {one_by_one / t_small:.0f}x faster")  # fmt: skip
    print(f"{'Python, compute_due_dates (numpy)':34s} {checked:11,d} {batch:8.3f} "
          f"{checked / batch:12,.0f}  (plain periods only: no pauses or extensions)")  # fmt: skip
    print(f"({small_n:,} and {large_n:,} petitions, {per_petition:.2f} deadlines each)")


if __name__ == "__main__":
    main()
