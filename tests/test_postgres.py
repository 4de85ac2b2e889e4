"""The warehouse SQL in a real PostgreSQL server, compared with the engine.

The server is started for this module from the Debian package's binaries (``initdb``,
``pg_ctl``) in a temporary folder, listening on a Unix socket only (no TCP port), and
stopped at the end. The tables are loaded as a 信访 system would load them: ``COPY`` from
the CSV files the library writes. In CI (``CI=true``) a missing server is a failure, never
a skip: ``.ci/run`` installs it.
"""

from __future__ import annotations

import datetime as dt
import glob
import os
import shutil
import subprocess
import tempfile
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
from xinfang_rules.formats.tables import PETITION_TABLE_COLUMNS, write_period_table, write_table
from xinfang_rules.formats.warehouse import figures_sql, status_sql, write_calendar_csv

D = dt.date
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

CALENDAR_DDL = """CREATE TABLE calendar (
  date date PRIMARY KEY, day_number integer NOT NULL, is_workday boolean NOT NULL,
  kind text NOT NULL, holiday text, official boolean NOT NULL,
  workday_index integer NOT NULL, provisional_index integer NOT NULL)"""
PERIODS_DDL = """CREATE TABLE periods (
  id text NOT NULL, period_id text NOT NULL, duty text NOT NULL, start_date date NOT NULL,
  done_date date, counted_in text NOT NULL, counted_length integer, assigned_due date,
  stopped_since date, stop_date date)"""


def _binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


@pytest.fixture(scope="module")
def server() -> Iterator[dict[str, Any]]:
    """A PostgreSQL server on a Unix socket in a temporary folder, for this module."""
    psycopg = pytest.importorskip("psycopg") if not IN_CI else __import__("psycopg")
    initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
    if initdb is None or pg_ctl is None:
        if IN_CI:
            pytest.fail("PostgreSQL's initdb/pg_ctl are not installed (.ci/run installs them)")
        pytest.skip("PostgreSQL server binaries not installed (apt install postgresql)")
    # a folder of its own under the system's temporary folder: pytest's are private to
    # the user running the tests, and the server runs as its own user when that is root
    root = Path(tempfile.mkdtemp(prefix="xinfang-pg-"))
    data, sockets = root / "data", root / "sockets"
    sockets.mkdir()
    run_as: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root: the package's own user
        run_as = ["runuser", "-u", "postgres", "--"]
        shutil.chown(root, "postgres")
        shutil.chown(sockets, "postgres")
    subprocess.run([*run_as, initdb, "-D", str(data), "-A", "trust", "-U", "postgres",
                    "--no-sync", "-E", "UTF8", "--locale", "C"],
                   check=True, capture_output=True)  # fmt: skip
    options = f"-k {sockets} -c listen_addresses='' -p 54329 -c fsync=off"
    subprocess.run([*run_as, pg_ctl, "-D", str(data), "-o", options, "-w", "-l",
                    str(root / "log"), "start"], check=True, capture_output=True)  # fmt: skip
    try:
        with psycopg.connect(host=str(sockets), port=54329, user="postgres",
                             dbname="postgres", autocommit=True) as con:  # fmt: skip
            yield {"con": con, "root": root}
    finally:
        subprocess.run([*run_as, pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"],
                       check=False, capture_output=True)  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)


def copy_csv(con: Any, table: str, path: Path) -> None:
    statement = f"COPY {table} FROM STDIN WITH (FORMAT csv, HEADER true)"
    with con.cursor() as cur, open(path, "rb") as f, cur.copy(statement) as copy:
        while chunk := f.read(1 << 16):
            copy.write(chunk)


@pytest.fixture(scope="module")
def loaded(server: dict[str, Any]) -> dict[str, Any]:
    """The calendar and the periods of 2,000 random petitions, loaded with COPY."""
    con, root = server["con"], server["root"]
    cal = WorkdayCalendar.china()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalCalendarWarning)
        petitions = random_petitions(2_000, seed=2027)
        write_calendar_csv(root / "calendar.csv", CAL_FIRST, CAL_LAST, calendar=cal)
        write_period_table(root / "periods.csv", petitions, calendar=cal)
    con.execute(CALENDAR_DDL)
    con.execute(PERIODS_DDL)
    copy_csv(con, "calendar", root / "calendar.csv")
    copy_csv(con, "periods", root / "periods.csv")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalCalendarWarning)
        write_table(root / "petitions.csv", petitions, table="petitions", calendar=cal)
    types = {"received": "date", "headcount": "integer", "first_time": "boolean",
             "backlog": "boolean", "extension_days": "integer", "paused_days": "integer",
             "closed": "boolean", "resolved": "boolean", "resolution_known": "boolean",
             "backlog_known": "boolean", "unit_rating_known": "boolean",
             "bureau_rating_known": "boolean"}  # fmt: skip
    dates = {"forward_received", "assigned", "accepted", "reply_received", "forwarded",
             "review_request_received", "review_reply_received", "rereview_request_received",
             "supervision_received", "unit_received"}  # fmt: skip
    columns = ", ".join(
        f"{c} {types.get(c, 'date' if c in dates else 'text')}" for c in PETITION_TABLE_COLUMNS
    )
    con.execute(f"CREATE TABLE petitions ({columns})")
    copy_csv(con, "petitions", root / "petitions.csv")
    return {"con": con, "petitions": petitions, "calendar": cal}


@pytest.mark.parametrize("on", [D(2021, 2, 10), D(2024, 10, 8), D(2026, 11, 22)], ids=str)
def test_postgres_status_equals_the_engine(loaded: dict[str, Any], on: D) -> None:
    """The same SQL text as in DuckDB; every row as the engine judges it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalCalendarWarning)
        expected = engine(loaded["petitions"], on, loaded["calendar"])
    got = rows_of(loaded["con"].execute(status_sql(on)).fetchall())
    assert got.keys() == expected.keys()
    assert {k: (got[k], expected[k]) for k in expected if got[k] != expected[k]} == {}
    assert len(expected) > 4_000


def test_postgres_overdue_list(loaded: dict[str, Any]) -> None:
    """The 预警清单 as a query: the unit's overdue and due-soon duties, by due date."""
    on = D(2026, 11, 22)
    query = (
        f"SELECT id, period_id, due_date, state FROM ({status_sql(on)}) s "
        "WHERE duty = 'unit' AND state IN ('overdue', 'due_soon') ORDER BY due_date, id"
    )
    rows = loaded["con"].execute(query).fetchall()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalCalendarWarning)
        expected = sorted(
            (p.id, d.period_id, d.deadline.due, d.state)
            for p in loaded["petitions"]
            for d in p.deadlines(loaded["calendar"], on=on)
            if d.duty == "unit" and d.state in ("overdue", "due_soon")
        )
    assert sorted(rows) == expected and len(rows) > 100


def test_postgres_figures_equal_the_report(loaded: dict[str, Any]) -> None:
    """Every figure's numerator and denominator, per unit and pooled, as report() gives."""
    from xinfang_rules.metrics import report

    start, end = D(2022, 1, 1), D(2029, 12, 31)  # on: after every event of the sample
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalCalendarWarning)
        rep = report(loaded["petitions"], start, end, calendar=loaded["calendar"])
    rows = loaded["con"].execute(figures_sql(start, end)).fetchall()
    got = {(u, f): (int(n), int(d)) for u, f, n, d, _ in rows}
    expected = report_figures(rep)
    assert got == expected and len(expected) > 40
    ranks = {(u, fig): r for u, fig, _, _, r in rows if u is not None}
    assert ranks == report_ranks(rep, {fig for _, fig in expected})


def test_postgres_views_judge_today_in_beijing(loaded: dict[str, Any]) -> None:
    """The views: the status and the 预警清单 on the server's today in Beijing, as the engine."""
    from xinfang_rules.dates import beijing_date
    from xinfang_rules.formats.warehouse import postgres_views_sql

    con = loaded["con"]
    con.execute(postgres_views_sql())
    today = con.execute("SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date").fetchone()[0]
    assert today == beijing_date(dt.datetime.now(dt.timezone.utc))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalCalendarWarning)
        expected = engine(loaded["petitions"], today, loaded["calendar"])
        alerts = sorted(
            (p.id, d.period_id, d.deadline.due, d.state)
            for p in loaded["petitions"]
            for d in p.deadlines(loaded["calendar"], on=today)
            if d.duty == "unit" and d.state in ("overdue", "due_soon")
        )
    columns = "id, period_id, duty, start_date, due_date, done_date, provisional, state, days_late"
    got = rows_of(con.execute(f"SELECT {columns} FROM xinfang_status").fetchall())
    assert got == expected
    rows = con.execute("SELECT id, period_id, due_date, state FROM xinfang_alerts").fetchall()
    assert sorted(rows) == alerts and rows == sorted(rows, key=lambda r: (r[2], r[0], r[1]))
