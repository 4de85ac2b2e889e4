"""DataFrames in and out (the ``pandas`` extra; the core never imports pandas).

Out: :func:`to_frame` turns a :class:`~xinfang_rules.metrics.Report`, a
:class:`~xinfang_rules.metrics.Ranking`, a list of :class:`~xinfang_rules.formats.alerts.Alert`
(the 预警清单) or a :class:`~xinfang_rules.rota.Rota` into a DataFrame (also as
``report.to_frame()``, ``ranking.to_frame()``, ``rota.to_frame()``);
:func:`calendar_frame` gives the calendar's days as the warehouse's dimension table.
Rates keep their exactness where a frame can: numerator and denominator as integers, the
percentage as a float, missing (``<NA>``) when the denominator is 0 (no value, not 0 %).

In: :func:`petitions_from_frame` reads a 信访台账 held in a DataFrame (e.g. from
``pandas.read_excel``) through a ledger mapping, as
:func:`~xinfang_rules.formats.ledger.read_ledger_csv` reads a file: missing cells
(``NaN``, ``NaT``, ``None``) are blank, timestamps dates.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import Any

from xinfang_rules._files import optional_module
from xinfang_rules.errors import XinfangValueError

__all__ = ["FrameError", "calendar_frame", "petitions_from_frame", "to_frame"]


class FrameError(XinfangValueError):
    """pandas is not installed, or the object cannot be made a DataFrame."""


def _pandas() -> Any:
    return optional_module("pandas", extra="pandas", purpose="DataFrames", error=FrameError)


def to_frame(obj: Any) -> Any:
    """A DataFrame of a report, a ranking, a 预警清单 (list of alerts) or a rota.

    Raises:
        FrameError: pandas is missing, or ``obj`` is none of those.

    """
    from xinfang_rules.formats.alerts import ALERT_COLUMNS, Alert
    from xinfang_rules.metrics import Ranking, Report
    from xinfang_rules.rota import Rota

    pd = _pandas()
    if isinstance(obj, Report):
        rows = obj.rows()
        frame = pd.DataFrame(rows, columns=["unit", "figure", "title", "numerator",
                                            "denominator", "percent"])  # fmt: skip
        frame["percent"] = pd.to_numeric(frame["percent"]).astype("Float64")
        return frame.astype({"numerator": "int64", "denominator": "int64"})
    if isinstance(obj, Ranking):
        ranked: list[tuple[Any, ...]] = [
            (rank, unit, rate.numerator, rate.denominator, rate.percent())
            for rank, unit, rate in obj.ranked
        ]
        ranked += [(None, unit, 0, 0, None) for unit in obj.no_value]
        frame = pd.DataFrame(ranked, columns=["rank", "unit", "numerator", "denominator",
                                            "percent"])  # fmt: skip
        frame["rank"] = frame["rank"].astype("Int64")
        frame["percent"] = pd.to_numeric(frame["percent"]).astype("Float64")
        return frame
    if isinstance(obj, Sequence) and all(isinstance(a, Alert) for a in obj):
        return pd.DataFrame(
            [
                (a.unit, a.petition_id, a.state, a.duty, a.due, a.days, a.source, a.provisional)
                for a in obj
            ],
            columns=list(ALERT_COLUMNS),
        )
    if isinstance(obj, Rota):
        places = {p.id: p.name for p in obj.places}
        names = {x.id: x.name for x in obj.leaders}
        return pd.DataFrame(
            [
                (a.date, a.place, places.get(a.place, a.place), lid, names.get(lid, lid),
                 ", ".join(a.rules), a.layer, a.form)
                for a in obj.assignments
                for lid in a.leaders
            ],
            columns=["date", "place_id", "place", "leader_id", "leader", "rules", "layer",
                     "form"],
        )  # fmt: skip
    raise FrameError(
        f"cannot make a DataFrame of {type(obj).__name__}: give a Report, a Ranking, a list "
        "of alerts or a Rota",
        zh=f"无法把 {type(obj).__name__} 转成 DataFrame：请给出 Report、Ranking、预警列表或 Rota",
    )


def calendar_frame(start: _dt.date, end: _dt.date, *, calendar: Any = None) -> Any:
    """The calendar's days from ``start`` to ``end`` as a DataFrame (the warehouse's table)."""
    import attrs

    from xinfang_rules.formats.warehouse import calendar_rows

    pd = _pandas()
    rows = [attrs.asdict(r) for r in calendar_rows(start, end, calendar=calendar)]
    return pd.DataFrame(rows)


def _cell(value: Any) -> Any:
    """A DataFrame cell as the ledger reader takes it: blanks None, timestamps datetimes."""
    if value is None:
        return None
    pd = _pandas()
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):  # a list-like cell: not a ledger's
        return value
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()  # numpy scalars to Python numbers
    return value


def petitions_from_frame(
    frame: Any,
    mapping: Any = None,
    *,
    receiving_unit: str | None = None,
    skip_bad: bool = False,
) -> Any:
    """A ledger held in a DataFrame, read as :func:`~xinfang_rules.formats.ledger.read_ledger_csv`.

    Rows are numbered as the spreadsheet it came from would (the header is row 1).

    Returns:
        A :class:`~xinfang_rules.formats.ledger.LedgerResult`.

    Raises:
        FrameError: pandas is missing, or ``frame`` is not a DataFrame.
        LedgerError: As :func:`~xinfang_rules.formats.ledger.read_ledger_csv`.

    """
    from xinfang_rules.formats.ledger import _read

    pd = _pandas()
    if not isinstance(frame, pd.DataFrame):
        raise FrameError(
            f"expected a pandas DataFrame, got {type(frame).__name__}",
            zh=f"应为 pandas DataFrame，实为 {type(frame).__name__}",
        )
    header = [str(c).strip() for c in frame.columns]
    records = [
        {h: _cell(v) for h, v in zip(header, row, strict=True)}
        for row in frame.itertuples(index=False, name=None)
    ]
    return _read(records, header, mapping, receiving_unit, skip_bad, 2)
