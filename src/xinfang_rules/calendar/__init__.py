"""The working-day calendar, on the official Chinese calendar.

``workdays`` (:class:`WorkdayCalendar`: holidays, 调休 make-up working days, counting and
explaining working days), ``notices`` (the State Council's notices as data, the notice
file format), ``notice_text`` (the notices as published text, read and checked),
``_china`` (the statutory holidays, from the ``holidays`` package), ``presets/`` (regional
calendars).
"""

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
