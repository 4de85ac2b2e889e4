"""Petitions as warehouse tables: the ``periods`` table the status SQL reads.

A province's platform computes each day's 预警清单 in SQL over tens of millions of
petitions (docs/warehouse.md). What the events of a petition mean — which periods run, from
when, until which event, with which extension and clock stops — is worked out once, here,
by the same engine that answers :meth:`~xinfang_rules.cases.Petition.status`; the daily
arithmetic on the calendar is left to SQL (:func:`~xinfang_rules.formats.warehouse.status_sql`).

- :func:`period_rows`: one row per petition and period (columns
  :data:`~xinfang_rules.formats.warehouse.PERIOD_COLUMNS`), from any iterable of petitions
  (records read with ``iter_petitions_jsonl``, ``iter_petitions_csv`` or a 台账);
- :func:`write_period_table`: the rows as CSV (UTF-8, what DuckDB, Spark and PostgreSQL's
  ``COPY`` read) or Parquet (the ``parquet`` extra), streamed in row groups: memory stays
  flat whatever the number of petitions; the file is written whole or not at all.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Literal

from xinfang_rules._files import CsvOut, atomic_write, optional_module, write_text
from xinfang_rules.calendar.workdays import WorkdayCalendar
from xinfang_rules.cases.petition import Petition
from xinfang_rules.cases.status import period_clocks
from xinfang_rules.errors import XinfangError, XinfangTypeError
from xinfang_rules.formats.warehouse import PERIOD_COLUMNS, WarehouseError
from xinfang_rules.privacy import echo

__all__ = ["ROW_GROUP", "period_rows", "write_period_table"]

#: Rows per Parquet row group (and per batch held in memory while writing).
ROW_GROUP = 100_000


def period_rows(
    petitions: Iterable[Petition], *, calendar: WorkdayCalendar | None = None
) -> Iterator[dict[str, Any]]:
    """Every period each petition's events start, as rows of the ``periods`` table.

    The periods, starts and done days are those of :meth:`Petition.deadlines`; the lengths
    are counted on ``calendar`` (default: each petition's own: national, or with its
    region's local holidays). Load the same calendar as the SQL's calendar table.

    Raises:
        XinfangTypeError: An item that is not a :class:`~xinfang_rules.cases.Petition`.

    """
    for i, p in enumerate(petitions):
        if not isinstance(p, Petition):
            raise XinfangTypeError(
                f"petitions[{i}] must be a Petition, got {type(p).__name__}",
                zh=f"petitions[{i}] 应为 Petition，实为 {type(p).__name__}",
            )
        try:
            clocks = period_clocks(p, calendar)
        except XinfangError as exc:
            raise WarehouseError(
                f"petition {echo(p.id)}: {exc.text('en')}",
                zh=f"信访事项 {echo(p.id)}：{exc.text('zh')}",
            ) from exc
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


def write_period_table(
    path: str | Path,
    petitions: Iterable[Petition],
    *,
    format: Literal["auto", "csv", "parquet"] = "auto",
    calendar: WorkdayCalendar | None = None,
) -> int:
    """Write the ``periods`` table of ``petitions`` to ``path``; return the rows written.

    ``format="auto"`` takes Parquet for a path ending in ``.parquet``, else CSV. CSV: a
    header row, dates as ``YYYY-MM-DD``, an empty field for NULL, text cells made safe for
    a spreadsheet. Parquet: typed columns (``date32`` dates, ``int32`` lengths), written
    in row groups of :data:`ROW_GROUP` rows.

    Raises:
        WarehouseError: An unknown format, or Parquet without ``pyarrow`` (the
            ``parquet`` extra).

    """
    kind = format
    if kind == "auto":
        kind = "parquet" if str(path).lower().endswith(".parquet") else "csv"
    rows = period_rows(petitions, calendar=calendar)
    if kind == "csv":
        return write_text(path, lambda f: _write_csv(f, rows), newline="")
    if kind == "parquet":
        return _write_parquet(path, rows)
    raise WarehouseError(
        f"format must be 'auto', 'csv' or 'parquet', got {format!s:.20}",
        zh=f"format 应为 'auto'、'csv' 或 'parquet'，实为 {format!s:.20}",
    )


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value


def _write_csv(f: Any, rows: Iterator[dict[str, Any]]) -> int:
    out = CsvOut(f, lineterminator="\n")
    out.row(PERIOD_COLUMNS)
    n = 0
    for row in rows:
        out.row([_cell(row[c]) for c in PERIOD_COLUMNS])
        n += 1
    return n


def _write_parquet(path: str | Path, rows: Iterator[dict[str, Any]]) -> int:
    purpose = "Parquet output"
    pa = optional_module("pyarrow", extra="parquet", purpose=purpose, error=WarehouseError)
    pq = optional_module("pyarrow.parquet", extra="parquet", purpose=purpose,
                         error=WarehouseError)  # fmt: skip
    types = {
        "id": pa.string(), "period_id": pa.string(), "duty": pa.string(),
        "start_date": pa.date32(), "done_date": pa.date32(), "counted_in": pa.string(),
        "counted_length": pa.int32(), "assigned_due": pa.date32(),
        "stopped_since": pa.date32(), "stop_date": pa.date32(),
    }  # fmt: skip
    schema = pa.schema([(name, types[name]) for name in PERIOD_COLUMNS])

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
