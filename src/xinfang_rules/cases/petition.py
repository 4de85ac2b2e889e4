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
import types
from collections.abc import Iterable, Mapping
from typing import Any, Literal

import attrs

from xinfang_rules.calendar.workdays import _PRESET_ALIASES, WorkdayCalendar, regional_presets
from xinfang_rules.cases.events import _DATE, _EVENT_CLASS_SET, Event
from xinfang_rules.cases.model import (
    _CHECK_ADDRESS,
    _CHECK_NAME,
    _CHECK_PHONE,
    CaseError,
    CaseFieldError,
    Category,
    Channel,
    OutOfCalendar,
    Petitioner,
    Rating,
    _check_id_number,
    _check_kind,
    _setters,
    _text,
)
from xinfang_rules.cases.replay import (
    _FIRST_DAY,
    _LAST_DAY,
    _RANGE_TEXT,
    _RANGE_TEXT_ZH,
    _beyond_calendar,
    _calendar_of,
    _Replay,
    _warn_days,
)
from xinfang_rules.cases.status import (
    _STATUS_SETTERS,
    CaseDeadline,
    PetitionStatus,
    _deadline_of,
    _deadlines,
    _judge,
    _open_duties,
    _replayed_in_range,
    _specs,
)
from xinfang_rules.dates import as_date
from xinfang_rules.errors import (
    DateOutOfRangeError,
    XinfangTypeError,
)
from xinfang_rules.law.rules import Regime
from xinfang_rules.privacy import echo


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


def _received_date(value: object) -> _dt.date:
    if type(value) is _DATE:
        return value
    return as_date(value, "received")


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
    def ratings(self) -> Mapping[str, Rating]:
        """The last rating of each rated party (``handling_unit``, ``petition_bureau``)."""
        return types.MappingProxyType(self._replayed.ratings)

    @property
    def resolved(self) -> bool:
        """化解: a resolution was recorded and no relapse (反弹) came after the last one."""
        return "resolved" in self._replayed.first and not self._replayed.relapsed

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
    if p.regime is not None and not isinstance(p.regime, Regime):
        raise XinfangTypeError(
            f"regime must be a Regime or None, got {echo(p.regime)}; for a shipped regime by "
            "its name use named_regime(name)",
            zh=f"regime 应为 Regime 或 None，实为 {echo(p.regime)}；按名称取本库的规则请用 "
            "named_regime(name)",
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
