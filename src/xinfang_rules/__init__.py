"""xinfang_rules: China's petition-handling (信访) rules as a library.

The public API is re-exported here; nothing is defined in this module.
"""

from xinfang_rules.calendar import DayInfo, DayKind, WorkdayCalendar, WorkdaySpan, regional_presets
from xinfang_rules.dates import beijing_date
from xinfang_rules.errors import (
    CalendarNotPublishedError,
    DateOutOfRangeError,
    NoticeError,
    NoticeFileError,
    ProvisionalCalendarWarning,
    XinfangError,
    XinfangTypeError,
    XinfangValueError,
)
from xinfang_rules.notices import Notice, NoticeFile, Region, load_notice_file

__version__ = "0.1.0"

__all__ = [
    "CalendarNotPublishedError",
    "DateOutOfRangeError",
    "DayInfo",
    "DayKind",
    "Notice",
    "NoticeError",
    "NoticeFile",
    "NoticeFileError",
    "ProvisionalCalendarWarning",
    "Region",
    "WorkdayCalendar",
    "WorkdaySpan",
    "XinfangError",
    "XinfangTypeError",
    "XinfangValueError",
    "__version__",
    "beijing_date",
    "load_notice_file",
    "regional_presets",
]
