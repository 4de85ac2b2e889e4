"""A ledger's cells and its rejected rows.

Dates as 台账 write them (text in several forms, Excel serial numbers, date cells), one
row's issue (:class:`LedgerIssue`), and the rejected rows as a table whose cells are typed
as a spreadsheet holds them, to be fixed and read again (the 待修正).
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from collections.abc import Sequence
from typing import Any, Literal

import attrs

from xinfang_rules.calendar.notices import FIRST_DAY, LAST_DAY
from xinfang_rules.privacy import echo


@attrs.frozen
class LedgerIssue:
    """One row that could not be used, and why.

    Attributes:
        row: The row's number as a spreadsheet shows it (the header is row 1).
        column: The header of the cell at fault, if one.
        message: What is wrong, in Chinese (values quoted with personal data masked).
        message_en: The same in English.
        cells: The row as read (for a file of rejected rows to fix and read again).

    """

    row: int
    column: str | None
    message: str
    message_en: str
    cells: tuple[tuple[str, str], ...] = ()

    def text(self, lang: Literal["zh", "en"] = "zh") -> str:
        """The issue in one line: ``第 12 行「受理日期」：…``."""
        if lang == "en":
            where = f"row {self.row}" + (f", column '{self.column}'" if self.column else "")
            return f"{where}: {self.message_en}"
        where = f"第 {self.row} 行" + (f"「{self.column}」" if self.column else "")
        return f"{where}：{self.message}"


class _CellError(Exception):
    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en


# --------------------------------------------------------------------------- cells

_DATE_FORMS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
#: Day 1 of Excel's 1900 date system is 1900-01-01 (serial 60 being its phantom 1900-02-29).
_EXCEL_EPOCH = _dt.date(1899, 12, 30)
_DATE_HELP_ZH = "写作 2025-08-04、2025/8/4、2025.8.4 或 2025年8月4日"
_DATE_HELP_EN = "write 2025-08-04, 2025/8/4, 2025.8.4 or 2025年8月4日"


_FIRST_DAY, _LAST_DAY = FIRST_DAY, LAST_DAY


def _date(value: Any) -> _dt.date | None:
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        day = value.date()  # a spreadsheet's date cell: a local (Beijing) date and time
    elif isinstance(value, _dt.date):
        day = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        day = _serial(value, value)
    else:
        text = str(value).strip()
        if not text:
            return None
        day = _date_text(text)
    if not _FIRST_DAY <= day <= _LAST_DAY:
        raise _CellError(
            f"{day} 超出日历范围（{FIRST_DAY} 至 {LAST_DAY}），请核对年份",
            f"{day} is outside the calendar ({FIRST_DAY}..{LAST_DAY}); check the year",
        )
    return day


@functools.lru_cache(maxsize=4096)
def _date_text(text: str) -> _dt.date:
    """A date typed as text (a ledger repeats the same few hundred days: kept)."""
    text = re.sub(r"[ T]\d{1,2}:\d{2}(:\d{2})?$", "", text)  # a time after the date
    for form in _DATE_FORMS:
        m = form.match(text)
        if m:
            try:
                return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                break
    else:
        if re.fullmatch(r"\d{5}(\.\d+)?", text):  # an Excel serial number saved as text
            return _serial(float(text), text)
    shown = echo(text, personal=False)  # a date column: the typing shown, numbers masked
    raise _CellError(
        f"{shown} 不是有效日期（{_DATE_HELP_ZH}）", f"{shown} is not a date ({_DATE_HELP_EN})"
    )


def _serial(number: float, shown: Any) -> _dt.date:
    if not 1 <= number < 2958466:
        text = echo(str(shown), personal=False)
        raise _CellError(f"{text} 不是有效日期", f"{text} is not a date")
    return _EXCEL_EPOCH + _dt.timedelta(days=int(number))


def rejected_table(issues: Sequence[LedgerIssue]) -> tuple[list[str], list[list[Any]]]:
    """The rejected rows as a table: 原行号, 原因, then the row's cells under their headers.

    The form :func:`write_rejected_csv` and the rejected-rows sheet of the workbooks
    (``rejected=``) share, to fix and read again.
    """
    headers: list[str] = []
    for issue in issues:
        for k, _ in issue.cells:
            if k not in headers:
                headers.append(k)
    rows: list[list[Any]] = []
    for issue in issues:
        cells = dict(issue.cells)
        rows.append([issue.row, issue.text("zh"), *(cells.get(h, "") for h in headers)])
    return ["原行号", "原因", *headers], rows


def typed_cell(value: Any) -> Any:
    """A rejected row's cell as a workbook should hold it, to be read again as it was.

    A date and time at midnight (how a spreadsheet holds a date) → the date; a date typed
    as text that reads as one (``2025/8/4``) → that date; a whole number typed as text
    (``3``, not ``007`` or a long number such as an ID) → the number; anything else as is.
    """
    if isinstance(value, _dt.datetime):
        return value.date() if value.time() == _dt.time() else value
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"[1-9]\d{0,5}", text):
            return int(text)
        if re.fullmatch(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}日?", text):
            try:
                day = _date_text(text)
            except _CellError:
                return value
            return day if FIRST_DAY <= day <= LAST_DAY else value
    return value
