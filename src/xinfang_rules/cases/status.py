"""A petition's deadlines and its standing on a day.

:class:`CaseDeadline` (a statutory deadline worked out from the petition's events) and
:class:`PetitionStatus` (which deadlines are met, late, overdue or due soon on a day).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import Any, Literal, Protocol

import attrs

from xinfang_rules.calendar.workdays import WorkdayCalendar
from xinfang_rules.cases.model import Category, OutOfCalendar, _setters
from xinfang_rules.cases.replay import (
    _FIRST_DAY,
    _LAST_DAY,
    _RANGE_TEXT,
    _RANGE_TEXT_ZH,
    _STAGE_PERIOD,
    _beyond_calendar,
    _calendar_of,
    _clip,
    _Facts,
    _handle_start,
    _plain,
    _Replay,
    _replay,
    _Spec,
    _stops_in,
)
from xinfang_rules.errors import DateOutOfRangeError, XinfangError
from xinfang_rules.law.deadlines import (
    Deadline,
    Extension,
    compute_deadline,
)
from xinfang_rules.law.rules import Regime, Unit


class _Kept(_Facts, Protocol):
    """A petition as kept: its replay, and the memo of its own deadlines."""

    @property
    def _replayed(self) -> _Replay: ...
    @property
    def _memo(self) -> dict[Any, Any]: ...


def _memo_of(p: _Kept, cal: WorkdayCalendar) -> dict[str, Deadline]:
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
    _source: tuple[_Kept, WorkdayCalendar, int] = attrs.field(eq=False, repr=False)
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


def _specs_of(p: _Kept, on: _dt.date | None) -> tuple[_Spec, ...]:
    """The petition's deadline specs (kept on the replay unless a clock stop runs)."""
    replay = p._replayed
    specs = replay.specs
    if specs is None:
        if replay.open_stop is not None:
            return _specs(p, replay, on)  # a running clock stop depends on the day asked
        specs = replay.specs = _specs(p, replay, None)
    return specs


def _deadline_of(p: _Kept, cal: WorkdayCalendar, spec: _Spec) -> Deadline:
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
    p: _Kept,
    calendar: WorkdayCalendar | None,
    on: _dt.date | None,
    warn_within: int = 3,
) -> tuple[CaseDeadline, ...]:
    """Every deadline of the petition, judged on ``on`` (computed deadlines are memoised)."""
    cal = calendar if calendar is not None else _calendar_of(p)
    return tuple(
        _judge(spec, _deadline_of(p, cal, spec), on, warn_within) for spec in _specs_of(p, on)
    )


def _order(pid: str, order: Any, events: Sequence[Any]) -> _Spec:
    """A period whose date another body set: from its assignment to the answer or closure.

    Done by the first reply or closure on or after the assignment's day.
    """
    done = next(
        (e.date for e in events if e.type in ("replied", "closed") and e.date >= order.date),
        None,
    )
    return (pid, order.date, done, "unit", {"assigned_due": order.due})


def _specs(p: _Kept, replay: _Replay, on: _dt.date | None) -> tuple[_Spec, ...]:
    """Which statutory periods the events start, from when, and when each duty was done.

    Calendar-free: the dates are counted by :func:`_deadline_of`. Each period's clock and
    its article are in :mod:`xinfang_rules.law.rules`; what starts and stops it here:

    - ``route`` (Art. 22 ¶1): from receipt to 转送/交办;
    - ``object_wrong_addressee`` (Art. 23 ¶3) or ``notify_forwarded`` (Art. 23 ¶2): from
      the routing to the objection, or to the notice of acceptance or refusal;
    - ``assigned_report`` (or the period the 交办 names): to the reply or closure, by the
      day the assigning body set; an order with a set date after routing (北京 Art. 36,
      山东 Art. 45 ¶1(二)) the same, from its own day;
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
        pid = assigned.period or "assigned_report" if assigned is not None else ""
        if routed is assigned and pid in wanted:
            out.append(_order(pid, assigned, p.events))
    elif "notify_direct" in wanted:
        out.append(("notify_direct", p.received, notified, "unit", None))
    for order in replay.orders:  # a date set by another body after routing
        if order.period in wanted:
            out.append(_order(order.period, order, p.events))
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


def _prepared(p: _Kept, replay: _Replay, defer: bool) -> _Replay:
    """``replay`` with the specs (and the petition's own deadlines) ``defer`` asks for."""
    if replay.open_stop is None:
        if not defer:
            # built to be kept (reports over many petitions in memory): the specs, and the
            # deadlines of the petition's own, worked out now, next to the petition
            replay.specs = _specs(p, replay, None)
            replay.open_duties = _open_duties(replay.specs)
            replay.own_dues = _work_out_own(p, replay.specs, replay.regime)
        elif _maybe_open(replay.first):
            replay.specs = _specs(p, replay, None)  # a status needs them
            replay.open_duties = _open_duties(replay.specs)
        else:
            replay.open_duties = ()  # none open: the specs when first asked for
    return replay


def _replayed_in_range(p: _Kept, defer: bool) -> _Replay:
    """The petition's events replayed, its deadline specs worked out as ``defer`` asks.

    A date outside the calendar is named by its field, not by the calendar. With ``defer``
    (the streaming readers: a petition asked its status, then dropped), the deadline specs
    are worked out only when a duty of the unit may be open, and no deadline is; else (a
    petition built to be kept) they all are, now.
    """
    try:
        return _prepared(p, _replay(p), defer)
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


def _work_out_own(p: _Kept, specs: tuple[_Spec, ...], regime: Regime) -> dict[str, _dt.date] | None:
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


@attrs.frozen
class PeriodClock:
    """One statutory period of a petition as a warehouse row counts it (``periods`` table).

    What the events say (which periods run, from when, until which event), with the
    lengths the engine counts (the period's own, plus the approved extension and the
    recorded clock stops, in the period's unit), so that SQL over a calendar table gives
    the engine's due dates (:func:`~xinfang_rules.formats.warehouse.status_sql`).

    Attributes:
        period_id: The period (``"handle"``, ``"notify_direct"`` …).
        duty: ``"unit"`` (the organ must act) or ``"petitioner"`` (a window of theirs).
        start_date: The day the clock starts (not counted).
        done_date: The day the duty was done (``None``: not yet).
        counted_in: How the due date is counted: ``"days"`` (the day ``start + length``,
            rolled forward to a working day), ``"workdays"`` (the ``length``-th working
            day after the start), ``"same_day"`` (the start, rolled forward), ``"on_the_spot"``
            (the start) or ``"assigned"`` (``assigned_due``, set by the assigning body).
        counted_length: For ``days`` and ``workdays``: the period's length with the extension and
            the recorded stops, in that unit, as the engine counts them; else ``None``.
        assigned_due: For ``assigned``: the due date the assigning body set.
        stopped_since: The first paused day of a clock stop still running in this period
            (``None``: none). On a day ``D`` at or after it, the stop adds
            ``max(D, stop) - stopped_since + 1`` days (in working days for ``workdays``).
        stop_date: The day that running stop was recorded.
        paused_length: Of ``counted_length``, what the recorded clock stops (and, for
            复核, the hearing) add, in the same unit (0: none).

    """

    period_id: str
    duty: Literal["unit", "petitioner"]
    start_date: _dt.date
    done_date: _dt.date | None
    counted_in: Literal["days", "workdays", "same_day", "on_the_spot", "assigned"]
    counted_length: int | None
    assigned_due: _dt.date | None
    stopped_since: _dt.date | None
    stop_date: _dt.date | None
    paused_length: int = 0


def period_clocks(p: _Kept, calendar: WorkdayCalendar | None = None) -> tuple[PeriodClock, ...]:
    """Every period the petition's events start, as rows of the ``periods`` table.

    The same periods, starts and done days as :meth:`Petition.deadlines`; the lengths are
    those the engine counts on ``calendar`` (default: the petition's own), without a clock
    stop still running, which the row names instead (``stopped_since``): its days depend
    on the day asked about.
    """
    cal = calendar if calendar is not None else _calendar_of(p)
    replay = p._replayed
    stop = replay.open_stop
    settled = replay if stop is None else attrs.evolve(replay, open_stop=None)
    stopped_period = _STAGE_PERIOD.get(replay.open_stop_state) if stop is not None else None
    regime = replay.regime
    out = []
    for period_id, start, done, duty, kw in _specs(p, settled, None):
        period = regime[period_id]
        paused = 0
        count: Literal["days", "workdays", "same_day", "on_the_spot", "assigned"]
        length: int | None = None
        assigned = None
        if period.unit is Unit.SET_BY_ASSIGNER:
            count = "assigned"
            assigned = (kw or {})["assigned_due"]
        elif period.unit is Unit.SAME_DAY:
            count = "same_day"
        elif period.unit is Unit.ON_THE_SPOT:
            count = "on_the_spot"
        else:
            d = _deadline_of(p, cal, (period_id, start, done, duty, kw))
            if d.period.unit is Unit.WORKDAYS:  # as counted (a regime may count 日 so)
                count = "workdays"
                length = cal.workdays_between(start, d.last_day)
            else:
                count = "days"
                length = (d.last_day - start).days
            for pause in d.pauses:  # every one applied, as the engine counts them
                if count == "workdays":
                    paused += cal.workdays_between(pause.start - _dt.timedelta(days=1), pause.end)
                else:
                    paused += pause.days
        since = stopped = None
        if stop is not None and period_id == stopped_period and done is None:
            stopped = stop.date
            since = max(stopped, start + _dt.timedelta(days=1))
        row = PeriodClock(
            period_id, duty, start, done, count, length, assigned, since, stopped, paused
        )
        out.append(row)
    return tuple(out)
