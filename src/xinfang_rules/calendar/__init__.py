"""The working-day calendar, on the official Chinese calendar.

- ``workdays``: :class:`WorkdayCalendar` (holidays, 调休 make-up working days; counting
  and explaining working days; provisional years warned about or refused);
- ``days``: what a day is and why (:class:`DayInfo`), a span of days explained;
- ``_index``: the working-day index and its numpy kernels; ``_sources``: where a day's
  kind comes from (a region's notice, the national notice, the package's data);
- ``notices``: the State Council's notices as data, and the notice file format;
- ``notice_text``: the notices as published text, read and checked;
- ``_china``: the statutory holidays, from the ``holidays`` package; ``presets/``: the
  regional calendars shipped.
"""

from __future__ import annotations

from xinfang_rules.calendar.days import DayInfo, DayKind, Lang, WorkdaySpan
from xinfang_rules.calendar.workdays import WorkdayCalendar, regional_presets

__all__ = ["DayInfo", "DayKind", "Lang", "WorkdayCalendar", "WorkdaySpan", "regional_presets"]
