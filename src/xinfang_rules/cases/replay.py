"""A petition's lifecycle: its events replayed in order, each checked where it arrives.

The transitions each state allows; date order; the windows and limits of each period
(extensions, clock stops, hearings, review requests); the state it leaves the petition
in, and what its deadlines need.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from typing import Any, Literal, Protocol

import attrs

from xinfang_rules.calendar.notices import FIRST_DAY, LAST_DAY
from xinfang_rules.calendar.workdays import WorkdayCalendar
from xinfang_rules.cases.events import (
    ClockResumed,
    ClockStopped,
    Event,
    Extended,
    HearingEnded,
    HearingStarted,
)
from xinfang_rules.cases.model import (
    CaseError,
    Category,
    InvalidTransition,
    LateRequest,
    OutOfCalendar,
    Rating,
)
from xinfang_rules.errors import (
    XinfangTypeError,
)
from xinfang_rules.law.deadlines import (
    Deadline,
    Pause,
    _default_calendar,
    compute_deadline,
)
from xinfang_rules.law.rules import Clock, Period, Regime, regime_for
from xinfang_rules.privacy import echo

_FIRST_DAY, _LAST_DAY = FIRST_DAY, LAST_DAY
_RANGE_TEXT = (
    f"the calendar covers {FIRST_DAY}..{LAST_DAY} (日历范围为 {FIRST_DAY.year}—{LAST_DAY.year} 年)"
)
_RANGE_TEXT_ZH = f"日历范围为 {FIRST_DAY} 至 {LAST_DAY}，请核对年份"


class _Facts(Protocol):
    """What the lifecycle reads of a petition (a :class:`~xinfang_rules.cases.Petition`)."""

    @property
    def received(self) -> _dt.date: ...
    @property
    def category(self) -> Category: ...
    @property
    def events(self) -> tuple[Event, ...]: ...
    @property
    def regime(self) -> Regime | None: ...
    @property
    def region(self) -> str | None: ...
    @property
    def identity_unclear(self) -> bool: ...


def _beyond_calendar() -> OutOfCalendar:
    return OutOfCalendar(
        f"a deadline worked out from this petition's dates falls outside the calendar; "
        f"{_RANGE_TEXT}",
        "received",
        zh=f"由本件日期推算的期限超出日历范围；{_RANGE_TEXT_ZH}",
    )


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
    # an order with a date set by another body, after routing (it names its period)
    "assigned": frozenset(
        {
            "routed",
            "accepted",
            "refused",
            "returned",
            "replied",
            "review",
            "reviewed",
            "rereview",
            "final",
        }
    ),
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


_REGION_CALENDARS: dict[str, WorkdayCalendar] = {}


def _calendar_of(p: _Facts) -> WorkdayCalendar:
    """The petition's own calendar: national, or with its region's local holidays."""
    if p.region is None:
        return _default_calendar()
    cal = _REGION_CALENDARS.get(p.region)
    if cal is None:
        cal = _REGION_CALENDARS[p.region] = WorkdayCalendar.china(region=p.region)
    return cal


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
    #: Assignments after routing, each naming its period (``AssignedTo.period``).
    orders: tuple[Any, ...] = ()
    #: The deadline specs (see :func:`_specs_of`): ``None`` until worked out, and while a
    #: clock stop runs (they depend on the day asked).
    specs: tuple[_Spec, ...] | None = None
    #: The specs of the unit's duties not yet done; ``None`` while a clock stop runs.
    open_duties: tuple[_Spec, ...] | None = None
    #: The due dates, on the petition's own calendar, of its deadlines with its own pauses,
    #: extension or assigned date, worked out when it was built (a report reads them).
    own_dues: dict[str, _dt.date] | None = None


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


class _Clock:
    """The clock's side of a replay: its stops and hearings, and the one extension.

    Side events (中止 and 恢复, 听证, 延长) are checked here against the state they arrive in
    and the regime's limits; the main transitions stay in :func:`_replay`.
    """

    __slots__ = ("extended", "hearings", "open_hearing", "open_stop", "open_stop_state", "stops")

    def __init__(self) -> None:
        self.extended: Extended | None = None
        self.open_stop: ClockStopped | None = None
        self.open_stop_state = ""
        self.open_hearing: HearingStarted | None = None
        #: (state the clock stopped in, days stopped); a list of its own once one is recorded
        self.stops: list[tuple[str, Pause]] = _NO_STOPS
        self.hearings: list[Pause] = _NO_STOPS  # the same

    def record(
        self,
        e: Event,
        where: str,
        state: str,
        p: _Facts,
        regime: Regime,
        routed_on: _dt.date | None,
        accepted_on: _dt.date | None,
    ) -> None:
        """Check and record a clock stop or resumption, a hearing, or the extension."""
        if e.type in _PAUSING:
            _check_pausable(regime, p.category.value, e.type, where, state)
        if isinstance(e, Extended):
            if self.extended is not None:
                raise InvalidTransition(
                    f"{where}: the handling period was already extended on "
                    f"{self.extended.date}; Art. 34 allows one extension of at most 30 days",
                    state=state,
                    event=e.type,
                    allowed=_allowed(state),
                    zh=f"{where}：办理期限已于 {self.extended.date} 延长过；第三十四条只允许延长一"
                    "次，至多 30 日",
                )
            assert accepted_on is not None  # an extension is allowed only once accepted
            handle = regime.get("handle")
            start = (
                accepted_on if handle is None else _handle_start(handle, p, routed_on, accepted_on)
            )
            _check_extension(
                regime, p.category.value, _calendar_of(p), e, start, self.stops, where, state
            )
            self.extended = e
        elif isinstance(e, ClockStopped):
            if self.open_stop is not None:
                raise InvalidTransition(
                    f"{where}: the clock is already stopped", state=state, event=e.type,
                    allowed=_allowed(state),
                 zh=f"{where}：计时已经中止")  # fmt: skip
            self.open_stop, self.open_stop_state = e, state
        elif isinstance(e, ClockResumed):
            if self.open_stop is None:
                raise InvalidTransition(
                    f"{where}: the clock is not stopped", state=state, event=e.type,
                    allowed=_allowed(state),
                 zh=f"{where}：计时并未中止")  # fmt: skip
            if self.stops is _NO_STOPS:
                self.stops = []
            self.stops.append((state, _pause_of(self.open_stop, e, "stop", self.open_stop.reason)))
            self.open_stop = None
        elif isinstance(e, HearingStarted):
            if self.open_hearing is not None:
                raise InvalidTransition(
                    f"{where}: a hearing is already open", state=state, event=e.type,
                    allowed=_allowed(state),
                 zh=f"{where}：已有未结束的听证")  # fmt: skip
            self.open_hearing = e
        elif isinstance(e, HearingEnded):
            if self.open_hearing is None:
                raise InvalidTransition(
                    f"{where}: no hearing is open", state=state, event=e.type,
                    allowed=_allowed(state),
                 zh=f"{where}：没有进行中的听证")  # fmt: skip
            if state == "rereview":
                if self.hearings is _NO_STOPS:
                    self.hearings = []
                self.hearings.append(_pause_of(self.open_hearing, e, "hearing", "听证"))
            self.open_hearing = None


def _not_allowed(i: int, kind: str, state: str) -> InvalidTransition:
    """``events[i]`` (of ``kind``) cannot come when the petition is ``state``: the error."""
    extra = extra_zh = ""
    if state == "final" and kind in ("review_requested", "rereview_requested"):
        extra = (
            "; after the 复核 the same facts and reasons are not accepted again "
            "(不再受理, Art. 36 ¶3)"
        )
        extra_zh = "；复核之后，同一事实和理由不再受理（第三十六条第三款）"
    return InvalidTransition(
        f"events[{i}]: {kind} is not allowed when the petition is {state}; allowed: "
        f"{', '.join(_allowed(state)) or 'nothing (the petition is at its end)'}{extra}",
        state=state,
        event=kind,
        allowed=_allowed(state),
        zh=f"events[{i}]：信访事项处于 {state} 时不能记 {kind}；可记："
        f"{'、'.join(_allowed(state)) or '无（事项已终结）'}"
        f"{extra_zh}",
    )


def _replay(p: _Facts) -> _Replay:
    """Check the events in order; return the resulting state.

    Its deadline specs are worked out above, by
    :func:`xinfang_rules.cases.status._replayed_in_range`.

    One pass: each event is checked against the state it arrives in (date order, the
    transition, the windows and limits of its period); what later questions need (the
    first event of each kind, the last ratings, a relapse) is gathered on the way. The
    position of an event (``events[i]``) is worked out only for an error message.
    """
    state = "received"
    last = p.received
    closed = False
    clock = _Clock()
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
    orders: list[Any] = []
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
        after = moves.get(kind)
        if kind not in first and (after is not None or kind != "assigned"):
            first[kind] = e
        if kind == "assigned":
            _check_assignment(e, i, regime, routing=after is not None)
            if after is None and state in _SIDE["assigned"]:
                orders.append(e)
                continue
        if after is not None:
            if kind == "review_requested":
                _check_request(p, regime, _calendar_of(p), "review_request", reply_received, e,
                               f"events[{i}]", state)  # fmt: skip
            elif kind == "rereview_requested":
                _check_request(p, regime, _calendar_of(p), "rereview_request", review_received, e,
                               f"events[{i}]", state)  # fmt: skip
            if clock.open_stop is not None or clock.open_hearing is not None:
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
            clock.record(e, f"events[{i}]", state, p, regime, routed_on, accepted_on)
            continue
        raise _not_allowed(i, kind, state)
    return _Replay(
        regime,
        state,
        closed,
        clock.extended,
        tuple(clock.stops),
        tuple(clock.hearings),
        clock.open_stop,
        clock.open_stop_state,
        first,
        ratings,
        relapsed,
        tuple(orders),
    )


def _check_assignment(e: Any, i: int, regime: Regime, *, routing: bool) -> None:
    """An assignment's period is one of the regime's set by another body; a later one names it."""
    from xinfang_rules.law.rules import Unit

    if e.period is None:
        if routing:
            return
        raise InvalidTransition(
            f"events[{i}]: an assignment after the petition was routed must name the "
            f"regime's period it sets a date for (period=…); {regime.id} has: "
            f"{', '.join(_set_periods(regime)) or 'none'}",
            state="routed", event="assigned", allowed=(),
            zh=f"events[{i}]：转送、交办之后的交办须写明所依据的期限（period=…）；"
            f"{regime.id} 中可用：{'、'.join(_set_periods(regime)) or '无'}",
        )  # fmt: skip
    found = next((x for x in regime.periods if x.id == e.period), None)
    if found is None or found.unit is not Unit.SET_BY_ASSIGNER:
        raise CaseError(
            f"events[{i}].period: {echo(e.period)} is not a period of {regime.id} whose date "
            f"another body sets; those are: {', '.join(_set_periods(regime)) or 'none'}",
            zh=f"events[{i}].period：{echo(e.period)} 不是 {regime.id} 中由交办机关指定期限的"
            f"期限；可用：{'、'.join(_set_periods(regime)) or '无'}",
        )


def _set_periods(regime: Regime) -> list[str]:
    from xinfang_rules.law.rules import Unit

    return [x.id for x in regime.periods if x.unit is Unit.SET_BY_ASSIGNER]


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
    handle: Period, p: _Facts, routed_on: _dt.date | None, accepted_on: _dt.date
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
    p: _Facts,
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
