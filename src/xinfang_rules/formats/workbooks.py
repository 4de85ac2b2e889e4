"""Workbooks for print (the ``excel`` extra): the 通报 of a period's figures, the 公示.

:func:`write_report_xlsx` writes a :class:`~xinfang_rules.metrics.Report` as offices file
it: the period and the day the figures were taken in the title, one row per unit and
figure with numerator and denominator as numbers and the rate as a number in ``0.00%``
format (blank, not 0 %, when the denominator is 0), and, with ``ranking``, a second sheet
with the units ranked (ties share a rank). A4 landscape, the header row repeated on every
page and frozen, columns wide enough for Chinese. Written whole or not at all.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from xinfang_rules._files import optional_module, set_cell, sheet_row, write_binary
from xinfang_rules.errors import XinfangValueError
from xinfang_rules.metrics import Ranking, Report
from xinfang_rules.privacy import scrub
from xinfang_rules.rota import Rota

if TYPE_CHECKING:
    from xinfang_rules.formats.ledger_cells import LedgerIssue

__all__ = [
    "WorkbookError",
    "add_rejected_sheet",
    "write_notice_xlsx",
    "write_rejected_xlsx",
    "write_report_xlsx",
]


class WorkbookError(XinfangValueError):
    """A workbook cannot be written (e.g. the ``excel`` extra is missing)."""


def _openpyxl() -> Any:
    return optional_module(
        "openpyxl", extra="excel", purpose="writing .xlsx files", error=WorkbookError
    )


def print_sheet(
    ws: Any, title: str, header: Sequence[str], widths: Sequence[int], openpyxl: Any
) -> None:
    """Title row (merged, bold), header row (bold, grey), A4 landscape, header repeated."""
    styles = openpyxl.styles
    sheet_row(ws, [title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws["A1"].font = styles.Font(bold=True, size=14)
    sheet_row(ws, header)
    for cell in ws[2]:
        cell.font = styles.Font(bold=True)
        cell.fill = styles.PatternFill("solid", fgColor="D9D9D9")
        cell.alignment = styles.Alignment(horizontal="center", vertical="center", wrap_text=True)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width = width
    ws.freeze_panes = "A3"
    ws.print_title_rows = "2:2"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True


def add_rejected_sheet(
    wb: Any,
    issues: Sequence[LedgerIssue],
    openpyxl: Any,
    *,
    title: str = "拒绝行",
    masked: bool = True,
) -> Any:
    """A sheet of the ledger rows that could not be used: row number, reason, the cells.

    Every rejected row is there (nothing is dropped silently), its cells typed as a
    spreadsheet holds them (dates as dates, whole numbers as numbers), under a header that
    :func:`~xinfang_rules.formats.ledger.open_ledger` finds below the title: fixed, the
    sheet reads again as a ledger. ``masked`` (for a workbook that goes to the units: the
    预警清单, the 通报) hides ID and phone numbers in the cells; the clerk's own 待修正 file
    (:func:`write_rejected_xlsx`) keeps them whole, to be corrected. Returns the sheet.
    """
    from xinfang_rules.formats.ledger_cells import rejected_table, typed_cell

    header, rows = rejected_table(issues)
    ws = wb.create_sheet(title)
    widths = (8, 60, *(14 for _ in header[2:]))
    heading = f"无法使用的台账行（共 {len(rows)} 行，原因见第二列）"
    if masked:
        heading += "；证件号、电话号码只显示部分，原件见本单位台账"
    print_sheet(ws, heading, header, widths, openpyxl)
    for row in rows:
        cells = [typed_cell(c) for c in row]
        if masked:
            cells = [scrub(c) if isinstance(c, str) else c for c in cells]
        sheet_row(ws, cells)
        ws.cell(row=ws.max_row, column=2).alignment = openpyxl.styles.Alignment(wrap_text=True)
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, _dt.date):
                cell.number_format = "yyyy-mm-dd"
    return ws


def write_rejected_xlsx(path: str | Path | IO[bytes], issues: Sequence[LedgerIssue]) -> None:
    """The rejected rows of a ledger as a workbook of their own (the ``excel`` extra).

    Raises:
        WorkbookError: openpyxl is not installed.

    """
    openpyxl = _openpyxl()
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    add_rejected_sheet(wb, issues, openpyxl, title="待修正", masked=False)
    write_binary(path, wb.save)


def _rate_cells(ws: Any, numerator: int, denominator: int, column: int) -> None:
    """The rate as a fraction in % format; blank (no value) when the denominator is 0."""
    cell = ws.cell(row=ws.max_row, column=column)
    set_cell(cell, None if denominator == 0 else numerator / denominator)
    cell.number_format = "0.00%"


def write_report_xlsx(
    report: Report,
    path: str | Path | IO[bytes],
    *,
    ranking: Ranking | None = None,
    title: str = "信访工作主要指标通报",
    rejected: Sequence[LedgerIssue] = (),
) -> None:
    """The 通报 as a workbook for print (needs the ``excel`` extra: openpyxl).

    When the report has :attr:`~xinfang_rules.metrics.Report.provisional_years`, the title
    says so (暂定) on both sheets; the figures it :attr:`~xinfang_rules.metrics.Report.left_out`
    are not in the table, and a line under it says which and why. ``rejected`` (the issues
    of a ledger read with ``skip_bad``) adds a sheet 拒绝行 of the rows left out of the
    figures.

    Raises:
        WorkbookError: openpyxl is not installed.

    """
    openpyxl = _openpyxl()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "通报"
    period = f"{report.start} 至 {report.end}，截至 {report.on}"
    if report.provisional_years:
        years = "、".join(str(y) for y in report.provisional_years)
        period += f"；{years} 年未收录国务院办公厅放假通知，指标为暂定"
    print_sheet(
        ws,
        f"{title}（{period}）",
        ("单位", "指标", "分子", "分母", "比率"),
        (22, 26, 10, 10, 12),
        openpyxl,
    )
    for row in report.rows():
        sheet_row(ws, [row["unit"], row["title"], row["numerator"], row["denominator"]])
        _rate_cells(ws, row["numerator"], row["denominator"], 5)
    left_out = report.left_out_text()
    if left_out:  # the figures the records cannot give: said, not shown as 0 %
        sheet_row(ws, [])
        sheet_row(ws, [left_out])
    if ranking is not None:
        rs = wb.create_sheet("排名")
        name = next((r["title"] for r in report.rows() if r["figure"] == ranking.figure), "")
        print_sheet(
            rs,
            f"{name}排名（{period}）",
            ("名次", "单位", "分子", "分母", "比率"),
            (8, 26, 10, 10, 12),
            openpyxl,
        )
        for rank, unit, rate in ranking.ranked:
            sheet_row(rs, [rank, unit, rate.numerator, rate.denominator])
            _rate_cells(rs, rate.numerator, rate.denominator, 5)
        for unit in ranking.no_value:
            sheet_row(rs, ["—", unit, 0, 0])
            _rate_cells(rs, 0, 0, 5)
    if rejected:
        add_rejected_sheet(wb, rejected, openpyxl)
    write_binary(path, wb.save)


def write_notice_xlsx(
    rota: Rota,
    path: str | Path | IO[bytes],
    *,
    title: str = "领导干部接访安排公示",
    provisional_years: Sequence[int] = (),
) -> None:
    """The 公示 of a rota as a workbook for print (needs the ``excel`` extra: openpyxl).

    One row per leader per reception (the columns of
    :func:`~xinfang_rules.formats.rota_io.notice_rows`), A4 landscape, the header repeated and
    frozen. ``provisional_years`` (the calendar's years without an official holiday
    notice in the rota's range) are named in the title: the dates there may still move.

    Raises:
        WorkbookError: openpyxl is not installed.

    """
    from xinfang_rules.formats.rota_io import NOTICE_COLUMNS, notice_rows

    openpyxl = _openpyxl()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "公示"
    heading = f"{title}（{rota.start} 至 {rota.end}）"
    if rota.gaps:
        heading += f"　其中 {len(rota.gaps)} 场接访的领导待定，确定后另行公示"
    if provisional_years:
        years = "、".join(str(y) for y in provisional_years)
        heading += f"　注意：{years} 年未收录国务院办公厅放假通知，该年日期为暂定"
    print_sheet(ws, heading, NOTICE_COLUMNS, (12, 16, 20, 22, 14, 28, 12), openpyxl)
    styles = openpyxl.styles
    for row in notice_rows(rota):
        sheet_row(ws, [row[c] for c in NOTICE_COLUMNS])
        for cell in ws[ws.max_row]:
            cell.alignment = styles.Alignment(vertical="top", wrap_text=True)
    write_binary(path, wb.save)
