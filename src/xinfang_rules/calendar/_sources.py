"""Where a day's kind comes from, and the words that name its source.

A region's own notice first (its local holidays and make-up days), then the national
notice the calendar holds for the year, or else the ``holidays`` package's data (a notice
it has recorded, or the statutory festivals alone, without 调休, for a year it has not); in
late December, the next year's notice (a 元旦 holiday or a make-up day named there).
"""

from __future__ import annotations

import datetime as _dt

from xinfang_rules.calendar import _china
from xinfang_rules.calendar.days import DayInfo, DayKind
from xinfang_rules.calendar.notices import LAST_YEAR, Notice, Region


def _day_info(
    d: _dt.date,
    official: bool,
    national: tuple[Notice, ...],
    regions: tuple[Region, ...],
    use_package_data: bool,
) -> DayInfo:
    """What ``d`` is and why: a region's local notice, then the national notice or data."""
    for region in regions:
        for local in (region.notice(d.year), region.notice(d.year + 1)):
            if local is None:
                continue
            for kind, table in (
                (DayKind.HOLIDAY, local.days_off),
                (DayKind.MAKEUP_WORKDAY, local.workdays),
            ):
                if d in table:
                    return DayInfo(d, kind, table[d], None, official, local.label, region.name)
    found = _national_day(d, national, use_package_data)
    if found is not None:
        kind, holiday, note, source = found
        return DayInfo(d, kind, holiday, note, official, source)
    return DayInfo(d, DayKind.WEEKEND if d.weekday() >= 5 else DayKind.WORKDAY, official=official)


def _national_day(
    d: _dt.date, national: tuple[Notice, ...], use_package_data: bool
) -> tuple[DayKind, str, str | None, str] | None:
    """(kind, festival, note, source) if a national notice or rule names ``d``."""
    notice = _national_notice(national, d.year)
    if notice is not None:
        if d in notice.days_off:
            return DayKind.HOLIDAY, notice.days_off[d], None, notice.label
        if d in notice.workdays:
            return DayKind.MAKEUP_WORKDAY, notice.workdays[d], None, notice.label
    elif use_package_data:
        data = _china.national_year(d.year)
        if d in data.days_off:
            festival, note = data.days_off[d]
            return DayKind.HOLIDAY, festival, note, _package_label(d.year)
        if d in data.workdays:
            return DayKind.MAKEUP_WORKDAY, data.workdays[d], None, _package_label(d.year)
    if d.month == 12 and d.year < LAST_YEAR:
        # late December named by the next year's notice: a weekend made a working day,
        # or a day off of a 元旦 holiday that starts in the old year
        following = _national_notice(national, d.year + 1)
        if following is not None:
            if d in following.workdays:
                return DayKind.MAKEUP_WORKDAY, following.workdays[d], None, following.label
            if d in following.days_off:
                return DayKind.HOLIDAY, following.days_off[d], None, following.label
        elif use_package_data:
            spill = _china.national_year(d.year + 1).prior_year_workdays
            if d in spill:
                return DayKind.MAKEUP_WORKDAY, spill[d], None, _package_label(d.year + 1)
    return None


def _national_notice(national: tuple[Notice, ...], year: int) -> Notice | None:
    for n in national:
        if n.year == year:
            return n
    return None


def _package_label(year: int) -> str:
    if year in _china.package_official_years():
        return (
            f"国务院办公厅关于{year}年部分节假日安排的通知"
            f"（据 holidays {_china.package_version()} 收录）"
        )
    return f"《全国年节及纪念日放假办法》推算（未收录{year}年放假通知，无调休）"
