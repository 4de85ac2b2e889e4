"""Records → the periods table → status in SQL, beside the Python engine, in one run.

    python benchmarks/bench_status_sql.py [N]      # N petitions, default 1,000,000

The petitions are bench_cases.py's (realistic histories, JSON Lines). Measured, on this
machine, one run each (the first use of the calendar outside the timing):

- records → periods table: ``write_period_table`` over ``iter_petitions_jsonl`` (Parquet,
  row groups of 100,000), petitions and rows a second;
- status in DuckDB: ``status_sql(on)`` over the Parquet file and the calendar table,
  materialised (``CREATE TABLE … AS``), and the 预警清单 count;
- the Python engine on the same petitions: ``Petition.status(on)`` streamed from the
  records (the path a service takes without a warehouse), and the ratio.
Every state count of the SQL is checked against the engine's before the figures print.
"""

from __future__ import annotations

import json
import os
import random
import sys
import tempfile
import time
import warnings
from collections import Counter
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_cases import ON, record
from xinfang_rules import ProvisionalCalendarWarning, WorkdayCalendar
from xinfang_rules.formats.case_io import iter_petitions_jsonl
from xinfang_rules.formats.tables import write_period_table
from xinfang_rules.formats.warehouse import status_sql, write_calendar_parquet


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    warnings.simplefilter("ignore", ProvisionalCalendarWarning)
    rng = random.Random(20261206)
    cal = WorkdayCalendar.china()
    with tempfile.TemporaryDirectory() as tmp:
        records = os.path.join(tmp, "cases.jsonl")
        with open(records, "w", encoding="utf-8") as fh:
            for i in range(n):
                fh.write(json.dumps(record(i, rng), ensure_ascii=False))
                fh.write("\n")
        write_calendar_parquet(Path(tmp, "calendar.parquet"), ON.replace(year=ON.year - 8),
                               ON.replace(year=ON.year + 3), calendar=cal)  # fmt: skip
        periods = Path(tmp, "periods.parquet")
        for p in iter_petitions_jsonl(records):  # warm up: the calendar, the decoder
            p.status(ON, calendar=cal)
            break

        start = time.perf_counter()
        rows = write_period_table(periods, iter_petitions_jsonl(records), calendar=cal)
        t_table = time.perf_counter() - start
        size_mb = periods.stat().st_size / 1e6

        con = duckdb.connect()
        con.execute("SET threads TO 2")
        con.execute("CREATE TABLE calendar AS SELECT * FROM read_parquet(?)",
                    [str(Path(tmp, "calendar.parquet"))])  # fmt: skip
        con.execute("CREATE TABLE periods AS SELECT * FROM read_parquet(?)", [str(periods)])
        start = time.perf_counter()
        con.execute(f"CREATE TABLE status AS {status_sql(ON)}")
        t_sql = time.perf_counter() - start
        sql_states = Counter(
            dict(con.execute("SELECT state, count(*) FROM status GROUP BY state").fetchall())
        )
        overdue_list = con.execute(
            "SELECT count(*) FROM status WHERE duty = 'unit' AND state IN ('overdue', 'due_soon')"
        ).fetchone()[0]

        start = time.perf_counter()
        engine_states: Counter[str] = Counter()
        for p in iter_petitions_jsonl(records):
            for d in p.deadlines(cal, on=ON):
                engine_states[d.state] += 1
        t_engine = time.perf_counter() - start

    assert sql_states == engine_states, (sql_states, engine_states)
    print(f"{n:,} petitions, {rows:,} period rows ({size_mb:,.0f} MB Parquet); on {ON}")
    print(f"  records → periods table  {t_table:8.1f} s  {n / t_table:10,.0f} petitions/s  "
          f"{rows / t_table:10,.0f} rows/s")  # fmt: skip
    print(f"  status in DuckDB (SQL)   {t_sql:8.2f} s  {rows / t_sql:10,.0f} rows/s   "
          f"预警清单 rows: {overdue_list:,}")  # fmt: skip
    print(f"  the Python engine        {t_engine:8.1f} s  {n / t_engine:10,.0f} petitions/s "
          f"(load + every deadline judged)")  # fmt: skip
    print(f"  SQL / engine (time)      {t_sql / t_engine:8.3f}   states equal: {dict(sql_states)}")


if __name__ == "__main__":
    main()
