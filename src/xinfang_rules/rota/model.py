"""What a rota is made of, and the periods its frequencies count in.

Leaders, places and pools; the recurrences and rules that say when and where receptions
are held; the constraints (unavailability, minimum and maximum frequencies, replacements
and swaps); the assignments, gaps, violations and conflicts a rota is described by.
"""

from __future__ import annotations

import datetime as _dt
import enum
from collections.abc import Iterable, Sequence
from typing import Any, Literal

import attrs
from dateutil import rrule as _rrule
from dateutil.relativedelta import relativedelta as _relativedelta

from xinfang_rules.calendar.notices import FIRST_DAY, LAST_DAY
from xinfang_rules.calendar.workdays import WorkdayCalendar
from xinfang_rules.dates import WEEKDAY_NAMES_ZH, as_date
from xinfang_rules.errors import XinfangTypeError, XinfangValueError
from xinfang_rules.privacy import echo

_ONE = _dt.timedelta(days=1)
#: How far outside the range origins are expanded, so that a reception day moved off a rest
#: day into the range (or out of it) is placed where it lands. The longest run of rest
#: days in a year (春节 or 国庆节 with weekends) is 9 days.
_MARGIN = _dt.timedelta(days=16)
_CALENDAR_FIRST, _CALENDAR_LAST = FIRST_DAY, LAST_DAY
Layer = Literal["base", "campaign", "sensitive"]
_LAYER_RANK = {"base": 0, "campaign": 1, "sensitive": 2, "pinned": 3, "manual": 4}
Per = Literal["week", "month", "quarter", "year"]


class RotaError(XinfangValueError):
    """A rota, a rule or a constraint is invalid (the message says which and why)."""


class RotaInfeasible(RotaError):
    """The rules cannot be met.

    Attributes:
        gaps: Every reception that could not be staffed, and why.
        unmet: Every minimum frequency the generated rota falls short of.
        conflicts: Why no rota can do better, where a count proves it (see
            :class:`Conflict`).

    """

    def __init__(
        self,
        gaps: Sequence[Gap],
        unmet: Sequence[Violation] = (),
        conflicts: Sequence[Conflict] = (),
    ) -> None:
        parts = []
        if gaps:
            lines = "\n".join(f"  {g}" for g in gaps)
            parts.append(f"{len(gaps)} slot(s) cannot be filled:\n{lines}")
        if unmet:
            lines = "\n".join(f"  {v.message}" for v in unmet)
            parts.append(f"{len(unmet)} minimum frequenc(ies) not met:\n{lines}")
        if conflicts:
            lines = "\n".join(f"  {x.message}" for x in conflicts)
            parts.append(f"no rota can meet every rule, because:\n{lines}")
        zh = []
        if gaps:
            zh.append(f"{len(gaps)} 场接访排不上人：\n" + "\n".join(
                f"  {g.describe_zh()}" for g in gaps))  # fmt: skip
        if unmet:
            zh.append(f"{len(unmet)} 项最少接访次数未达到：\n" + "\n".join(
                f"  {v.message}" for v in unmet))  # fmt: skip
        if conflicts:
            zh.append("排不出满足全部规则的安排，因为：\n" + "\n".join(
                f"  {x.message_zh or x.message}" for x in conflicts))  # fmt: skip
        super().__init__(
            "\n".join(parts) + "\n(pass allow_gaps=True, or --allow-gaps, to get the rota "
            "with them listed)",
            zh="\n".join(zh) + "\n（加 --allow-gaps 或 allow_gaps=True 可得到列出空缺的安排）",
        )
        self.gaps = tuple(gaps)
        self.unmet = tuple(unmet)
        self.conflicts = tuple(conflicts)


def _text(what: str) -> Any:
    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, str) or not value.strip():
            raise RotaError(
                f"{what} must be a non-empty string, got {echo(value)}",
                zh=f"{what} 应为非空文字，实为 {echo(value)}",
            )

    return check


def _day(value: object) -> _dt.date:
    return as_date(value, "a rota date")


def _optional_day(value: object) -> _dt.date | None:
    return None if value is None else as_date(value, "a rule's start or end")


def _strings(value: Iterable[str] | str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(value)


# --------------------------------------------------------------------------- people, places


@attrs.frozen
class Leader:
    """A leader who receives the public (接访).

    Attributes:
        id: A stable identifier (used in rules, constraints and files).
        name: 姓名 (public: it is published in the 公示).
        title: 职务, e.g. ``"县委书记"``.
        level: 省, 市, 县, 乡镇, or a unit's own levels (``"县直部门"``).
        principal: 主要领导 (一把手).
        unit: The leader's unit (for pools by unit, and township rotas).
        portfolio: 分管工作, for the public notice.

    """

    id: str = attrs.field(validator=_text("a leader's id"))
    name: str = attrs.field(validator=_text("a leader's name"))
    title: str = attrs.field(validator=_text("a leader's title (职务)"))
    level: str = attrs.field(validator=_text("a leader's level"))
    principal: bool = False
    unit: str | None = None
    portfolio: str = ""


def _time(value: object) -> _dt.time:
    if isinstance(value, _dt.time):
        return value
    if isinstance(value, str):
        try:
            return _dt.time.fromisoformat(value)
        except ValueError:
            pass
    raise RotaError(
        f"a time must be HH:MM (e.g. '08:30'), got {echo(value)}",
        zh=f"时间应写作 HH:MM（如 '08:30'），实为 {echo(value)}",
    )


@attrs.frozen
class Place:
    """Where and when receptions are held (地点 and 时间), e.g. 县信访局 08:30–12:00.

    Attributes:
        id: A stable identifier.
        name: The place as published (``"县信访局"``).
        start: Start time (Beijing time).
        end: End time; after ``start``.
        address: Optional street address for the notice.

    """

    id: str = attrs.field(validator=_text("a place's id"))
    name: str = attrs.field(validator=_text("a place's name"))
    start: _dt.time = attrs.field(converter=_time)
    end: _dt.time = attrs.field(converter=_time)
    address: str = ""

    def __attrs_post_init__(self) -> None:
        if self.end <= self.start:
            raise RotaError(
                f"place {self.id}: the end {self.end} is not after the start",
                zh=f"接访地点 {self.id}：结束时间 {self.end} 不晚于开始时间",
            )

    @property
    def hours(self) -> str:
        """``"08:30-12:00"``."""
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


@attrs.frozen
class Pool:
    """Who may be assigned: an explicit list of leader ids, or a filter.

    With ``leaders`` given, exactly those (in that order). Otherwise every leader whose
    level is in ``levels`` (any, if empty), whose unit is in ``units`` (any, if empty), and
    whose ``principal`` flag equals ``principal`` (either, if ``None``).
    """

    levels: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    units: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    principal: bool | None = None
    leaders: tuple[str, ...] = attrs.field(default=(), converter=_strings)

    def members(self, leaders: Iterable[Leader]) -> tuple[Leader, ...]:
        """The pool's members among ``leaders``, in their given order."""
        people = tuple(leaders)
        if self.leaders:
            by_id = {x.id: x for x in people}
            missing = [x for x in self.leaders if x not in by_id]
            if missing:
                raise RotaError(
                    f"pool names unknown leader(s): {', '.join(missing)}",
                    zh=f"人员名单中有未知的领导：{'、'.join(missing)}",
                )
            return tuple(by_id[x] for x in self.leaders)
        return tuple(
            x
            for x in people
            if (not self.levels or x.level in self.levels)
            and (not self.units or x.unit in self.units)
            and (self.principal is None or x.principal is self.principal)
        )

    def describe(self) -> str:
        """The pool in words, for messages."""
        if self.leaders:
            return "leaders " + ", ".join(self.leaders)
        parts = []
        if self.principal is not None:
            parts.append("principal" if self.principal else "non-principal")
        if self.levels:
            parts.append("/".join(self.levels))
        parts.append("leaders")
        if self.units:
            parts.append("of " + "/".join(self.units))
        return " ".join(parts)


# --------------------------------------------------------------------------- recurrences


class RestDay(enum.Enum):
    """What a reception day falling on a rest day becomes (make-up Saturdays are workdays)."""

    NEXT = "next"  #: the next working day
    PREVIOUS = "previous"  #: the previous working day
    SKIP = "skip"  #: no reception that time
    KEEP = "keep"  #: held on the rest day anyway


@attrs.frozen
class MonthlyDay:
    """A day of every month (每月15日); in a shorter month, its last day."""

    day: int

    def __attrs_post_init__(self) -> None:
        if type(self.day) is not int or not 1 <= self.day <= 31:
            raise RotaError(
                f"a monthly day must be 1 to 31, got {echo(self.day)}",
                zh=f"每月的日子应为 1 至 31，实为 {echo(self.day)}",
            )

    def dates(self, start: _dt.date, end: _dt.date, cal: WorkdayCalendar) -> list[_dt.date]:
        """The days in ``[start, end]`` (before any rest-day policy)."""
        out = []
        y, m = start.year, start.month
        while (y, m) <= (end.year, end.month):
            last = (_dt.date(y + (m == 12), m % 12 + 1, 1) - _ONE).day
            d = _dt.date(y, m, min(self.day, last))
            if start <= d <= end:
                out.append(d)
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out

    def describe(self) -> str:
        """In words, for notices."""
        return f"每月{self.day}日"


@attrs.frozen
class Weekly:
    """A weekday of every week (每周一: ``weekday=0``)."""

    weekday: int

    def __attrs_post_init__(self) -> None:
        if type(self.weekday) is not int or not 0 <= self.weekday <= 6:
            raise RotaError(
                f"a weekday must be 0 (Monday) to 6 (Sunday), got {echo(self.weekday)}",
                zh=f"星期应为 0（星期一）至 6（星期日），实为 {echo(self.weekday)}",
            )

    def dates(self, start: _dt.date, end: _dt.date, cal: WorkdayCalendar) -> list[_dt.date]:
        """The days in ``[start, end]`` (before any rest-day policy)."""
        d = start + _dt.timedelta(days=(self.weekday - start.weekday()) % 7)
        out = []
        while d <= end:
            out.append(d)
            d += _dt.timedelta(days=7)
        return out

    def describe(self) -> str:
        """In words, for notices."""
        return "每" + WEEKDAY_NAMES_ZH[self.weekday].replace("星期", "周")


@attrs.frozen
class EveryWorkday:
    """Every working day (campaigns, sensitive periods); make-up Saturdays included."""

    def dates(self, start: _dt.date, end: _dt.date, cal: WorkdayCalendar) -> list[_dt.date]:
        """The working days in ``[start, end]``."""
        out = []
        d = start if cal.is_workday(start) else cal.next_workday(start)
        while d <= end:
            out.append(d)
            d = cal.next_workday(d)
        return out

    def describe(self) -> str:
        """In words, for notices."""
        return "每个工作日"


@attrs.frozen
class RecurrenceRule:
    """Any RFC 5545 recurrence (``"FREQ=MONTHLY;BYDAY=1MO"``), expanded by ``dateutil``."""

    rrule: str

    def __attrs_post_init__(self) -> None:
        self._parse(_dt.date(2000, 1, 1))

    def _parse(self, start: _dt.date) -> Any:
        text = self.rrule.strip()
        if text.upper().startswith("RRULE:"):
            text = text[6:]
        if "DTSTART" in text.upper():
            raise RotaError(
                f"{echo(self.rrule)}: leave DTSTART out; the rule's window and the rota's range "
                "give the start",
                zh=f"{echo(self.rrule)}：不要写 DTSTART；起始由规则的时段和安排的起止确定",
            )
        try:
            return _rrule.rrulestr(
                text, dtstart=_dt.datetime(start.year, start.month, start.day), forceset=False
            )
        except (ValueError, TypeError) as exc:
            raise RotaError(
                f"not an RFC 5545 recurrence rule: {echo(self.rrule)} ({exc}); e.g. "
                "'FREQ=MONTHLY;BYMONTHDAY=15' or 'FREQ=WEEKLY;BYDAY=MO'",
                zh=f"不是 RFC 5545 重复规则：{echo(self.rrule)}（{exc}）；如 'FREQ=MONTHLY;BYM"
                "ONTHDAY=15' 或 'FREQ=WEEKLY;BYDAY=MO'",
            ) from None

    def dates(
        self,
        start: _dt.date,
        end: _dt.date,
        cal: WorkdayCalendar,
        anchor: _dt.date | None = None,
    ) -> list[_dt.date]:
        """The days in ``[start, end]`` (before any rest-day policy).

        ``anchor`` is the rule's DTSTART (default ``start``): what a rule leaves unsaid
        (the weekday of ``FREQ=WEEKLY``, the day of ``FREQ=MONTHLY``, the phase of an
        ``INTERVAL``) is taken from it. A :class:`Rule` anchors on its window's start, or on
        the rota's first day; days before the anchor (looked at for a day a rest day moves
        forward) follow the same pattern, the anchor moved back by whole intervals.
        """
        anchor = start if anchor is None else anchor
        rule = self._parse(anchor)
        if start < anchor:
            rule = self._parse(_back(anchor, start, rule))
        hi = _dt.datetime(end.year, end.month, end.day, 23, 59, 59)
        lo = _dt.datetime(start.year, start.month, start.day)
        return [x.date() for x in rule.between(lo, hi, inc=True)]

    def describe(self) -> str:
        """In words, for notices."""
        return f"RRULE:{self.rrule}"


Recurrence = MonthlyDay | Weekly | EveryWorkday | RecurrenceRule


def _back(anchor: _dt.date, start: _dt.date, rule: Any) -> _dt.date:
    """``anchor`` moved back by whole intervals of ``rule`` until on or before ``start``."""
    n = max(1, getattr(rule, "_interval", 1))
    steps = {
        _rrule.YEARLY: _relativedelta(years=n),
        _rrule.MONTHLY: _relativedelta(months=n),
        _rrule.WEEKLY: _relativedelta(weeks=n),
    }
    # daily, or finer than a day: a day at a time keeps the date's pattern
    step = steps.get(getattr(rule, "_freq", _rrule.DAILY), _relativedelta(days=n))
    while anchor > start:
        anchor -= step
    return anchor


# --------------------------------------------------------------------------- rules, constraints


def _per_slot(value: object) -> int | Literal["all"]:
    if value == "all" or (type(value) is int and value >= 1):
        return value
    raise RotaError(
        f"per_slot must be a whole number ≥ 1 or 'all', got {echo(value)}",
        zh=f"per_slot 应为不小于 1 的整数或 'all'，实为 {echo(value)}",
    )


@attrs.frozen
class Rule:
    """One reception rule: when, who, how many, where, and what a rest day does.

    Attributes:
        id: A stable identifier (named in assignments, gaps and violations).
        when: :class:`MonthlyDay`, :class:`Weekly`, :class:`EveryWorkday` or
            :class:`RecurrenceRule`.
        pool: Who may be assigned.
        place: Where and at what time.
        per_slot: Leaders per reception, or ``"all"`` for a joint reception by the whole
            pool (those away are listed as absent).
        rest_day: What a day falling on a rest day becomes (default: the next working day).
        start, end: The window the rule applies in (campaigns, sensitive periods); ``None``
            for no limit.
        layer: ``"base"``, ``"campaign"`` or ``"sensitive"`` (重点敏感时期).
        form: 形式 for the public notice (定点接访, 带案下访, 约访 …).
        source: The document the rule comes from, for the record.

    Two rules asking for the same place on the same day make one reception, staffed to
    the larger number and from both pools (so a sensitive-period rule "one leader every
    working day" adds days, and "two leaders" adds staff, to a weekly rule at the same place).

    """

    id: str = attrs.field(validator=_text("a rule's id"))
    when: Recurrence
    pool: Pool
    place: Place
    per_slot: int | Literal["all"] = attrs.field(default=1, converter=_per_slot)
    rest_day: RestDay = attrs.field(default=RestDay.NEXT, converter=RestDay)
    start: _dt.date | None = attrs.field(default=None, converter=_optional_day)
    end: _dt.date | None = attrs.field(default=None, converter=_optional_day)
    layer: Layer = "base"
    form: str = "定点接访"
    source: str = ""

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.when, (MonthlyDay, Weekly, EveryWorkday, RecurrenceRule)):
            raise XinfangTypeError(
                f"rule {self.id}: when must be MonthlyDay, Weekly, EveryWorkday or "
                f"RecurrenceRule, got {type(self.when).__name__}",
                zh=f"规则 {self.id}：when 应为 MonthlyDay、Weekly、EveryWorkday 或 RecurrenceR"
                f"ule，实为 {type(self.when).__name__}",
            )
        if self.layer not in ("base", "campaign", "sensitive"):
            raise RotaError(
                f"rule {self.id}: layer must be base, campaign or sensitive, got "
                f"{echo(self.layer)}",
                zh=f"规则 {self.id}：layer 应为 base、campaign 或 sensitive，实为 "
                f"{echo(self.layer)}",
            )
        if self.start is not None and self.end is not None and self.end < self.start:
            raise RotaError(
                f"rule {self.id}: its window ends ({self.end}) before it starts",
                zh=f"规则 {self.id}：时段的结束日（{self.end}）早于开始日",
            )

    def days(self, start: _dt.date, end: _dt.date, cal: WorkdayCalendar) -> list[_dt.date]:
        """The rule's reception days in ``[start, end]``, rest days handled by ``rest_day``."""
        # days moved off a rest day can come into the range from just outside it
        moves = not isinstance(self.when, EveryWorkday)
        lo = start - _MARGIN if moves and self.rest_day is RestDay.NEXT else start
        hi = end + _MARGIN if moves and self.rest_day is RestDay.PREVIOUS else end
        # the margin never reaches past the calendar's range (a rota may start 2000-01-03)
        lo, hi = max(lo, _CALENDAR_FIRST), min(hi, _CALENDAR_LAST)
        if self.start is not None:
            lo = max(lo, self.start)
        if self.end is not None:
            hi = min(hi, self.end)
        out: set[_dt.date] = set()
        if lo > hi:
            found: list[_dt.date] = []
        elif isinstance(self.when, RecurrenceRule):
            # the rule's own anchor, not the wider window looked at for moved days
            anchor = max(self.start or start, _CALENDAR_FIRST)
            found = self.when.dates(lo, hi, cal, anchor=anchor)
        else:
            found = self.when.dates(lo, hi, cal)
        for d in found:
            if not cal.is_workday(d):
                if self.rest_day is RestDay.SKIP:
                    continue
                if self.rest_day is RestDay.NEXT:
                    d = cal.next_workday(d)
                elif self.rest_day is RestDay.PREVIOUS:
                    d = cal.previous_workday(d)
            if start <= d <= end:
                out.add(d)
        return sorted(out)


@attrs.frozen
class Unavailable:
    """A leader away (leave, travel, meetings) from ``start`` to ``end``, both included."""

    leader: str = attrs.field(validator=_text("the leader's id"))
    start: _dt.date = attrs.field(converter=_day)
    end: _dt.date = attrs.field(converter=_day)
    reason: str = ""

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise RotaError(
                f"{self.leader}'s absence ends ({self.end}) before it starts",
                zh=f"{self.leader} 的请假结束日（{self.end}）早于开始日",
            )


def _per(value: object) -> Per:
    if value not in ("week", "month", "quarter", "year"):
        raise RotaError(
            f"per must be week, month, quarter or year, got {echo(value)}",
            zh=f"per 应为 week、month、quarter 或 year，实为 {echo(value)}",
        )
    return value


def _count(value: object) -> int:
    if type(value) is not int or value < 0:
        raise RotaError(
            f"count must be a whole number ≥ 0, got {echo(value)}",
            zh=f"count 应为不小于 0 的整数，实为 {echo(value)}",
        )
    return value


@attrs.frozen
class MinFrequency:
    """Each leader of ``pool`` receives at least ``count`` days per ``per``.

    E.g. the 2009 意见: 县委书记 and 县长 "一般每月安排一天" (``count=1, per="month"``);
    市(地) leaders "一般每季度安排一天" (``per="quarter"``). Periods cut by the rota's
    start or end are not judged.
    """

    pool: Pool
    count: int = attrs.field(default=1, converter=_count)
    per: Per = attrs.field(default="month", converter=_per)
    source: str = ""


@attrs.frozen
class MaxFrequency:
    """Each leader of ``pool`` receives at most ``count`` days per ``per``."""

    pool: Pool
    count: int = attrs.field(default=1, converter=_count)
    per: Per = attrs.field(default="week", converter=_per)
    source: str = ""


@attrs.frozen
class Replace:
    """A manual change: on ``date`` at ``place`` (its id), ``into`` instead of ``out``."""

    date: _dt.date = attrs.field(converter=_day)
    place: str
    out: str
    into: str
    reason: str = ""


@attrs.frozen
class Swap:
    """A manual change: ``first`` leader takes ``second``'s reception and the other way round."""

    first: str
    first_date: _dt.date = attrs.field(converter=_day)
    second: str
    second_date: _dt.date = attrs.field(converter=_day)
    reason: str = ""


# --------------------------------------------------------------------------- the rota


@attrs.frozen(order=True)
class Assignment:
    """One reception: a day, a place and time, the leaders, and what made it.

    Attributes:
        date: The day (a Beijing date).
        place: The place's id.
        leaders: The leaders' ids.
        rules: The rules that asked for it.
        layer: What decided the leaders: base, campaign, sensitive, pinned or manual.
        absent: For a joint reception, the pool's members who were away.
        form: 形式, for the notice.

    """

    date: _dt.date
    place: str
    leaders: tuple[str, ...] = attrs.field(converter=_strings)
    rules: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    layer: str = "base"
    absent: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    form: str = "定点接访"


@attrs.frozen
class Gap:
    """A reception that could not be (fully) staffed, and why.

    Attributes:
        date: The day.
        place: The place's id.
        rules: The rules that asked for it.
        missing: How many leaders are missing.
        reason: Why, naming who was away or busy.
        place_name: The place's name, for messages.
        reason_zh: The same in Chinese, for the clerk (empty on a gap made by hand).

    """

    date: _dt.date
    place: str
    rules: tuple[str, ...]
    missing: int
    reason: str
    place_name: str = ""
    reason_zh: str = ""

    def __str__(self) -> str:
        return f"{self.date} {self.place_name or self.place}: {self.reason}"

    def describe_zh(self) -> str:
        """The gap in Chinese: day, place, why (the English reason if none in Chinese)."""
        return f"{self.date} {self.place_name or self.place}：{self.reason_zh or self.reason}"


@attrs.frozen
class Violation:
    """A rule or constraint a rota breaks.

    Attributes:
        kind: ``uncovered``, ``understaffed``, ``not_in_pool``, ``unexpected``,
            ``double_booked``, ``unavailable``, ``min_frequency``, ``max_frequency``,
            ``unfair`` or ``unknown_leader``.
        message: What is wrong, with the date, place and leader.
        date: The day concerned, if one.
        leader: The leader concerned, if one.

    """

    kind: str
    message: str
    date: _dt.date | None = None
    leader: str | None = None

    def __str__(self) -> str:
        return f"[{self.kind}] {self.message}"


@attrs.frozen
class Conflict:
    """A proof, by counting, that no rota can meet every rule (see :mod:`.rota_conflicts`).

    Attributes:
        kind: ``day`` (receptions of one day need more leaders than are free that day),
            ``capacity`` (receptions only a few can take need more turns than their
            maximum frequency allows), ``minimum`` (a leader cannot reach a minimum:
            away, or held back by a maximum) or ``competition`` (leaders sharing receptions
            cannot all reach their minimums).
        message: The count, in English, naming the days, places, leaders and limits.
        message_zh: The same in Chinese, for the clerk.
        first: The first day it concerns.
        last: The last day it concerns.
        deficit: What no rota can avoid here: leaders missing at receptions (``day``,
            ``capacity``) or turns short of a minimum (``minimum``, ``competition``).
        leaders: The leaders (ids) it is about: those free, or those short.
        places: The places (ids) concerned.

    """

    kind: Literal["day", "capacity", "minimum", "competition"]
    message: str
    message_zh: str
    first: _dt.date
    last: _dt.date
    deficit: int
    leaders: tuple[str, ...] = ()
    places: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.message


def _period_key(d: _dt.date, per: Per) -> tuple[int, int]:
    if per == "month":
        return (d.year, d.month)
    if per == "quarter":
        return (d.year, (d.month - 1) // 3 + 1)
    if per == "week":
        iso = d.isocalendar()
        return (iso[0], iso[1])
    return (d.year, 0)


def _period_label(d: _dt.date, per: Per) -> str:
    y, n = _period_key(d, per)
    return {"month": f"{y}-{n:02d}", "quarter": f"{y}-Q{n}", "week": f"{y}-W{n:02d}"}.get(
        per, str(y)
    )


def _period_bounds(key: tuple[int, int], per: Per) -> tuple[_dt.date, _dt.date]:
    y, n = key
    if per == "month":
        first = _dt.date(y, n, 1)
        return first, _dt.date(y + (n == 12), n % 12 + 1, 1) - _ONE
    if per == "quarter":
        first = _dt.date(y, 3 * n - 2, 1)
        return first, _dt.date(y + (n == 4), (3 * n) % 12 + 1, 1) - _ONE
    if per == "week":
        first = _dt.date.fromisocalendar(y, n, 1)
        return first, first + _dt.timedelta(days=6)
    return _dt.date(y, 1, 1), _dt.date(y, 12, 31)


def _whole_periods(start: _dt.date, end: _dt.date, per: Per) -> list[tuple[int, int]]:
    keys = []
    d = start
    while d <= end:
        key = _period_key(d, per)
        first, last = _period_bounds(key, per)
        if first >= start and last <= end:
            keys.append(key)
        d = last + _ONE
    return keys
