"""The status SQL gives, on every engine, what ``Petition.deadlines(on=...)`` gives.

Petitions with random histories cut at a random event (so that many are still open, some
with a clock stop still running), under every shipped regime, received from 2020 (the
2005 regulations) to 2026; the ``periods`` table written by the library (Parquet and CSV),
the calendar table beside it; the SQL of :func:`status_sql` run in DuckDB here and in a
real PostgreSQL server (tests/test_postgres.py); every row compared with the engine: due
date, provisional flag, state and days late.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from tests.test_warehouse import CALENDAR_TYPES
from xinfang_rules import (
    Accepted,
    AssignedTo,
    Category,
    Channel,
    ClockResumed,
    ClockStopped,
    Closed,
    Evaluated,
    Event,
    Extended,
    Forwarded,
    HearingEnded,
    HearingStarted,
    Objected,
    Outcome,
    Petition,
    ProvisionalCalendarWarning,
    Rating,
    RefusalGround,
    Refused,
    Relapsed,
    Replied,
    RereviewDecided,
    RereviewRequested,
    Resolved,
    ReviewDecided,
    ReviewRequested,
    WorkdayCalendar,
    named_regime,
    regimes,
)
from xinfang_rules.errors import XinfangError
from xinfang_rules.formats.tables import period_rows, write_period_table
from xinfang_rules.formats.warehouse import (
    PERIOD_COLUMNS,
    WarehouseError,
    status_sql,
    write_calendar_csv,
)

D = dt.date
CAL_FIRST, CAL_LAST = D(2019, 1, 1), D(2029, 12, 31)

PERIOD_TYPES = {
    "id": "VARCHAR", "period_id": "VARCHAR", "duty": "VARCHAR", "start_date": "DATE",
    "done_date": "DATE", "counted_in": "VARCHAR", "counted_length": "INTEGER",
    "assigned_due": "DATE", "stopped_since": "DATE", "stop_date": "DATE",
}  # fmt: skip


def history(rng: random.Random, received: D) -> list[Event]:
    """A valid history of a petition received on ``received``, complete."""
    day = received
    events: list[Event] = []

    def later(lo: int, hi: int) -> D:
        nonlocal day
        day = day + dt.timedelta(days=rng.randint(lo, hi))
        return day

    route = rng.choice(["direct", "direct", "forward", "assign"])
    if route == "forward":
        events.append(Forwarded(later(0, 20), to_unit="县住建局"))
    elif route == "assign":
        events.append(AssignedTo(later(0, 20), to_unit="县住建局", due=day + dt.timedelta(40)))
    if route != "direct" and rng.random() < 0.05:
        events.append(Objected(later(0, 8), reason="非本单位事权"))
        return events
    if rng.random() < 0.05:
        events.append(Refused(later(0, 20), ground=RefusalGround.LITIGATION))
        return events
    events.append(Accepted(later(0, 20), notified_on=later(0, 20)))
    if rng.random() < 0.3:
        events.append(ClockStopped(later(1, 30), reason="鉴定"))
        events.append(ClockResumed(later(1, 30)))
    if rng.random() < 0.2:
        events.append(
            Extended(later(1, 40), days=rng.randint(1, 30), approver="局长", reason="复杂")
        )
    replied = later(1, 90)
    events.append(Replied(replied, outcome=Outcome.EXPLAIN, received_on=later(0, 5)))
    if rng.random() < 0.6:
        rating = rng.choice(list(Rating))
        events.append(Evaluated(later(0, 40), rating=rating, of="handling_unit"))
    if route != "direct" and rng.random() < 0.5:
        events.append(Evaluated(later(0, 10), rating=rng.choice(list(Rating)),
                                of="petition_bureau"))  # fmt: skip
    if rng.random() < 0.5:
        events.append(Closed(later(0, 5)))
        if rng.random() < 0.5:
            events.append(Resolved(later(0, 10)))
            if rng.random() < 0.2:
                events.append(Relapsed(later(1, 30)))
    if rng.random() < 0.4:
        events.append(ReviewRequested(later(1, 40)))
        if rng.random() < 0.3:
            events.append(ClockStopped(later(1, 10), reason="补充材料"))
            events.append(ClockResumed(later(1, 20)))
        decided = later(1, 40)
        events.append(ReviewDecided(decided, outcome=Outcome.REJECT, received_on=later(0, 5)))
        if rng.random() < 0.5:
            events.append(RereviewRequested(later(1, 40)))
            if rng.random() < 0.4:
                events.append(HearingStarted(later(1, 10)))
                events.append(HearingEnded(later(0, 5)))
            events.append(RereviewDecided(later(1, 40), outcome=Outcome.REJECT))
    return events


def random_petitions(n: int, seed: int) -> list[Petition]:
    """Petitions under every regime, their histories cut at a random event."""
    rng = random.Random(seed)
    shipped = [named_regime(name) for name in regimes()]
    out: list[Petition] = []
    while len(out) < n:
        received = D(2020, 1, 1) + dt.timedelta(days=rng.randrange(7 * 365))
        events = history(rng, received)
        events = events[: rng.randint(0, len(events))]
        regime = rng.choice(shipped) if rng.random() < 0.3 else None
        try:
            first = rng.random() < 0.8
            p = Petition(
                f"P{len(out):05d}", received, rng.choice(list(Channel)),
                rng.choice(list(Category)), "县信访局", regime=regime, events=tuple(events),
                handling_unit=rng.choice([None, "县住建局", "县人社局", "某镇"]),
                headcount=rng.choice([1, 1, 1, 3]), first_time=first,
                repeat_of=None if first else "P00000", backlog=rng.random() < 0.1,
            )  # fmt: skip
            p.deadlines()
        except XinfangError:
            continue  # a history this regime does not allow (its windows, a stop too late)
        out.append(p)
    return out


def engine(petitions: list[Petition], on: D, cal: WorkdayCalendar) -> dict[tuple[str, str], Any]:
    """(id, period) → (due, done, provisional, state, days late), as the engine judges."""
    out = {}
    for p in petitions:
        for d in p.deadlines(cal, on=on):
            out[(p.id, d.period_id)] = (
                d.deadline.due, d.done_on, d.deadline.provisional, d.state, d.days_late
            )  # fmt: skip
    return out


def rows_of(result: list[tuple[Any, ...]]) -> dict[tuple[str, str], Any]:
    out = {}
    for pid, period, _duty, _start, due, done, prov, state, late in result:
        out[(pid, period)] = (due, done, prov, state, late)
    assert len(out) == len(result)  # one row per petition and period
    return out


def report_figures(rep: Any) -> dict[tuple[str | None, str], tuple[int, int]]:
    """(unit, figure) → (numerator, denominator) of a report, as the SQL gives them.

    Every figure with a denominator, per unit and in total (unit ``None``); the figures
    the report leaves out (a fact no record holds) are not shown at all.
    """
    return {
        (u.unit, key): (rate.numerator, rate.denominator)
        for u in (*rep.units, rep.total)
        for key, rate in u.rates.items()
        if rate.denominator and key not in rep.left_out
    }


def report_ranks(rep: Any, figures: Iterable[str]) -> dict[tuple[str, str], int]:
    """(unit, figure) → the unit's rank, as Report.rank ranks them."""
    return {(unit, key): place for key in figures for place, unit, _ in rep.rank(key).ranked}


@pytest.fixture(scope="module")
def calendar() -> WorkdayCalendar:
    return WorkdayCalendar.china()


@pytest.fixture(scope="module")
def petitions() -> list[Petition]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalCalendarWarning)
        return random_petitions(3_000, seed=2026)


@pytest.fixture(scope="module")
def tables(
    tmp_path_factory: pytest.TempPathFactory, petitions: list[Petition], calendar: WorkdayCalendar
) -> Path:
    """The calendar table (CSV) and the periods table (Parquet and CSV) in one folder."""
    folder = tmp_path_factory.mktemp("tables")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalCalendarWarning)
        write_calendar_csv(folder / "calendar.csv", CAL_FIRST, CAL_LAST, calendar=calendar)
        n = write_period_table(folder / "periods.parquet", petitions, calendar=calendar)
        m = write_period_table(folder / "periods.csv", petitions, calendar=calendar)
    assert n == m > len(petitions)
    return folder


def duckdb_with(folder: Path, periods_file: str | None = "periods.parquet") -> Any:
    """A DuckDB connection with the folder's calendar table and periods table (if named)."""
    duckdb = pytest.importorskip("duckdb")
    con = duckdb.connect()
    con.execute(
        f"CREATE TABLE calendar AS SELECT * FROM read_csv(?, header=true, "
        f"columns={CALENDAR_TYPES!r})",
        [str(folder / "calendar.csv")],
    )
    if periods_file is None:
        return con
    if periods_file.endswith(".parquet"):
        con.execute("CREATE TABLE periods AS SELECT * FROM read_parquet(?)",
                    [str(folder / periods_file)])  # fmt: skip
    else:
        con.execute(
            f"CREATE TABLE periods AS SELECT * FROM read_csv(?, header=true, "
            f"columns={PERIOD_TYPES!r})",
            [str(folder / periods_file)],
        )
    return con


ON_DAYS = [D(2020, 3, 2), D(2022, 5, 6), D(2023, 10, 1), D(2024, 2, 9), D(2025, 12, 31),
           D(2026, 11, 22)]  # fmt: skip


@pytest.mark.parametrize("on", ON_DAYS, ids=str)
def test_duckdb_status_equals_the_engine(
    tables: Path, petitions: list[Petition], calendar: WorkdayCalendar, on: D
) -> None:
    """Every row, on days before, among and after the petitions' events."""
    con = duckdb_with(tables)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalCalendarWarning)
        expected = engine(petitions, on, calendar)
    got = rows_of(con.execute(status_sql(on)).fetchall())
    assert got.keys() == expected.keys()
    wrong = {k: (got[k], expected[k]) for k in expected if got[k] != expected[k]}
    assert wrong == {}
    states = {v[3] for v in expected.values()}
    assert {"met", "open"} <= states  # the cases the comparison covers, not all trivial


def test_the_cases_covered(petitions: list[Petition], tables: Path) -> None:
    """The sample holds every way of counting and a stop still running."""
    con = duckdb_with(tables)
    counted = {r[0] for r in con.execute("SELECT DISTINCT counted_in FROM periods").fetchall()}
    assert {"days", "workdays", "assigned"} <= counted
    running = con.execute("SELECT count(*) FROM periods WHERE stopped_since IS NOT NULL")
    assert running.fetchone()[0] > 10
    late = con.execute(status_sql(D(2026, 11, 22)) + " ").fetchall()
    assert {r[7] for r in late} >= {"met", "late", "overdue"}


def test_csv_and_parquet_tables_agree(tables: Path) -> None:
    """The two files of the same table give the same answers."""
    on = D(2024, 2, 9)
    a = duckdb_with(tables, "periods.parquet").execute(status_sql(on)).fetchall()
    b = duckdb_with(tables, "periods.csv").execute(status_sql(on)).fetchall()
    assert sorted(a, key=repr) == sorted(b, key=repr)


def test_the_csv_has_the_documented_columns(tables: Path) -> None:
    """The header is PERIOD_COLUMNS, in order; NULL is an empty field."""
    with open(tables / "periods.csv", encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        assert next(reader) == list(PERIOD_COLUMNS)
        first = next(reader)
    assert len(first) == len(PERIOD_COLUMNS)


def test_period_rows_are_the_engine_s_periods(petitions: list[Petition]) -> None:
    """The rows name the periods, starts and done days of Petition.deadlines()."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalCalendarWarning)
        for p in petitions[:300]:
            rows = list(period_rows([p]))
            got = [(r["period_id"], r["start_date"], r["done_date"]) for r in rows]
            want = [(d.period_id, d.deadline.start, d.done_on) for d in p.deadlines()]
            assert got == want


def test_bad_arguments_are_refused() -> None:
    """A table name that is not an identifier, a bad day or window: clear errors."""
    with pytest.raises(WarehouseError, match="plain SQL identifiers"):
        status_sql(D(2025, 1, 1), periods="periods; DROP TABLE x")
    with pytest.raises(XinfangError, match="warn_within"):
        status_sql(D(2025, 1, 1), warn_within=-1)
    with pytest.raises(XinfangError):
        status_sql("2025-13-01")  # type: ignore[arg-type]
    with pytest.raises(XinfangError, match="Petition"):
        list(period_rows([object()]))  # type: ignore[list-item]


def test_the_table_command(tmp_path: Path, petitions: list[Petition]) -> None:
    """`xinfang table records.jsonl -o periods.parquet`: the rows period_rows gives."""
    from xinfang_rules.cli import main
    from xinfang_rules.formats.case_io import write_petitions_jsonl

    records = tmp_path / "records.jsonl"
    write_petitions_jsonl(petitions[:200], records)
    out = tmp_path / "periods.parquet"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalCalendarWarning)
        assert main(["table", str(records), "-o", str(out)]) == 0
        expected = list(period_rows(petitions[:200]))
    pq = pytest.importorskip("pyarrow.parquet")
    assert pq.read_table(out).to_pylist() == expected


def test_the_events_table(tmp_path: Path, petitions: list[Petition]) -> None:
    """One row per event, in order, its vocabulary values as their text; CSV and Parquet."""
    from xinfang_rules.formats.tables import EVENT_COLUMNS, event_rows, write_table

    rows = list(event_rows(petitions[:300]))
    assert len(rows) == sum(len(p.events) for p in petitions[:300])
    first = next(r for r in rows if r["type"] == "replied")
    assert isinstance(first["outcome"], str) and first["received_on"] is not None
    n = write_table(tmp_path / "events.parquet", petitions[:300], table="events")
    pq = pytest.importorskip("pyarrow.parquet")
    assert pq.read_table(tmp_path / "events.parquet").to_pylist() == rows and n == len(rows)
    write_table(tmp_path / "events.csv", petitions[:300], table="events")
    with open(tmp_path / "events.csv", encoding="utf-8", newline="") as f:
        assert next(csv.reader(f)) == list(EVENT_COLUMNS)


def test_the_petitions_table_feeds_deadlines_sql(
    tmp_path: Path, petitions: list[Petition], calendar: WorkdayCalendar
) -> None:
    """deadlines_sql over the petitions table derived from records gives the engine's dates.

    Compared where both have a period: the SQL counts from the clock columns, the engine
    from the events (they agree on every period the events start; a clock stop still
    running is left to the periods table).
    """
    from xinfang_rules import XINFANG_2022
    from xinfang_rules.formats.tables import write_table
    from xinfang_rules.formats.warehouse import deadlines_sql

    chosen = [p for p in petitions if p.rules is XINFANG_2022 and p.region is None][:1500]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalCalendarWarning)
        write_table(tmp_path / "petitions.parquet", chosen, table="petitions", calendar=calendar)
        write_calendar_csv(tmp_path / "calendar.csv", CAL_FIRST, CAL_LAST, calendar=calendar)
        # the columns carry the handling period's stops only (paused_days): a 复查 or 复核
        # paused by a stop or a hearing is the periods table's to count
        from xinfang_rules.cases.status import period_clocks

        expected = {}
        for p in chosen:
            clocks = period_clocks(p, calendar)
            if any(c.stopped_since for c in clocks):
                continue
            paused = {c.period_id for c in clocks if c.paused_length and c.period_id != "handle"}
            for d in p.deadlines(calendar):
                if d.period_id not in paused:
                    expected[(p.id, d.period_id)] = d.deadline.due
    con = duckdb_with(tmp_path, None)
    con.execute("CREATE TABLE petitions AS SELECT * FROM read_parquet(?)",
                [str(tmp_path / "petitions.parquet")])  # fmt: skip
    got = {(i, period): due for i, period, _, due, _ in con.execute(deadlines_sql()).fetchall()}
    both = expected.keys() & got.keys()
    assert len(both) > 2_000
    assert {k: (got[k], expected[k]) for k in both if got[k] != expected[k]} == {}


def test_the_docs_list_every_column() -> None:
    """docs/warehouse.md names every column of the three tables."""
    from xinfang_rules.formats.tables import EVENT_COLUMNS, PETITION_TABLE_COLUMNS

    docs = (Path(__file__).resolve().parent.parent / "docs" / "warehouse.md").read_text("utf-8")
    for columns in (PERIOD_COLUMNS, PETITION_TABLE_COLUMNS, EVENT_COLUMNS):
        assert [c for c in columns if f"| `{c}` |" not in docs] == []


@pytest.mark.parametrize(
    ("options", "by", "on"),
    [
        ({}, "handling_unit", None),
        ({"basic_counts_as_satisfied": False, "overdue_unrated_as_satisfied": True},
         "receiving_unit", None),
        ({"open_at_end": "late", "weight": "person", "evaluation_window": 10},
         "handling_unit", None),
        ({}, "handling_unit", D(2025, 3, 31)),
    ],
    ids=["defaults", "satisfaction-options", "open-late-person", "as-of-earlier"],
)  # fmt: skip
def test_figures_sql_equals_the_report(
    tmp_path: Path, petitions: list[Petition], calendar: WorkdayCalendar,
    options: dict[str, Any], by: str, on: D | None,
) -> None:  # fmt: skip
    """Every figure's numerator and denominator, per unit and pooled, as report() gives."""
    from xinfang_rules.formats.tables import write_table
    from xinfang_rules.formats.warehouse import figures_sql
    from xinfang_rules.metrics import MetricOptions, report

    start, end = D(2023, 1, 1), D(2025, 12, 31)
    day = on or end
    o = MetricOptions(**options)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalCalendarWarning)
        write_calendar_csv(tmp_path / "calendar.csv", CAL_FIRST, CAL_LAST, calendar=calendar)
        for table in ("petitions", "periods"):
            write_table(tmp_path / f"{table}.parquet", petitions, table=table,
                        calendar=calendar, as_of=day)  # fmt: skip
        rep = report(petitions, start, end, on=on, calendar=calendar, by=by,  # type: ignore[arg-type]
                     options=o)  # fmt: skip
    con = duckdb_with(tmp_path, "periods.parquet")
    con.execute("CREATE TABLE petitions AS SELECT * FROM read_parquet(?)",
                [str(tmp_path / "petitions.parquet")])  # fmt: skip
    sql = figures_sql(start, end, on=on, by=by, options=o)  # type: ignore[arg-type]
    rows = con.execute(sql).fetchall()
    got = {(u, f): (int(n), int(d)) for u, f, n, d, _ in rows}
    ranks = {(u, f): r for u, f, _, _, r in rows if u is not None}
    expected = report_figures(rep)
    assert got == expected
    assert len({f for _, f in expected}) >= 10  # the figures the sample exercises
    assert ranks == report_ranks(rep, {f for _, f in expected})


def test_figures_from_a_ledger_leave_out_what_it_does_not_say(tmp_path: Path) -> None:
    """The example 台账 has no 是否化解, 是否积案 or 信访部门满意度: those figures have no row.

    Through the command line, as a clerk's data team would: `xinfang table` on the ledger
    for both tables; every other figure equals report() over the same ledger.
    """
    from xinfang_rules.cli import main
    from xinfang_rules.formats.ledger import open_ledger
    from xinfang_rules.formats.warehouse import figures_sql
    from xinfang_rules.metrics import report

    ledger = Path(__file__).resolve().parent.parent / "examples" / "ledger-2025.csv"
    start, end = D(2025, 1, 1), D(2025, 12, 31)
    cal = WorkdayCalendar.china()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalCalendarWarning)
        write_calendar_csv(tmp_path / "calendar.csv", CAL_FIRST, CAL_LAST, calendar=cal)
        for table in ("petitions", "periods"):
            out = tmp_path / f"{table}.parquet"
            args = ["table", str(ledger), "--table", table, "-o", str(out), "--skip-bad",
                    "--as-of", str(end), "--unit", "某县信访局"]  # fmt: skip
            assert main(args) == 0
        stream = open_ledger(ledger, skip_bad=True, as_of=end, receiving_unit="某县信访局")
        rep = report(stream, start, end, unrecorded=stream.unrecorded)
    con = duckdb_with(tmp_path, "periods.parquet")
    con.execute("CREATE TABLE petitions AS SELECT * FROM read_parquet(?)",
                [str(tmp_path / "petitions.parquet")])  # fmt: skip
    rows = con.execute(figures_sql(start, end)).fetchall()
    got = {(u, f): (int(n), int(d)) for u, f, n, d, _ in rows}
    expected = report_figures(rep)  # the figures left out: shown not at all
    assert got == expected
    left_out = {f for _, f in got} & set(rep.left_out)
    assert left_out == set() and "one_time_resolution" in rep.left_out
    assert {"on_time_reply", "timely_acceptance_unit"} <= {f for _, f in got}


def test_a_blank_fact_keeps_the_petition_out_of_its_figures() -> None:
    """A row whose 是否化解 is blank: resolution_known false (not resolved = 否)."""
    from tests.test_clerk_week import UNIT, ledger_rows
    from xinfang_rules.formats.ledger import LedgerStream
    from xinfang_rules.formats.tables import petition_rows

    rows = ledger_rows(3, 是否化解=["是", "否", ""])
    stream = LedgerStream("", lambda: (list(rows[0]), iter(rows), 1), receiving_unit=UNIT)
    table = list(petition_rows(stream, unrecorded=stream.unrecorded))
    known = {r["id"]: (r["resolved"], r["resolution_known"]) for r in table}
    assert known == {"XF-1": (True, True), "XF-2": (False, True), "XF-3": (False, False)}
    assert all(r["backlog_known"] is False for r in table)  # no 是否积案 column at all
