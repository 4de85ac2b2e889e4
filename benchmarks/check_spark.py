"""Check: the deadline SQL in Spark SQL gives the Python engine's due dates.

Not part of the test suite (it needs Java 17+ and the 300 MB ``pyspark`` package). Run
from the project root with both installed::

    pip install -e '.[test]' pyspark
    python benchmarks/check_spark.py [N]      # N random petitions, default 20,000

Writes the calendar table and N random petitions (the test suite's generator) as Parquet,
runs ``deadlines_sql()`` in a local Spark session (ANSI mode, as Spark 4 defaults to), and
compares every row with ``compute_deadline``: due date and provisional flag.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
import warnings
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from pyspark.sql import SparkSession  # type: ignore[import-not-found]

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.test_warehouse import PETITION_TYPES, engine_deadlines, random_petitions

from xinfang_rules import (
    XINFANG_2022,
    ProvisionalCalendarWarning,
    WorkdayCalendar,
    deadlines_sql,
    write_calendar_parquet,
)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    warnings.simplefilter("ignore", ProvisionalCalendarWarning)
    cal = WorkdayCalendar.china()
    work = Path(tempfile.mkdtemp())
    write_calendar_parquet(work / "calendar.parquet", dt.date(2004, 1, 1),
                           dt.date(2027, 12, 31), calendar=cal)  # fmt: skip
    rows = random_petitions(n, seed=7)
    types = {"VARCHAR": pa.string(), "DATE": pa.date32(), "INTEGER": pa.int32()}
    schema = pa.schema([(k, types[v]) for k, v in PETITION_TYPES.items()])
    table = pa.table({k: [r[k] for r in rows] for k in PETITION_TYPES}, schema=schema)
    pq.write_table(table, work / "petitions.parquet")
    expected = engine_deadlines(rows, XINFANG_2022, cal)

    spark = (
        SparkSession.builder.master("local[2]")
        .appName("xinfang_rules check")
        .config("spark.sql.session.timeZone", "Asia/Shanghai")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    spark.read.parquet(str(work / "calendar.parquet")).createOrReplaceTempView("calendar")
    spark.read.parquet(str(work / "petitions.parquet")).createOrReplaceTempView("petitions")
    start = time.perf_counter()
    result = spark.sql(deadlines_sql()).collect()
    seconds = time.perf_counter() - start
    got = {
        (r["id"], r["period_id"]): (r["start_date"], r["due_date"], r["provisional"])
        for r in result
    }
    wrong = [k for k, v in expected.items() if got.get(k) != v]
    print(f"Spark {spark.version} (ANSI {spark.conf.get('spark.sql.ansi.enabled')}): "
          f"{len(result):,} deadlines of {n:,} petitions in {seconds:.1f} s; "
          f"same rows as the engine: {got.keys() == expected.keys()}; "
          f"different dates or flags: {len(wrong)}")  # fmt: skip
    spark.stop()
    if wrong or got.keys() != expected.keys():
        sys.exit(1)


if __name__ == "__main__":
    main()
