"""A Spark job for a province's platform: each period's status and the 预警清单, in Spark SQL.

Only the driver needs this library (it writes the SQL); the executors run plain Spark SQL
(joins and integer arithmetic, no Python function per row), so the job scales with the
cluster. Submit this file (``xinfang_rules/formats/spark_job.py`` where the library is
installed on the driver) with ``spark-submit``, giving ``--calendar``, ``--periods``,
``--out`` and ``--on`` (paths or URLs: ``hdfs:///dim/calendar.parquet`` …); or, on one
machine, ``python -m xinfang_rules.formats.spark_job --calendar calendar.parquet
--periods periods.parquet --out status/``.

It reads the calendar table (``xinfang calendar export --format parquet``) and the periods
table (``xinfang table … -o periods.parquet``), runs :func:`status_sql` and writes two
Parquet tables under ``--out``: ``status`` (every period, with its due date, state and days
late) and ``alerts`` (the 预警清单: the unit's overdue and due-soon duties, by due date).
The day defaults to today in Beijing. Each table is written by Spark's own committer
(``overwrite``: a failed job leaves no ``_SUCCESS`` marker).

Needs the ``spark`` extra (``pyspark``) and Java 17 or newer where it runs.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
from collections.abc import Sequence
from typing import Any

from xinfang_rules._files import optional_module
from xinfang_rules.dates import beijing_date, parse_iso_date
from xinfang_rules.formats.warehouse import ALERTS_WHERE, WarehouseError, status_sql

__all__ = ["ALERTS_WHERE", "main", "run"]


def run(
    spark: Any,
    *,
    calendar: str,
    periods: str,
    out: str,
    on: _dt.date,
    warn_within: int = 3,
) -> dict[str, int]:
    """Judge every period on ``on`` in ``spark``; write ``status`` and ``alerts`` under ``out``.

    ``calendar`` and ``periods`` are paths (or URLs) of the two Parquet tables. Returns
    the rows written to each table.
    """
    spark.read.parquet(calendar).createOrReplaceTempView("calendar")
    spark.read.parquet(periods).createOrReplaceTempView("periods")
    status = spark.sql(status_sql(on, warn_within=warn_within))
    status.write.mode("overwrite").parquet(f"{out.rstrip('/')}/status")
    written = spark.read.parquet(f"{out.rstrip('/')}/status")
    alerts = written.where(ALERTS_WHERE).orderBy("due_date", "id", "period_id")
    alerts.write.mode("overwrite").parquet(f"{out.rstrip('/')}/alerts")
    return {"status": written.count(), "alerts": alerts.count()}


def main(argv: Sequence[str] | None = None) -> int:
    """The job's command line (see the module's documentation)."""
    parser = argparse.ArgumentParser(
        prog="xinfang_rules.formats.spark_job",
        description="Each period's status and the 预警清单 in Spark SQL (docs/warehouse.md).",
    )
    parser.add_argument("--calendar", required=True, help="the calendar table (Parquet)")
    parser.add_argument("--periods", required=True, help="the periods table (Parquet)")
    parser.add_argument("--out", required=True, help="where to write status/ and alerts/")
    parser.add_argument("--on", type=parse_iso_date, help="the day (default: today, Beijing)")
    parser.add_argument("--warn-within", type=int, default=3, help="working days (default 3)")
    args = parser.parse_args(argv)
    sql = optional_module("pyspark.sql", extra="spark", purpose="the Spark job",
                          error=WarehouseError)  # fmt: skip
    on = args.on or beijing_date(_dt.datetime.now(_dt.timezone.utc))
    spark = (
        sql.SparkSession.builder.appName("xinfang-rules-status")
        .config("spark.sql.session.timeZone", "Asia/Shanghai")
        .getOrCreate()
    )
    counts = run(spark, calendar=args.calendar, periods=args.periods, out=args.out, on=on,
                 warn_within=args.warn_within)  # fmt: skip
    print(f"{on}: status {counts['status']:,} rows, alerts {counts['alerts']:,} rows",
          file=sys.stderr)  # fmt: skip
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
