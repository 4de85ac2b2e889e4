"""The working-day calendar: official holidays and 调休 make-up days, the State Council's notices as data and as published text."""

from __future__ import annotations

from xinfang_rules.calendar.workdays import (
    DayInfo,
    DayKind,
    Lang,
    WorkdayCalendar,
    WorkdaySpan,
    regional_presets,
)

__all__ = [
    "DayInfo",
    "DayKind",
    "Lang",
    "WorkdayCalendar",
    "WorkdaySpan",
    "regional_presets",
]
