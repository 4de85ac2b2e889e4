"""Leaders' public reception rotas (领导干部接访安排): rules, generation and checking.

A rota is made from :class:`Rule` objects, each saying *when* (a day of every month, a
weekday of every week, every working day of a window, or any RFC 5545 ``RRULE``), *who*
(a :class:`Pool` of leaders, and how many per slot, or all of them together), *where and
at what time* (a :class:`Place`), and what happens when the day is a rest day
(:class:`RestDay`). Constraints say who is away when (:class:`Unavailable`), how often a
leader must or may receive (:class:`MinFrequency`, :class:`MaxFrequency`), and whether
turns are shared evenly (``fair``). A leader is never in two places on one day.

:func:`generate_rota` is deterministic for the same input and ``seed``;
:func:`check_rota` finds every violation in any rota, generated or made by hand.

Nothing here is hard-coded from any one document: the 2009 意见's "县委书记、县长一般每月
安排一天" or "市(地)级领导一般每季度安排一天" are :class:`MinFrequency` constraints the
caller states (see ``docs/rota.md`` for the seeds' rules written this way).
"""

from __future__ import annotations

import contextvars
import datetime as _dt
import enum
import heapq
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Literal

import attrs
from dateutil import rrule as _rrule
from dateutil.relativedelta import relativedelta as _relativedelta

from xinfang_rules.calendar import WorkdayCalendar
from xinfang_rules.dates import WEEKDAY_NAMES_ZH, as_date
from xinfang_rules.errors import XinfangTypeError, XinfangValueError
from xinfang_rules.notices import FIRST_DAY, LAST_DAY
from xinfang_rules.privacy import echo

__all__ = [
    "Assignment",
    "Conflict",
    "EveryWorkday",
    "Gap",
    "Leader",
    "MaxFrequency",
    "MinFrequency",
    "MonthlyDay",
    "Place",
    "Pool",
    "RecurrenceRule",
    "Replace",
    "RestDay",
    "Rota",
    "RotaError",
    "RotaInfeasible",
    "Rule",
    "Swap",
    "Unavailable",
    "Violation",
    "Weekly",
    "check_rota",
    "generate_rota",
]

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


@attrs.frozen
class Rota:
    """A generated (or loaded) rota.

    Attributes:
        start, end: The range covered, both included.
        assignments: The receptions, by date and place.
        gaps: Receptions that could not be staffed (only with ``allow_gaps=True``).
        leaders: The leaders, for names and titles.
        places: The places.
        notes: What regeneration changed in pinned assignments, and why; what the exact
            search did.
        conflicts: When the rota has gaps or unmet minimums: why no rota can do better,
            where a count proves it (:class:`Conflict`; empty otherwise).

    """

    start: _dt.date
    end: _dt.date
    assignments: tuple[Assignment, ...]
    leaders: tuple[Leader, ...]
    places: tuple[Place, ...]
    gaps: tuple[Gap, ...] = ()
    notes: tuple[str, ...] = ()
    conflicts: tuple[Conflict, ...] = ()

    def to_frame(self) -> Any:
        """One row per leader per reception, as a DataFrame (the ``pandas`` extra)."""
        from xinfang_rules.formats.frames import to_frame

        return to_frame(self)

    def leader(self, leader_id: str) -> Leader:
        """The leader with this id."""
        for x in self.leaders:
            if x.id == leader_id:
                return x
        raise RotaError(
            f"no leader {echo(leader_id)} in this rota", zh=f"本安排中没有领导 {echo(leader_id)}"
        )

    def place(self, place_id: str) -> Place:
        """The place with this id."""
        for x in self.places:
            if x.id == place_id:
                return x
        raise RotaError(
            f"no place {echo(place_id)} in this rota", zh=f"本安排中没有接访地点 {echo(place_id)}"
        )

    def by_leader(
        self, per: Per = "month", minimum: Sequence[MinFrequency] = ()
    ) -> dict[str, dict[str, Any]]:
        """Receptions per leader: ``{id: {"total": n, "periods": {period: n}, "required": k}}``.

        ``required`` is the largest minimum per ``per`` that applies to the leader (0 if
        none); periods are labelled ``2027-01`` (month), ``2027-Q1``, ``2027-W05``, ``2027``.
        """
        per = _per(per)
        out: dict[str, dict[str, Any]] = {}
        for x in self.leaders:
            out[x.id] = {"total": 0, "periods": {}, "required": 0}
        for m in minimum:
            if m.per == per:
                for x in m.pool.members(self.leaders):
                    out[x.id]["required"] = max(out[x.id]["required"], m.count)
        for a in self.assignments:
            label = _period_label(a.date, per)
            for lid in a.leaders:
                row = out.setdefault(lid, {"total": 0, "periods": {}, "required": 0})
                row["total"] += 1
                row["periods"][label] = row["periods"].get(label, 0) + 1
        return out

    def check(
        self,
        rules: Sequence[Rule],
        *,
        calendar: WorkdayCalendar | None = None,
        unavailable: Sequence[Unavailable] = (),
        minimum: Sequence[MinFrequency] = (),
        maximum: Sequence[MaxFrequency] = (),
        fair: bool = True,
    ) -> tuple[Violation, ...]:
        """Every violation of the rules and constraints (see :func:`check_rota`)."""
        return check_rota(
            self,
            rules,
            calendar=calendar,
            unavailable=unavailable,
            minimum=minimum,
            maximum=maximum,
            fair=fair,
        )


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


# --------------------------------------------------------------------------- slots


@attrs.define
class _Slot:
    date: _dt.date
    place: Place
    rules: list[Rule]
    need: int | None  # None: the whole pool together
    pool: list[Leader]

    @property
    def key(self) -> tuple[_dt.date, str]:
        return (self.date, self.place.id)

    @property
    def layer(self) -> str:
        return max((r.layer for r in self.rules), key=_LAYER_RANK.__getitem__)


def _slots(
    rules: Sequence[Rule],
    leaders: Sequence[Leader],
    start: _dt.date,
    end: _dt.date,
    cal: WorkdayCalendar,
) -> list[_Slot]:
    """Every reception the rules ask for, merged per day and place (joint ones apart)."""
    seen_ids: set[str] = set()
    places: dict[str, Place] = {}
    merged: dict[tuple[_dt.date, str], _Slot] = {}
    joint: list[_Slot] = []
    for rule in rules:
        if not isinstance(rule, Rule):
            raise XinfangTypeError(
                f"rules must be Rule records, got {type(rule).__name__}",
                zh=f"rules 应为 Rule 记录，实为 {type(rule).__name__}",
            )
        if rule.id in seen_ids:
            raise RotaError(
                f"two rules have the id {echo(rule.id)}", zh=f"两条规则的编号都是 {echo(rule.id)}"
            )
        seen_ids.add(rule.id)
        known = places.setdefault(rule.place.id, rule.place)
        if known != rule.place:
            raise RotaError(
                f"two different places have the id {echo(rule.place.id)}",
                zh=f"两个不同的接访地点编号都是 {echo(rule.place.id)}",
            )
        pool = list(rule.pool.members(leaders))
        for d in rule.days(start, end, cal):
            if rule.per_slot == "all":
                joint.append(_Slot(d, rule.place, [rule], None, pool))
                continue
            slot = merged.get((d, rule.place.id))
            if slot is None:
                merged[(d, rule.place.id)] = _Slot(d, rule.place, [rule], rule.per_slot, pool)
                continue
            slot.rules.append(rule)
            slot.need = max(slot.need or 0, rule.per_slot)
            slot.pool = slot.pool + [x for x in pool if x not in slot.pool]
    return sorted(
        [*joint, *merged.values()], key=lambda s: (s.date, s.need is not None, s.place.id)
    )


# --------------------------------------------------------------------------- generation


class _Book:
    """Who is assigned when: the counts generation and checking both need."""

    def __init__(self, leaders: Sequence[Leader], unavailable: Sequence[Unavailable]) -> None:
        ids = {x.id for x in leaders}
        self.away: dict[str, list[Unavailable]] = defaultdict(list)
        for u in unavailable:
            if not isinstance(u, Unavailable):
                raise XinfangTypeError(
                    f"unavailable must be Unavailable records, got {type(u).__name__}",
                    zh=f"unavailable 应为 Unavailable 记录，实为 {type(u).__name__}",
                )
            if u.leader not in ids:
                raise RotaError(
                    f"unavailability for unknown leader {echo(u.leader)}",
                    zh=f"请假记录中的领导 {echo(u.leader)} 不在名单中",
                )
            self.away[u.leader].append(u)
        self.busy: dict[_dt.date, set[str]] = defaultdict(set)
        self.counts: dict[tuple[str, Per, tuple[int, int]], int] = defaultdict(int)
        self.total: dict[str, int] = defaultdict(int)

    def absence(self, leader: str, day: _dt.date) -> Unavailable | None:
        for u in self.away.get(leader, ()):
            if u.start <= day <= u.end:
                return u
        return None

    def add(self, leader: str, day: _dt.date) -> None:
        self.busy[day].add(leader)
        self.total[leader] += 1
        for per in ("week", "month", "quarter", "year"):
            self.counts[(leader, per, _period_key(day, per))] += 1

    def count(self, leader: str, day: _dt.date, per: Per) -> int:
        return self.counts.get((leader, per, _period_key(day, per)), 0)


def generate_rota(
    rules: Sequence[Rule],
    leaders: Sequence[Leader],
    start: _dt.date,
    end: _dt.date,
    *,
    calendar: WorkdayCalendar | None = None,
    unavailable: Sequence[Unavailable] = (),
    minimum: Sequence[MinFrequency] = (),
    maximum: Sequence[MaxFrequency] = (),
    fair: bool = True,
    overrides: Sequence[Replace | Swap] = (),
    pinned: Sequence[Assignment] = (),
    seed: int = 0,
    allow_gaps: bool = False,
    solver: Literal["auto", "greedy", "exact"] = "auto",
    time_limit: float = 10.0,
) -> Rota:
    """Staff every reception the rules ask for in ``[start, end]``.

    Receptions are filled day by day (joint receptions first, then the most constrained).
    For each, the candidates are the pool's members who are not away, not already
    receiving elsewhere that day, and not at a maximum; among them the leaders still short
    of a minimum frequency come first (those with the fewest chances left first), then,
    with ``fair``, those with the fewest turns in this pool, then a fixed order drawn
    from ``seed``. With ``fair``, turns are then evened out: while a leader has two or more
    turns more than a member of a pool who was free to take one of them, that turn moves
    (the definition :func:`check_rota` applies; docs/rota.md, "Fairness"). The same input
    and seed give the same rota.

    Args:
        rules: The reception rules.
        leaders: Everyone who may be assigned.
        start: The first day of the range (a Beijing date).
        end: The last day of the range, included.
        calendar: The working-day calendar (default: the national one).
        unavailable: Absences.
        minimum: Minimum frequencies.
        maximum: Maximum frequencies.
        fair: Share turns evenly within each pool: nobody two or more turns ahead of a
            member free to take one of theirs (turns at every place, counted over the days
            both were available).
        overrides: Manual changes, applied last, in order.
        pinned: Assignments published earlier, kept where still valid (see ``notes``).
        seed: Chooses the fixed order among equals.
        allow_gaps: Return the rota with its gaps listed instead of raising.
        solver: ``"greedy"``: the fill above only. ``"auto"`` (default): when it leaves a
            reception unstaffed or a minimum unmet, the exact repair of
            :mod:`xinfang_rules.rota_solver` (the ``solver`` extra, OR-Tools) searches for a
            complete rota, else the fewest violations; without the extra, the greedy rota
            with a note saying so. ``"exact"``: always the exact search (needs the extra).
        time_limit: The whole generation's budget, in seconds of wall-clock time: the
            fill, the explanation (:attr:`Rota.conflicts`) and the exact search, which
            also stops at this much of CP-SAT's deterministic time (so that, within the
            budget, the same input gives the same rota on any machine). Past it: the best
            rota so far with its gaps, and a note saying what was cut short (the
            explanation's conflicts found by then, or the search not run or stopped).

    Raises:
        RotaInfeasible: A reception cannot be staffed, or the rota falls short of a minimum
            frequency; names every such reception and minimum, and why (with the
            :class:`Conflict` s that prove no rota can do better, where a count does).
        RotaError: Invalid rules, constraints, overrides, ``solver`` or ``time_limit``;
            ``solver="exact"`` without the ``solver`` extra.

    """
    from xinfang_rules.deadlines import _default_calendar

    if solver not in ("auto", "greedy", "exact"):
        raise RotaError(
            f"solver must be 'auto', 'greedy' or 'exact', got {echo(solver)}",
            zh=f"solver 应为 'auto'、'greedy' 或 'exact'，实为 {echo(solver)}",
        )
    if (
        isinstance(time_limit, bool)
        or not isinstance(time_limit, (int, float))
        or not 0 < time_limit < float("inf")
    ):
        raise RotaError(
            f"time_limit must be a positive number of seconds, got {echo(time_limit)}",
            zh=f"time_limit 应为正数秒，实为 {echo(time_limit)}",
        )
    cal = calendar if calendar is not None else _default_calendar()
    lo, hi = as_date(start, "start"), as_date(end, "end")
    if hi < lo:
        raise RotaError(
            f"the rota ends ({hi}) before it starts ({lo})",
            zh=f"安排的结束日（{hi}）早于开始日（{lo}）",
        )
    people = tuple(leaders)
    ids = [x.id for x in people]
    if len(set(ids)) != len(ids):
        raise RotaError("two leaders have the same id", zh="两位领导的编号相同")
    watch = _Stopwatch()
    # the whole generation answers within time_limit seconds of wall-clock time
    deadline = time.monotonic() + time_limit
    slots = _slots(rules, people, lo, hi, cal)
    book = _Book(people, unavailable)
    rng = random.Random(seed)
    order = list(ids)
    rng.shuffle(order)
    rank = {lid: i for i, lid in enumerate(order)}
    mins = [(m, {x.id for x in m.pool.members(people)}) for m in minimum]
    maxs = [(m, {x.id for x in m.pool.members(people)}) for m in maximum]
    chances, joint_ahead = _chances(slots, book, mins)
    pins = {(a.date, a.place): a for a in pinned}
    pool_turns: dict[tuple[str, ...], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    out: list[Assignment] = []
    gaps: list[Gap] = []
    notes: list[str] = []

    def blocked(leader: Leader, day: _dt.date) -> str | None:
        if leader.id in book.busy[day]:
            return "busy"
        if book.absence(leader.id, day) is not None:
            return "away"
        for m, members in maxs:
            if leader.id in members and book.count(leader.id, day, m.per) >= m.count:
                return "max"
        return None

    def fill(slot: _Slot) -> None:
        day = slot.date
        for m, members in mins:
            for x in slot.pool:
                if x.id in members and book.absence(x.id, day) is None:
                    key = (x.id, m.per, _period_key(day, m.per))
                    chances[key] -= 1
                    if slot.need is None:
                        joint_ahead[key] -= 1
        pool_key = tuple(sorted(r.id for r in slot.rules))
        turns = pool_turns[pool_key]
        why: dict[str, list[str]] = defaultdict(list)
        free: list[Leader] = []
        for x in slot.pool:
            reason = blocked(x, day)
            if reason is None:
                free.append(x)
            else:
                why[reason].append(x.name)
        pin = pins.pop(slot.key, None)
        chosen: list[Leader] = []
        layer = slot.layer
        if pin is not None:
            by_id = {x.id: x for x in free}
            kept = [by_id[lid] for lid in pin.leaders if lid in by_id]
            for lid in pin.leaders:
                if lid not in by_id:
                    notes.append(
                        f"{day} {slot.place.name}: pinned {lid} replaced "
                        f"({_why_not(lid, slot, book, day)})"
                    )
            if slot.need is None or len(kept) >= slot.need:
                chosen = kept if slot.need is None else kept[: slot.need]
                layer = "pinned"
            else:
                chosen = kept
        if slot.need is None:
            if pin is None:
                chosen = free
            absent = tuple(x.id for x in slot.pool if x not in chosen)
            if not chosen:
                gaps.append(
                    Gap(
                        day,
                        slot.place.id,
                        pool_key,
                        len(slot.pool),
                        _gap_reason(slot, why, 0),
                        slot.place.name,
                        _gap_reason_zh(slot, why, 0),
                    )
                )
                return
        else:
            absent = ()
            rest = [x for x in free if x not in chosen]
            if len(chosen) < slot.need:
                keyed = []
                for x in rest:
                    short = [
                        chances[(x.id, m.per, _period_key(day, m.per))]
                        for m, members in mins
                        if x.id in members
                        and book.count(x.id, day, m.per)
                        + joint_ahead[(x.id, m.per, _period_key(day, m.per))]
                        < m.count
                    ]
                    order_key = (
                        0 if short else 1,
                        min(short) if short else 0,
                        turns[x.id] if fair else 0,
                        book.total[x.id] if fair else 0,
                        rank[x.id],
                    )
                    keyed.append((order_key, x))
                keyed.sort(key=lambda item: item[0])
                rest = [x for _, x in keyed]
                chosen = chosen + rest[: slot.need - len(chosen)]
            if len(chosen) < slot.need:
                missing = slot.need - len(chosen)
                gaps.append(
                    Gap(
                        day,
                        slot.place.id,
                        pool_key,
                        missing,
                        _gap_reason(slot, why, len(chosen)),
                        slot.place.name,
                        _gap_reason_zh(slot, why, len(chosen)),
                    )
                )
                if not chosen:
                    return
        for x in chosen:
            book.add(x.id, day)
            turns[x.id] += 1
        out.append(
            Assignment(
                day,
                slot.place.id,
                tuple(x.id for x in chosen),
                pool_key,
                layer,
                absent,
                slot.rules[0].form,
            )
        )

    def free_count(slot: _Slot) -> int:
        return sum(1 for x in slot.pool if blocked(x, slot.date) is None)

    # day by day: joint receptions first, then the most constrained reception of the day
    # (fewest leaders free to take it, then place order), so that a small pool shared by
    # two places is not used up by the place that happens to come first
    position = {id(slot): i for i, slot in enumerate(slots)}
    filled_from: list[int] = []  # the slot position of each assignment, as filled

    def take(slot: _Slot) -> list[str]:
        """Fill one reception; the leaders it took (now busy for the rest of the day)."""
        before = len(out)
        fill(slot)
        filled_from.extend([position[id(slot)]] * (len(out) - before))
        return [lid for a in out[before:] for lid in a.leaders]

    i = 0
    while i < len(slots):
        j = i
        while j < len(slots) and slots[j].date == slots[i].date:
            j += 1
        day_slots = slots[i:j]
        for slot in day_slots:
            if slot.need is None:
                take(slot)
        # a heap of (free leaders, position); a leader taken is no longer free for the other
        # receptions of the day that have them in their pool: their counts drop by one
        rest = {position[id(s)]: s for s in day_slots if s.need is not None}
        has: dict[str, list[int]] = defaultdict(list)
        for k, slot in rest.items():
            for x in slot.pool:
                has[x.id].append(k)
        if all(len(ks) == 1 for ks in has.values()):
            for slot in rest.values():  # no leader shared: the order cannot matter
                take(slot)
            i = j
            continue
        free = {k: free_count(s) for k, s in rest.items()}
        heap = [(n, k) for k, n in free.items()]
        heapq.heapify(heap)
        while heap:
            n, k = heapq.heappop(heap)
            if k not in rest or n != free[k]:
                continue  # filled already, or an outdated count
            for lid in take(rest.pop(k)):
                for other in has.get(lid, ()):
                    if other in rest:
                        free[other] -= 1
                        heapq.heappush(heap, (free[other], other))
        i = j
    # the rota lists receptions in the slots' order, whatever order they were filled in
    out[:] = [a for _, a in sorted(zip(filled_from, out, strict=True), key=lambda t: t[0])]
    watch.lap("fill")
    for day, place in sorted(pins):
        if lo <= day <= hi:
            notes.append(f"{day} {place}: pinned reception dropped (no rule asks for it now)")
    places = tuple({r.place.id: r.place for r in rules}.values())
    # the counting arguments depend on the configuration only: worked out once, when needed
    analysis: tuple[tuple[Conflict, ...], int, int] | None = None

    def analysed() -> tuple[tuple[Conflict, ...], int, int]:
        nonlocal analysis
        if analysis is None:
            from xinfang_rules.rota_conflicts import analyse_within

            watch.lap("check")
            found, missing, short, whole = analyse_within(
                slots, people, _Book(people, unavailable), minimum, maximum, lo, hi,
                deadline=deadline,
            )  # fmt: skip
            analysis = (found, missing, short)
            if not whole:
                notes.append(_cut_short(time_limit))
            watch.lap("conflicts")
        return analysis

    if solver != "greedy":
        draft = Rota(lo, hi, tuple(out), people, places, tuple(gaps), tuple(notes))
        short = _unmet(draft, people, unavailable, minimum)
        if solver == "exact" or gaps or short:
            counted = analysed()
            if time.monotonic() >= deadline and solver != "exact":
                notes.append(_no_time_to_search(time_limit))
            else:
                # what follows the search (evening out, the checks) takes about what the
                # fill took: kept out of the search's share of the budget
                now = time.monotonic()
                reserve = 0.05 + 0.5 * (now - (deadline - time_limit))
                out, gaps, extra = _exact(
                    slots, people, unavailable, minimum, maximum, lo, hi, pins_given=pinned,
                    greedy=out, greedy_gaps=gaps, greedy_short=short, fair=fair, seed=seed,
                    time_limit=time_limit, required=solver == "exact", analysis=counted,
                    deadline=deadline - reserve,
                )  # fmt: skip
                notes.extend(extra)
    watch.lap("exact")
    if fair:
        # the one definition of fairness (_Fairness, as check_rota applies it): move turns
        # from a leader with two more to a member of the pool free that day, until none is
        # left; nothing else changes (gaps, minimums, maxima, pinned turns stay as they are)
        fairness = _Fairness(
            list(out),
            _fair_pools(slots),
            _Book(people, unavailable).absence,
            _frequency_sets(people, minimum),
            _frequency_sets(people, maximum),
        )
        fairness.even_out()
        out = fairness.out
    watch.lap("even_out")
    rota = Rota(lo, hi, tuple(out), people, places, tuple(gaps), tuple(notes))
    if overrides:
        rota = _apply_overrides(rota, overrides)
    # the generator answers for its own output: what check_rota would call a missed minimum
    unmet = _unmet(rota, people, unavailable, minimum)
    conflicts: tuple[Conflict, ...] = ()
    if rota.gaps or unmet:
        conflicts = analysed()[0]
        rota = attrs.evolve(rota, notes=tuple(dict.fromkeys((*rota.notes, *notes))))
        said = list(rota.notes)
        if conflicts and _SOLVER_HINT in said:
            # a count already proves that no rota is complete: the extra would not help
            said[said.index(_SOLVER_HINT)] = _PROVEN_BY_COUNT
        elif not conflicts and _PROVEN_BY_SEARCH in said:
            said.append(
                "no single count shows why: the conflict runs through several rules at once "
                "(days, pools, absences and limits together); the gaps name who was not free"
            )
        rota = attrs.evolve(
            rota,
            notes=(*said, *(f"minimum not met: {v.message}" for v in unmet)),
            conflicts=conflicts,
        )
    if (rota.gaps or unmet) and not allow_gaps:
        raise RotaInfeasible(rota.gaps, unmet, conflicts)
    return rota


#: Where a benchmark collects the time of each phase of :func:`generate_rota` (fill, exact,
#: even_out, conflicts; seconds); ``None`` (the default): nothing is recorded.
PHASES: contextvars.ContextVar[dict[str, float] | None] = contextvars.ContextVar(
    "xinfang_rota_phases", default=None
)


class _Stopwatch:
    """Adds the time since the last lap to :data:`PHASES` under a phase's name, if set."""

    def __init__(self) -> None:
        self.record = PHASES.get()
        self.t = time.perf_counter()

    def lap(self, name: str) -> None:
        if self.record is not None:
            now = time.perf_counter()
            self.record[name] = self.record.get(name, 0.0) + now - self.t
            self.t = now


_SOLVER_HINT = (
    "the greedy fill left receptions or minimums open; the exact search of the solver extra "
    "(pip install 'xinfang-rules[solver]') may find a complete rota"
)
_PROVEN_BY_COUNT = "no complete rota exists: see the conflicts, each a count that proves it"
_FEWEST_BY_COUNT = (
    "no complete rota exists, and this one has the fewest violations any rota can have: "
    "no more than the conflicts prove unavoidable"
)
_PROVEN_BY_SEARCH = (
    "no complete rota exists (proven by the exact search); this one has the fewest violations"
)


def _cut_short(time_limit: float) -> str:
    return (
        f"the time limit ({time_limit:g} s) ran out before the explanation was complete: the "
        "conflicts listed are those found by then, each still a proof; give more time "
        "(time_limit, --time-limit) for all of them"
    )


def _no_time_to_search(time_limit: float) -> str:
    return (
        f"the time limit ({time_limit:g} s) ran out before the exact search: this is the "
        "greedy fill, with its gaps; give more time (time_limit, --time-limit) to repair it"
    )


_PeriodCounts = dict[tuple[str, Per, tuple[int, int]], int]


def _unmet(
    rota: Rota,
    people: Sequence[Leader],
    unavailable: Sequence[Unavailable],
    minimum: Sequence[MinFrequency],
) -> list[Violation]:
    """The minimum frequencies the rota falls short of (as check_rota reports them)."""
    if not minimum:
        return []
    return _frequency_violations(rota, _booked(rota, people, unavailable), minimum, ())


def _booked(rota: Rota, people: Sequence[Leader], unavailable: Sequence[Unavailable]) -> _Book:
    """The rota's turns, counted."""
    book = _Book(people, unavailable)
    for a in rota.assignments:
        for lid in a.leaders:
            book.add(lid, a.date)
    return book


def _exact(
    slots: Sequence[_Slot],
    people: Sequence[Leader],
    unavailable: Sequence[Unavailable],
    minimum: Sequence[MinFrequency],
    maximum: Sequence[MaxFrequency],
    lo: _dt.date,
    hi: _dt.date,
    *,
    pins_given: Sequence[Assignment],
    greedy: list[Assignment],
    greedy_gaps: list[Gap],
    greedy_short: list[Violation],
    fair: bool,
    seed: int,
    time_limit: float,
    required: bool,
    analysis: tuple[tuple[Conflict, ...], int, int],
    deadline: float | None = None,
) -> tuple[list[Assignment], list[Gap], list[str]]:
    """The exact repair of a greedy rota: its assignments, gaps and notes (see rota_solver).

    ``analysis`` is :func:`~xinfang_rules.rota_conflicts.analyse`'s answer for the same
    configuration (what the counts prove unavoidable).
    """
    book = _Book(people, unavailable)
    by_key = {s.key: s for s in slots}
    # a joint reception counts once (the search counts it so), a staffed one per leader
    greedy_missing = sum(
        1 if by_key[(g.date, g.place)].need is None else g.missing for g in greedy_gaps
    )
    fill = _Book(people, unavailable)
    for a in greedy:
        for lid in a.leaders:
            fill.add(lid, a.date)
    greedy_bad = greedy_missing + _turns_short(fill, people, minimum, lo, hi)
    conflicts, at_least_missing, at_least_short = analysis
    if (
        not required
        and greedy_bad
        and (greedy_missing, greedy_bad - greedy_missing) == (at_least_missing, at_least_short)
    ):
        # the fill has no more violations than the counts prove unavoidable: no search needed
        return greedy, greedy_gaps, [_FEWEST_BY_COUNT]
    try:
        from ortools.sat.python import cp_model  # noqa: F401  (the extra is installed)

        from xinfang_rules.rota_solver import repair
    except ImportError:
        if required:
            raise RotaError(
                "solver='exact' needs the solver extra (OR-Tools): pip install "
                "'xinfang-rules[solver]'",
                zh="solver='exact' 需要 solver 扩展（OR-Tools）：pip install 'xinfang-rules[s"
                "olver]'",
            ) from None
        return greedy, greedy_gaps, [_SOLVER_HINT]
    pins = {(a.date, a.place): a for a in pins_given}
    result = repair(slots, people, book, minimum, maximum, lo, hi, pins=pins, hint=greedy,
                    fair=fair, seed=seed, time_limit=time_limit,
                    at_least=(at_least_missing, at_least_short), deadline=deadline)  # fmt: skip
    proven = result.status == "fewest"
    if result.status == "timeout" and (not result.staffed or result.violations >= greedy_bad):
        if conflicts:
            return greedy, greedy_gaps, [
                f"no complete rota exists (see the conflicts); the exact search did not find "
                f"fewer violations within its budget ({time_limit:g}): this rota has "
                f"{greedy_bad}, and the conflicts prove at least "
                f"{at_least_missing + at_least_short} unavoidable"
            ]  # fmt: skip
        return greedy, greedy_gaps, [
            f"the exact search found no complete rota within its budget ({time_limit:g}); "
            "one may exist: give it more time (time_limit, --time-limit)"
        ]  # fmt: skip
    if proven and result.violations >= greedy_bad:
        # the greedy fill was already as good as any rota can be: keep it, and say so
        return greedy, greedy_gaps, [_PROVEN_BY_SEARCH]
    out: list[Assignment] = []
    gaps: list[Gap] = []
    for i, slot in enumerate(slots):
        chosen = result.staffed.get(i, ())
        pool_key = tuple(sorted(r.id for r in slot.rules))
        absent: tuple[str, ...] = ()
        if slot.need is None:
            absent = tuple(x.id for x in slot.pool if x.id not in chosen)
        missing = result.uncovered.get(i, 0)
        if missing:
            if slot.need is None:  # nobody at a joint reception: the whole pool is missing
                missing = len(slot.pool)
            gaps.append(Gap(slot.date, slot.place.id, pool_key, missing, "", slot.place.name))
        if not chosen:
            continue
        pin = pins.get(slot.key)
        layer = "pinned" if pin is not None and set(pin.leaders) == set(chosen) else slot.layer
        out.append(Assignment(slot.date, slot.place.id, chosen, pool_key, layer, absent,
                              slot.rules[0].form))  # fmt: skip
    final = _Book(people, unavailable)
    for a in out:
        for lid in a.leaders:
            final.add(lid, a.date)
    held = {(a.date, a.place): a for a in out}
    explained = []
    for g in gaps:
        slot = by_key[(g.date, g.place)]
        taken = held[slot.key].leaders if slot.key in held else ()
        why: dict[str, list[str]] = defaultdict(list)
        for x in slot.pool:
            if x.id in taken:
                continue
            reason = _why_not(x.id, slot, final, g.date)
            kind = "away" if reason.startswith("unavailable") else (
                "busy" if reason.startswith("receiving") else "max")  # fmt: skip
            why[kind].append(x.name)
        tail, tail_zh = (
            (
                " (no rota can do better: proven by the exact search)",
                "（经精确求解证明，无法排得更好）",
            )
            if proven
            else (
                " (the best the exact search found within its budget)",
                "（精确求解在时限内找到的最好结果）",
            )
        )
        explained.append(
            attrs.evolve(
                g,
                reason=_gap_reason(slot, why, len(taken)) + tail,
                reason_zh=_gap_reason_zh(slot, why, len(taken)) + tail_zh,
            )
        )
    notes = []
    if result.status == "complete":
        fixed = len(greedy_gaps) + len(greedy_short)
        notes.append(
            "complete rota found by the exact search"
            + (f"; the greedy fill had left {fixed} problem(s)" if fixed else "")
        )
    elif proven:
        notes.append(_PROVEN_BY_SEARCH)
        notes.append(
            f"the exact search improved on the greedy fill: {result.violations} violation(s) "
            f"({sum(result.uncovered.values())} leader(s) missing at receptions, "
            f"{sum(result.short.values())} turn(s) short of a minimum) against {greedy_bad}"
        )
    else:
        notes.append(
            f"the exact search ran out of budget ({time_limit:g}): the best rota it found "
            f"has {result.violations} violation(s) against the greedy fill's {greedy_bad}"
        )
    return out, explained, notes


def _turns_short(
    book: _Book,
    people: Sequence[Leader],
    minimum: Sequence[MinFrequency],
    lo: _dt.date,
    hi: _dt.date,
) -> int:
    """Turns short of the minimum frequencies, over every whole period (as check_rota)."""
    return sum(
        max(0, m.count - book.count(x.id, _period_bounds(key, m.per)[0], m.per))
        for m in minimum
        for x in m.pool.members(people)
        for key in _whole_periods(lo, hi, m.per)
    )


def _chances(
    slots: Sequence[_Slot], book: _Book, mins: Sequence[tuple[MinFrequency, set[str]]]
) -> tuple[_PeriodCounts, _PeriodCounts]:
    """Per leader with a minimum, per period: receptions they could take, and joint ones.

    They attend joint receptions anyway, so those count toward the minimum in advance.
    """
    out: _PeriodCounts = defaultdict(int)
    joint: _PeriodCounts = defaultdict(int)
    for slot in slots:
        for m, members in mins:
            for x in slot.pool:
                if x.id in members and book.absence(x.id, slot.date) is None:
                    key = (x.id, m.per, _period_key(slot.date, m.per))
                    out[key] += 1
                    if slot.need is None:
                        joint[key] += 1
    return out, joint


def _why_not(leader: str, slot: _Slot, book: _Book, day: _dt.date) -> str:
    away = book.absence(leader, day)
    if away is not None:
        return f"unavailable {away.start}..{away.end}{'：' + away.reason if away.reason else ''}"
    if leader in book.busy[day]:
        return "receiving elsewhere that day"
    if leader not in {x.id for x in slot.pool}:
        return "no longer in the pool"
    return "at a maximum frequency"


def _gap_reason(slot: _Slot, why: Mapping[str, list[str]], have: int) -> str:
    described = {r.pool.describe() for r in slot.rules}
    pool = described.pop() if len(described) == 1 else "pooled leaders"
    if not slot.pool:
        return f"no {pool} exist (rule {', '.join(r.id for r in slot.rules)})"
    need = "all" if slot.need is None else str(slot.need)
    parts = []
    labels = {"away": "unavailable", "busy": "receiving elsewhere", "max": "at a maximum"}
    for key in ("away", "busy", "max"):
        if why.get(key):
            parts.append(f"{len(why[key])} {labels[key]} ({', '.join(why[key])})")
    if len(slot.pool) == sum(len(v) for v in why.values()):
        head = f"all {len(slot.pool)} {pool} unavailable or busy"
    else:
        head = f"needs {need}, only {have} of {len(slot.pool)} {pool} free"
    return f"{head}: {'; '.join(parts)}" if parts else head


def _gap_reason_zh(slot: _Slot, why: Mapping[str, list[str]], have: int) -> str:
    """:func:`_gap_reason` in Chinese."""
    if not slot.pool:
        return f"没有符合条件的领导（规则 {'、'.join(r.id for r in slot.rules)}）"
    parts = []
    labels = {"away": "不在岗", "busy": "当天在别处接访", "max": "已达接访次数上限"}
    for key in ("away", "busy", "max"):
        if why.get(key):
            parts.append(f"{labels[key]} {len(why[key])} 人（{'、'.join(why[key])}）")
    if len(slot.pool) == sum(len(v) for v in why.values()):
        head = f"可接访的 {len(slot.pool)} 名领导均不能到场"
    else:
        need = "全体领导" if slot.need is None else f" {slot.need} 名领导"
        head = f"需要{need}，可接访的 {len(slot.pool)} 名中只有 {have} 名有空"
    return f"{head}：{'；'.join(parts)}" if parts else head


def _apply_overrides(rota: Rota, overrides: Sequence[Replace | Swap]) -> Rota:
    items = list(rota.assignments)
    known = {x.id for x in rota.leaders}

    def find(day: _dt.date, leader: str, place: str | None = None) -> int:
        for i, a in enumerate(items):
            if a.date == day and leader in a.leaders and (place is None or a.place == place):
                return i
        where = f" at {place}" if place else ""
        raise RotaError(
            f"override: {leader} has no reception on {day}{where} to change",
            zh=f"调整：{leader} 在 {day}{f'（{place}）' if place else ''} 没有可调整的接访",
        )

    def replaced(a: Assignment, old: str, new: str) -> Assignment:
        leaders = tuple(new if x == old else x for x in a.leaders)
        return attrs.evolve(a, leaders=leaders, layer="manual")

    for o in overrides:
        if isinstance(o, Replace):
            if o.into not in known:
                raise RotaError(
                    f"override: unknown leader {echo(o.into)}",
                    zh=f"调整：未知的领导 {echo(o.into)}",
                )
            i = find(o.date, o.out, o.place)
            items[i] = replaced(items[i], o.out, o.into)
        elif isinstance(o, Swap):
            i, j = find(o.first_date, o.first), find(o.second_date, o.second)
            items[i] = replaced(items[i], o.first, o.second)
            items[j] = replaced(items[j], o.second, o.first)
        else:
            raise XinfangTypeError(
                f"overrides must be Replace or Swap, got {type(o).__name__}",
                zh=f"overrides 应为 Replace 或 Swap，实为 {type(o).__name__}",
            )
    return attrs.evolve(rota, assignments=tuple(items))


# --------------------------------------------------------------------------- checking


def check_rota(
    rota: Rota,
    rules: Sequence[Rule],
    *,
    calendar: WorkdayCalendar | None = None,
    unavailable: Sequence[Unavailable] = (),
    minimum: Sequence[MinFrequency] = (),
    maximum: Sequence[MaxFrequency] = (),
    fair: bool = True,
) -> tuple[Violation, ...]:
    """Every way ``rota`` breaks the rules and constraints, each with its reason.

    Checks: every reception the rules ask for is held and fully staffed from its pool
    (``uncovered``, ``understaffed``, ``not_in_pool``); no reception the rules do not ask
    for (``unexpected``); nobody in two places on one day (``double_booked``) or assigned
    while away (``unavailable``); minimum and maximum frequencies over every whole period
    in the rota's range (``min_frequency``, ``max_frequency``); with ``fair``, within each
    pool nobody has two turns more than someone who was free on one of their days
    (``unfair``); every leader is known (``unknown_leader``).
    """
    from xinfang_rules.deadlines import _default_calendar

    cal = calendar if calendar is not None else _default_calendar()
    people = rota.leaders
    names = {x.id: x.name for x in people}
    book = _Book(people, unavailable)
    out: list[Violation] = []
    expected = _slots(rules, people, rota.start, rota.end, cal)
    slots = {s.key: s for s in expected if s.need is not None}
    joint = {s.key: s for s in expected if s.need is None}

    held: dict[tuple[_dt.date, str], Assignment] = {}
    for a in sorted(rota.assignments):
        where = f"{a.date} {a.place}"
        for lid in a.leaders:
            if lid not in names:
                out.append(
                    Violation("unknown_leader", f"{where}: unknown leader {echo(lid)}", a.date, lid)
                )
                continue
            if lid in book.busy[a.date]:
                out.append(
                    Violation(
                        "double_booked",
                        f"{where}: {names[lid]} ({lid}) is already receiving elsewhere that day",
                        a.date,
                        lid,
                    )
                )
            away = book.absence(lid, a.date)
            if away is not None:
                out.append(
                    Violation(
                        "unavailable",
                        f"{where}: {names[lid]} ({lid}) is away {away.start}..{away.end}"
                        + (f"（{away.reason}）" if away.reason else ""),
                        a.date,
                        lid,
                    )
                )
            book.add(lid, a.date)
        key = (a.date, a.place)
        if key in held:
            held[key] = attrs.evolve(held[key], leaders=held[key].leaders + a.leaders)
        else:
            held[key] = a
    for key, slot in sorted(slots.items()):
        found = held.get(key)
        where = f"{slot.date} {slot.place.name}"
        rule_ids = ", ".join(r.id for r in slot.rules)
        if found is None:
            out.append(
                Violation("uncovered", f"{where}: no reception held (rule {rule_ids})", slot.date)
            )
            continue
        pool_ids = {x.id for x in slot.pool}
        eligible = [lid for lid in found.leaders if lid in pool_ids]
        for lid in found.leaders:
            if lid not in pool_ids and lid in names:
                out.append(
                    Violation(
                        "not_in_pool",
                        f"{where}: {names[lid]} ({lid}) is not in the pool of rule {rule_ids}",
                        slot.date,
                        lid,
                    )
                )
        assert slot.need is not None
        if len(eligible) < slot.need:
            out.append(
                Violation(
                    "understaffed",
                    f"{where}: {len(eligible)} of {slot.need} leader(s) (rule {rule_ids})",
                    slot.date,
                )
            )
    for key, slot in sorted(joint.items()):
        if key not in held:
            out.append(
                Violation(
                    "uncovered",
                    f"{slot.date} {slot.place.name}: joint reception not held "
                    f"(rule {slot.rules[0].id})",
                    slot.date,
                )
            )
    for key, a in sorted(held.items()):
        if key not in slots and key not in joint:
            out.append(
                Violation(
                    "unexpected",
                    f"{a.date} {a.place}: no rule asks for a reception here that day",
                    a.date,
                )
            )
    out.extend(_frequency_violations(rota, book, minimum, maximum))
    if fair:
        out.extend(
            _fairness_violations(
                rota, list(slots.values()), held, minimum, maximum, book.absence, names
            )
        )
    return tuple(out)


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


def _frequency_violations(
    rota: Rota, book: _Book, minimum: Sequence[MinFrequency], maximum: Sequence[MaxFrequency]
) -> list[Violation]:
    out = []
    for m in minimum:
        for x in m.pool.members(rota.leaders):
            for key in _whole_periods(rota.start, rota.end, m.per):
                first, _ = _period_bounds(key, m.per)
                n = book.count(x.id, first, m.per)
                if n < m.count:
                    label = _period_label(first, m.per)
                    src = f"; {m.source}" if m.source else ""
                    out.append(
                        Violation(
                            "min_frequency",
                            f"{x.name} ({x.title}): {n} reception(s) in {label}, at least "
                            f"{m.count} required{src}",
                            first,
                            x.id,
                        )
                    )
    for mx in maximum:
        members = {x.id: x for x in mx.pool.members(rota.leaders)}
        for (lid, per, key), n in sorted(book.counts.items()):
            if per == mx.per and lid in members and n > mx.count:
                first, _ = _period_bounds(key, per)
                x = members[lid]
                out.append(
                    Violation(
                        "max_frequency",
                        f"{x.name} ({x.title}): {n} receptions in "
                        f"{_period_label(first, per)}, at most {mx.count} allowed",
                        first,
                        lid,
                    )
                )
    return out


@attrs.frozen
class _Move:
    """A turn that could pass from ``giver`` to ``taker``, making the pool fairer."""

    index: int  # the assignment's position
    giver: str
    taker: str
    has: int  # the giver's turns on the days the taker was not away
    other: int  # the taker's turns


class _Fairness:
    """The one definition of a fair rota (docs/rota.md, "Fairness"), for check and generation.

    Within the pool of a reception (the leaders its rules draw from), nobody may have two
    or more turns more than a member who was free to take one of their turns. Turns are
    all of a leader's receptions in the rota's range, at any place (a leader's burden is
    the total, not the count at one place); the giver's are counted only on the days the
    other was not away, so that an absence is not held against either. "Free" means: in
    the pool, not away, not receiving elsewhere that day, not at a maximum frequency in
    that day's period. A turn the giver needs for a minimum frequency (no more turns in
    its period than the minimum asks), a pinned (published) turn and a joint reception are
    never counted as movable.

    Each unfair turn is a move (:class:`_Move`) that lowers the sum of squared turns, so
    moving turns until none is left ends, and leaves a rota ``check_rota`` finds fair.
    """

    def __init__(
        self,
        assignments: list[Assignment],
        pools: Mapping[tuple[_dt.date, str], Sequence[str]],
        absence: Callable[[str, _dt.date], Unavailable | None],
        minimum: Sequence[tuple[MinFrequency, set[str]]],
        maximum: Sequence[tuple[MaxFrequency, set[str]]],
    ) -> None:
        self.out = assignments
        self.pools = pools
        self.absence = absence
        self.mins = minimum
        self.maxs = maximum
        self.days: dict[str, list[_dt.date]] = defaultdict(list)
        self.busy: dict[_dt.date, set[str]] = defaultdict(set)
        self.counts: dict[tuple[str, Per, tuple[int, int]], int] = defaultdict(int)
        self.pers = {m.per for m, _ in minimum} | {m.per for m, _ in maximum}
        for a in assignments:
            for lid in a.leaders:
                self._add(lid, a.date, 1)

    def _add(self, lid: str, day: _dt.date, n: int) -> None:
        if n > 0:
            self.days[lid].append(day)
            self.busy[day].add(lid)
        else:
            self.days[lid].remove(day)
            self.busy[day].discard(lid)
        for per in self.pers:
            self.counts[(lid, per, _period_key(day, per))] += n

    def _count(self, lid: str, day: _dt.date, per: Per) -> int:
        return self.counts.get((lid, per, _period_key(day, per)), 0)

    def _free(self, lid: str, day: _dt.date) -> bool:
        return (
            lid not in self.busy[day]
            and self.absence(lid, day) is None
            and not any(lid in ids and self._count(lid, day, m.per) >= m.count
                        for m, ids in self.maxs)
        )  # fmt: skip

    def _needed(self, lid: str, day: _dt.date) -> bool:
        return any(lid in ids and self._count(lid, day, m.per) <= m.count for m, ids in self.mins)

    def _has(self, giver: str, taker: str) -> int:
        return sum(1 for d in self.days[giver] if self.absence(taker, d) is None)

    def moves(self, index: int) -> Iterator[_Move]:
        """The moves of one assignment's turns, fewest-turns taker first."""
        a = self.out[index]
        pool = self.pools.get((a.date, a.place))
        if pool is None or a.layer == "pinned":
            return
        for giver in a.leaders:
            if giver not in pool or self._needed(giver, a.date):
                continue
            most = len(self.days[giver])
            takers = sorted(
                (len(self.days[b]), n, b)
                for n, b in enumerate(pool)
                if b != giver and most - len(self.days[b]) >= 2
            )
            for other, _, taker in takers:
                if not self._free(taker, a.date):
                    continue
                has = self._has(giver, taker)
                if has - other >= 2:
                    yield _Move(index, giver, taker, has, other)

    def apply(self, move: _Move) -> None:
        a = self.out[move.index]
        leaders = tuple(move.taker if x == move.giver else x for x in a.leaders)
        self.out[move.index] = attrs.evolve(a, leaders=leaders)
        self._add(move.giver, a.date, -1)
        self._add(move.taker, a.date, 1)

    def even_out(self) -> None:
        """Move turns until no move is left (from the first turn again after each move)."""
        i = 0
        while i < len(self.out):
            move = next(self.moves(i), None)
            if move is None:
                i += 1
            else:
                self.apply(move)
                i = 0


def _fair_pools(slots: Sequence[_Slot]) -> dict[tuple[_dt.date, str], tuple[str, ...]]:
    """The pool of every reception whose turns can move (not the joint ones)."""
    return {s.key: tuple(x.id for x in s.pool) for s in slots if s.need is not None}


def _frequency_sets(
    people: Sequence[Leader], limits: Sequence[MinFrequency] | Sequence[MaxFrequency]
) -> list[tuple[Any, set[str]]]:
    return [(m, {x.id for x in m.pool.members(people)}) for m in limits]


def _fairness_violations(
    rota: Rota,
    slots: Sequence[_Slot],
    held: Mapping[tuple[_dt.date, str], Assignment],
    minimum: Sequence[MinFrequency],
    maximum: Sequence[MaxFrequency],
    absence: Callable[[str, _dt.date], Unavailable | None],
    names: Mapping[str, str],
) -> list[Violation]:
    """Turns a member with two fewer, free that day, could have taken (see _Fairness)."""
    people = rota.leaders
    fairness = _Fairness(
        [held[k] for k in sorted(held)],
        _fair_pools(slots),
        absence,
        _frequency_sets(people, minimum),
        _frequency_sets(people, maximum),
    )
    rules_of = {s.key: ", ".join(sorted(r.id for r in s.rules)) for s in slots}
    out: list[Violation] = []
    flagged: set[str] = set()  # each leader once: the first turn someone could have taken
    for i, a in enumerate(fairness.out):
        for move in fairness.moves(i):
            if move.giver in flagged:
                continue
            flagged.add(move.giver)
            giver, taker = names[move.giver], names[move.taker]  # pool members: known
            out.append(
                Violation(
                    "unfair",
                    f"{a.date} {a.place}: {giver} takes this turn (rule "
                    f"{rules_of[a.date, a.place]}) with {move.has} turn(s) on the days {taker} "
                    f"was available, while {taker}, free that day, has {move.other}",
                    a.date,
                    move.giver,
                )
            )
    return out
