"""Records → the periods table → status in SQL, beside the Python engine, in one run.

    python benchmarks/bench_status_sql.py [N] [--no-engine]   # N petitions, default 1,000,000

The petitions are bench_cases.py's (realistic histories, JSON Lines). Measured, on this
machine, one run each (the first use of the calendar outside the timing):

- records → periods table: ``write_table`` over ``iter_petitions_jsonl`` (Parquet, row
  groups of 100,000), each petition as it stood on the day asked (``as_of``), petitions
  and rows a second;
- records → petitions table (Parquet), petitions a second;
- status in DuckDB: ``status_sql(on)`` over the Parquet file and the calendar table,
  materialised (``CREATE TABLE … AS``), and the 预警清单 count; the figures
  (``figures_sql``) over the year, materialised;
- the Python engine on the same petitions (unless ``--no-engine``): every deadline judged,
  and ``metrics.report``, each streamed from the records, and the ratios.
Every state count and every figure of the SQL is checked against the engine's before the
figures print.
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

import attrs
import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_cases import ON, record
from xinfang_rules import ProvisionalCalendarWarning, WorkdayCalendar
from xinfang_rules.formats.case_io import iter_petitions_jsonl
from xinfang_rules.formats.tables import write_table
from xinfang_rules.formats.warehouse import figures_sql, status_sql, write_calendar_parquet
from xinfang_rules.metrics import report


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[0]) if args else 1_000_000
    with_engine = "--no-engine" not in sys.argv
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
        rows = write_table(periods, iter_petitions_jsonl(records), calendar=cal, as_of=ON)
        t_table = time.perf_counter() - start
        size_mb = periods.stat().st_size / 1e6
        facts = Path(tmp, "petitions.parquet")
        start = time.perf_counter()
        write_table(facts, iter_petitions_jsonl(records), table="petitions", calendar=cal,
                    as_of=ON)  # fmt: skip
        t_facts = time.perf_counter() - start

        con = duckdb.connect()
        con.execute("SET threads TO 2")
        con.execute("CREATE TABLE calendar AS SELECT * FROM read_parquet(?)",
                    [str(Path(tmp, "calendar.parquet"))])  # fmt: skip
        con.execute("CREATE TABLE periods AS SELECT * FROM read_parquet(?)", [str(periods)])
        con.execute("CREATE TABLE petitions AS SELECT * FROM read_parquet(?)", [str(facts)])
        start = time.perf_counter()
        con.execute(f"CREATE TABLE status AS {status_sql(ON)}")
        t_sql = time.perf_counter() - start
        sql_states = Counter(
            dict(con.execute("SELECT state, count(*) FROM status GROUP BY state").fetchall())
        )
        overdue_list = con.execute(
            "SELECT count(*) FROM status WHERE duty = 'unit' AND state IN ('overdue', 'due_soon')"
        ).fetchone()[0]

        first_day = ON.replace(year=ON.year - 1)
        start = time.perf_counter()
        con.execute(f"CREATE TABLE figures AS {figures_sql(first_day, ON, calendar='calendar')}")
        t_figures = time.perf_counter() - start
        sql_figures = {
            (u, f): (int(a), int(b))
            for u, f, a, b in con.execute("SELECT * FROM figures").fetchall()
        }
        t_engine = t_report = float("nan")
        if with_engine:
            start = time.perf_counter()
            engine_states: Counter[str] = Counter()
            for p in iter_petitions_jsonl(records):
                if p.events and p.events[-1].date > ON:  # as it stood on ON, as the tables
                    p = attrs.evolve(p, events=tuple(e for e in p.events if e.date <= ON))
                for d in p.deadlines(cal, on=ON):
                    engine_states[d.state] += 1
            t_engine = time.perf_counter() - start
            assert sql_states == engine_states, (sql_states, engine_states)
            start = time.perf_counter()
            rep = report(iter_petitions_jsonl(records), first_day, ON, calendar=cal)
            t_report = time.perf_counter() - start
            expected = {
                (u.unit, k): (r.numerator, r.denominator)
                for u in (*rep.units, rep.total)
                for k, r in u.rates.items()
                if r.denominator
            }
            assert sql_figures == expected

    print(f"{n:,} petitions, {rows:,} period rows ({size_mb:,.0f} MB Parquet); on {ON}")
    print(f"  records → periods table   {t_table:8.1f} s  {n / t_table:10,.0f} petitions/s  "
          f"{rows / t_table:10,.0f} rows/s")  # fmt: skip
    print(f"  records → petitions table {t_facts:8.1f} s  {n / t_facts:10,.0f} petitions/s")
    print(f"  status in DuckDB (SQL)    {t_sql:8.2f} s  {rows / t_sql:10,.0f} rows/s   "
          f"预警清单 rows: {overdue_list:,}")  # fmt: skip
    print(f"  figures in DuckDB (SQL)   {t_figures:8.2f} s  (a year of petitions, "
          f"{len(sql_figures)} unit × figure rows)")  # fmt: skip
    print(f"  status + figures in SQL   {t_sql + t_figures:8.2f} s")
    if with_engine:
        print(f"  the engine: every deadline {t_engine:6.1f} s  {n / t_engine:10,.0f} petitions/s")
        print(f"  the engine: report()       {t_report:6.1f} s  {n / t_report:10,.0f} petitions/s")
        print(f"  SQL / engine (time)       status {t_sql / t_engine:.3f}, figures "
              f"{t_figures / t_report:.3f}; states and figures equal")  # fmt: skip


if __name__ == "__main__":
    main()
