"""预警清单: the overdue and due-soon duties of many petitions, by unit, for print.

:func:`alerts` judges each petition on a day and lists every duty of a unit that has
passed its due date undone (超期) or falls due within the warning window (临期), with its
due date, the days over or left, and the article; :func:`write_alerts_csv` writes the
list as a CSV Excel opens (UTF-8 with BOM), :func:`write_alerts_xlsx` as a workbook
printed as offices print them (A4 landscape, the header row repeated on every page, the
header frozen, columns wide enough for Chinese, 超期 in red and 临期 in amber), with the
``excel`` extra. A due date in a year without an official holiday notice is marked
暂定 (provisional) in every output, not only in a warning.

>>> import datetime as dt
>>> from xinfang_rules import Accepted, Category, Channel, Petition, Petitioner
>>> p = Petition(id="XF-1", received=dt.date(2025, 8, 1), channel=Channel.LETTER,
...              category=Category.COMPLAINT, receiving_unit="某县信访局",
...              petitioners=(Petitioner("张三"),)).apply(Accepted(dt.date(2025, 8, 4)))
>>> (a,) = alerts([p], dt.date(2025, 10, 13))
>>> a.state, a.due, a.days, a.unit
('超期', datetime.date(2025, 10, 9), 4, '某县信访局')
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal

import attrs

from xinfang_rules._files import CsvOut, optional_module, sheet_row, write_binary, write_text
from xinfang_rules.calendar import WorkdayCalendar
from xinfang_rules.cases import CaseFieldError, Petition
from xinfang_rules.errors import XinfangValueError
from xinfang_rules.privacy import echo

if TYPE_CHECKING:
    from xinfang_rules.formats.ledger_cells import LedgerIssue
    from xinfang_rules.law.deadlines import Deadline

__all__ = ["ALERT_COLUMNS", "Alert", "alerts", "write_alerts_csv", "write_alerts_xlsx"]


@attrs.frozen
class Alert:
    """One duty overdue or due soon.

    Attributes:
        unit: The unit that owes it (the handling unit, else the receiving unit).
        petition_id: The petition.
        state: ``"超期"`` (overdue) or ``"临期"`` (due soon).
        duty: What is owed, as the regime titles the period.
        due: The due date.
        days: Days over (超期) or left (临期), in the period's unit.
        source: The article.
        provisional: The due date depends on a year without an official holiday notice.
        deadline: The deadline itself, for its day-by-day explanation (not compared).

    """

    unit: str
    petition_id: str
    state: Literal["超期", "临期"]
    duty: str
    due: _dt.date
    days: int
    source: str
    provisional: bool = False
    deadline: Deadline | None = attrs.field(default=None, eq=False, repr=False)

    def text(self) -> str:
        """The alert in one line, as ``xinfang ledger check`` prints it."""
        left = f"超期 {self.days} 日" if self.state == "超期" else f"剩余 {self.days} 日"
        mark = "；暂定" if self.provisional else ""
        return (
            f"[{self.state}] {self.petition_id}  {self.duty}，截止 {self.due}"
            f"（{left}；{self.source}{mark}）"
        )


#: The columns of the CSV and the workbook, in order.
ALERT_COLUMNS = (
    "责任单位",
    "信访编号",
    "状态",
    "事项",
    "截止日期",
    "超期/剩余天数",
    "依据",
    "暂定",
)


def alerts(
    petitions: Iterable[Petition],
    on: _dt.date,
    *,
    calendar: WorkdayCalendar | None = None,
    warn_within: int = 3,
) -> list[Alert]:
    """Every overdue and due-soon duty of the petitions on ``on``: by unit, overdue first.

    Args:
        petitions: The petitions (any iterable; read once).
        on: The day to judge on.
        calendar: The calendar (default: each petition's own, national or regional).
        warn_within: Working days before a due date from which it is due soon.

    Raises:
        AlertsError: A petition whose deadlines lead beyond the calendar (named, with
            the field).

    """
    out: list[Alert] = []
    for p in petitions:
        try:
            status = p.status(on, calendar=calendar, warn_within=warn_within)
        except CaseFieldError as exc:  # a deadline it leads to is beyond the calendar
            raise AlertsError(
                f"petition {echo(p.id)}: {exc.path}: {exc.message}",
                zh=f"信访事项 {echo(p.id)}：{exc.path}：{exc.message_zh or exc.message}",
            ) from None
        unit = p.handling_unit or p.receiving_unit
        for state, items in (("超期", status.overdue), ("临期", status.due_soon)):
            for item in items:
                d = item.deadline
                days = item.days_late if state == "超期" else d.status(on).remaining
                out.append(
                    Alert(
                        unit,
                        p.id,
                        state,  # type: ignore[arg-type]
                        d.period.title,
                        d.due,
                        int(days or 0),
                        str(d.period.source),
                        d.provisional,
                        d,
                    )
                )
    out.sort(key=lambda a: (a.unit, a.state != "超期", a.due, a.petition_id))
    return out


def _rows(items: Sequence[Alert]) -> list[list[Any]]:
    return [
        [
            a.unit,
            a.petition_id,
            a.state,
            a.duty,
            a.due,
            a.days,
            a.source,
            "暂定" if a.provisional else "",
        ]
        for a in items
    ]


def write_alerts_csv(
    items: Sequence[Alert], file: IO[str] | str | Path, *, bom: bool = True
) -> int:
    """The list as CSV (UTF-8 with BOM for Excel by default); returns the rows written.

    A path is written whole or not at all; text cells that a spreadsheet would run as a
    formula are neutralised.
    """

    def write(f: IO[str]) -> int:
        w = CsvOut(f)
        w.row(ALERT_COLUMNS)
        w.rows(_rows(items))
        return len(items)

    return write_text(file, write, encoding="utf-8-sig" if bom else "utf-8", newline="")


class AlertsError(XinfangValueError):
    """The list cannot be written (e.g. the ``excel`` extra is missing)."""


_WIDTHS = (18, 16, 8, 40, 12, 14, 36, 8)
_FILLS = {"超期": "F4CCCC", "临期": "FFF2CC"}


def write_alerts_xlsx(
    items: Sequence[Alert],
    path: str | Path | IO[bytes],
    *,
    on: _dt.date,
    title: str = "信访事项预警清单",
    rejected: Sequence[LedgerIssue] = (),
) -> None:
    """The list as a workbook for print (needs the ``excel`` extra: openpyxl).

    A title row (with the day judged on and the counts), then the header and one row per
    alert; A4 landscape, fitted to the page width, the header row repeated on every page
    and frozen on screen, 超期 rows red and 临期 rows amber, dates as dates, days as
    numbers. ``rejected`` (the issues of a ledger read with ``skip_bad``) adds a sheet
    拒绝行 of the rows the list could not look at. Written whole or not at all.

    Raises:
        AlertsError: openpyxl is not installed.

    """
    from xinfang_rules.formats.workbooks import add_rejected_sheet, print_sheet

    openpyxl = optional_module(
        "openpyxl", extra="excel", purpose="writing .xlsx files", error=AlertsError
    )
    styles = openpyxl.styles
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "预警清单"
    overdue = sum(1 for a in items if a.state == "超期")
    soon = len(items) - overdue
    heading = f"{title}（截至 {on}：超期 {overdue} 项，临期 {soon} 项）"
    if any(a.provisional for a in items):
        heading += "　注意：含暂定结果（所涉年份未收录国务院办公厅放假通知）"
    print_sheet(ws, heading, ALERT_COLUMNS, _WIDTHS, openpyxl)
    for alert, row in zip(items, _rows(items), strict=True):
        sheet_row(ws, row)
        fill = styles.PatternFill("solid", fgColor=_FILLS[alert.state])
        for cell in ws[ws.max_row]:
            cell.fill = fill
            cell.alignment = styles.Alignment(vertical="top", wrap_text=True)
        ws.cell(row=ws.max_row, column=5).number_format = "yyyy-mm-dd"
    if rejected:
        add_rejected_sheet(wb, rejected, openpyxl)
    write_binary(path, wb.save)
