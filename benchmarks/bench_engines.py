"""The status and figures SQL on DuckDB, PostgreSQL and Spark, side by side, in one run.

    python benchmarks/bench_engines.py [N]      # N petitions, default 1,000,000

Needs the ``test`` and ``spark`` extras, Debian's PostgreSQL server binaries and Java 17.
bench_cases.py's petitions are written once as the ``periods`` and ``petitions`` tables
(Parquet for DuckDB and Spark, CSV for PostgreSQL's ``COPY``) with the calendar table;
each engine then loads them and runs :func:`status_sql` (materialised) and
:func:`figures_sql` (a year of petitions). The state counts and every figure of
PostgreSQL and Spark are checked equal to DuckDB's (which the test suite checks against
the Python engine) before the times print. Each time is one run, wall clock.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

import duckdb
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.test_postgres import CALENDAR_DDL, PERIODS_DDL, _binary, copy_csv

from bench_cases import ON, record
from xinfang_rules import ProvisionalCalendarWarning, WorkdayCalendar
from xinfang_rules.formats.case_io import iter_petitions_jsonl
from xinfang_rules.formats.tables import PETITION_TABLE_COLUMNS, write_table
from xinfang_rules.formats.warehouse import (
    figures_sql,
    status_sql,
    write_calendar_csv,
    write_calendar_parquet,
)

FIRST_DAY = ON.replace(year=ON.year - 1)
STATES = "SELECT state, count(*) FROM status GROUP BY state"
FIGURES = "SELECT unit, figure, numerator, denominator, rank FROM figures"
_BOOL = ("first_time", "backlog", "closed", "resolved", "resolution_known", "backlog_known",
         "unit_rating_known", "bureau_rating_known")  # fmt: skip
_INT = ("headcount", "extension_days", "paused_days")
_TEXT = ("id", "channel", "category", "receiving_unit", "handling_unit", "repeat_of",
         "region", "regime", "state", "unit_rating", "bureau_rating")  # fmt: skip


def _figures(rows: list[Any]) -> dict[tuple[Any, str], tuple[int, int, Any]]:
    return {(r[0], r[1]): (int(r[2]), int(r[3]), r[4]) for r in rows}


def run_duckdb(folder: Path) -> tuple[dict[str, float], Counter[str], dict[Any, Any]]:
    con = duckdb.connect()
    con.execute("SET threads TO 2")
    t: dict[str, float] = {}
    start = time.perf_counter()
    for name in ("calendar", "periods", "petitions"):
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM read_parquet(?)",
                    [str(folder / f"{name}.parquet")])  # fmt: skip
    t["load"] = time.perf_counter() - start
    start = time.perf_counter()
    con.execute(f"CREATE TABLE status AS {status_sql(ON)}")
    t["status"] = time.perf_counter() - start
    start = time.perf_counter()
    con.execute(f"CREATE TABLE figures AS {figures_sql(FIRST_DAY, ON)}")
    t["figures"] = time.perf_counter() - start
    return (
        t,
        Counter(dict(con.execute(STATES).fetchall())),
        _figures(con.execute(FIGURES).fetchall()),
    )


def run_postgres(folder: Path) -> tuple[dict[str, float], Counter[str], dict[Any, Any]]:
    initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
    if initdb is None or pg_ctl is None:
        raise SystemExit("PostgreSQL server binaries not installed (apt install postgresql)")
    root = Path(tempfile.mkdtemp(prefix="xinfang-pg-bench-"))
    data, sockets = root / "data", root / "sockets"
    sockets.mkdir()
    run_as: list[str] = []
    if os.geteuid() == 0:
        run_as = ["runuser", "-u", "postgres", "--"]
        shutil.chown(root, "postgres")
        shutil.chown(sockets, "postgres")
    subprocess.run([*run_as, initdb, "-D", str(data), "-A", "trust", "-U", "postgres",
                    "--no-sync", "-E", "UTF8", "--locale", "C"],
                   check=True, capture_output=True)  # fmt: skip
    options = (f"-k {sockets} -c listen_addresses='' -p 54330 -c fsync=off "
               "-c shared_buffers=512MB -c work_mem=256MB")  # fmt: skip
    subprocess.run([*run_as, pg_ctl, "-D", str(data), "-o", options, "-w", "-l",
                    str(root / "log"), "start"], check=True, capture_output=True)  # fmt: skip
    try:
        with psycopg.connect(host=str(sockets), port=54330, user="postgres",
                             dbname="postgres", autocommit=True) as con:  # fmt: skip
            columns = ", ".join(
                f"{c} {'boolean' if c in _BOOL else 'integer' if c in _INT else 'text' if c in _TEXT else 'date'}"  # noqa: E501
                for c in PETITION_TABLE_COLUMNS
            )
            t: dict[str, float] = {}
            start = time.perf_counter()
            con.execute(CALENDAR_DDL)
            con.execute(PERIODS_DDL)
            con.execute(f"CREATE TABLE petitions ({columns})")
            for name in ("calendar", "periods", "petitions"):
                copy_csv(con, name, folder / f"{name}.csv")
            con.execute("ANALYZE")
            t["load"] = time.perf_counter() - start
            start = time.perf_counter()
            con.execute(f"CREATE TABLE status AS {status_sql(ON)}")
            t["status"] = time.perf_counter() - start
            start = time.perf_counter()
            con.execute(f"CREATE TABLE figures AS {figures_sql(FIRST_DAY, ON)}")
            t["figures"] = time.perf_counter() - start
            states = Counter(dict(con.execute(STATES).fetchall()))
            return t, states, _figures(con.execute(FIGURES).fetchall())
    finally:
        subprocess.run([*run_as, pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"],
                       check=False, capture_output=True)  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)


def run_spark(folder: Path) -> tuple[dict[str, float], Counter[str], dict[Any, Any]]:
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master("local[2]").appName("xinfang-bench")
        .config("spark.ui.enabled", "false").config("spark.sql.ansi.enabled", "true")
        .config("spark.sql.session.timeZone", "Asia/Shanghai")
        .config("spark.sql.shuffle.partitions", "4").config("spark.driver.memory", "6g")
        # only the calendar is broadcast (a few thousand rows); the petition tables are
        # joined by shuffle, as on a cluster
        .config("spark.sql.autoBroadcastJoinThreshold", str(8 << 20))
        .config("spark.sql.adaptive.autoBroadcastJoinThreshold", str(8 << 20))
        .getOrCreate()
    )  # fmt: skip
    spark.sparkContext.setLogLevel("ERROR")
    try:
        t: dict[str, float] = {}
        start = time.perf_counter()
        for name in ("calendar", "periods", "petitions"):
            spark.read.parquet(str(folder / f"{name}.parquet")).createOrReplaceTempView(name)
        t["load"] = time.perf_counter() - start  # lazily: read when the queries run
        start = time.perf_counter()
        spark.sql(status_sql(ON)).write.mode("overwrite").parquet(str(folder / "status"))
        spark.read.parquet(str(folder / "status")).createOrReplaceTempView("status")
        t["status"] = time.perf_counter() - start
        start = time.perf_counter()
        spark.sql(figures_sql(FIRST_DAY, ON)).write.mode("overwrite").parquet(
            str(folder / "figures")
        )
        spark.read.parquet(str(folder / "figures")).createOrReplaceTempView("figures")
        t["figures"] = time.perf_counter() - start
        states = Counter({r[0]: r[1] for r in spark.sql(STATES).collect()})
        return t, states, _figures([tuple(r) for r in spark.sql(FIGURES).collect()])
    finally:
        spark.stop()


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    warnings.simplefilter("ignore", ProvisionalCalendarWarning)
    rng = random.Random(20261206)
    cal = WorkdayCalendar.china()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        records = folder / "cases.jsonl"
        with open(records, "w", encoding="utf-8") as fh:
            for i in range(n):
                fh.write(json.dumps(record(i, rng), ensure_ascii=False))
                fh.write("\n")
        lo, hi = ON.replace(year=ON.year - 8), ON.replace(year=ON.year + 3)
        write_calendar_parquet(folder / "calendar.parquet", lo, hi, calendar=cal)
        write_calendar_csv(folder / "calendar.csv", lo, hi, calendar=cal)
        rows = 0
        for table in ("periods", "petitions"):
            for suffix in ("parquet", "csv"):
                written = write_table(folder / f"{table}.{suffix}", iter_petitions_jsonl(records),
                                      table=table, calendar=cal, as_of=ON)  # type: ignore[arg-type]  # fmt: skip
                rows = written if table == "periods" else rows
        results = {}
        for name, run in (("DuckDB", run_duckdb), ("PostgreSQL", run_postgres),
                          ("Spark", run_spark)):  # fmt: skip
            results[name] = run(folder)
            print(name, {k: round(v, 2) for k, v in results[name][0].items()}, flush=True)
    reference = results["DuckDB"]
    for name, (_, states, figures) in results.items():
        assert states == reference[1], (name, states, reference[1])
        assert figures == reference[2], name
    print(f"{n:,} petitions, {rows:,} period rows; status on {ON}, figures {FIRST_DAY}..{ON}")
    print(f"  {'engine':<12}{'load':>10}{'status':>10}{'figures':>10}")
    for name, (t, _, _) in results.items():
        print(f"  {name:<12}{t['load']:>9.2f}s{t['status']:>9.2f}s{t['figures']:>9.2f}s")
    print(f"  states and figures equal on all three: {dict(reference[1])}")
    print(f"  (today: {dt.date.today()})")


if __name__ == "__main__":
    main()
