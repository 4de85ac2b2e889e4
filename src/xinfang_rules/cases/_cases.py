"""Petitions (信访事项), their petitioners and their events, with the deadlines of each case.

A :class:`Petition` is immutable: :meth:`Petition.apply` returns a new petition with one
more event, after checking that the event is allowed in the petition's current state
(:class:`InvalidTransition` otherwise) and that dates do not go backwards. The regime is
chosen by the receipt date (:func:`~xinfang_rules.law.rules.regime_for`) unless given.

:meth:`Petition.deadlines` derives every statutory deadline from the events with the
deadline engine; :meth:`Petition.status` summarises them on a given day.

Personal data is masked in ``repr`` and ``str`` (``张*``, ``3301**********1234``); the full
values are on the attributes and in :meth:`Petitioner.unmasked`.
"""

from __future__ import annotations

import datetime as _dt
import enum
import re
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar, Literal, Union

import attrs

from xinfang_rules.calendar import WorkdayCalendar, regional_presets
from xinfang_rules.calendar.notices import FIRST_DAY, LAST_DAY
from xinfang_rules.calendar.workdays import _PRESET_ALIASES
from xinfang_rules.dates import BEIJING, as_date
from xinfang_rules.errors import (
    DateOutOfRangeError,
    XinfangError,
    XinfangTypeError,
    XinfangValueError,
)
from xinfang_rules.law.deadlines import (
    Deadline,
    Extension,
    Pause,
    _default_calendar,
    compute_deadline,
)
from xinfang_rules.law.rules import Clock, Period, Regime, regime_for
from xinfang_rules.privacy import echo, mask_name

__all__ = [
    "Accepted",
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
    "mask_name",
]


class CaseError(XinfangValueError):
    """A petition, petitioner or event has invalid content."""


class CaseFieldError(CaseError):
    """A petition's field has invalid content; names the field.

    Attributes:
        path: The field (``received``, ``region``, ``events[2].date`` …).
        message: What is wrong, without the path.

    """

    def __init__(self, message: str, path: str, *, zh: str | None = None) -> None:
        super().__init__(f"{path}: {message}", zh=None if zh is None else f"{path}：{zh}")
        self.message = message
        self.message_zh = zh
        self.path = path


class OutOfCalendar(CaseFieldError):
    """A date of a petition, or one its deadlines lead to, is outside the calendar's years."""


_FIRST_DAY, _LAST_DAY = FIRST_DAY, LAST_DAY
_RANGE_TEXT = (
    f"the calendar covers {FIRST_DAY}..{LAST_DAY} (日历范围为 {FIRST_DAY.year}—{LAST_DAY.year} 年)"
)
_RANGE_TEXT_ZH = f"日历范围为 {FIRST_DAY} 至 {LAST_DAY}，请核对年份"


def _replayed_in_range(p: Petition, defer: bool) -> _Replay:
    """:func:`_replay`, a date outside the calendar named by its field, not by the calendar."""
    try:
        return _replay(p, defer)
    except DateOutOfRangeError:
        pass
    for i, e in enumerate(p.events):
        for a in attrs.fields(type(e)):
            value = getattr(e, a.name)
            if isinstance(value, _dt.date) and not _FIRST_DAY <= value <= _LAST_DAY:
                raise OutOfCalendar(
                    f"{value} is outside the calendar; {_RANGE_TEXT}",
                    f"events[{i}].{a.name}",
                    zh=f"{value} 超出日历范围；{_RANGE_TEXT_ZH}",
                ) from None
    raise _beyond_calendar() from None


def _beyond_calendar() -> OutOfCalendar:
    return OutOfCalendar(
        f"a deadline worked out from this petition's dates falls outside the calendar; "
        f"{_RANGE_TEXT}",
        "received",
        zh=f"由本件日期推算的期限超出日历范围；{_RANGE_TEXT_ZH}",
    )


class InvalidTransition(CaseError):
    """An event is not allowed in the petition's current state.

    Attributes:
        state: The petition's state.
        event: The event's type name (e.g. ``"review_requested"``).
        allowed: The event types allowed in that state.

    """

    def __init__(
        self,
        message: str,
        *,
        state: str,
        event: str,
        allowed: tuple[str, ...],
        zh: str | None = None,
    ) -> None:
        super().__init__(message, zh=zh)
        self.state = state
        self.event = event
        self.allowed = allowed


class LateRequest(InvalidTransition):
    """A 复查 or 复核 request after its 30-day window (Art. 35, 36): not admissible."""


# --------------------------------------------------------------------------- vocabularies


class Channel(enum.Enum):
    """How the petition arrived (Art. 17)."""

    ONLINE = "网上信访"
    LETTER = "来信"
    VISIT = "来访"
    PHONE = "来电"
    FAX = "传真"
    MAILBOX = "领导信箱"
    OTHER = "其他"


class Category(enum.Enum):
    """The three categories (Art. 29-31)."""

    SUGGESTION = "建议意见类"
    ACCUSATION = "检举控告类"
    COMPLAINT = "申诉求决类"


class Outcome(enum.Enum):
    """The handling opinion (信访处理意见书, Art. 32)."""

    SUPPORT = "予以支持"
    EXPLAIN = "解释说明"
    REJECT = "不予支持"


class Rating(enum.Enum):
    """The petitioner's evaluation of the handling."""

    SATISFIED = "满意"
    BASICALLY_SATISFIED = "基本满意"
    DISSATISFIED = "不满意"


class RefusalGround(enum.Enum):
    """Why a petition was not accepted (不予受理) or routed elsewhere."""

    ACCEPTED_BELOW = "已由下级受理或正在办理（第十九条第三款）"
    LITIGATION = "导入诉讼、复议或法律监督程序（第三十一条第一项）"
    ARBITRATION = "导入仲裁程序（第三十一条第二项）"
    PARTY_PROCEDURE = "导入党员申诉、申请复审等程序（第三十一条第三项）"
    ADMINISTRATIVE = "导入行政程序（第三十一条第四项）"
    LAW_ENFORCEMENT = "依法履行或者答复（第三十一条第五项）"
    FINAL = "复核后以同一事实和理由再次提出，不再受理（第三十六条第三款）"
    NOT_COMPETENT = "不属于本机关、单位职权范围，告知向有权机关提出（第二十三条第一款）"
    OTHER = "其他"


# --------------------------------------------------------------------------- personal data

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_PATTERN = re.compile(r"^\d{17}[\dX]$")


def _check_id_number(value: str | None) -> str | None:
    """Validate a 居民身份证号 (GB 11643-1999): 18 characters, birth date, check digit."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise XinfangTypeError(
            f"id_number must be a string, got {type(value).__name__}",
            zh=f"身份证号应为文字，实为 {type(value).__name__}",
        )
    text = value.strip().upper()
    if not _ID_PATTERN.match(text):
        raise CaseError(
            "id_number must be 18 characters: 17 digits and a check digit (0-9 or X); "
            f"got {len(text)} characters",
            zh=f"身份证号应为 18 位：17 位数字加校验位（0-9 或 X），实为 {len(text)} 位",
        )
    try:
        born = _dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        raise CaseError(
            "id_number holds an impossible birth date (characters 7-14)",
            zh="身份证号中的出生日期（第 7 至 14 位）不存在",
        ) from None
    today = _dt.datetime.now(BEIJING).date()
    if born.year < 1900 or born > today:
        raise CaseError(
            f"id_number holds an implausible birth year {born.year}",
            zh=f"身份证号中的出生年份 {born.year} 不合常理",
        )
    total = sum(int(c) * w for c, w in zip(text[:17], _ID_WEIGHTS, strict=True))
    if _ID_CHECK[total % 11] != text[17]:
        raise CaseError(
            "id_number's check digit is wrong (GB 11643-1999): the number was mistyped",
            zh="身份证号的校验位不对（GB 11643-1999）：号码有误",
        )
    return text


def _mask_middle(value: str | None, keep_head: int, keep_tail: int) -> str | None:
    if value is None:
        return None
    if len(value) <= keep_head + keep_tail:
        return "*" * len(value)
    return value[:keep_head] + "*" * (len(value) - keep_head - keep_tail) + value[-keep_tail:]


def _text(name: str) -> Any:
    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, str) or not value.strip():
            raise CaseError(
                f"{name} must be a non-empty string, got {echo(value)}",
                zh=f"{name} 应为非空文字，实为 {echo(value)}",
            )

    return check


_CHECK_NAME = _text("a petitioner's name")


def _optional_text(name: str) -> Any:
    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None and not isinstance(value, str):
            raise XinfangTypeError(
                f"{name} must be text or None, got {type(value).__name__}; write it as a "
                "string, so that a phone number keeps its leading 0 or +",
                zh=f"{name} 应为文字或 None，实为 {type(value).__name__}；请写成文字，以免电话"
                "号码丢失开头的 0 或 +",
            )

    return check


_CHECK_PHONE = _optional_text("phone")
_CHECK_ADDRESS = _optional_text("address")


def _check_kind(value: object) -> None:
    if value not in ("person", "organisation"):
        raise CaseError(
            f"kind must be 'person' or 'organisation', got {echo(value)}",
            zh=f"kind 应为 'person'（个人）或 'organisation'（组织），实为 {echo(value)}",
        )


@attrs.frozen(repr=False)
class Petitioner:
    """A petitioner (信访人, Art. 17): a person or an organisation.

    ``repr`` and ``str`` mask personal data; :meth:`unmasked` returns everything.

    >>> p = Petitioner("张三", id_number="11010519491231002X", phone="13812341234")
    >>> p.masked()["name"], p.masked()["id_number"], p.masked()["phone"]
    ('张*', '1101**********002X', '138****1234')
    """

    name: str = attrs.field(validator=_CHECK_NAME)
    kind: Literal["person", "organisation"] = attrs.field(default="person")
    id_number: str | None = attrs.field(default=None, converter=_check_id_number)
    phone: str | None = attrs.field(default=None, validator=_CHECK_PHONE)
    address: str | None = attrs.field(default=None, validator=_CHECK_ADDRESS)

    @kind.validator
    def _check_kind(self, attribute: attrs.Attribute[str], value: str) -> None:
        _check_kind(value)

    def masked(self) -> dict[str, str | None]:
        """The fields with personal data masked, for logs and screens."""
        return {
            "kind": self.kind,
            "name": self.name if self.kind == "organisation" else mask_name(self.name),
            "id_number": _mask_middle(self.id_number, 4, 4),
            "phone": _mask_middle(self.phone, 3, 4),
            "address": None if self.address is None else self.address[:3] + "***",
        }

    def unmasked(self) -> dict[str, str | None]:
        """Every field in full (handle with care: personal data)."""
        return attrs.asdict(self)

    def __repr__(self) -> str:
        m = self.masked()
        inner = ", ".join(f"{k}={v!r}" for k, v in m.items())
        return f"Petitioner({inner})"

    def __str__(self) -> str:
        return str(self.masked()["name"])


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
    """交办: assigned to a unit, with the deadline the assigning body set (Art. 22(三))."""

    type: ClassVar[str] = "assigned"
    to_unit: str = attrs.field(kw_only=True, validator=_text("to_unit"))
    due: _dt.date = attrs.field(kw_only=True, converter=_event_date)


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

# --------------------------------------------------------------------------- lifecycle

#: state -> {event type -> next state}. Side events (hearing, clock, evaluation, follow-up)
#: keep the state and are checked separately.
_MAIN: dict[str, dict[str, str]] = {
    "received": {
        "registered": "registered",
        "forwarded": "routed",
        "assigned": "routed",
        "accepted": "accepted",
        "refused": "refused",
    },
    "registered": {
        "forwarded": "routed",
        "assigned": "routed",
        "accepted": "accepted",
        "refused": "refused",
    },
    "routed": {"accepted": "accepted", "refused": "refused", "objected": "returned"},
    "accepted": {"replied": "replied"},
    "replied": {"review_requested": "review"},
    "review": {"review_decided": "reviewed"},
    "reviewed": {"rereview_requested": "rereview"},
    "rereview": {"rereview_decided": "final"},
    "final": {},
    "refused": {},
    "returned": {},
}
_SIDE: dict[str, frozenset[str]] = {
    "hearing_started": frozenset({"accepted", "rereview"}),
    "hearing_ended": frozenset({"accepted", "rereview"}),
    "clock_stopped": frozenset({"accepted", "review", "rereview"}),
    "clock_resumed": frozenset({"accepted", "review", "rereview"}),
    "extended": frozenset({"accepted"}),
    # the handling unit is rated on its written answer; the bureau once it has routed
    "evaluated": frozenset(
        {"replied", "reviewed", "final", "routed", "accepted", "refused", "returned"}
    ),
    "closed": frozenset({"replied", "reviewed", "final", "refused", "returned"}),
    "resolved": frozenset({"replied", "review", "reviewed", "rereview", "final", "refused"}),
    "follow_up": frozenset({"replied", "review", "reviewed", "rereview", "final", "refused"}),
    "relapsed": frozenset({"replied", "review", "reviewed", "rereview", "final", "refused"}),
}


#: Side events that change nothing but what is recorded (closed only sets the flag).
_RECORD_ONLY = frozenset({"closed", "evaluated", "resolved", "follow_up", "relapsed"})


def _allowed(state: str) -> tuple[str, ...]:
    return tuple(sorted(set(_MAIN[state]) | {e for e, s in _SIDE.items() if state in s}))


def _to_events(value: Iterable[Event]) -> tuple[Event, ...]:
    events = tuple(value)
    for e in events:
        if type(e) not in _EVENT_CLASS_SET and (not isinstance(e, Event) or type(e) is Event):
            raise XinfangTypeError(
                f"events must be Event records, got {type(e).__name__}",
                zh=f"events 应为 Event 记录，实为 {type(e).__name__}",
            )
    return events


def _to_people(value: Iterable[Petitioner]) -> tuple[Petitioner, ...]:
    people = tuple(value)
    for p in people:
        if not isinstance(p, Petitioner):
            raise XinfangTypeError(
                f"petitioners must be Petitioner records, got {type(p).__name__}",
                zh=f"petitioners 应为 Petitioner 记录，实为 {type(p).__name__}",
            )
    return people


#: More people than any group visit has had: a larger headcount is a typing error.
_MAX_HEADCOUNT = 100_000


def _region_name(value: object) -> str | None:
    if value is None:
        return value
    name = _PRESET_ALIASES.get(value, value) if isinstance(value, str) else value
    if name not in regional_presets():
        raise CaseFieldError(
            f"must be a shipped regional preset ({', '.join(regional_presets())}) or None, "
            f"got {echo(value)}; for another local calendar pass calendar= to deadlines() "
            "and status()",
            "region",
            zh=f"应为本库的地区预设（{'、'.join(regional_presets())}）或 None，实为 "
            f"{echo(value)}；其"
            "他地区的日历请在 deadlines()、status() 中传入 calendar=",
        )
    return str(name)


_REGION_CALENDARS: dict[str, WorkdayCalendar] = {}


def _calendar_of(p: Petition) -> WorkdayCalendar:
    """The petition's own calendar: national, or with its region's local holidays."""
    if p.region is None:
        return _default_calendar()
    cal = _REGION_CALENDARS.get(p.region)
    if cal is None:
        cal = _REGION_CALENDARS[p.region] = WorkdayCalendar.china(region=p.region)
    return cal


def _received_date(value: object) -> _dt.date:
    if type(value) is _DATE:
        return value
    return as_date(value, "received")


#: A deadline to compute: (period id, clock start, day done or None, duty, engine options).
#: ``None`` for no engine options: a spec of plain values only (dates, strings) is not
#: tracked by the cyclic garbage collector once it has seen it, which keeps a report's
#: first pass over a million petitions, when their specs are worked out, from paying for
#: repeated full collections (measured: 22 µs a petition with a shared empty mapping
#: there, 10 without the collector).
_Spec = tuple[
    str, _dt.date, _dt.date | None, Literal["unit", "petitioner"], Mapping[str, Any] | None
]


@attrs.define
class _Replay:
    """What replaying a petition's events found (private; set once, then only read)."""

    regime: Regime
    state: str
    closed: bool
    extended: Extended | None
    stops: tuple[tuple[str, Pause], ...]  # (state the clock stopped in, days stopped)
    hearings: tuple[Pause, ...]
    open_stop: ClockStopped | None
    open_stop_state: str
    first: dict[str, Any]
    #: The last rating of each rated party (``Evaluated.of``).
    ratings: dict[str, Rating]
    #: A relapse (反弹) came after the last resolution (化解).
    relapsed: bool
    #: The deadline specs (see :func:`_specs_of`): ``None`` until worked out, and while a
    #: clock stop runs (they depend on the day asked).
    specs: tuple[_Spec, ...] | None = None
    #: The specs of the unit's duties not yet done; ``None`` while a clock stop runs.
    open_duties: tuple[_Spec, ...] | None = None
    #: The due dates, on the petition's own calendar, of its deadlines with its own pauses,
    #: extension or assigned date, worked out when it was built (a report reads them).
    own_dues: dict[str, _dt.date] | None = None


_CHECK_ID = _text("a petition's id")
_CHECK_RECEIVING_UNIT = _text("receiving_unit")


@attrs.frozen
class Petition:
    """A petition (信访事项) and its history.

    Build one with its receipt facts and no events, then add events with :meth:`apply`
    (each call returns a new petition). A petition built with events replays them through
    the same checks.

    Attributes:
        id: The unit's own identifier.
        received: The day it was received (a Beijing date).
        channel: How it arrived.
        category: 建议意见类, 检举控告类 or 申诉求决类.
        receiving_unit: Who received it.
        handling_unit: Who has authority to handle it (may be filled later by routing).
        petitioners: The petitioners (for a group visit, the representatives).
        headcount: People in a group visit (集体访); 1 otherwise.
        first_time: 初信初访.
        repeat_of: The id of the petition this one repeats (重复信访).
        backlog: 信访积案.
        leader: The leader owning the case (包案).
        summary: The request in brief.
        regime: The rules that govern it (default: by ``received``).
        events: What happened, in date order.
        region: A shipped regional preset (e.g. ``"广西"``) whose local holidays count for
            this petition: in the checks of :meth:`apply` (复查/复核 windows, the
            extension's approval) and as the default calendar of :meth:`deadlines` and
            :meth:`status`. ``None``: the national calendar.
        identity_unclear: 信访人的姓名（名称）、住址不清: the duty to tell the petitioner in
            writing lapses where the regime's text says so (2022 Art. 23 ¶2: "但信访人的
            姓名（名称）、住址不清的除外"). It is an exception to that duty, not a ground
            to refuse the petition.

    """

    id: str = attrs.field(validator=_CHECK_ID)
    received: _dt.date = attrs.field(converter=_received_date)
    channel: Channel
    category: Category
    receiving_unit: str = attrs.field(validator=_CHECK_RECEIVING_UNIT)
    handling_unit: str | None = None
    petitioners: tuple[Petitioner, ...] = attrs.field(default=(), converter=_to_people)
    headcount: int = 1
    first_time: bool = True
    repeat_of: str | None = None
    backlog: bool = False
    leader: str | None = None
    summary: str = ""
    regime: Regime | None = None
    events: tuple[Event, ...] = attrs.field(default=(), converter=_to_events)
    region: str | None = attrs.field(default=None, converter=_region_name)
    identity_unclear: bool = False
    _replayed: _Replay = attrs.field(init=False, eq=False, repr=False)
    _memo: dict[Any, Any] = attrs.field(init=False, eq=False, repr=False, factory=dict)

    def __attrs_post_init__(self) -> None:
        _check_facts(self)
        object.__setattr__(self, "_replayed", _replayed_in_range(self, False))

    @property
    def rules(self) -> Regime:
        """The regime governing the petition (given, or by the receipt date)."""
        return self._replayed.regime

    @property
    def state(self) -> str:
        """Where the petition is in its lifecycle.

        One of: received, registered, routed, accepted, replied, review, reviewed,
        rereview, final, refused, returned.
        """
        return self._replayed.state

    def apply(self, event: Event) -> Petition:
        """A new petition with ``event`` added; ``self`` is unchanged.

        Raises:
            InvalidTransition: The event is not allowed in the current state (the error names
                the state and the events allowed there).
            LateRequest: A 复查 or 复核 request after its 30-day window.
            CaseError: The event's date is before the last event, or its facts are invalid.

        """
        return attrs.evolve(self, events=(*self.events, event))

    with_event = apply

    def deadlines(
        self,
        calendar: WorkdayCalendar | None = None,
        *,
        on: _dt.date | None = None,
        warn_within: int = 3,
    ) -> tuple[CaseDeadline, ...]:
        """Every statutory deadline the events give rise to, met, missed or open.

        Args:
            calendar: The working-day calendar (default: the petition's: national, or with its
                :attr:`region`).
            on: The day to judge open deadlines on (``None``: they are just ``"open"``).
            warn_within: Working days before a due date from which it is ``"due_soon"``.

        """
        day = None if on is None else as_date(on, "on")
        try:
            return _deadlines(self, calendar, day, _warn_days(warn_within))
        except DateOutOfRangeError:
            if day is not None and not _FIRST_DAY <= day <= _LAST_DAY:
                raise  # the day asked about is the one outside: the calendar says so
            raise _beyond_calendar() from None

    def status(
        self,
        on: _dt.date,
        *,
        calendar: WorkdayCalendar | None = None,
        warn_within: int = 3,
    ) -> PetitionStatus:
        """The petition on ``on``: final, closed, overdue, due soon, or on time."""
        day = on if type(on) is _DATE else as_date(on, "on")
        if type(warn_within) is not int or warn_within < 0:
            _warn_days(warn_within)  # says what is wrong
        cal = calendar if calendar is not None else _calendar_of(self)
        replay = self._replayed
        overdue: tuple[CaseDeadline, ...] = ()
        soon: tuple[CaseDeadline, ...] = ()
        open_duties = replay.open_duties
        if open_duties is None:  # a clock stop still running: depends on the day
            open_duties = _open_duties(_specs(self, replay, day))
        try:
            for spec in open_duties:  # only the unit's open duties decide the state
                item = _judge(spec, _deadline_of(self, cal, spec), day, warn_within)
                if item.state == "overdue":
                    overdue += (item,)
                elif item.state == "due_soon":
                    soon += (item,)
        except DateOutOfRangeError:
            if not _FIRST_DAY <= day <= _LAST_DAY:
                raise  # the day asked about is the one outside: the calendar says so
            raise _beyond_calendar() from None
        state: Literal["on_time", "due_soon", "overdue", "closed", "final"]
        if overdue:
            state = "overdue"
        elif soon:
            state = "due_soon"
        elif replay.state == "final":
            state = "final"
        elif replay.closed or replay.state in ("refused", "returned"):
            state = "closed"
        else:
            state = "on_time"
        s_id, s_on, s_state, s_overdue, s_due_soon, s_source, s_all = _STATUS_SETTERS
        out = object.__new__(PetitionStatus)
        s_id(out, self.id)
        s_on(out, day)
        s_state(out, state)
        s_overdue(out, overdue)
        s_due_soon(out, soon)
        s_source(out, (self, cal, warn_within))
        s_all(out, [])
        return out

    def __repr__(self) -> str:
        people = ", ".join(repr(p) for p in self.petitioners)
        return (
            f"Petition(id={self.id!r}, received={self.received}, channel={self.channel.value}, "
            f"category={self.category.value}, petitioners=[{people}], "
            f"events={len(self.events)})"
        )


def _check_facts(p: Petition) -> None:
    """The constructor's checks of a petition's facts (before its events are replayed)."""
    if not _FIRST_DAY <= p.received <= _LAST_DAY:
        raise OutOfCalendar(f"{p.received} is outside the calendar; {_RANGE_TEXT}", "received",
                            zh=f"登记日期 {p.received} 超出日历范围；{_RANGE_TEXT_ZH}")  # fmt: skip
    if not isinstance(p.channel, Channel):
        raise XinfangTypeError(
            f"channel must be a Channel, got {echo(p.channel)}",
            zh=f"channel 应为 Channel（信访形式），实为 {echo(p.channel)}",
        )
    if not isinstance(p.category, Category):
        raise XinfangTypeError(
            f"category must be a Category, got {echo(p.category)}",
            zh=f"category 应为 Category（问题类别），实为 {echo(p.category)}",
        )
    if type(p.headcount) is not int or not 1 <= p.headcount <= _MAX_HEADCOUNT:
        raise CaseError(
            f"headcount must be a whole number from 1 to {_MAX_HEADCOUNT:,}, "
            f"got {echo(p.headcount)}",
            zh=f"人数（headcount）应为 1 至 {_MAX_HEADCOUNT:,} 的整数，实为 {echo(p.headcount)}",
        )
    if type(p.identity_unclear) is not bool:
        raise XinfangTypeError(
            f"identity_unclear must be True or False, got {echo(p.identity_unclear)}",
            zh=f"identity_unclear 应为 True 或 False，实为 {echo(p.identity_unclear)}",
        )
    if p.channel is Channel.VISIT:
        if p.headcount < len(p.petitioners):
            raise CaseError(
                f"a visit's headcount ({p.headcount}) cannot be smaller than the "
                f"{len(p.petitioners)} petitioners listed; give the number of people "
                "who came",
                zh=f"来访人数（{p.headcount}）不能少于所列的 {len(p.petitioners)} 名信访人；请"
                "写实际来访人数",
            )
        if p.headcount > 1 and len(p.petitioners) > 5:
            raise CaseError(
                "多人采用走访形式提出共同的信访事项的，应当推选代表，代表人数不得超过5人 "
                f"(《信访工作条例》 Art. 20 ¶3): a group visit lists at most 5 "
                f"representatives, got {len(p.petitioners)} (a joint letter may carry "
                "any number of signatories)"
            )
    if p.repeat_of is not None and p.first_time:
        raise CaseError("a repeat petition (repeat_of) cannot be first_time (初信初访)")


# The readers' fast paths (JSON, JSON Lines, CSV) build petitions from values they have
# already given the exact types the model takes. These builders set the fields directly
# and run every check the constructors make on values, with the same functions; what they
# skip is only the conversions (str to date, list to tuple), which such values do not need.
# tests/test_cases.py checks that every validator and converter of the models is covered.
def _setters(cls: type, *names: str) -> tuple[Any, ...]:
    """The slot setters of ``cls``'s fields, by name.

    A field missing from ``names`` would be left unset: tests/test_cases.py reads every
    field of what the builders make.
    """
    return tuple(cls.__dict__[name].__set__ for name in names)


_PETITION_SETTERS = _setters(
    Petition, "id", "received", "channel", "category", "receiving_unit", "handling_unit",
    "petitioners", "headcount", "first_time", "repeat_of", "backlog", "leader", "summary",
    "regime", "events", "region", "identity_unclear", "_memo", "_replayed",
)  # fmt: skip
_PETITIONER_SETTERS = _setters(Petitioner, "name", "kind", "id_number", "phone", "address")
_VISIT = Channel.VISIT


def _new_petitioner(
    name: str, kind: str, id_number: str | None, phone: str | None, address: str | None
) -> Petitioner:
    """A petitioner from text values (``str`` or ``None``): the constructor's checks."""
    if type(name) is not str or not name.strip():
        _CHECK_NAME(None, None, name)  # says what is wrong (a str subclass passes)
    if kind != "person" and kind != "organisation":
        _check_kind(kind)
    s_name, s_kind, s_id_number, s_phone, s_address = _PETITIONER_SETTERS
    out = object.__new__(Petitioner)
    s_name(out, name)
    s_kind(out, kind)
    s_id_number(out, None if id_number is None else _check_id_number(id_number))
    if phone is not None and type(phone) is not str:
        _CHECK_PHONE(None, None, phone)
    if address is not None and type(address) is not str:
        _CHECK_ADDRESS(None, None, address)
    s_phone(out, phone)
    s_address(out, address)
    return out


def _new_petition(
    id: str,
    received: _dt.date,
    channel: Channel,
    category: Category,
    receiving_unit: str,
    handling_unit: str | None,
    petitioners: tuple[Petitioner, ...],
    headcount: int,
    first_time: bool,
    repeat_of: str | None,
    backlog: bool,
    leader: str | None,
    summary: str,
    regime: Regime | None,
    events: tuple[Event, ...],
    region: str | None,
    identity_unclear: bool,
    *,
    defer: bool = False,
) -> Petition:
    """A petition from values of the model's exact types: the constructor's checks, replay.

    ``received`` a plain date, ``channel`` and ``category`` members, ``petitioners`` a
    tuple of :class:`Petitioner`, ``events`` a tuple of the event types, ``headcount`` an
    ``int``, the flags ``bool``, the texts ``str`` (or ``None`` where optional). ``defer``:
    see :func:`_replay`.
    """
    if type(id) is not str or not id.strip():
        _CHECK_ID(None, None, id)  # says what is wrong (a str subclass passes)
    if type(receiving_unit) is not str or not receiving_unit.strip():
        _CHECK_RECEIVING_UNIT(None, None, receiving_unit)
    (s_id, s_received, s_channel, s_category, s_receiving_unit, s_handling_unit,
     s_petitioners, s_headcount, s_first_time, s_repeat_of, s_backlog, s_leader, s_summary,
     s_regime, s_events, s_region, s_identity_unclear, s_memo, s_replayed,
     ) = _PETITION_SETTERS  # fmt: skip
    p = object.__new__(Petition)
    s_id(p, id)
    s_received(p, received)
    s_channel(p, channel)
    s_category(p, category)
    s_receiving_unit(p, receiving_unit)
    s_handling_unit(p, handling_unit)
    s_petitioners(p, petitioners)
    s_headcount(p, headcount)
    s_first_time(p, first_time)
    s_repeat_of(p, repeat_of)
    s_backlog(p, backlog)
    s_leader(p, leader)
    s_summary(p, summary)
    s_regime(p, regime)
    s_events(p, events)
    s_region(p, None if region is None else _region_name(region))
    s_identity_unclear(p, identity_unclear)
    s_memo(p, {})
    if (
        type(headcount) is not int
        or not 1 <= headcount <= _MAX_HEADCOUNT
        or channel is _VISIT
        or (repeat_of is not None and first_time)
        or type(identity_unclear) is not bool
        or type(channel) is not Channel
        or type(category) is not Category
    ):
        _check_facts(p)  # every case it refuses is one of these (it says which)
    if not _FIRST_DAY <= received <= _LAST_DAY:
        _check_facts(p)
    s_replayed(p, _replayed_in_range(p, defer))
    return p


def _warn_days(value: object) -> int:
    if type(value) is not int or value < 0:
        raise XinfangTypeError(
            f"warn_within must be a whole number ≥ 0, got {echo(value)}",
            zh=f"warn_within 应为不小于 0 的整数，实为 {echo(value)}",
        )
    return value


def _pause_of(
    start: Event, end: Event | None, kind: Literal["hearing", "stop"], reason: str
) -> Pause:
    last = (end.date - _dt.timedelta(days=1)) if end is not None else start.date
    if kind == "hearing" and end is not None:
        last = end.date  # a hearing's end day is a hearing day
    return Pause(start.date, max(last, start.date), reason, kind)


#: The empty list of stops (and hearings) a replay starts with: never appended to.
_NO_STOPS: list[Any] = []
#: The national regime by receipt date (:func:`regime_for`), remembered for the days seen.
_REGIME_OF_DAY: dict[_dt.date, Regime] = {}


def _regime_of_day(day: _dt.date) -> Regime:
    regime = regime_for(day)
    if len(_REGIME_OF_DAY) >= 50_000:
        _REGIME_OF_DAY.clear()  # keep memory bounded
    _REGIME_OF_DAY[day] = regime
    return regime


def _replay(p: Petition, defer: bool = False) -> _Replay:
    """Check the events in order; return the resulting state.

    With ``defer`` (the streaming readers: a petition asked its status, then dropped), the
    deadline specs are worked out only when a duty of the unit may be open, and no
    deadline is; else (a petition built to be kept) they all are, now.

    One pass: each event is checked against the state it arrives in (date order, the
    transition, the windows and limits of its period); what later questions need (the
    first event of each kind, the last ratings, a relapse) is gathered on the way. The
    position of an event (``events[i]``) is worked out only for an error message.
    """
    state = "received"
    last = p.received
    closed = False
    extended: Extended | None = None
    open_stop: ClockStopped | None = None
    open_hearing: HearingStarted | None = None
    stops: list[tuple[str, Pause]] = _NO_STOPS  # a list of its own once one is recorded
    open_stop_state = ""
    hearings: list[Pause] = _NO_STOPS  # the same
    reply_received: _dt.date | None = None
    review_received: _dt.date | None = None
    routed_on: _dt.date | None = None
    accepted_on: _dt.date | None = None
    regime = p.regime
    if regime is None:
        regime = _REGIME_OF_DAY.get(last) or _regime_of_day(last)
    first: dict[str, Any] = {}
    ratings: dict[str, Rating] = {}
    relapsed = False
    moves = _MAIN[state]
    for i, e in enumerate(p.events):
        day = e.date
        kind = e.type
        if day < last:
            raise CaseError(
                f"events[{i}]: {kind} on {day} is before the previous event ({last}); "
                "events must be in date order",
                zh=f"events[{i}]：{kind} 于 {day}，早于上一个事件（{last}）；事件应按日期先后排列",
            )
        last = day
        if kind not in first:
            first[kind] = e
        after = moves.get(kind)
        if after is not None:
            if kind == "review_requested":
                _check_request(p, regime, _calendar_of(p), "review_request", reply_received, e,
                               f"events[{i}]", state)  # fmt: skip
            elif kind == "rereview_requested":
                _check_request(p, regime, _calendar_of(p), "rereview_request", review_received, e,
                               f"events[{i}]", state)  # fmt: skip
            if open_stop is not None or open_hearing is not None:
                raise InvalidTransition(
                    f"events[{i}]: {kind} while the clock is stopped or a hearing is open; "
                    "record clock_resumed / hearing_ended first",
                    state=state,
                    event=kind,
                    allowed=("clock_resumed", "hearing_ended"),
                    zh=f"events[{i}]：计时中止或听证未结束时记 {kind}；请先记 clock_resumed / hea"
                    "ring_ended",
                )
            state = after
            moves = _MAIN[state]
            if kind == "forwarded" or kind == "assigned":
                if routed_on is None:
                    routed_on = day
            elif kind == "accepted":
                accepted_on = day
            elif kind == "replied":
                reply_received = e.received_on or day  # type: ignore[attr-defined]
            elif kind == "review_decided":
                review_received = e.received_on or day  # type: ignore[attr-defined]
            continue
        if state in _SIDE.get(kind, ()):
            if kind in _RECORD_ONLY:
                if kind == "evaluated":
                    if e.of == "handling_unit" and state not in (  # type: ignore[attr-defined]
                        "replied", "reviewed", "final"
                    ):  # fmt: skip
                        raise InvalidTransition(
                            f"events[{i}]: the handling unit is evaluated on its written "
                            f"answer; the petition is {state}, with no answer yet (an "
                            "evaluation of the petition bureau takes of='petition_bureau')",
                            state=state,
                            event=kind,
                            allowed=_allowed(state),
                            zh=f"events[{i}]：对有权处理机关的评价针对其书面答复；本件处于 "
                            f"{state}，"
                            "尚无答复（对信访部门的评价请写 of='petition_bureau'）",
                        )
                    ratings[e.of] = e.rating  # type: ignore[attr-defined]
                elif kind == "closed":
                    closed = True
                elif kind == "resolved":
                    relapsed = False
                elif kind == "relapsed":
                    relapsed = True
                continue
            where = f"events[{i}]"
            if kind in _PAUSING:
                _check_pausable(regime, p.category.value, kind, where, state)
            if isinstance(e, Extended):
                if extended is not None:
                    raise InvalidTransition(
                        f"{where}: the handling period was already extended on "
                        f"{extended.date}; Art. 34 allows one extension of at most 30 days",
                        state=state,
                        event=kind,
                        allowed=_allowed(state),
                        zh=f"{where}：办理期限已于 {extended.date} 延长过；第三十四条只允许延长一"
                        "次，至多 30 日",
                    )
                assert accepted_on is not None  # extended is allowed only once accepted
                handle = regime.get("handle")
                start = (
                    accepted_on
                    if handle is None
                    else _handle_start(handle, p, routed_on, accepted_on)
                )
                _check_extension(
                    regime, p.category.value, _calendar_of(p), e, start, stops, where, state
                )
                extended = e
            elif isinstance(e, ClockStopped):
                if open_stop is not None:
                    raise InvalidTransition(
                        f"{where}: the clock is already stopped", state=state, event=kind,
                        allowed=_allowed(state),
                     zh=f"{where}：计时已经中止")  # fmt: skip
                open_stop, open_stop_state = e, state
            elif isinstance(e, ClockResumed):
                if open_stop is None:
                    raise InvalidTransition(
                        f"{where}: the clock is not stopped", state=state, event=kind,
                        allowed=_allowed(state),
                     zh=f"{where}：计时并未中止")  # fmt: skip
                if stops is _NO_STOPS:
                    stops = []
                stops.append((state, _pause_of(open_stop, e, "stop", open_stop.reason)))
                open_stop = None
            elif isinstance(e, HearingStarted):
                if open_hearing is not None:
                    raise InvalidTransition(
                        f"{where}: a hearing is already open", state=state, event=kind,
                        allowed=_allowed(state),
                     zh=f"{where}：已有未结束的听证")  # fmt: skip
                open_hearing = e
            elif isinstance(e, HearingEnded):
                if open_hearing is None:
                    raise InvalidTransition(
                        f"{where}: no hearing is open", state=state, event=kind,
                        allowed=_allowed(state),
                     zh=f"{where}：没有进行中的听证")  # fmt: skip
                if state == "rereview":
                    if hearings is _NO_STOPS:
                        hearings = []
                    hearings.append(_pause_of(open_hearing, e, "hearing", "听证"))
                open_hearing = None
            continue
        extra = extra_zh = ""
        if state == "final" and kind in ("review_requested", "rereview_requested"):
            extra = (
                "; after the 复核 the same facts and reasons are not accepted again "
                "(不再受理, Art. 36 ¶3)"
            )
            extra_zh = "；复核之后，同一事实和理由不再受理（第三十六条第三款）"
        raise InvalidTransition(
            f"events[{i}]: {kind} is not allowed when the petition is {state}; allowed: "
            f"{', '.join(_allowed(state)) or 'nothing (the petition is at its end)'}{extra}",
            state=state,
            event=kind,
            allowed=_allowed(state),
            zh=f"events[{i}]：信访事项处于 {state} 时不能记 {kind}；可记："
            f"{'、'.join(_allowed(state)) or '无（事项已终结）'}"
            f"{extra_zh}",
        )
    replay = _Replay(
        regime,
        state,
        closed,
        extended,
        tuple(stops),
        tuple(hearings),
        open_stop,
        open_stop_state,
        first,
        ratings,
        relapsed,
    )
    if open_stop is None:
        if not defer:
            # built to be kept (reports over many petitions in memory): the specs, and the
            # deadlines of the petition's own, worked out now, next to the petition
            replay.specs = _specs(p, replay, None)
            replay.open_duties = _open_duties(replay.specs)
            replay.own_dues = _work_out_own(p, replay.specs, regime)
        elif _maybe_open(first):
            replay.specs = _specs(p, replay, None)  # a status needs them
            replay.open_duties = _open_duties(replay.specs)
        else:
            replay.open_duties = ()  # none open: the specs when first asked for
    return replay


def _work_out_own(
    p: Petition, specs: tuple[_Spec, ...], regime: Regime
) -> dict[str, _dt.date] | None:
    """The deadlines of the petition's own, worked out on its calendar and kept in its memo.

    Those with its own pauses, extension or assigned date, for reports over many
    petitions held in memory. A deadline the engine refuses is left to whoever asks for
    it (the error is raised then), and so is one near a provisional year (its warning
    belongs to whoever asks). Returns their due dates by period (``None``: none).
    """
    cal = None
    dues: dict[str, _dt.date] | None = None
    for spec in specs:
        period_id, start, _, _, kw = spec
        if not kw:
            continue
        if cal is None:
            cal = _calendar_of(p)
        period = regime[period_id]
        # a bound on every day the engine looks at: the period, pauses and extension
        # counted in calendar days, doubled for working days, and a long holiday
        days = (period.length or 0) + sum(pause.days for pause in kw.get("pauses", ()))
        if kw.get("extension") is not None:
            days += kw["extension"].length
        bound = max(start + _dt.timedelta(days=2 * days + 30), kw.get("assigned_due") or start)
        if not cal._all_quiet(start, bound):
            continue
        try:
            due = compute_deadline(period, start, calendar=cal, regime=regime, **kw)
        except XinfangError:
            continue
        _memo_of(p, cal)[period_id] = due
        if dues is None:
            dues = {}
        dues[period_id] = due.due
    return dues


def _maybe_open(first: dict[str, Any]) -> bool:
    """Whether the events leave a duty of the unit open (per :func:`_specs`; or may).

    No notice of acceptance or refusal yet (Art. 22, 23); a 交办 neither answered nor
    closed; accepted and not answered (Art. 34); a 复查 or 复核 requested and not decided.
    Every other duty of :func:`_specs` is done by the very event that starts it. ``False``
    only when none can be open; tests/test_cases.py checks it against the specs.
    """
    return (
        ("accepted" not in first and "refused" not in first)
        or ("assigned" in first and "replied" not in first and "closed" not in first)
        or ("accepted" in first and "replied" not in first)
        or ("review_requested" in first and "review_decided" not in first)
        or ("rereview_requested" in first and "rereview_decided" not in first)
    )


def _open_duties(specs: tuple[_Spec, ...]) -> tuple[_Spec, ...]:
    """The specs of the unit's duties not yet done (the ones that decide a status)."""
    return tuple([spec for spec in specs if spec[2] is None and spec[3] == "unit"])


def _memo_of(p: Petition, cal: WorkdayCalendar) -> dict[str, Deadline]:
    """The petition's own deadlines on ``cal`` (by period id), kept on the petition.

    A deadline with the petition's own pauses, extension or assigned date cannot be shared
    between petitions; it is worked out when first asked for (by :meth:`Petition.status`,
    :meth:`Petition.deadlines` or a report) and kept here, not when the petition is built:
    loading a file of closed petitions computes none of them.

    A calendar equal to the petition's own (e.g. another ``WorkdayCalendar.china()``)
    shares its entry: equal calendars count days alike.
    """
    memo = p._memo
    cached: tuple[WorkdayCalendar, dict[str, Deadline]] | None = memo.get(id(cal))
    if cached is not None and cached[0] is cal:
        return cached[1]
    own = _calendar_of(p)
    if cal is not own and cal == own:
        mine: tuple[WorkdayCalendar, dict[str, Deadline]] | None = memo.get(id(own))
        if mine is not None and mine[0] is own:
            if len(memo) < 4:
                memo[id(cal)] = (cal, mine[1])
            return mine[1]
    if len(memo) >= 4:
        memo.clear()  # a petition asked with a new calendar each time keeps few
    found: dict[str, Deadline] = {}
    memo[id(cal)] = (cal, found)
    return found


def _clip(pauses: Iterable[Pause], clock_start: _dt.date) -> tuple[Pause, ...]:
    """Pauses as the clock sees them.

    The start day is not counted, so a stop recorded on it pauses from the next day (and a
    stop of that day alone pauses nothing).
    """
    first_day = clock_start + _dt.timedelta(days=1)
    out = []
    for pause in pauses:
        if pause.end < first_day:
            continue
        out.append(attrs.evolve(pause, start=first_day) if pause.start < first_day else pause)
    return tuple(out)


def _stops_in(
    replay: _Replay, state: str, clock_start: _dt.date, on: _dt.date | None
) -> tuple[Pause, ...]:
    """The clock stops recorded while the petition was in ``state`` (its own period's)."""
    pauses = [pause for where, pause in replay.stops if where == state]
    stop = replay.open_stop
    if stop is not None and replay.open_stop_state == state:
        # still stopped: the clock stands still up to the day asked about
        pauses.append(Pause(stop.date, max(on or stop.date, stop.date), stop.reason))
    return _clip(pauses, clock_start)


def _handle_start(
    handle: Period, p: Petition, routed_on: _dt.date | None, accepted_on: _dt.date
) -> _dt.date:
    """The day the handling period's clock starts, by its regime's clock event.

    受理之日 in most texts; 河南 Art. 26 ¶2 (二) counts from 接收之日 (the unit's own
    receipt, direct or by transfer).
    """
    clock = handle.clock
    if clock is Clock.ACCEPTED:
        return accepted_on
    if clock is Clock.UNIT_RECEIVED or clock is Clock.FORWARD_RECEIVED:
        return routed_on or p.received
    if clock is Clock.RECEIVED:
        return p.received
    return accepted_on


#: The stage of the lifecycle -> the period its clock stops and hearings pause.
_STAGE_PERIOD = {"accepted": "handle", "review": "review_decision", "rereview": "rereview_decision"}
#: Side events that stop or pause a period's clock.
_PAUSING = frozenset({"clock_stopped", "hearing_started"})


def _check_pausable(regime: Regime, category: str, kind: str, where: str, state: str) -> None:
    """A clock stop or hearing only on a period of this matter that allows it."""
    pid = _STAGE_PERIOD[state]
    period = regime.get(pid)
    if period is None or not period.applies_to(category):
        raise InvalidTransition(
            f"{where}: {kind} while {state}, but {regime.id} sets no {pid} period for a "
            f"{category} matter ({_scope_words(period)}): there is no clock to stop",
            state=state,
            event=kind,
            allowed=_allowed(state),
            zh=f"{where}：{state} 时记 {kind}，但 {regime.id} 对{category}事项没有 {pid} 期限：没"
            "有可停的计时",
        )
    if kind == "clock_stopped" and not period.stoppable:
        raise InvalidTransition(
            f"{where}: the {pid} period ({period.source}) cannot be stopped (中止): no text "
            "provides a clock stop for it",
            state=state,
            event=kind,
            allowed=_allowed(state),
        )


def _scope_words(period: Period | None) -> str:
    if period is None:
        return "the regime has no such period"
    scope = "、".join(period.categories or ()) or period.scope or "all matters"
    return f"{period.source} applies to {scope}"


def _check_extension(
    regime: Regime,
    category: str,
    cal: WorkdayCalendar,
    e: Extended,
    start: _dt.date,
    stops: list[tuple[str, Pause]],
    where: str,
    state: str,
) -> None:
    """Allowed for this matter, within the cap, approved before the period ran out."""
    handle = regime.get("handle")
    if handle is None or handle.extension is None or not handle.applies_to(category):
        why = (
            f"{regime.id} allows no extension of the handling period"
            if handle is None or handle.extension is None
            else f"the handling period and its extension ({_scope_words(handle)}) do not "
            f"apply to a {category} matter"
        )
        why_zh = (
            f"{regime.id} 不允许延长办理期限"
            if handle is None or handle.extension is None
            else f"办理期限及其延长不适用于{category}事项"
        )
        raise InvalidTransition(
            f"{where}: {why}",
            state=state,
            event=e.type,
            allowed=_allowed(state),
            zh=f"{where}：{why_zh}",
        )
    rule = handle.extension
    most = rule.max_extension(handle.length or 0)
    if e.days > most:
        total = f" ({rule.max_length} in all)" if rule.caps == "total" else ""
        raise CaseError(
            f"{where}: an extension of {e.days} days exceeds the cap of {most} days{total} "
            f"({rule.source})",
            zh=f"{where}：延长 {e.days} 天，超过上限 {most} 天（{rule.source}）",
        )
    pauses = _clip((pause for _, pause in stops), start)
    original = (
        compute_deadline(handle, start, calendar=cal, regime=regime, pauses=pauses)
        if pauses
        else _plain(cal, regime, "handle", start)
    )
    if e.date > original.due:
        raise CaseError(
            f"{where}: the extension approved on {e.date} comes after the handling period "
            f"ended on {original.due}; it must be approved before the period runs out",
            zh=f"{where}：延长于 {e.date} 批准，晚于办理期限届满日 {original.due}；应在期限届"
            "满前批准",
        )


def _check_request(
    p: Petition,
    regime: Regime,
    cal: WorkdayCalendar,
    period_id: str,
    answer_received: _dt.date | None,
    e: Event,
    where: str,
    state: str,
) -> None:
    """A 复查/复核 request the regime provides for this matter, after the answer, in time."""
    what = "复查" if period_id == "review_request" else "复核"
    period = regime.get(period_id)
    if period is None or not period.applies_to(p.category.value):
        why = (
            f"{regime.id} provides no {what} request ({period_id})"
            if period is None
            else f"a {p.category.value} matter has no {what} under {regime.id}: "
            f"{_scope_words(period)}"
        )
        why_zh = (
            f"{regime.id} 没有{what}申请（{period_id}）"
            if period is None
            else f"{regime.id} 下{p.category.value}事项没有{what}"
        )
        raise InvalidTransition(
            f"{where}: {e.type}: {why}",
            state=state,
            event=e.type,
            allowed=_allowed(state),
            zh=f"{where}：{e.type}：{why_zh}",
        )
    if answer_received is not None and e.date < answer_received:
        raise CaseError(
            f"{where}: {e.type} on {e.date} is before the petitioner received the written "
            f"answer it contests ({answer_received}); {period.source} counts from that day",
            zh=f"{where}：{e.type} 于 {e.date}，早于信访人收到所不服的书面答复之日（"
            f"{answer_received}）；{period.source}自该日起算",
        )
    _check_window(regime, cal, period_id, answer_received, e, where, state)


def _check_window(
    regime: Regime,
    cal: WorkdayCalendar,
    period_id: str,
    start: _dt.date | None,
    e: Event,
    where: str,
    state: str,
) -> None:
    if start is None or period_id not in regime:
        return
    window = _plain(cal, regime, period_id, start)
    if e.date > window.due:
        raise LateRequest(
            f"{where}: {e.type} on {e.date} is after the {regime[period_id].length_text} "
            f"window that ended {window.due} "
            f"({regime[period_id].source}); the request is not admissible — record it as a new "
            "petition and refuse it, or correct the dates",
            state=state,
            event=e.type,
            allowed=_allowed(state),
            zh=f"{where}：{e.type} 于 {e.date}，已过 {window.due} 届满的"
            f"{regime[period_id].length_text}"
            f"期限（{regime[period_id].source}）；不予受理——应作为新的信访事项登记并不予受理，或核"
            "对日期",
        )


# --------------------------------------------------------------------------- deadlines


@attrs.frozen
class CaseDeadline:
    """One statutory deadline of a petition.

    Attributes:
        period_id: The period (e.g. ``"handle"``).
        deadline: The computed deadline, with its explanation.
        done_on: The day the duty was done (``None``: not yet).
        state: ``"open"``, ``"due_soon"``, ``"overdue"``, ``"met"`` or ``"late"``
            (``"open"`` when no day was asked about and it is not done).
        days_late: Days past the due date when late or overdue, in the period's unit.
        duty: ``"unit"`` (the organ must act) or ``"petitioner"`` (a window for the
            petitioner, e.g. to request a 复查; never overdue for the unit).

    """

    period_id: str
    deadline: Deadline
    done_on: _dt.date | None
    state: Literal["open", "due_soon", "overdue", "met", "late"]
    days_late: int | None
    duty: Literal["unit", "petitioner"]

    def __str__(self) -> str:
        p = self.deadline.period
        late = f"，超期 {self.days_late} 日" if self.days_late else ""
        return f"{p.title}：截止 {self.deadline.due}（{self.state}{late}；{p.source}）"


@attrs.frozen
class PetitionStatus:
    """A petition's standing on a day (see :meth:`Petition.status`).

    Attributes:
        petition_id: The petition's id.
        on: The day asked about.
        state: ``"overdue"`` (a unit deadline has passed undone), ``"due_soon"``, ``"final"``
            (复核 decided), ``"closed"`` (办结, refused or returned) or ``"on_time"``.
        overdue: The unit's deadlines passed undone.
        due_soon: The unit's open deadlines within the warning window.

    :attr:`deadlines` (every deadline, met, missed or open) is worked out when first read,
    so that asking many petitions for their state computes only their open deadlines.

    """

    petition_id: str
    on: _dt.date
    state: Literal["on_time", "due_soon", "overdue", "closed", "final"]
    overdue: tuple[CaseDeadline, ...]
    due_soon: tuple[CaseDeadline, ...]
    _source: tuple[Petition, WorkdayCalendar, int] = attrs.field(eq=False, repr=False)
    _all: list[tuple[CaseDeadline, ...]] = attrs.field(
        init=False, eq=False, repr=False, factory=list
    )

    @property
    def deadlines(self) -> tuple[CaseDeadline, ...]:
        """Every deadline of the petition, judged on :attr:`on`."""
        if not self._all:
            p, cal, warn_within = self._source
            self._all.append(_deadlines(p, cal, self.on, warn_within))
        return self._all[0]


_STATUS_SETTERS = _setters(
    PetitionStatus, "petition_id", "on", "state", "overdue", "due_soon", "_source", "_all"
)
_STATE_AFTER_REPLY = ("replied", "review", "reviewed", "rereview", "final")


def _specs_of(p: Petition, on: _dt.date | None) -> tuple[_Spec, ...]:
    """The petition's deadline specs (kept on the replay unless a clock stop runs)."""
    replay = p._replayed
    specs = replay.specs
    if specs is None:
        if replay.open_stop is not None:
            return _specs(p, replay, on)  # a running clock stop depends on the day asked
        specs = replay.specs = _specs(p, replay, None)
    return specs


#: Deadlines with no pause, extension or assigned date depend only on the calendar, the
#: regime, the period and the start: many petitions share them (deadlines are immutable).
#: (id(calendar), id(regime)) -> (calendar, regime, {(period id, start): deadline})
_SHARED: dict[
    tuple[int, int], tuple[WorkdayCalendar, Regime, dict[tuple[str, _dt.date], Deadline]]
] = {}
_SHARED_MAX = 100_000
_SHARED_GROUPS = 16


def _shared(cal: WorkdayCalendar, regime: Regime) -> dict[tuple[str, _dt.date], Deadline]:
    """The deadlines shared by every petition on ``cal`` under ``regime``."""
    group = _SHARED.get((id(cal), id(regime)))
    if group is None or group[0] is not cal or group[1] is not regime:
        if len(_SHARED) >= _SHARED_GROUPS:
            _SHARED.clear()  # a caller making a new calendar per call must not leak them
        group = _SHARED[(id(cal), id(regime))] = (cal, regime, {})
    return group[2]


def _plain(cal: WorkdayCalendar, regime: Regime, period_id: str, start: _dt.date) -> Deadline:
    """A deadline with no pause, extension or assigned date: shared between petitions."""
    known = _shared(cal, regime)
    d = known.get((period_id, start))
    if d is None:
        if len(known) >= _SHARED_MAX:
            known.clear()  # keep memory bounded
        d = known[(period_id, start)] = compute_deadline(
            regime[period_id], start, calendar=cal, regime=regime
        )
    return d


def _deadline_of(p: Petition, cal: WorkdayCalendar, spec: _Spec) -> Deadline:
    """The spec's deadline on ``cal``, memoised (shared between petitions where it can be)."""
    period_id, start, _, _, kw = spec
    regime = p._replayed.regime
    if not kw:
        return _plain(cal, regime, period_id, start)
    if p._replayed.open_stop is not None:  # depends on the day asked: not kept
        return compute_deadline(regime[period_id], start, calendar=cal, regime=regime, **kw)
    own = _memo_of(p, cal)
    found = own.get(period_id)
    if found is None:
        found = own[period_id] = compute_deadline(
            regime[period_id], start, calendar=cal, regime=regime, **kw
        )
    return found


def _judge(spec: _Spec, d: Deadline, on: _dt.date | None, warn_within: int) -> CaseDeadline:
    period_id, _, done, duty, _ = spec
    if done is None and on is None:
        return CaseDeadline(period_id, d, None, "open", None, duty)
    st = d.status(done if done is not None else on, warn_within=warn_within, done_on=done)  # type: ignore[arg-type]
    state = st.state
    if duty == "petitioner" and state == "overdue":
        state = "met"  # a lapsed window is the petitioner's, not the unit's fault
    return CaseDeadline(period_id, d, done, state, st.overdue_by if duty == "unit" else None, duty)


def _deadlines(
    p: Petition,
    calendar: WorkdayCalendar | None,
    on: _dt.date | None,
    warn_within: int = 3,
) -> tuple[CaseDeadline, ...]:
    """Every deadline of the petition, judged on ``on`` (computed deadlines are memoised)."""
    cal = calendar if calendar is not None else _calendar_of(p)
    return tuple(
        _judge(spec, _deadline_of(p, cal, spec), on, warn_within) for spec in _specs_of(p, on)
    )


def _specs(p: Petition, replay: _Replay, on: _dt.date | None) -> tuple[_Spec, ...]:
    """Which statutory periods the events start, from when, and when each duty was done.

    Calendar-free: the dates are counted by :func:`_deadline_of`. Each period's clock and
    its article are in :mod:`xinfang_rules.law.rules`; what starts and stops it here:

    - ``route`` (Art. 22 ¶1): from receipt to 转送/交办;
    - ``object_wrong_addressee`` (Art. 23 ¶3) or ``notify_forwarded`` (Art. 23 ¶2): from
      the routing to the objection, or to the notice of acceptance or refusal;
    - ``assigned_report``: to the reply or closure, by the day the assigning body set;
    - ``notify_direct`` (Art. 22 ¶1(3)): from receipt to the notice, when not routed;
    - ``handle`` (Art. 34): from acceptance (or the clock its regime names, e.g. 河南's
      接收之日) to the reply, less the clock stops recorded while accepted, with the
      extension if one was approved;
    - ``review_request`` / ``rereview_request`` (Art. 35 ¶1, 36 ¶1): the petitioner's
      windows, from the day the answer was received;
    - ``review_decision`` / ``rereview_decision``: from the request to the decision, less
      the stops recorded in that stage (and, for 复核, the hearing, Art. 36 ¶2).
    """
    regime = replay.regime
    get = replay.first.get
    # only the periods of the regime that apply to this matter (worked out once per kind)
    wanted = _applicable(regime, p.category, p.identity_unclear)
    out: list[_Spec] = []
    routed = get("forwarded")
    assigned = get("assigned")
    if assigned is not None and (routed is None or assigned.date < routed.date):
        routed = assigned
    accepted = get("accepted")
    if accepted is not None:
        notified = accepted.notified_on or accepted.date
    else:
        refused = get("refused")
        notified = refused.date if refused is not None else None
    if routed is not None:
        if "route" in wanted:
            out.append(("route", p.received, routed.date, "unit", None))
        objected = get("objected")
        if objected is not None:
            if "object_wrong_addressee" in wanted:
                out.append(("object_wrong_addressee", routed.date, objected.date, "unit", None))
        elif "notify_forwarded" in wanted:
            out.append(("notify_forwarded", routed.date, notified, "unit", None))
        if routed is assigned and "assigned_report" in wanted:
            done = get("replied")
            closed = get("closed")
            if closed is not None and (done is None or closed.date < done.date):
                done = closed
            out.append(
                (
                    "assigned_report",
                    assigned.date,
                    done.date if done is not None else None,
                    "unit",
                    {"assigned_due": assigned.due},
                )
            )
    elif "notify_direct" in wanted:
        out.append(("notify_direct", p.received, notified, "unit", None))
    reply = get("replied")
    if accepted is not None and "handle" in wanted:
        start = _handle_start(regime["handle"], p, routed.date if routed else None, accepted.date)
        ext = replay.extended
        kw: dict[str, Any] = {}
        if ext is not None:
            kw["extension"] = Extension(ext.days, ext.date, ext.approver, ext.reason)
        if replay.stops or replay.open_stop is not None:
            pauses = _stops_in(replay, "accepted", start, on)
            if pauses:  # stops in other stages leave this clock alone (and shareable)
                kw["pauses"] = pauses
        out.append(("handle", start, reply.date if reply else None, "unit", kw or None))
    if reply is None:
        return tuple(out)
    request = get("review_requested")
    if "review_request" in wanted:
        start = reply.received_on or reply.date
        out.append(
            (
                "review_request",
                start,
                request.date if request else None,
                "petitioner",
                None,
            )
        )
    if request is None:
        return tuple(out)
    decided = get("review_decided")
    if "review_decision" in wanted:
        kw = {}
        if replay.stops or replay.open_stop is not None:
            pauses = _stops_in(replay, "review", request.date, on)
            if pauses:
                kw["pauses"] = pauses
        out.append(
            (
                "review_decision",
                request.date,
                decided.date if decided else None,
                "unit",
                kw or None,
            )
        )
    if decided is None:
        return tuple(out)
    rr = get("rereview_requested")
    if "rereview_request" in wanted:
        start = decided.received_on or decided.date
        out.append(("rereview_request", start, rr.date if rr else None, "petitioner", None))
    if rr is not None and "rereview_decision" in wanted:
        final = get("rereview_decided")
        pauses = _stops_in(replay, "rereview", rr.date, on)
        if regime["rereview_decision"].excludes_hearing:
            pauses += _clip(replay.hearings, rr.date)  # only where the text leaves it out
        out.append(("rereview_decision", rr.date, final.date if final else None, "unit",
                    {"pauses": pauses} if pauses else None))  # fmt: skip
    return tuple(out)


#: (id(regime), id(category), identity unclear) -> (regime, the ids of the periods that
#: apply). The category is keyed by identity: its members are singletons, and an enum's
#: own hash is computed in Python on every lookup.
_APPLICABLE: dict[tuple[int, int, bool], tuple[Regime, frozenset[str]]] = {}


def _applicable(regime: Regime, category: Category, identity_unclear: bool) -> frozenset[str]:
    """The periods of ``regime`` that apply to a matter of this category (worked out once).

    A period applies when the regime has it, it covers the category, and it is not one
    whose duty lapses where the petitioner's identity is unclear (if it is).
    """
    key = (id(regime), id(category), identity_unclear)
    found = _APPLICABLE.get(key)
    if found is not None and found[0] is regime:
        return found[1]
    if len(_APPLICABLE) >= 256:
        _APPLICABLE.clear()  # regimes made per call must not pile up
    ids = frozenset(
        period.id
        for period in regime.periods
        if period.applies_to(category.value)
        and not (identity_unclear and period.exempt_if_identity_unclear)
    )
    _APPLICABLE[key] = (regime, ids)
    return ids
