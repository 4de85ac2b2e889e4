"""The calendar dimension table and the deadline SQL, checked in DuckDB against the engine."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import warnings
from pathlib import Path
from typing import Any

import chinese_calendar
import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import xinfang_rules
from xinfang_rules import (
    BEIJING_2006,
    CALENDAR_COLUMNS,
    HENAN_2012,
    SHANDONG_2015,
    SHANGHAI_2018,
    XINFANG_2005,
    XINFANG_2022,
    ZHEJIANG_2016,
    Extension,
    Pause,
    ProvisionalCalendarWarning,
    Regime,
    Unit,
    WarehouseError,
    WorkdayCalendar,
    XinfangTypeError,
    calendar_rows,
    compute_deadline,
    deadlines_sql,
    regimes,
    write_calendar_csv,
    write_calendar_parquet,
)
from xinfang_rules.cli import main

D = dt.date
FIRST, LAST = D(2004, 1, 1), D(2027, 12, 31)
CALENDAR_TYPES = {
    "date": "DATE",
    "day_number": "INTEGER",
    "is_workday": "BOOLEAN",
    "kind": "VARCHAR",
    "holiday": "VARCHAR",
    "official": "BOOLEAN",
    "workday_index": "INTEGER",
    "provisional_index": "INTEGER",
}
PETITION_TYPES = {
    "id": "VARCHAR",
    "category": "VARCHAR",
    "received": "DATE",
    "forward_received": "DATE",
    "assigned": "DATE",
    "accepted": "DATE",
    "reply_received": "DATE",
    "review_request_received": "DATE",
    "review_reply_received": "DATE",
    "rereview_request_received": "DATE",
    "supervision_received": "DATE",
    "unit_received": "DATE",
    "extension_days": "INTEGER",
    "paused_days": "INTEGER",
}


@pytest.fixture(scope="module")
def fresh() -> WorkdayCalendar:
    """A calendar of this module's own, so its provisional-year warnings are its own."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalCalendarWarning)
        cal = WorkdayCalendar.china()
        list(cal.days(FIRST, LAST))  # warn (silently) about 2027 once, here
    return cal


@pytest.fixture(scope="module")
def table(fresh: WorkdayCalendar) -> list[Any]:
    """The dimension table 2004-2027 as rows."""
    return list(calendar_rows(FIRST, LAST, calendar=fresh))


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, fresh: WorkdayCalendar) -> Any:
    """A DuckDB database holding the calendar table, loaded from the CSV export."""
    path = tmp_path_factory.mktemp("warehouse") / "calendar.csv"
    write_calendar_csv(path, FIRST, LAST, calendar=fresh)
    con = duckdb.connect()
    con.execute(
        f"CREATE TABLE calendar AS SELECT * FROM read_csv(?, header=true, "
        f"columns={CALENDAR_TYPES!r})",
        [str(path)],
    )
    return con


class TestCalendarTable:
    """The dimension table: golden days, running counts, the independent source, files."""

    def test_golden_national_day_2025(self, table: list[Any]) -> None:
        """国庆节 and 中秋节 2025: 8 days off, make-up Sundays 09-28 and Saturday 10-11."""
        days = {r.date: r for r in table}
        assert days[D(2025, 9, 28)].kind == "makeup_workday"
        assert days[D(2025, 9, 28)].is_workday
        off = [d for d in (D(2025, 10, k) for k in range(1, 9)) if not days[d].is_workday]
        assert len(off) == 8
        assert {days[d].kind for d in off} == {"holiday"}
        assert days[D(2025, 10, 1)].holiday == "国庆节"
        assert days[D(2025, 10, 11)].kind == "makeup_workday"
        assert days[D(2025, 10, 12)].kind == "weekend"
        assert days[D(2025, 10, 12)].holiday is None
        # 10-09 is the 3rd working day after 09-30: three index steps in one join
        assert days[D(2025, 10, 9)].workday_index == days[D(2025, 9, 30)].workday_index + 1
        assert days[D(2027, 1, 4)].official is False
        assert days[D(2026, 12, 31)].official is True

    def test_columns_and_running_counts(self, table: list[Any]) -> None:
        """Day numbers are consecutive; the indexes count what they say, from the first day."""
        assert table[0].date == FIRST
        assert table[0].day_number == (FIRST - D(1970, 1, 1)).days
        work = prov = 0
        for before, r in zip([None, *table], table, strict=False):
            if before is not None:
                assert r.day_number == before.day_number + 1
            work += r.is_workday
            prov += not r.official
            assert (r.workday_index, r.provisional_index) == (work, prov)
            assert r.is_workday == (r.kind in ("workday", "makeup_workday"))
            assert (r.holiday is not None) <= (r.kind in ("holiday", "makeup_workday"))

    def test_agrees_with_chinese_calendar(self, table: list[Any]) -> None:
        """Every day 2004-2026 as the independent chinese-calendar package says.

        Except the one day test_calendar.TestCrossCheck explains (2005-12-31 was worked).
        """
        from tests.test_calendar import TestCrossCheck

        disagreements = {
            r.date: r.is_workday
            for r in table
            if r.date.year <= 2026 and r.is_workday != chinese_calendar.is_workday(r.date)
        }
        assert disagreements == TestCrossCheck.KNOWN

    @settings(deadline=None, max_examples=200)
    @given(
        start=st.dates(D(2004, 1, 1), D(2026, 6, 30)),
        n=st.integers(1, 120),
        length=st.integers(1, 90),
    )
    def test_index_joins_are_the_engine(
        self, table: list[Any], fresh: WorkdayCalendar, start: dt.date, n: int, length: int
    ) -> None:
        """N working days after D, and an N-day period rolled forward, by index lookups."""
        by_date = {r.date: r for r in table}
        by_index = {r.workday_index: r.date for r in table if r.is_workday}
        s = by_date[start]
        assert by_index[s.workday_index + n] == fresh.add_workdays(start, n)
        last = by_date[start + dt.timedelta(days=length - 1)]
        assert by_index[last.workday_index + 1] == fresh.roll_forward(
            start + dt.timedelta(days=length)
        )

    def test_csv_and_parquet_hold_the_same_table(
        self, tmp_path: Path, fresh: WorkdayCalendar, db: Any
    ) -> None:
        """The two files load into identical tables (types from the files themselves)."""
        path = tmp_path / "calendar.parquet"
        assert write_calendar_parquet(path, FIRST, LAST, calendar=fresh) == (LAST - FIRST).days + 1
        from_parquet = db.execute(
            "SELECT * FROM read_parquet(?) ORDER BY date", [str(path)]
        ).fetchall()
        from_csv = db.execute("SELECT * FROM calendar ORDER BY date").fetchall()
        assert from_parquet == from_csv
        types = db.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(path)]).fetchall()
        assert [(t[0], t[1]) for t in types] == list(CALENDAR_TYPES.items())

    def test_csv_text(self, fresh: WorkdayCalendar) -> None:
        """UTF-8 text, a header, ISO dates, true/false, an empty field for no holiday."""
        out = io.StringIO()
        assert write_calendar_csv(out, D(2025, 10, 1), D(2025, 10, 1), calendar=fresh) == 1
        assert out.getvalue().splitlines() == [
            ",".join(CALENDAR_COLUMNS),
            "2025-10-01,20362,false,holiday,国庆节,true,0,0",
        ]

    def test_bad_input(self) -> None:
        """A reversed span, a calendar that is not one, unsafe table names, a regime id."""
        with pytest.raises(WarehouseError, match=r"ends .* before it starts"):
            calendar_rows(D(2025, 2, 1), D(2025, 1, 1))
        with pytest.raises(XinfangTypeError, match="WorkdayCalendar"):
            calendar_rows(D(2025, 1, 1), D(2025, 1, 2), calendar="china")  # type: ignore[arg-type]
        with pytest.raises(WarehouseError, match="plain SQL identifiers"):
            deadlines_sql(petitions="petitions; DROP TABLE calendar")
        with pytest.raises(XinfangTypeError, match="Regime"):
            deadlines_sql("xinfang-2022")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- deadlines


def random_petitions(n: int, seed: int) -> list[dict[str, Any]]:
    """Petitions 2022-05..2026-12 with random routing, acceptance, extensions, pauses, 复查."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        received = D(2022, 5, 1) + dt.timedelta(days=rng.randrange(1705))
        row: dict[str, Any] = dict.fromkeys(PETITION_TYPES)
        row.update(id=f"P{i:06d}", received=received, extension_days=0, paused_days=0)
        row["category"] = rng.choice(["建议意见类", "检举控告类", "申诉求决类", "申诉求决类"])
        day = received
        if rng.random() < 0.6:
            day = row["forward_received"] = day + dt.timedelta(days=rng.randrange(20))
        row["unit_received"] = day  # the handling unit's receipt: direct or by transfer
        if rng.random() < 0.8:
            day = row["accepted"] = day + dt.timedelta(days=rng.randrange(15))
            if rng.random() < 0.15:
                row["extension_days"] = rng.randint(1, 30)
            if rng.random() < 0.15:
                row["paused_days"] = rng.randint(1, 20)
            if rng.random() < 0.7:
                day = row["reply_received"] = day + dt.timedelta(days=rng.randint(1, 90))
                if rng.random() < 0.3:
                    day = row["review_request_received"] = day + dt.timedelta(rng.randint(1, 30))
                    if rng.random() < 0.5:
                        day = row["review_reply_received"] = day + dt.timedelta(rng.randint(1, 30))
                        if rng.random() < 0.5:
                            row["rereview_request_received"] = day + dt.timedelta(
                                rng.randint(1, 30)
                            )
        if rng.random() < 0.02:
            row["supervision_received"] = received + dt.timedelta(days=rng.randrange(60))
        out.append(row)
    return out


def engine_deadlines(
    rows: list[dict[str, Any]], regime: Regime, cal: WorkdayCalendar
) -> dict[tuple[str, str], tuple[dt.date, dt.date, bool]]:
    """What the Python engine says for every period of every row the SQL should cover."""
    out = {}
    for row in rows:
        for p in regime:
            start = row.get(p.clock.value)
            if start is None or p.length is None:
                continue
            if not p.applies_to(row["category"]):
                continue
            if p.id == "notify_direct" and row["forward_received"] is not None:
                continue
            kw: dict[str, Any] = {}
            if p.id == "handle":
                if row["extension_days"]:
                    kw["extension"] = Extension(
                        row["extension_days"], start + dt.timedelta(days=1), "局长", "情况复杂"
                    )
                if row["paused_days"]:  # in the period's unit, as the column says
                    if p.unit is Unit.WORKDAYS:
                        first = cal.add_workdays(start, 2)
                        end = cal.add_workdays(first, row["paused_days"] - 1)
                    else:
                        first = start + dt.timedelta(days=2)
                        end = first + dt.timedelta(days=row["paused_days"] - 1)
                    kw["pauses"] = (Pause(first, end, "鉴定"),)
            d = compute_deadline(p, start, calendar=cal, regime=regime, **kw)
            out[(row["id"], p.id)] = (start, d.due, d.provisional)
    return out


def sql_deadlines(
    con: Any, rows: list[dict[str, Any]], regime: Regime, tmp_path: Path
) -> dict[tuple[str, str], tuple[dt.date, dt.date | None, bool | None]]:
    """The SQL's answer, with the petitions loaded from a CSV file as a warehouse would."""
    path = tmp_path / "petitions.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(PETITION_TYPES))
        w.writeheader()
        w.writerows(rows)
    con.execute("DROP TABLE IF EXISTS petitions")
    con.execute(
        f"CREATE TABLE petitions AS SELECT * FROM read_csv(?, header=true, "
        f"columns={PETITION_TYPES!r})",
        [str(path)],
    )
    result = con.execute(deadlines_sql(regime)).fetchall()
    out = {(i, period): (start, due, prov) for i, period, start, due, prov in result}
    assert len(out) == len(result)  # one row per petition and period
    return out


@pytest.mark.slow  # left out of mutation runs (docs/testing.md)
@pytest.mark.parametrize(
    ("regime", "n"),
    [
        (XINFANG_2022, 100_000),
        (XINFANG_2022.counting_days_as("workdays"), 10_000),
        (XINFANG_2005, 10_000),
        (ZHEJIANG_2016, 10_000),
        (BEIJING_2006, 5_000),
        (SHANGHAI_2018, 5_000),
        (SHANDONG_2015, 5_000),
        (HENAN_2012, 5_000),
    ],
    ids=["2022", "2022-workdays", "2005", "zhejiang", "beijing", "shanghai", "shandong", "henan"],
)
def test_sql_matches_the_engine(
    regime: Regime,
    n: int,
    db: Any,
    fresh: WorkdayCalendar,
    tmp_path: Path,
) -> None:
    """Identical due dates and provisional flags for every petition and period."""
    rows = random_petitions(n, seed=20261122)
    expected = engine_deadlines(rows, regime, fresh)
    got = sql_deadlines(db, rows, regime, tmp_path)
    assert got.keys() == expected.keys()
    wrong = [(k, got[k], v) for k, v in expected.items() if got[k] != v]
    assert not wrong, wrong[:5]
    assert any(prov for _, _, prov in got.values())  # 2027 has no notice yet: flagged
    assert len(expected) > n  # several periods per petition


def test_sql_leaves_dates_past_the_table_null(db: Any, tmp_path: Path) -> None:
    """A due date after the table's last day is NULL, never a wrong date."""
    row: dict[str, Any] = dict.fromkeys(PETITION_TYPES)
    row.update(id="late", category="申诉求决类", received=D(2027, 12, 1), accepted=D(2027, 12, 1))
    got = sql_deadlines(db, [row], XINFANG_2022, tmp_path)
    assert got[("late", "handle")][1] is None
    assert got[("late", "route")][1] == D(2027, 12, 16)


class TestCommand:
    """The ``xinfang calendar export`` command."""

    def test_export_csv_and_parquet(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """CSV to standard output or a file; Parquet to a file."""
        assert main(["calendar", "export", "--from", "2025-10-01", "--to", "2025-10-02"]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert lines[0] == ",".join(CALENDAR_COLUMNS)
        assert lines[2] == "2025-10-02,20363,false,holiday,国庆节,true,0,0"
        out = tmp_path / "cal.parquet"
        args = ["calendar", "export", "--from", "2025-01-01", "--to", "2025-12-31"]
        assert main([*args, "--format", "parquet", "-o", str(out)]) == 0
        count = duckdb.execute("SELECT count(*) FROM read_parquet(?)", [str(out)]).fetchone()
        assert count == (365,)
        assert main([*args, "--format", "parquet"]) == 1
        assert "请用 --output 文件 写明输出文件" in capsys.readouterr().err
        missing = tmp_path / "absent" / "cal.parquet"
        assert main([*args, "--format", "parquet", "-o", str(missing)]) == 1
        err = capsys.readouterr().err
        assert err.startswith("xinfang: 错误：") and "None" not in err and "absent" in err

    def test_provisional_years_warned(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A year without a notice is exported, marked, and warned about on stderr."""
        assert main(["calendar", "export", "--from", "2027-10-01", "--to", "2027-10-01"]) == 0
        captured = capsys.readouterr()
        assert captured.out.splitlines()[1].endswith(",false,0,1")
        assert "未收录 2027 年国务院办公厅放假通知" in captured.err


def test_docs_show_the_generated_sql() -> None:
    """docs/warehouse.md shows exactly what deadlines_sql() writes (docs cannot drift)."""
    text = (Path(__file__).parent.parent / "docs" / "warehouse.md").read_text(encoding="utf-8")
    block = text.split("```sql\n", 1)[1].split("```", 1)[0]
    assert block == deadlines_sql()


def test_sql_command(capsys: pytest.CaptureFixture[str]) -> None:
    """The sql command prints deadlines_sql() for a named regime; bad names exit 1."""
    assert main(["sql"]) == 0
    assert capsys.readouterr().out == deadlines_sql() + "\n"
    args = ["sql", "--regime", "2022", "--count", "workdays", "--petitions", "wh.petitions"]
    assert main(args) == 0
    expected = deadlines_sql(XINFANG_2022.counting_days_as("workdays"), petitions="wh.petitions")
    assert capsys.readouterr().out == expected + "\n"
    assert main(["sql", "--regime", "1995"]) == 1
    assert "无法识别的规则 '1995'" in capsys.readouterr().err
    assert main(["sql", "--calendar", "dim calendar"]) == 1
    assert "表名应为普通的 SQL 标识符" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.strip() == f"xinfang {xinfang_rules.__version__}"


def test_missing_optional_package_names_its_extra() -> None:
    """Without the package an extra installs, the error says which extra to install."""
    from xinfang_rules._files import optional_module

    with pytest.raises(WarehouseError, match=r"needs the no_such_pkg package: pip install "
                       r"'xinfang-rules\[parquet\]'"):  # fmt: skip
        optional_module("no_such_pkg.sub", extra="parquet", purpose="Parquet output",
                        error=WarehouseError)  # fmt: skip


def test_petition_columns_are_what_the_sql_reads_and_the_docs_list() -> None:
    """PETITION_COLUMNS, the columns the generated SQL names, and docs/warehouse.md agree."""
    from xinfang_rules import PETITION_COLUMNS

    assert list(PETITION_TYPES) == list(PETITION_COLUMNS)
    sql = " ".join(deadlines_sql(r) for r in regimes().values())
    assert all(column in sql for column in PETITION_COLUMNS)
    text = (Path(__file__).parent.parent / "docs" / "warehouse.md").read_text(encoding="utf-8")
    table = text.split("| column | meaning |", 1)[1].split("\n\n", 1)[0]
    documented = [line.split("`")[1] for line in table.splitlines() if line.startswith("| `")]
    assert documented == list(PETITION_COLUMNS)
