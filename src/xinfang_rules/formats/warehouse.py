"""The calendar as a dimension table, and the statutory deadlines as SQL over it.

Province-level systems keep tens of millions of petitions in a database or a Spark
cluster. There, "the N-th working day after D" is a join against a calendar table in
which every day carries a running working-day index (``docs/warehouse.md``):

- :func:`calendar_rows` yields the table's rows; :func:`write_calendar_csv` and
  :func:`write_calendar_parquet` (the ``parquet`` extra: ``pyarrow``) write it.
  ``xinfang calendar export`` does the same from the command line.
- :func:`deadlines_sql` writes the query that computes a regime's deadlines over a
  petitions table with that calendar table. The test suite runs it in DuckDB against the
  Python engine on 100,000 random petitions; it uses no date functions, only integer
  arithmetic and joins, so the same text runs in Spark SQL.

The index: ``workday_index`` of a day is the number of working days from the table's
first day up to and including that day. For a working day ``D``, ``index(D) + N`` is the
index of the N-th working day after it; for a rest day too (its index is that of the
working day before it). ``day_number`` counts days since 1970-01-01, so a calendar-day
period is another join: the last day of an ``N``-day period started on ``D`` is the day
numbered ``day_number(D) + N``, rolled forward to the first working day from there, whose
index is ``index(day before) + 1`` (《民法典》 Art. 201, 203).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Literal

import attrs

from xinfang_rules._files import CsvOut, atomic_write, optional_module, write_text
from xinfang_rules.calendar import DayKind, WorkdayCalendar
from xinfang_rules.dates import as_date
from xinfang_rules.errors import XinfangTypeError, XinfangValueError
from xinfang_rules.law.deadlines import _default_calendar
from xinfang_rules.law.rules import XINFANG_2022, Clock, Regime, Unit
from xinfang_rules.privacy import echo, one_line

__all__ = [
    "ALERTS_WHERE",
    "CALENDAR_COLUMNS",
    "PERIOD_COLUMNS",
    "PETITION_COLUMNS",
    "POSTGRES_TODAY",
    "CalendarRow",
    "WarehouseError",
    "calendar_rows",
    "deadlines_sql",
    "postgres_views_sql",
    "status_sql",
    "write_calendar_csv",
    "write_calendar_parquet",
]

_EPOCH = _dt.date(1970, 1, 1).toordinal()

#: The calendar table's columns, in order.
CALENDAR_COLUMNS = (
    "date",
    "day_number",
    "is_workday",
    "kind",
    "holiday",
    "official",
    "workday_index",
    "provisional_index",
)


class WarehouseError(XinfangValueError):
    """A calendar table or deadline query that cannot be made as asked."""


@attrs.frozen
class CalendarRow:
    """One day of the calendar dimension table.

    Attributes:
        date: The day (a Beijing date).
        day_number: Days since 1970-01-01 (consecutive: calendar-day arithmetic as integers).
        is_workday: Whether the day is a working day.
        kind: ``workday`` (Monday–Friday), ``weekend``, ``holiday`` (a day off by statute or
            notice) or ``makeup_workday`` (调休上班: a weekend day worked).
        holiday: For a holiday, its festival (``国庆节``); for a make-up working day, the
            holiday it makes up for; else ``None``.
        official: ``False`` when the day's year has no official holiday notice in the
            calendar (its days are provisional: statutory festivals, no 调休).
        workday_index: Working days from the table's first day up to and including this one.
        provisional_index: Provisional days from the table's first day up to and including
            this one (a span touches a provisional year when the count grows across it).

    """

    date: _dt.date
    day_number: int
    is_workday: bool
    kind: Literal["workday", "weekend", "holiday", "makeup_workday"]
    holiday: str | None
    official: bool
    workday_index: int
    provisional_index: int


def calendar_rows(
    start: _dt.date, end: _dt.date, *, calendar: WorkdayCalendar | None = None
) -> Iterator[CalendarRow]:
    """Every day from ``start`` to ``end`` (inclusive) as a row of the dimension table.

    Years without an official notice are included, marked ``official=False``, and the
    calendar warns about them once (:class:`~xinfang_rules.ProvisionalCalendarWarning`),
    or, if strict, refuses them.

    Raises:
        WarehouseError: ``end`` is before ``start``.
        DateOutOfRangeError: A day outside 2000–2099.
        CalendarNotPublishedError: A strict calendar and a provisional year.

    Examples:
        >>> import datetime as dt
        >>> rows = list(calendar_rows(dt.date(2025, 9, 30), dt.date(2025, 10, 12)))
        >>> [(r.date.day, r.kind, r.holiday, r.workday_index) for r in rows[:2]]
        [(30, 'workday', None, 1), (1, 'holiday', '国庆节', 1)]
        >>> r = rows[-2]
        >>> (str(r.date), r.kind, r.holiday, r.is_workday, r.workday_index)
        ('2025-10-11', 'makeup_workday', '国庆节、中秋节', True, 4)

    """
    lo, hi = as_date(start, "start"), as_date(end, "end")
    if hi < lo:
        raise WarehouseError(
            f"the table ends ({hi}) before it starts ({lo})",
            zh=f"表的结束日（{hi}）早于开始日（{lo}）",
        )
    cal = calendar if calendar is not None else _default_calendar()
    if not isinstance(cal, WorkdayCalendar):
        raise XinfangTypeError(
            f"calendar must be a WorkdayCalendar, got {type(cal).__name__}",
            zh=f"calendar 应为 WorkdayCalendar，实为 {type(cal).__name__}",
        )
    return _rows(cal, lo, hi)


def _rows(cal: WorkdayCalendar, lo: _dt.date, hi: _dt.date) -> Iterator[CalendarRow]:
    index = provisional = 0
    for info in cal.days(lo, hi):
        work = info.kind.is_workday
        index += work
        provisional += not info.official
        yield CalendarRow(
            info.date,
            info.date.toordinal() - _EPOCH,
            work,
            info.kind.value,
            info.holiday if info.kind in (DayKind.HOLIDAY, DayKind.MAKEUP_WORKDAY) else None,
            info.official,
            index,
            provisional,
        )


def write_calendar_csv(
    target: str | Path | IO[str],
    start: _dt.date,
    end: _dt.date,
    *,
    calendar: WorkdayCalendar | None = None,
) -> int:
    """Write the dimension table as CSV; return the number of days written.

    UTF-8 without a byte-order mark, a header row, dates as ``YYYY-MM-DD``, booleans as
    ``true``/``false`` and no holiday as an empty field: what DuckDB, Spark, PostgreSQL's
    ``COPY`` and Hive read without options beyond ``header``.
    """
    rows = calendar_rows(start, end, calendar=calendar)
    return write_text(target, lambda f: _write_csv(f, rows), newline="")


def _write_csv(f: IO[str], rows: Iterator[CalendarRow]) -> int:
    out = CsvOut(f, lineterminator="\n")
    out.row(CALENDAR_COLUMNS)
    n = 0
    for r in rows:
        out.row(
            (
                r.date.isoformat(),
                r.day_number,
                "true" if r.is_workday else "false",
                r.kind,
                r.holiday or "",  # names can come from a notice file: made safe by CsvOut
                "true" if r.official else "false",
                r.workday_index,
                r.provisional_index,
            )
        )
        n += 1
    return n


def write_calendar_parquet(
    path: str | Path,
    start: _dt.date,
    end: _dt.date,
    *,
    calendar: WorkdayCalendar | None = None,
) -> int:
    """Write the dimension table as Parquet (typed columns); return the number of days.

    Columns: ``date`` date32, ``day_number`` int32, ``is_workday`` bool, ``kind`` string,
    ``holiday`` string (null when none), ``official`` bool, ``workday_index`` int32,
    ``provisional_index`` int32.

    Raises:
        WarehouseError: The ``pyarrow`` package is not installed (``pip install
            'xinfang-rules[parquet]'``).

    """
    pa = optional_module("pyarrow", extra="parquet", purpose="Parquet output", error=WarehouseError)
    pq = optional_module("pyarrow.parquet", extra="parquet", purpose="Parquet output",
                         error=WarehouseError)  # fmt: skip
    rows = list(calendar_rows(start, end, calendar=calendar))
    schema = pa.schema(
        [
            ("date", pa.date32()),
            ("day_number", pa.int32()),
            ("is_workday", pa.bool_()),
            ("kind", pa.string()),
            ("holiday", pa.string()),
            ("official", pa.bool_()),
            ("workday_index", pa.int32()),
            ("provisional_index", pa.int32()),
        ]
    )
    columns = {name: [getattr(r, name) for r in rows] for name in CALENDAR_COLUMNS}
    table = pa.table(columns, schema=schema)
    atomic_write(path, lambda fh: pq.write_table(table, fh), mode="wb", encoding=None)
    return len(rows)


# --------------------------------------------------------------------------- SQL

#: The petitions table :func:`deadlines_sql` reads: one row per petition, one column per
#: clock-starting event (``NULL`` when it has not happened), named as :class:`Clock`.
PETITION_COLUMNS = {
    "id": "the petition's id",
    "category": "建议意见类, 检举控告类 or 申诉求决类",
    **{c.value: f"{c.zh} (date)" for c in Clock},
    "extension_days": "days of an approved extension of the handling period (0 or NULL: none)",
    "paused_days": (
        "days the handling period's clock stood still (中止), in the period's unit "
        "(0 or NULL: none)"
    ),
}


def deadlines_sql(
    regime: Regime = XINFANG_2022, *, petitions: str = "petitions", calendar: str = "calendar"
) -> str:
    """The SQL that computes ``regime``'s deadlines over a petitions table.

    One output row per petition and period whose clock has started: ``id``,
    ``period_id``, ``start_date``, ``due_date`` and ``provisional`` (the span from start
    to due touches a year without an official notice). Reads the table ``petitions``
    (columns :data:`PETITION_COLUMNS`) and the dimension table ``calendar``
    (:func:`write_calendar_csv`).

    Rules followed, as the Python engine does: 日 are calendar days (or working days, if
    the regime counts them so), the start day is not counted, a rest last day moves to
    the next working day (《民法典》 Art. 201, 203); a period limited to some categories
    (e.g. Art. 34: 申诉求决类 only) applies to those; the written notice of a petition received
    directly (``notify_direct``) is due only when it was not forwarded or assigned; the
    handling period adds its extension and paused days (an extension is taken as
    approved in time and within its cap: check those where it is recorded).

    Left to the caller: a due date beyond the calendar table's last day, or a start
    outside it, comes out ``NULL`` (export a longer table); periods set by the assigning
    body (交办) have no computed date and are left out.

    Raises:
        WarehouseError: A table name that is not a plain SQL identifier, or a regime
            that counts extensions from the rolled due date.

    """
    if not isinstance(regime, Regime):
        raise XinfangTypeError(
            f"regime must be a Regime, got {type(regime).__name__}",
            zh=f"regime 应为 Regime，实为 {type(regime).__name__}",
        )
    if regime.extension_from != "last_day":
        raise WarehouseError(
            f"regime {regime.id} counts extensions from the rolled due date "
            "(extension_from = 'due_date'); the SQL counts them as part of the period "
            "('last_day') only: compute these deadlines with the Python engine",
            zh=f"规则 {regime.id} 的延长从顺延后的届满日起算（extension_from = 'due_date'）；S"
            "QL 只按计入期限（'last_day'）计算：请用 Python 计算这些期限",
        )
    for name in (petitions, calendar):
        if not name.replace("_", "a").replace(".", "a").isalnum() or not name.isascii():
            raise WarehouseError(
                f"table names must be plain SQL identifiers, got {echo(name)}",
                zh=f"表名应为普通的 SQL 标识符，实为 {echo(name)}",
            )
    selects = []
    for p in regime:
        if p.unit not in (Unit.DAYS, Unit.WORKDAYS):
            continue
        start = p.clock.value
        length = str(p.length)
        where = [f"{start} IS NOT NULL"]
        if p.id == "handle":
            length += " + COALESCE(extension_days, 0) + COALESCE(paused_days, 0)"
        if p.categories is not None:
            quoted = ("'" + c.replace("'", "''") + "'" for c in p.categories)
            where.append(f"category IN ({', '.join(quoted)})")
        if p.id == "notify_direct":
            where.append("forward_received IS NULL")
        unit = "days" if p.unit is Unit.DAYS else "workdays"
        selects.append(
            f"  SELECT id, '{p.id}' AS period_id, {start} AS start_date,\n"
            f"         {length} AS length, '{unit}' AS unit\n"
            f"  FROM {petitions} WHERE {' AND '.join(where)}"
        )
    if not selects:
        raise WarehouseError(
            f"regime {regime.id} has no period with a length in days",
            zh=f"规则 {regime.id} 没有按天数计的期限",
        )
    clocks = "\n  UNION ALL\n".join(selects)
    return f"""-- Deadlines of {one_line(regime.id)}: {one_line(regime.title)}
-- N working days after D: the working day whose index is index(D) + N.
-- N calendar days after D: day number(D) + N, rolled forward to a working day: the
-- working day whose index is index(that day - 1) + 1.
WITH clocks AS (
{clocks}
)
SELECT k.id, k.period_id, k.start_date, due.date AS due_date,
       due.provisional_index - s.provisional_index
         + CASE WHEN s.official THEN 0 ELSE 1 END > 0 AS provisional
FROM clocks k
LEFT JOIN {calendar} s ON s.date = k.start_date
LEFT JOIN {calendar} a
  ON a.day_number = s.day_number + CASE WHEN k.unit = 'days' THEN k.length - 1 ELSE 0 END
LEFT JOIN {calendar} due
  ON due.is_workday
 AND due.workday_index = a.workday_index + CASE WHEN k.unit = 'days' THEN 1 ELSE k.length END
"""


#: The periods table :func:`status_sql` reads: one row per petition and period its
#: events start (:func:`~xinfang_rules.formats.tables.period_rows`; ``xinfang table``).
PERIOD_COLUMNS = {
    "id": "the petition's id",
    "period_id": "the period (handle, notify_direct, route …: the regime's ids)",
    "duty": "unit (the organ must act) or petitioner (a window of the petitioner's)",
    "start_date": "the day the clock starts (not counted)",
    "done_date": "the day the duty was done (NULL: not yet)",
    "counted_in": (
        "days, workdays, same_day, on_the_spot or assigned: how the due date is counted"
    ),
    "counted_length": (
        "for days and workdays: the period's length with the extension and the recorded "
        "clock stops, in that unit, as the engine counts them (NULL otherwise)"
    ),
    "assigned_due": "for assigned: the due date the assigning body set",
    "stopped_since": "the first paused day of a clock stop still running (NULL: none)",
    "stop_date": "the day that running stop was recorded",
}


def status_sql(
    on: _dt.date,
    *,
    warn_within: int = 3,
    periods: str = "periods",
    calendar: str = "calendar",
) -> str:
    """The SQL that gives every period's due date and state on ``on``, as the engine does.

    One output row per row of the ``periods`` table (columns :data:`PERIOD_COLUMNS`):
    ``id``, ``period_id``, ``duty``, ``start_date``, ``due_date``, ``done_date``,
    ``provisional``, ``state`` and ``days_late``. The states are those of
    :meth:`~xinfang_rules.cases.Petition.status`: ``met`` (done by the due date), ``late``
    (done after it), ``overdue`` (not done and past it), ``due_soon`` (not done, due within
    ``warn_within`` working days) and ``open``; a petitioner's window that lapsed is
    ``met`` (not the unit's fault). ``days_late`` counts, for the unit's duties, the days
    (working days, for a period counted in them) from the due date to the day done or to
    ``on``. A clock stop still running adds its days up to ``on``, as the engine does.

    The 预警清单 is then ``WHERE duty = 'unit' AND state IN ('overdue', 'due_soon')``.
    Plain SQL: joins on the calendar table (:func:`write_calendar_csv`) and integer
    arithmetic, no date functions but ``GREATEST``; the same text runs in DuckDB,
    PostgreSQL and Spark SQL. A due date past the calendar table's last day is ``NULL``,
    and so is its state (export a longer table).

    Raises:
        WarehouseError: A table name that is not a plain SQL identifier.
        XinfangTypeError: ``on`` is not a date, or ``warn_within`` not a whole number ≥ 0.

    """
    day = as_date(on, "on")
    _check_warn(warn_within)
    _check_names(periods, calendar)
    return _status_query(f"DATE '{day.isoformat()}'", str(day), warn_within, periods, calendar)


#: Today's date in Beijing, in PostgreSQL (and the databases built on it).
POSTGRES_TODAY = "(now() AT TIME ZONE 'Asia/Shanghai')::date"


def postgres_views_sql(
    *,
    warn_within: int = 3,
    periods: str = "periods",
    calendar: str = "calendar",
    prefix: str = "xinfang_",
) -> str:
    """PostgreSQL views of each period's status and of the 预警清单, judged today in Beijing.

    ``{prefix}status`` is :func:`status_sql` with the day asked about being the server's
    today in Beijing (``now() AT TIME ZONE 'Asia/Shanghai'``, whatever the server's own
    time zone); ``{prefix}alerts`` is the 预警清单 over it (the unit's overdue and due-soon
    duties, by due date). Run the text once (``psql -f``); the views stay current as the
    days pass and as the ``periods`` table is rewritten. The same text suits the
    databases built on PostgreSQL (openGauss, KingbaseES) where they keep ``AT TIME ZONE``.

    Raises:
        WarehouseError: A name that is not a plain SQL identifier.
        XinfangTypeError: ``warn_within`` not a whole number ≥ 0.

    """
    _check_warn(warn_within)
    _check_names(periods, calendar, f"{prefix}status")
    query = _status_query(POSTGRES_TODAY, "today in Beijing", warn_within, periods, calendar)
    return (
        f"CREATE OR REPLACE VIEW {prefix}status AS\n{query.rstrip()};\n\n"
        f"CREATE OR REPLACE VIEW {prefix}alerts AS\n"
        f"SELECT id, period_id, start_date, due_date, state, days_late, provisional\n"
        f"FROM {prefix}status\nWHERE {ALERTS_WHERE}\nORDER BY due_date, id, period_id;\n"
    )


#: The 预警清单 as a filter on the status rows.
ALERTS_WHERE = "duty = 'unit' AND state IN ('overdue', 'due_soon')"


def _status_query(on_sql: str, label: str, warn_within: int, periods: str, calendar: str) -> str:
    """:func:`status_sql`'s text, the day asked about given as an SQL expression."""
    day = label
    return f"""-- Every period's due date and state on {day} (due soon: {warn_within} working days).
WITH clocks AS (
  SELECT k.*, s.day_number AS start_number, s.workday_index AS start_index,
         s.official AS start_official, s.provisional_index AS start_provisional,
         CASE
           WHEN k.stopped_since IS NULL THEN 0
           WHEN k.counted_in = 'workdays' THEN GREATEST(0,
             e.workday_index - b.workday_index + CASE WHEN b.is_workday THEN 1 ELSE 0 END)
           ELSE GREATEST(0, e.day_number - b.day_number + 1)
         END AS running_stop
  FROM {periods} k
  LEFT JOIN {calendar} s ON s.date = k.start_date
  LEFT JOIN {calendar} b ON b.date = k.stopped_since
  LEFT JOIN {calendar} e ON e.date = GREATEST({on_sql}, k.stop_date)
),
ends AS (
  SELECT k.*, a.workday_index AS end_index
  FROM clocks k
  LEFT JOIN {calendar} a
    ON a.day_number = CASE
      WHEN k.counted_in = 'days' THEN k.start_number - 1 + k.counted_length + k.running_stop
      WHEN k.counted_in = 'same_day' THEN k.start_number - 1
    END
),
dues AS (
  SELECT k.*,
    CASE
      WHEN k.counted_in = 'assigned' THEN k.assigned_due
      WHEN k.counted_in = 'on_the_spot' THEN k.start_date
      ELSE due.date
    END AS due_date
  FROM ends k
  LEFT JOIN {calendar} due
    ON due.is_workday
   AND due.workday_index = CASE
      WHEN k.counted_in IN ('days', 'same_day') THEN k.end_index + 1
      WHEN k.counted_in = 'workdays' THEN k.start_index + k.counted_length + k.running_stop
    END
),
judged AS (
  SELECT d.*, e.day_number AS due_number, e.workday_index AS due_index,
         e.provisional_index AS due_provisional,
         f.day_number AS done_number, f.workday_index AS done_index,
         o.day_number AS on_number, o.workday_index AS on_index
  FROM dues d
  LEFT JOIN {calendar} e ON e.date = d.due_date
  LEFT JOIN {calendar} f ON f.date = d.done_date
  CROSS JOIN (SELECT day_number, workday_index FROM {calendar} WHERE date = {on_sql}) o
)
SELECT id, period_id, duty, start_date, due_date, done_date,
  due_provisional - start_provisional + CASE WHEN start_official THEN 0 ELSE 1 END > 0
    AS provisional,
  CASE
    WHEN due_date IS NULL THEN NULL
    WHEN done_date IS NOT NULL THEN CASE WHEN done_date <= due_date THEN 'met' ELSE 'late' END
    WHEN {on_sql} > due_date THEN CASE WHEN duty = 'petitioner' THEN 'met' ELSE 'overdue' END
    WHEN due_index - on_index <= {warn_within} THEN 'due_soon'
    ELSE 'open'
  END AS state,
  CASE
    WHEN due_date IS NULL OR duty <> 'unit' THEN NULL
    WHEN done_date IS NOT NULL AND done_date > due_date
      THEN CASE WHEN counted_in = 'workdays' THEN done_index - due_index
                ELSE done_number - due_number END
    WHEN done_date IS NULL AND {on_sql} > due_date
      THEN CASE WHEN counted_in = 'workdays' THEN on_index - due_index
                ELSE on_number - due_number END
  END AS days_late
FROM judged
"""


def _check_warn(warn_within: object) -> None:
    if type(warn_within) is not int or warn_within < 0:
        raise XinfangTypeError(
            f"warn_within must be a whole number ≥ 0, got {echo(warn_within)}",
            zh=f"warn_within 应为不小于 0 的整数，实为 {echo(warn_within)}",
        )


def _check_names(*names: str) -> None:
    for name in names:
        if not name.replace("_", "a").replace(".", "a").isalnum() or not name.isascii():
            raise WarehouseError(
                f"table names must be plain SQL identifiers, got {echo(name)}",
                zh=f"表名应为普通的 SQL 标识符，实为 {echo(name)}",
            )


def figures_sql(
    start: _dt.date,
    end: _dt.date,
    *,
    on: _dt.date | None = None,
    by: Literal["handling_unit", "receiving_unit"] = "handling_unit",
    options: Any = None,
    petitions: str = "petitions",
    periods: str = "periods",
    calendar: str = "calendar",
) -> str:
    """The SQL that gives every figure's numerator and denominator, per unit and in total.

    The same figures, counts and options as :func:`xinfang_rules.metrics.report` over the
    petitions received from ``start`` to ``end`` (and not after ``on``, default ``end``),
    from the ``petitions`` and ``periods`` tables
    (:func:`~xinfang_rules.formats.tables.write_table`) and the calendar table. One
    output row per unit and figure — ``unit`` (``NULL`` for the total), ``figure`` (a key
    of ``FIGURES``), ``numerator``, ``denominator`` and ``rank`` (the unit's place among
    the units with a value, best first — for 重复信访率 the lowest —, equal rates sharing a
    rank, 1, 2, 2, 4, as :meth:`~xinfang_rules.metrics.Report.rank` ranks them; ``NULL``
    for the total) — for every figure with a denominator; a missing row is a figure with
    nothing to count (no value, not 0 %). The rate is ``numerator / denominator``,
    rounded half-up as :class:`~xinfang_rules.metrics.Rate` does.

    The tables must hold each petition as it stood on ``on``: write them with ``as_of=on``
    (``xinfang table --as-of``) when ``on`` is before the records' last events. A fact
    the records do not hold (a 台账 without 是否化解, a blank 满意度: the ``*_known``
    columns) keeps the petition out of that fact's figures, as ``report`` does; a figure
    no record can feed has no row at all (never 0 %).

    Raises:
        WarehouseError: A table name that is not a plain SQL identifier, ``end`` before
            ``start``, ``on`` before ``start``, or ``by`` not a unit field.

    """
    from xinfang_rules.metrics import FIGURES, TIMELINESS, MetricOptions

    lo, hi = as_date(start, "start"), as_date(end, "end")
    day = hi if on is None else as_date(on, "on")
    if hi < lo or day < lo:
        raise WarehouseError(
            f"the period {lo}..{hi} (on {day}) is not a period: end and on must not be "
            "before start",
            zh=f"统计期间 {lo} 至 {hi}（基准日 {day}）有误：结束日和基准日不能早于开始日",
        )
    if by not in ("handling_unit", "receiving_unit"):
        raise WarehouseError(
            f"by must be 'handling_unit' or 'receiving_unit', got {echo(by)}",
            zh=f"by 应为 'handling_unit' 或 'receiving_unit'，实为 {echo(by)}",
        )
    o = options if options is not None else MetricOptions()
    if not isinstance(o, MetricOptions):
        raise XinfangTypeError(
            f"options must be MetricOptions, got {type(o).__name__}",
            zh=f"options 应为 MetricOptions，实为 {type(o).__name__}",
        )
    _check_names(petitions, periods, calendar)
    on_sql = f"DATE '{day.isoformat()}'"
    unit = "COALESCE(handling_unit, receiving_unit)" if by == "handling_unit" else "receiving_unit"
    w = "headcount" if o.weight == "person" else "1"
    satisfied = "('满意', '基本满意')" if o.basic_counts_as_satisfied else "('满意')"
    unrated = "TRUE" if o.overdue_unrated_as_satisfied else "FALSE"
    open_late = "TRUE" if o.open_at_end == "late" else "FALSE"
    window = int(o.evaluation_window)
    timely = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in TIMELINESS.items())
    periods_in = ", ".join(f"'{k}'" for k in TIMELINESS)
    lower = ", ".join(f"'{f.key}'" for f in FIGURES if not f.higher_is_better)
    status = status_sql(day, periods=periods, calendar=calendar)

    def rated(party: str, column: str, since: str, keys: tuple[str, str], known: str) -> str:
        # rated, or its window over (day numbers: no date arithmetic)
        due = f"({column} IS NOT NULL OR {since} + {window} < on_number)"
        return f"""  SELECT unit, '{keys[0]}' AS figure, w AS den,
         CASE WHEN {column} IS NOT NULL THEN w ELSE 0 END AS num
  FROM p WHERE {since} IS NOT NULL AND {known} AND {due}
  UNION ALL
  SELECT unit, '{keys[1]}', w,
         CASE WHEN {column} IN {satisfied} OR ({column} IS NULL AND {unrated}) THEN w ELSE 0 END
  FROM p WHERE {since} IS NOT NULL AND {known} AND {due}
    AND ({column} IS NOT NULL OR {unrated})
  -- {party}"""

    unit_rated = rated("the handling unit", "unit_rating", "reply_number",
                       ("participation_unit", "satisfaction_unit"),
                       "unit_rating_known")  # fmt: skip
    bureau_rated = rated("the petition bureau", "bureau_rating", "routed_number",
                         ("participation_bureau", "satisfaction_bureau"),
                         "bureau_rating_known")  # fmt: skip
    return f"""-- Figures for petitions received {lo}..{hi}, taken on {day} (by {by}).
WITH p AS (
  SELECT t.*, {unit} AS unit, {w} AS w, r.day_number AS reply_number,
         b.day_number AS routed_number, o.day_number AS on_number
  FROM {petitions} t
  LEFT JOIN {calendar} r ON r.date = t.reply_received
  LEFT JOIN {calendar} b ON b.date = COALESCE(t.forwarded, t.assigned)
  CROSS JOIN (SELECT day_number FROM {calendar} WHERE date = {on_sql}) o
  WHERE t.received >= DATE '{lo.isoformat()}' AND t.received <= DATE '{hi.isoformat()}'
    AND t.received <= {on_sql}
),
s AS (
  SELECT * FROM ({status}) x WHERE period_id IN ({periods_in})
),
counted AS (
  SELECT unit, 'repeat' AS figure, w AS den,
         CASE WHEN repeat_of IS NOT NULL THEN w ELSE 0 END AS num FROM p
  UNION ALL
  SELECT p.unit, CASE s.period_id {timely} END, p.w,
         CASE WHEN s.done_date IS NOT NULL AND s.done_date <= s.due_date THEN p.w ELSE 0 END
  FROM s JOIN p ON p.id = s.id
  WHERE s.done_date IS NOT NULL OR s.due_date < {on_sql} OR {open_late}
  UNION ALL
{unit_rated}
  UNION ALL
{bureau_rated}
  UNION ALL
  SELECT unit, 'one_time_resolution', w,
         CASE WHEN resolved AND review_request_received IS NULL THEN w ELSE 0 END
  FROM p WHERE closed AND first_time AND category = '申诉求决类' AND resolution_known
  UNION ALL
  SELECT unit, 'assigned_resolution', w, CASE WHEN resolved THEN w ELSE 0 END
  FROM p WHERE assigned IS NOT NULL AND resolution_known
  UNION ALL
  SELECT unit, 'backlog_resolution', w, CASE WHEN resolved THEN w ELSE 0 END
  FROM p WHERE backlog AND backlog_known AND resolution_known
  UNION ALL
  SELECT unit, 'completion', w, CASE WHEN closed THEN w ELSE 0 END
  FROM p WHERE accepted IS NOT NULL
),
units AS (
  SELECT unit, figure, SUM(num) AS numerator, SUM(den) AS denominator
  FROM counted GROUP BY unit, figure
),
ranked AS (
  -- equal exact rates share a rank (1, 2, 2, 4): compared by cross-multiplying, exactly
  SELECT a.unit, a.figure, a.numerator, a.denominator,
         1 + SUM(CASE WHEN (a.figure IN ({lower})
                            AND b.numerator * a.denominator < a.numerator * b.denominator)
                        OR (a.figure NOT IN ({lower})
                            AND b.numerator * a.denominator > a.numerator * b.denominator)
                      THEN 1 ELSE 0 END) AS rank
  FROM units a JOIN units b ON b.figure = a.figure
  GROUP BY a.unit, a.figure, a.numerator, a.denominator
)
SELECT unit, figure, numerator, denominator, rank FROM ranked
UNION ALL
SELECT NULL, figure, SUM(num), SUM(den), NULL FROM counted GROUP BY figure
"""
