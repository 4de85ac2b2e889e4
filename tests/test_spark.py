"""The status SQL in a local Spark session (Spark SQL, ANSI mode), compared with the engine.

The tables are the Parquet files the library writes (the calendar and the periods of
random petitions under every shipped regime), read by Spark as a platform would; the
query is :func:`status_sql`'s text, unchanged. Needs Java 17+ and the ``spark`` extra;
in CI (``CI=true``) either missing is a failure, never a skip: ``.ci/run`` installs them.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.test_status_sql import (
    CAL_FIRST,
    CAL_LAST,
    engine,
    random_petitions,
    report_figures,
    report_ranks,
    rows_of,
)
from xinfang_rules import ProvisionalCalendarWarning, WorkdayCalendar
from xinfang_rules.formats.tables import write_period_table, write_table
from xinfang_rules.formats.warehouse import figures_sql, status_sql, write_calendar_parquet

D = dt.date
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    """A local Spark session on two cores, for this module."""
    if not IN_CI:  # in CI a missing part is a failure: the import below raises
        pytest.importorskip("pyspark.sql")
        if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
            pytest.skip("no Java runtime (apt install default-jre-headless)")
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("xinfang-rules-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.ansi.enabled", "true")
        .config("spark.sql.session.timeZone", "Asia/Shanghai")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    try:
        yield session
    finally:
        session.stop()


@pytest.fixture(scope="module")
def loaded(spark: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The calendar and the periods of 1,500 random petitions, as Parquet, as views."""
    folder: Path = tmp_path_factory.mktemp("spark")
    cal = WorkdayCalendar.china()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalCalendarWarning)
        petitions = random_petitions(1_500, seed=2028)
        write_calendar_parquet(folder / "calendar.parquet", CAL_FIRST, CAL_LAST, calendar=cal)
        write_period_table(folder / "periods.parquet", petitions, calendar=cal)
        write_table(folder / "petitions.parquet", petitions, table="petitions", calendar=cal)
    spark.read.parquet(str(folder / "petitions.parquet")).createOrReplaceTempView("petitions")
    spark.read.parquet(str(folder / "calendar.parquet")).createOrReplaceTempView("calendar")
    spark.read.parquet(str(folder / "periods.parquet")).createOrReplaceTempView("periods")
    return {"spark": spark, "petitions": petitions, "calendar": cal}


@pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning")
@pytest.mark.parametrize("on", [D(2022, 1, 4), D(2026, 11, 22)], ids=str)
def test_spark_status_equals_the_engine(loaded: dict[str, Any], on: D) -> None:
    """The same SQL text as in DuckDB and PostgreSQL; every row as the engine judges it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalCalendarWarning)
        expected = engine(loaded["petitions"], on, loaded["calendar"])
    result = loaded["spark"].sql(status_sql(on)).collect()
    got = rows_of([tuple(r) for r in result])
    assert got.keys() == expected.keys()
    assert {k: (got[k], expected[k]) for k in expected if got[k] != expected[k]} == {}
    assert len(expected) > 3_000


@pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning")
def test_the_spark_job(loaded: dict[str, Any], tmp_path: Path) -> None:
    """The job writes status and alerts; the alerts are the engine's 预警清单 rows."""
    from xinfang_rules.formats.spark_job import run

    spark, on = loaded["spark"], D(2026, 11, 22)
    folder = tmp_path / "tables"
    folder.mkdir()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalCalendarWarning)
        write_calendar_parquet(folder / "calendar.parquet", CAL_FIRST, CAL_LAST,
                               calendar=loaded["calendar"])  # fmt: skip
        write_period_table(folder / "periods.parquet", loaded["petitions"],
                           calendar=loaded["calendar"])  # fmt: skip
        expected = sorted(
            (p.id, d.period_id, d.deadline.due, d.state)
            for p in loaded["petitions"]
            for d in p.deadlines(loaded["calendar"], on=on)
            if d.duty == "unit" and d.state in ("overdue", "due_soon")
        )
    counts = run(
        spark,
        calendar=str(folder / "calendar.parquet"),
        periods=str(folder / "periods.parquet"),
        out=str(tmp_path / "out"),
        on=on,
    )
    alerts = spark.read.parquet(str(tmp_path / "out" / "alerts")).collect()
    got = sorted((r["id"], r["period_id"], r["due_date"], r["state"]) for r in alerts)
    assert got == expected and counts["alerts"] == len(expected) > 50
    assert counts["status"] > 3_000


@pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning")
def test_spark_figures_equal_the_report(loaded: dict[str, Any]) -> None:
    """Every figure's numerator and denominator, per unit and pooled, as report() gives."""
    from xinfang_rules.metrics import report

    start, end = D(2022, 1, 1), D(2029, 12, 31)  # on: after every event of the sample
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalCalendarWarning)
        rep = report(loaded["petitions"], start, end, calendar=loaded["calendar"])
    rows = loaded["spark"].sql(figures_sql(start, end)).collect()
    got = {(r[0], r[1]): (int(r[2]), int(r[3])) for r in rows}
    assert all((r[4] is None) == (r[0] is None) for r in rows)
    expected = report_figures(rep)
    assert got == expected and len(expected) > 40
    ranks = {(r[0], r[1]): r[4] for r in rows if r[0] is not None}
    assert ranks == report_ranks(rep, {fig for _, fig in expected})
