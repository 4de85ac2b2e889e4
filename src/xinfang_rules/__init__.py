"""xinfang_rules: China's petition-handling (信访) rules as a library.

The public API is re-exported here; nothing is defined in this module.
"""

from xinfang_rules.calendar import DayInfo, DayKind, WorkdayCalendar, WorkdaySpan, regional_presets
from xinfang_rules.dates import beijing_date
from xinfang_rules.deadlines import (
    Deadline,
    DeadlineStatus,
    DeadlineStep,
    Explanation,
    Extension,
    Pause,
    compute_deadline,
    compute_due_dates,
    statutory_timeline,
)
from xinfang_rules.errors import (
    CalendarNotPublishedError,
    DateOutOfRangeError,
    DeadlineError,
    NoticeError,
    NoticeFileError,
    ProvisionalCalendarWarning,
    RegimeError,
    RuleFileError,
    XinfangError,
    XinfangTypeError,
    XinfangValueError,
)
from xinfang_rules.notices import Notice, NoticeFile, Region, load_notice_file
from xinfang_rules.rules import (
    XINFANG_2005,
    XINFANG_2022,
    ZHEJIANG_2016,
    Clock,
    ExtensionRule,
    Period,
    Regime,
    Source,
    Unit,
    load_regime,
    regime_for,
    regime_from_dict,
    regimes,
)

__version__ = "0.1.0"

__all__ = [
    "XINFANG_2005",
    "XINFANG_2022",
    "ZHEJIANG_2016",
    "CalendarNotPublishedError",
    "Clock",
    "DateOutOfRangeError",
    "DayInfo",
    "DayKind",
    "Deadline",
    "DeadlineError",
    "DeadlineStatus",
    "DeadlineStep",
    "Explanation",
    "Extension",
    "ExtensionRule",
    "Notice",
    "NoticeError",
    "NoticeFile",
    "NoticeFileError",
    "Pause",
    "Period",
    "ProvisionalCalendarWarning",
    "Regime",
    "RegimeError",
    "Region",
    "RuleFileError",
    "Source",
    "Unit",
    "WorkdayCalendar",
    "WorkdaySpan",
    "XinfangError",
    "XinfangTypeError",
    "XinfangValueError",
    "__version__",
    "beijing_date",
    "compute_deadline",
    "compute_due_dates",
    "load_notice_file",
    "load_regime",
    "regime_for",
    "regime_from_dict",
    "regimes",
    "regional_presets",
    "statutory_timeline",
]
