"""Petitions as warehouse tables: ``periods`` (for the status SQL), ``petitions``, ``events``.

A province's platform computes each day's 预警清单 in SQL over tens of millions of
petitions (docs/warehouse.md). What the events of a petition mean — which periods run, from
when, until which event, with which extension and clock stops — is worked out once, here,
by the same engine that answers :meth:`~xinfang_rules.cases.Petition.status`; the daily
arithmetic on the calendar is left to SQL (:func:`~xinfang_rules.formats.warehouse.status_sql`).

- :func:`period_rows`: one row per petition and period (columns
  :data:`~xinfang_rules.formats.warehouse.PERIOD_COLUMNS`), from any iterable of petitions
  (records read with ``iter_petitions_jsonl``, ``iter_petitions_csv`` or a 台账);
- :func:`petition_rows`: one row per petition, its facts and the clock columns
  :func:`~xinfang_rules.formats.warehouse.deadlines_sql` reads (columns
  :data:`PETITION_TABLE_COLUMNS`); :func:`event_rows`: one row per event
  (:data:`EVENT_COLUMNS`);
- :func:`write_period_table` (and :func:`write_table` for any of the three): the rows as
  CSV (UTF-8, what DuckDB, Spark and PostgreSQL's
  ``COPY`` read) or Parquet (the ``parquet`` extra), streamed in row groups: memory stays
  flat whatever the number of petitions; the file is written whole or not at all.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Literal

import attrs

from xinfang_rules._files import CsvOut, atomic_write, optional_module, write_text
from xinfang_rules.calendar.workdays import WorkdayCalendar
from xinfang_rules.cases.petition import Petition
from xinfang_rules.cases.status import PeriodClock, period_clocks
from xinfang_rules.errors import XinfangError, XinfangTypeError
from xinfang_rules.formats.warehouse import PERIOD_COLUMNS, WarehouseError
from xinfang_rules.metrics import Unrecorded
from xinfang_rules.privacy import echo

__all__ = [
    "EVENT_COLUMNS",
    "PETITION_TABLE_COLUMNS",
    "ROW_GROUP",
    "event_rows",
    "period_rows",
    "petition_rows",
    "write_period_table",
    "write_table",
]

#: Rows per Parquet row group (and per batch held in memory while writing).
ROW_GROUP = 100_000


def period_rows(
    petitions: Iterable[Petition],
    *,
    calendar: WorkdayCalendar | None = None,
    as_of: _dt.date | None = None,
) -> Iterator[dict[str, Any]]:
    """Every period each petition's events start, as rows of the ``periods`` table.

    The periods, starts and done days are those of :meth:`Petition.deadlines`; the lengths
    are counted on ``calendar`` (default: each petition's own: national, or with its
    region's local holidays). Load the same calendar as the SQL's calendar table.

    Raises:
        XinfangTypeError: An item that is not a :class:`~xinfang_rules.cases.Petition`.

    """
    for i, p in enumerate(petitions):
        _check_petition(i, p)
        p = _as_of(p, as_of)
        clocks = _clocks(p, calendar)
        for c in clocks:
            yield {
                "id": p.id,
                "period_id": c.period_id,
                "duty": c.duty,
                "start_date": c.start_date,
                "done_date": c.done_date,
                "counted_in": c.counted_in,
                "counted_length": c.counted_length,
                "assigned_due": c.assigned_due,
                "stopped_since": c.stopped_since,
                "stop_date": c.stop_date,
            }


#: The petitions table: the facts of each petition, and the clock columns
#: :func:`~xinfang_rules.formats.warehouse.deadlines_sql` reads, derived from its events.
PETITION_TABLE_COLUMNS = {
    "id": "the petition's id",
    "received": "登记日期: the day it was received (收到信访事项之日)",
    "channel": "信访形式 (网上信访, 来信, 来访, 来电 …)",
    "category": "建议意见类, 检举控告类 or 申诉求决类",
    "receiving_unit": "the unit that received it",
    "handling_unit": "the unit with authority to handle it (NULL: not yet known)",
    "headcount": "people in a group visit; 1 otherwise",
    "first_time": "初信初访",
    "repeat_of": "the petition it repeats (重复信访), if any",
    "backlog": "信访积案",
    "region": "the regional calendar it counts on (NULL: national)",
    "regime": "the id of the regime that governs it",
    "state": "where it is in its lifecycle (received, accepted, replied, final …)",
    "forward_received": "the day it was routed (转送 or 交办, the earlier), from which the "
    "receiving unit's notice runs; NULL: received directly",
    "assigned": "交办之日 (NULL: not assigned)",
    "accepted": "受理之日",
    "reply_received": "信访人收到书面答复之日 (the reply's received_on, else its date)",
    "review_request_received": "收到复查请求之日",
    "review_reply_received": "信访人收到复查意见之日 (received_on, else the decision's date)",
    "rereview_request_received": "收到复核请求之日",
    "supervision_received": "收到改进建议之日 (no event records it: NULL)",
    "unit_received": "有权处理机关接收信访事项之日: the routing day, else the day received",
    "forwarded": "the first 转送's date (NULL: none; the bureau's evaluation runs from it, "
    "else from the 交办)",
    "unit_rating": "the last rating of the handling unit (满意, 基本满意, 不满意; NULL: none)",
    "bureau_rating": "the last rating of the petition bureau (NULL: none)",
    "closed": "办结: a closing event was recorded",
    "resolved": "化解: resolved, and no relapse (反弹) after the last resolution",
    "resolution_known": (
        "whether the record says if it was resolved (false: a 台账 without a 是否化解 "
        "column, or that cell blank; left out of the resolution figures)"
    ),
    "backlog_known": "whether the record says if it is a backlog case (是否积案)",
    "unit_rating_known": "whether the record holds the handling unit's evaluation (满意度)",
    "bureau_rating_known": "whether the record holds the bureau's evaluation (信访部门满意度)",
    "extension_days": "the approved extension of the handling period (0: none)",
    "paused_days": (
        "what the recorded clock stops add to the handling period, in its unit, as the "
        "engine counts them (0: none; a stop still running is in the periods table)"
    ),
}

#: The events table: one row per event, in the petition's order (``seq`` from 0).
EVENT_COLUMNS = {
    "id": "the petition's id",
    "seq": "the event's place in the petition's history, from 0",
    "type": "the event (registered, forwarded, assigned, accepted, refused, replied …)",
    "date": "the day it happened",
    "to_unit": "转送/交办: the unit it went to",
    "due": "交办: the due date the assigning body set",
    "period": "交办: the regime's period the set date is for (NULL: the routing 交办)",
    "notified_on": "受理: the day the petitioner was told",
    "received_on": "答复, 复查/复核意见: the day the petitioner received it",
    "outcome": "答复, 复查/复核意见: the outcome",
    "rating": "评价: the rating",
    "of": "评价: who was rated (handling_unit or petition_bureau)",
    "ground": "不予受理: the ground",
    "days": "延长: the days added",
    "approver": "延长: who approved it",
    "reason": "延长, 中止, 异议: the reason given",
    "note": "回访: the note",
}


def petition_rows(
    petitions: Iterable[Petition],
    *,
    calendar: WorkdayCalendar | None = None,
    as_of: _dt.date | None = None,
    unrecorded: Unrecorded | Callable[[], Unrecorded] | None = None,
) -> Iterator[dict[str, Any]]:
    """One row per petition: its facts and its clock columns (:data:`PETITION_TABLE_COLUMNS`).

    The clock columns are read from the events as the engine reads them (the first of
    each kind; a reply's ``received_on`` before its date); ``paused_days`` is counted on
    ``calendar`` (default: the petition's own). ``unrecorded`` (as for
    :func:`~xinfang_rules.metrics.report`; a 台账 stream's ``unrecorded``) says which facts
    the records do not hold: the ``*_known`` columns are false there, so that the figures
    leave them out rather than count them as 否.

    Raises:
        XinfangTypeError: An item that is not a :class:`~xinfang_rules.cases.Petition`.
        WarehouseError: A petition whose deadlines the engine cannot compute.

    """
    for i, p in enumerate(petitions):
        _check_petition(i, p)
        p = _as_of(p, as_of)
        first: dict[str, Any] = {}
        extension = 0
        for e in p.events:
            first.setdefault(e.type, e)
            if e.type == "extended" and not extension:
                extension = e.days  # type: ignore[attr-defined]
        ratings = p.ratings
        routed = [first[k] for k in ("forwarded", "assigned") if k in first]
        routed_on = min(e.date for e in routed) if routed else None
        handle = [c for c in _clocks(p, calendar) if c.period_id == "handle"]

        yield {
            "id": p.id,
            "received": p.received,
            "channel": p.channel.value,
            "category": p.category.value,
            "receiving_unit": p.receiving_unit,
            "handling_unit": p.handling_unit,
            "headcount": p.headcount,
            "first_time": p.first_time,
            "repeat_of": p.repeat_of,
            "backlog": p.backlog,
            "region": p.region,
            "regime": p.rules.id,
            "state": p.state,
            "forward_received": routed_on,
            "assigned": _day(first, "assigned"),
            "accepted": _day(first, "accepted"),
            "reply_received": _day(first, "replied", received=True),
            "review_request_received": _day(first, "review_requested"),
            "review_reply_received": _day(first, "review_decided", received=True),
            "rereview_request_received": _day(first, "rereview_requested"),
            "supervision_received": None,
            "unit_received": routed_on or p.received,
            "extension_days": extension,
            "paused_days": handle[0].paused_length if handle else 0,
            "forwarded": _day(first, "forwarded"),
            "unit_rating": _text_of(ratings.get("handling_unit")),
            "bureau_rating": _text_of(ratings.get("petition_bureau")),
            "closed": "closed" in first,
            "resolved": p.resolved,
            **_known(p.id, unrecorded),
        }


def event_rows(
    petitions: Iterable[Petition], *, as_of: _dt.date | None = None
) -> Iterator[dict[str, Any]]:
    """One row per event of each petition (:data:`EVENT_COLUMNS`; absent fields NULL).

    Raises:
        XinfangTypeError: An item that is not a :class:`~xinfang_rules.cases.Petition`.

    """
    for i, p in enumerate(petitions):
        _check_petition(i, p)
        p = _as_of(p, as_of)
        for seq, e in enumerate(p.events):
            row: dict[str, Any] = dict.fromkeys(EVENT_COLUMNS)
            row.update(id=p.id, seq=seq, type=e.type, date=e.date)
            for name in EVENT_COLUMNS:
                if name in ("id", "seq", "type", "date"):
                    continue
                row[name] = _text_of(getattr(e, name, None))
            yield row


def _text_of(value: Any) -> Any:
    """A vocabulary value as its text (``Rating.SATISFIED`` → ``满意``); others as they are."""
    return getattr(value, "value", value)


def _day(first: dict[str, Any], kind: str, received: bool = False) -> _dt.date | None:
    """The date of the first event of ``kind`` (its ``received_on`` first, if asked)."""
    e = first.get(kind)
    if e is None:
        return None
    day: _dt.date = (getattr(e, "received_on", None) or e.date) if received else e.date
    return day


_KNOWN = {
    "resolution": "resolution_known",
    "backlog": "backlog_known",
    "unit_rating": "unit_rating_known",
    "bureau_rating": "bureau_rating_known",
}


def _known(pid: str, unrecorded: Unrecorded | Callable[[], Unrecorded] | None) -> dict[str, bool]:
    """The ``*_known`` columns of a petition: false for a fact its record does not hold."""
    if unrecorded is None:
        return dict.fromkeys(_KNOWN.values(), True)
    said = unrecorded() if callable(unrecorded) else unrecorded
    blank = said.of_record.get(pid, frozenset())
    return {col: fact not in said.facts and fact not in blank for fact, col in _KNOWN.items()}


def _as_of(p: Petition, day: _dt.date | None) -> Petition:
    """The petition as it stood on ``day`` (later events left out; ``None``: as it is)."""
    if day is not None and p.events and p.events[-1].date > day:
        return attrs.evolve(p, events=tuple(e for e in p.events if e.date <= day))
    return p


def _check_petition(i: int, p: object) -> None:
    if not isinstance(p, Petition):
        raise XinfangTypeError(
            f"petitions[{i}] must be a Petition, got {type(p).__name__}",
            zh=f"petitions[{i}] 应为 Petition，实为 {type(p).__name__}",
        )


def _clocks(p: Petition, calendar: WorkdayCalendar | None) -> tuple[PeriodClock, ...]:
    try:
        return period_clocks(p, calendar)
    except XinfangError as exc:
        raise WarehouseError(
            f"petition {echo(p.id)}: {exc.text('en')}",
            zh=f"信访事项 {echo(p.id)}：{exc.text('zh')}",
        ) from exc


def write_period_table(
    path: str | Path,
    petitions: Iterable[Petition],
    *,
    format: Literal["auto", "csv", "parquet"] = "auto",
    calendar: WorkdayCalendar | None = None,
) -> int:
    """Write the ``periods`` table of ``petitions`` to ``path``; return the rows written.

    The same as ``write_table(path, petitions, table="periods", ...)``.
    """
    return write_table(path, petitions, table="periods", format=format, calendar=calendar)


#: Each table: its columns and their Parquet types (names of pyarrow type constructors).
_TABLES: dict[str, tuple[Mapping[str, str], dict[str, str]]] = {
    "periods": (PERIOD_COLUMNS, {
        "start_date": "date32", "done_date": "date32", "counted_length": "int32",
        "assigned_due": "date32", "stopped_since": "date32", "stop_date": "date32",
    }),
    "petitions": (PETITION_TABLE_COLUMNS, {
        "received": "date32", "headcount": "int32", "first_time": "bool_",
        "backlog": "bool_", "forward_received": "date32", "assigned": "date32",
        "accepted": "date32", "reply_received": "date32",
        "review_request_received": "date32", "review_reply_received": "date32",
        "rereview_request_received": "date32", "supervision_received": "date32",
        "unit_received": "date32", "extension_days": "int32", "paused_days": "int32",
        "forwarded": "date32", "closed": "bool_", "resolved": "bool_",
        "resolution_known": "bool_", "backlog_known": "bool_", "unit_rating_known": "bool_",
        "bureau_rating_known": "bool_",
    }),
    "events": (EVENT_COLUMNS, {
        "seq": "int32", "date": "date32", "due": "date32", "notified_on": "date32",
        "received_on": "date32", "days": "int32",
    }),
}  # fmt: skip


def write_table(
    path: str | Path,
    petitions: Iterable[Petition],
    *,
    table: Literal["periods", "petitions", "events"] = "periods",
    format: Literal["auto", "csv", "parquet"] = "auto",
    calendar: WorkdayCalendar | None = None,
    as_of: _dt.date | None = None,
    unrecorded: Unrecorded | Callable[[], Unrecorded] | None = None,
) -> int:
    """Write one table of ``petitions`` to ``path``; return the rows written.

    ``table``: ``periods`` (:func:`period_rows`), ``petitions`` (:func:`petition_rows`) or
    ``events`` (:func:`event_rows`). ``format="auto"`` takes Parquet for a path ending in
    ``.parquet``, else CSV. CSV: a header row, dates as ``YYYY-MM-DD``, an empty field for
    NULL, ``true``/``false``, text cells made safe for a spreadsheet. Parquet: typed
    columns (``date32`` dates, ``int32`` numbers, ``bool`` flags), written in row groups of
    :data:`ROW_GROUP` rows. Written whole or not at all. ``as_of``: each petition as it
    stood on that day (later events left out), for figures taken on a day before the
    records' last events (:func:`~xinfang_rules.formats.warehouse.figures_sql`).

    Raises:
        WarehouseError: An unknown table or format, or Parquet without ``pyarrow`` (the
            ``parquet`` extra).

    """
    if table not in _TABLES:
        raise WarehouseError(
            f"table must be 'periods', 'petitions' or 'events', got {echo(table)}",
            zh=f"table 应为 'periods'、'petitions' 或 'events'，实为 {echo(table)}",
        )
    columns, types = _TABLES[table]
    kind = format
    if kind == "auto":
        kind = "parquet" if str(path).lower().endswith(".parquet") else "csv"
    if kind not in ("csv", "parquet"):
        raise WarehouseError(
            f"format must be 'auto', 'csv' or 'parquet', got {echo(format)}",
            zh=f"format 应为 'auto'、'csv' 或 'parquet'，实为 {echo(format)}",
        )
    rows = (
        period_rows(petitions, calendar=calendar, as_of=as_of) if table == "periods"
        else petition_rows(petitions, calendar=calendar, as_of=as_of, unrecorded=unrecorded)
        if table == "petitions"
        else event_rows(petitions, as_of=as_of)
    )  # fmt: skip
    if kind == "csv":
        return write_text(path, lambda f: _write_csv(f, rows, columns), newline="")
    return _write_parquet(path, rows, columns, types)


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value


def _write_csv(f: Any, rows: Iterator[dict[str, Any]], columns: Mapping[str, str]) -> int:
    out = CsvOut(f, lineterminator="\n")
    out.row(columns)
    n = 0
    for row in rows:
        out.row([_cell(row[c]) for c in columns])
        n += 1
    return n


def _write_parquet(
    path: str | Path,
    rows: Iterator[dict[str, Any]],
    columns: Mapping[str, str],
    types: Mapping[str, str],
) -> int:
    purpose = "Parquet output"
    pa = optional_module("pyarrow", extra="parquet", purpose=purpose, error=WarehouseError)
    pq = optional_module("pyarrow.parquet", extra="parquet", purpose=purpose,
                         error=WarehouseError)  # fmt: skip
    schema = pa.schema([(name, getattr(pa, types.get(name, "string"))()) for name in columns])

    def write(fh: Any) -> int:
        n = 0
        with pq.ParquetWriter(fh, schema) as writer:
            batch: list[dict[str, Any]] = []
            for row in rows:
                batch.append(row)
                if len(batch) == ROW_GROUP:
                    writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                    n += len(batch)
                    batch = []
            if batch or n == 0:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n += len(batch)
        return n

    return atomic_write(path, write, mode="wb", encoding=None)
