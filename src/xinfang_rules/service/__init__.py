"""The HTTP service (``xinfang serve``): the library's answers as JSON over HTTP.

``config`` (how it is set up and checked), ``models`` (each request and answer),
``messages`` (reading a request, answering a problem in the client's language),
``handlers`` (what each operation does), ``openapi`` (the document), ``app`` (the
Starlette application, its limits, access log and server: the ``server`` extra).
"""

from __future__ import annotations

from xinfang_rules.service.app import (
    LOG,
    create_app,
    run,
)
from xinfang_rules.service.config import (
    LOOPBACK,
    MAX_TIME_LIMIT,
    ServiceConfig,
    ServiceError,
    load_tokens,
)
from xinfang_rules.service.messages import (
    Lang,
    Problem,
    answer_language,
)
from xinfang_rules.service.models import (
    AssignmentIn,
    AssignmentOut,
    ConflictOut,
    DayOut,
    DeadlineOut,
    DeadlineRequest,
    DutyOut,
    Health,
    MetricsOut,
    MetricsRequest,
    MonthOut,
    PeriodOut,
    PetitionStatusOut,
    RankRow,
    RateRow,
    RegimeOut,
    RegimeSummary,
    RotaCheckOut,
    RotaCheckRequest,
    RotaOut,
    RotaRequest,
    StatusOut,
    StatusRequest,
    TimelineItem,
    TimelineOut,
    TimelineRequest,
    ViolationOut,
    WorkdaysAddOut,
    WorkdaysAddRequest,
    WorkdaysBetweenOut,
    WorkdaysBetweenRequest,
)
from xinfang_rules.service.openapi import (
    openapi_document,
)

__all__ = [
    "LOG",
    "LOOPBACK",
    "MAX_TIME_LIMIT",
    "AssignmentIn",
    "AssignmentOut",
    "ConflictOut",
    "DayOut",
    "DeadlineOut",
    "DeadlineRequest",
    "DutyOut",
    "Health",
    "Lang",
    "MetricsOut",
    "MetricsRequest",
    "MonthOut",
    "PeriodOut",
    "PetitionStatusOut",
    "Problem",
    "RankRow",
    "RateRow",
    "RegimeOut",
    "RegimeSummary",
    "RotaCheckOut",
    "RotaCheckRequest",
    "RotaOut",
    "RotaRequest",
    "ServiceConfig",
    "ServiceError",
    "StatusOut",
    "StatusRequest",
    "TimelineItem",
    "TimelineOut",
    "TimelineRequest",
    "ViolationOut",
    "WorkdaysAddOut",
    "WorkdaysAddRequest",
    "WorkdaysBetweenOut",
    "WorkdaysBetweenRequest",
    "answer_language",
    "create_app",
    "load_tokens",
    "openapi_document",
    "run",
]
