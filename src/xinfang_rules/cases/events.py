"""What happens to a petition: one class per event, each with its date and facts.

:data:`EVENT_TYPES` names them as the records do (``registered``, ``accepted``, …).
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, ClassVar, Literal, Union

import attrs

from xinfang_rules.cases.model import CaseError, Outcome, Rating, RefusalGround, _text
from xinfang_rules.dates import as_date
from xinfang_rules.privacy import echo

# --------------------------------------------------------------------------- events


_DATE = _dt.date


def _event_date(value: object) -> _dt.date:
    if type(value) is _DATE:  # the common case, checked by its exact type
        return value
    return as_date(value, "an event's date")


def _optional_date(value: object) -> _dt.date | None:
    if value is None or type(value) is _DATE:
        return value
    return as_date(value, "date")


@attrs.frozen
class Event:
    """Base of every event: something that happened to a petition on a Beijing date."""

    type: ClassVar[str] = "event"
    date: _dt.date = attrs.field(converter=_event_date)


def _optional_id(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, str) or not value or not value.replace("_", "").isalnum():
        raise CaseError(
            f"period must be a period id of the regime (letters, digits, _), got {echo(value)}",
            zh=f"period 应为规则中的期限 id（字母、数字、下划线），实为 {echo(value)}",
        )


@attrs.frozen
class Registered(Event):
    """登记: the petition was registered."""

    type: ClassVar[str] = "registered"


@attrs.frozen
class Forwarded(Event):
    """转送: routed to the unit with authority, which received it on ``date``."""

    type: ClassVar[str] = "forwarded"
    to_unit: str = attrs.field(kw_only=True, validator=_text("to_unit"))


@attrs.frozen
class AssignedTo(Event):
    """交办: assigned to a unit, with the deadline the assigning body set (Art. 22(三)).

    ``period`` names the regime's period (one counted ``set_by_assigner``) the set date is
    for, where the regime has more than one: 北京's ``assigned_feedback`` (Art. 34 ¶1(三))
    or ``ordered_acceptance`` (Art. 36), 山东's ``redo_after_rereview`` (Art. 45 ¶1(二)).
    ``None``: the routing 交办 (``assigned_report``). An assignment with a ``period`` may
    come at any later stage too (a superior's order to accept, a 复核 body's order to
    decide again); it does not route the petition.
    """

    type: ClassVar[str] = "assigned"
    to_unit: str = attrs.field(kw_only=True, validator=_text("to_unit"))
    due: _dt.date = attrs.field(kw_only=True, converter=_event_date)
    period: str | None = attrs.field(default=None, kw_only=True, validator=_optional_id)


@attrs.frozen
class Accepted(Event):
    """受理: accepted; ``notified_on`` is the day the petitioner was told in writing."""

    type: ClassVar[str] = "accepted"
    notified_on: _dt.date | None = attrs.field(default=None, kw_only=True, converter=_optional_date)


@attrs.frozen
class Refused(Event):
    """不予受理 or routed into another procedure, with its ground; the petitioner is told."""

    type: ClassVar[str] = "refused"
    ground: RefusalGround = attrs.field(kw_only=True)
    note: str | None = attrs.field(default=None, kw_only=True)


@attrs.frozen
class Objected(Event):
    """异议: the receiving unit objects that the matter is not its own (Art. 23 ¶3)."""

    type: ClassVar[str] = "objected"
    reason: str = attrs.field(kw_only=True, validator=_text("an objection's reason"))


@attrs.frozen
class HearingStarted(Event):
    """听证 began (Art. 31(六), 36 ¶2)."""

    type: ClassVar[str] = "hearing_started"


@attrs.frozen
class HearingEnded(Event):
    """听证 ended (the last day of the hearing)."""

    type: ClassVar[str] = "hearing_ended"


@attrs.frozen
class ClockStopped(Event):
    """中止: the clock stops from ``date`` for ``reason``."""

    type: ClassVar[str] = "clock_stopped"
    reason: str = attrs.field(kw_only=True, validator=_text("a clock stop's reason"))


@attrs.frozen
class ClockResumed(Event):
    """The clock runs again from ``date`` (the last stopped day is the day before)."""

    type: ClassVar[str] = "clock_resumed"


@attrs.frozen
class Extended(Event):
    """延长: the handling period extended (Art. 34), approved on ``date``."""

    type: ClassVar[str] = "extended"
    days: int = attrs.field(kw_only=True)
    approver: str = attrs.field(kw_only=True, validator=_text("an extension's approver"))
    reason: str = attrs.field(kw_only=True, validator=_text("an extension's reason"))

    @days.validator
    def _check_days(self, attribute: attrs.Attribute[int], value: int) -> None:
        if type(value) is not int or value < 1:
            raise CaseError(
                f"an extension's days must be a positive integer, got {echo(value)}",
                zh=f"延期天数应为正整数，实为 {echo(value)}",
            )


@attrs.frozen
class _Decision(Event):
    """A written answer: its outcome, and the day the petitioner received it."""

    outcome: Outcome = attrs.field(kw_only=True)
    received_on: _dt.date | None = attrs.field(default=None, kw_only=True, converter=_optional_date)

    def __attrs_post_init__(self) -> None:
        if self.received_on is not None and self.received_on < self.date:
            raise CaseError(
                f"{self.type}: received_on {self.received_on} is before the answer was made "
                f"on {self.date}; a petitioner receives a written answer on or after that day",
                zh=f"{self.type}：收到日期 {self.received_on} 早于作出答复之日 {self.date}；信"
                "访人收到书面答复不会早于作出之日",
            )


@attrs.frozen
class Replied(_Decision):
    """答复: the written reply (信访处理意见书) issued; ``received_on``: the petitioner got it."""

    type: ClassVar[str] = "replied"


@attrs.frozen
class Evaluated(Event):
    """评价: the petitioner rated the handling unit's answer, or the petition bureau.

    ``of`` is ``"handling_unit"`` (有权处理机关, on its written answer: after the reply) or
    ``"petition_bureau"`` (信访部门, on its registration and routing: once routed).
    """

    type: ClassVar[str] = "evaluated"
    rating: Rating = attrs.field(kw_only=True)
    of: Literal["handling_unit", "petition_bureau"] = attrs.field(
        default="handling_unit", kw_only=True
    )

    @of.validator
    def _check_of(self, attribute: attrs.Attribute[str], value: str) -> None:
        if value not in ("handling_unit", "petition_bureau"):
            raise CaseError(
                f"an evaluation is of 'handling_unit' or 'petition_bureau', got {echo(value)}",
                zh="评价对象应为 'handling_unit'（有权处理机关）或 'petition_bureau'（信访部"
                f"门），实为 {echo(value)}",
            )


@attrs.frozen
class ReviewRequested(Event):
    """复查 requested; ``date`` is the day the reviewing body received the request."""

    type: ClassVar[str] = "review_requested"


@attrs.frozen
class ReviewDecided(_Decision):
    """复查意见 issued; ``received_on``: the petitioner got it."""

    type: ClassVar[str] = "review_decided"


@attrs.frozen
class RereviewRequested(Event):
    """复核 requested; ``date`` is the day the re-reviewing body received the request."""

    type: ClassVar[str] = "rereview_requested"


@attrs.frozen
class RereviewDecided(_Decision):
    """复核意见 issued: final (Art. 36 ¶3)."""

    type: ClassVar[str] = "rereview_decided"


@attrs.frozen
class Closed(Event):
    """办结: the unit closed the matter."""

    type: ClassVar[str] = "closed"


@attrs.frozen
class Resolved(Event):
    """化解 / 息诉息访: the matter is settled in practice."""

    type: ClassVar[str] = "resolved"


@attrs.frozen
class FollowUpVisit(Event):
    """回访: a follow-up visit."""

    type: ClassVar[str] = "follow_up"
    note: str | None = attrs.field(default=None, kw_only=True)


@attrs.frozen
class Relapsed(Event):
    """反弹: a resolved matter came back."""

    type: ClassVar[str] = "relapsed"
    note: str | None = attrs.field(default=None, kw_only=True)


EVENT_TYPES: tuple[type[Event], ...] = (
    Registered,
    Forwarded,
    AssignedTo,
    Accepted,
    Refused,
    Objected,
    HearingStarted,
    HearingEnded,
    ClockStopped,
    ClockResumed,
    Extended,
    Replied,
    Evaluated,
    ReviewRequested,
    ReviewDecided,
    RereviewRequested,
    RereviewDecided,
    Closed,
    Resolved,
    FollowUpVisit,
    Relapsed,
)
_EVENT_CLASS_SET = frozenset(EVENT_TYPES)
#: Every event type as one union, for (un)structuring tagged by ``type``.
AnyEvent: Any = Union[EVENT_TYPES]  # noqa: UP007 - cattrs needs a runtime Union
