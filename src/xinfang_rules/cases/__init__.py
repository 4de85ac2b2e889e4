"""Petitions (信访事项): the model, the events, the lifecycle, the deadlines and the status.

- ``model``: the vocabularies, the errors, ID and text checks, :class:`Petitioner`;
- ``events``: one class per event (:data:`EVENT_TYPES`);
- ``replay``: the lifecycle, each event checked where it arrives;
- ``status``: a petition's deadlines (:class:`CaseDeadline`) and its standing on a day
  (:class:`PetitionStatus`);
- ``petition``: :class:`Petition`, which holds them together.

Every public name is re-exported here: ``from xinfang_rules.cases import Petition``.
"""

from __future__ import annotations

from xinfang_rules.cases.events import (
    EVENT_TYPES,
    Accepted,
    AnyEvent,
    AssignedTo,
    ClockResumed,
    ClockStopped,
    Closed,
    Evaluated,
    Event,
    Extended,
    FollowUpVisit,
    Forwarded,
    HearingEnded,
    HearingStarted,
    Objected,
    Refused,
    Registered,
    Relapsed,
    Replied,
    RereviewDecided,
    RereviewRequested,
    Resolved,
    ReviewDecided,
    ReviewRequested,
)
from xinfang_rules.cases.model import (
    CaseError,
    CaseFieldError,
    Category,
    Channel,
    InvalidTransition,
    LateRequest,
    Outcome,
    OutOfCalendar,
    Petitioner,
    Rating,
    RefusalGround,
)
from xinfang_rules.cases.petition import (
    Petition,
)
from xinfang_rules.cases.status import (
    CaseDeadline,
    PetitionStatus,
)

__all__ = [
    "EVENT_TYPES",
    "Accepted",
    "AnyEvent",
    "AssignedTo",
    "CaseDeadline",
    "CaseError",
    "CaseFieldError",
    "Category",
    "Channel",
    "ClockResumed",
    "ClockStopped",
    "Closed",
    "Evaluated",
    "Event",
    "Extended",
    "FollowUpVisit",
    "Forwarded",
    "HearingEnded",
    "HearingStarted",
    "InvalidTransition",
    "LateRequest",
    "Objected",
    "OutOfCalendar",
    "Outcome",
    "Petition",
    "PetitionStatus",
    "Petitioner",
    "Rating",
    "RefusalGround",
    "Refused",
    "Registered",
    "Relapsed",
    "Replied",
    "RereviewDecided",
    "RereviewRequested",
    "Resolved",
    "ReviewDecided",
    "ReviewRequested",
]
