"""Deadlines computed from statutory periods on the working-day calendar, each explaining itself.

:func:`compute_deadline` takes a :class:`~xinfang_rules.law.rules.Period` and the day its
clock starts, and returns a :class:`Deadline`: the due date, whether it rests on a
provisional year, and, built only when asked, its derivation (:meth:`Deadline.explain`).

How the days are counted (see ``docs/deadlines.md``):

* 日 (calendar days): the start day is not counted (《民法典》 Art. 201); the last day is the
  start plus the length; if that day is a rest day (a weekend day that is not a make-up
  working day, or a holiday) the period ends on the next working day (Art. 203). A last
  day that is a make-up working Saturday is a working day and is not moved.
* 工作日 (working days): the n-th working day after the start day.
* 当日 (same day): the start day; if that is a rest day, the next working day (the office
  first sees the matter then; the same rule as Art. 203 for a period of length zero).
* 当场 (on the spot): the start day itself.
* 交办 (set by the assigning body): the date it set, passed as ``assigned_due``.

Pauses (听证 for 复核, Art. 36 ¶2; or any clock stop, 中止) leave their days out of the count:
the deadline moves by the paused days in the period's own unit. An extension adds its
length to the period, within the period's cap, if approved on or before the original due
date.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Literal, overload

import attrs

from xinfang_rules.calendar import DayInfo, DayKind, WorkdayCalendar
from xinfang_rules.calendar.days import _runs
from xinfang_rules.dates import as_date, beijing_date
from xinfang_rules.errors import DeadlineError, XinfangTypeError
from xinfang_rules.law.rules import Clock, CountDaysAs, Period, Regime, Unit
from xinfang_rules.privacy import echo

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = [
    "Deadline",
    "DeadlineStatus",
    "DeadlineStep",
    "Explanation",
    "Extension",
    "Pause",
    "compute_deadline",
    "compute_due_dates",
    "statutory_timeline",
]

Lang = Literal["zh", "en"]
_ONE = _dt.timedelta(days=1)
_STEPS = tuple(_dt.timedelta(days=i) for i in range(400))
_DEFAULT: list[WorkdayCalendar] = []


def _default_calendar() -> WorkdayCalendar:
    """The national calendar, shared (calendars are immutable and thread-safe)."""
    if not _DEFAULT:
        _DEFAULT.append(WorkdayCalendar.china())
    return _DEFAULT[0]


def _pause_date(value: object) -> _dt.date:
    return as_date(value, "a pause's start or end")


def _approval_date(value: object) -> _dt.date:
    return as_date(value, "Extension.approved_on")


def _optional_date(value: object) -> _dt.date | None:
    return None if value is None else as_date(value, "Extension.notified_on")


@attrs.frozen
class Pause:
    """Days on which a period's clock does not run, both ends included.

    Attributes:
        start: First paused day.
        end: Last paused day.
        reason: Why, e.g. ``"听证"`` or ``"等待鉴定结论"``.
        kind: ``"hearing"`` (听证, only for periods that exclude hearing time, Art. 36 ¶2)
            or ``"stop"`` (any other clock stop, 中止).

    """

    start: _dt.date = attrs.field(converter=_pause_date)
    end: _dt.date = attrs.field(converter=_pause_date)
    reason: str = attrs.field()
    kind: Literal["hearing", "stop"] = attrs.field(default="stop")

    @reason.validator
    def _check_reason(self, attribute: attrs.Attribute[str], value: str) -> None:
        if not isinstance(value, str) or not value.strip():
            raise DeadlineError("a pause needs its reason (e.g. '听证'), so it can be defended")

    @kind.validator
    def _check_kind(self, attribute: attrs.Attribute[str], value: str) -> None:
        if value not in ("hearing", "stop"):
            raise DeadlineError(
                f"Pause.kind must be 'hearing' or 'stop', got {echo(value)}",
                zh=f"Pause.kind 应为 'hearing'（听证）或 'stop'（中止），实为 {echo(value)}",
            )

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise DeadlineError(
                f"a pause ends ({self.end}) before it starts ({self.start}); end is the last "
                "paused day, inclusive",
                zh=f"中止的结束日（{self.end}）早于开始日（{self.start}）；结束日是中止的最后"
                "一天（含）",
            )

    @property
    def days(self) -> int:
        """Calendar days paused."""
        return (self.end - self.start).days + 1


@attrs.frozen
class Extension:
    """An approved extension (延长办理期限) of a period.

    Attributes:
        length: Days added, in the period's unit; at most the period's cap.
        approved_on: Day of approval; on or before the original due date.
        approver: Who approved it (e.g. the head of the unit, 本机关负责人).
        reason: The reason, as told to the petitioner.
        notified_on: Day the petitioner was told (optional).

    """

    length: int = attrs.field()
    approved_on: _dt.date = attrs.field(converter=_approval_date)
    approver: str = attrs.field()
    reason: str = attrs.field()
    notified_on: _dt.date | None = attrs.field(default=None, converter=_optional_date)

    @length.validator
    def _check_length(self, attribute: attrs.Attribute[int], value: int) -> None:
        if type(value) is not int or value < 1:
            raise DeadlineError(
                f"an extension's length must be a positive integer, got {echo(value)}",
                zh=f"延长天数应为正整数，实为 {echo(value)}",
            )

    @approver.validator
    @reason.validator
    def _check_text(self, attribute: attrs.Attribute[str], value: str) -> None:
        if not isinstance(value, str) or not value.strip():
            raise DeadlineError(
                f"an extension needs its {attribute.name} (the text requires approval and "
                "telling the petitioner the reason)",
                zh=f"延长须写明 {attribute.name}（条文要求经批准并告知信访人延期理由）",
            )


@attrs.frozen
class DeadlineStatus:
    """Where a deadline stands on a given day.

    Attributes:
        on: The day asked about.
        state: ``"open"``, ``"due_soon"`` (within the warning threshold, 预警), ``"overdue"``,
            ``"met"`` (done on or before the due date) or ``"late"`` (done after it).
        remaining: Days left until the due date, in the period's unit (0 on the due date;
            ``None`` once overdue or done).
        overdue_by: Days past the due date, in the period's unit (``None`` if not past).
        unit: The unit of ``remaining`` and ``overdue_by``.

    """

    on: _dt.date
    state: Literal["open", "due_soon", "overdue", "met", "late"]
    remaining: int | None
    overdue_by: int | None
    unit: Unit

    def __str__(self) -> str:
        unit = "个工作日" if self.unit is Unit.WORKDAYS else "日"
        if self.state == "met":
            return f"{self.on} 已按期完成"
        if self.state in ("overdue", "late"):
            done = "完成，" if self.state == "late" else ""
            return f"{self.on} {done}已超期 {self.overdue_by} {unit}"
        soon = "（临期预警）" if self.state == "due_soon" else ""
        return f"{self.on} 剩余 {self.remaining} {unit}{soon}"


@attrs.frozen
class DeadlineStep:
    """One day between the start and the due date, and what it did to the count.

    Attributes:
        day: The day and why it is a working or rest day.
        role: ``"counted"`` (a day of the period), ``"skipped"`` (a rest day a working-day
            period does not count), ``"paused"`` (clock stopped), ``"rolled"`` (a rest day
            after the last day of a calendar-day period, 民法典 Art. 203) or ``"due"`` (the
            working day a period was rolled to, or a same-day period's due date).
        number: For counted days, which day of the period (1, 2, …).
        extended: Whether the day is in the extension.
        pause: For paused days, the pause.

    """

    day: DayInfo
    role: Literal["counted", "skipped", "paused", "rolled", "due"]
    number: int | None = None
    extended: bool = False
    pause: Pause | None = None

    @property
    def date(self) -> _dt.date:
        """The day's date."""
        return self.day.date


def _mark(deadline: Deadline) -> str:
    return f"{deadline.period.title}（{deadline.period.length_text}）"


@attrs.frozen
class Explanation:
    """The derivation of a :class:`Deadline`: every day from the start to the due date.

    ``steps`` holds one :class:`DeadlineStep` for each day after the start up to and
    including the due date (for a same-day period whose start is a working day, none).
    """

    deadline: Deadline
    steps: tuple[DeadlineStep, ...]

    def render(self, lang: Lang = "zh") -> str:
        """The derivation as text, in Chinese (``"zh"``) or English (``"en"``)."""
        if lang not in ("zh", "en"):
            raise XinfangTypeError(
                f"lang must be 'zh' or 'en', got {echo(lang)}",
                zh=f"lang 应为 'zh' 或 'en'，实为 {echo(lang)}",
            )
        return "\n".join(_render(self, lang))

    def __str__(self) -> str:
        return self.render()


_WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "head": "期限：{title}，{length}，自{clock}起算（{source}）{regime}",
        "regime": "〔{}〕",
        "assigned": "交办机关指定的办理期限：{due}",
        "start": "起算：{start} {reason}",
        "civil201": "开始的当日不计入，自下一日开始计算（民法典第二百零一条）。",
        "first": "第 1 日：{date} {reason}",
        "last": "第 {n} 日：{date} {reason}",
        "skipped": "未计入的休息日（{n} 天）：",
        "makeup": "计入的调休上班日：{days}",
        "hearing": "听证",
        "stop": "中止",
        "pause": "{what}：{start} 至 {end}（{days} 日，{reason}），不计入期限",
        "extension": "延长：{n} 日，{approver}于 {on} 批准，理由：{reason}{basis}",
        "basis": "，依据{}",
        "last_day": "延长期间接续原期间计算，期间届满日为休息日的顺延一次（本库默认读法）。",
        "due_date": "延长期间自原期限（届满日为休息日的已顺延）的次日起算（规则文件所选读法）。",
        "rolled": "期间最后一日 {last} 为休息日，顺延（民法典第二百零三条）：",
        "same_day": "当日为休息日，顺延至下一个工作日。",
        "due": "截止：{due} {reason}",
        "provisional": "注意：所涉年份未收录国务院办公厅放假通知，结果为暂定。",
    },
    "en": {
        "head": "Period: {title}, {length}, from {clock} ({source}){regime}",
        "regime": " [{}]",
        "assigned": "Deadline set by the assigning body: {due}",
        "start": "Start: {start} {reason}",
        "civil201": "The start day is not counted; day 1 is the next day (Civil Code Art. 201).",
        "first": "Day 1: {date} {reason}",
        "last": "Day {n}: {date} {reason}",
        "skipped": "Rest days not counted ({n}):",
        "makeup": "Counted make-up working days: {days}",
        "hearing": "Hearing",
        "stop": "Clock stopped",
        "pause": "{what}: {start} to {end} ({days} days, {reason}), not counted",
        "extension": "Extended by {n} days, approved by {approver} on {on}: {reason}{basis}",
        "basis": " ({})",
        "last_day": "The extension continues the period; its last day, if a rest day, is "
        "moved on once (the library's default reading).",
        "due_date": "The extension runs from the day after the original due date, itself "
        "moved off a rest day (the reading the regime chose).",
        "rolled": "The last day {last} is a rest day; moved on (Civil Code Art. 203):",
        "same_day": "The start day is a rest day: due on the next working day.",
        "due": "Due: {due} {reason}",
        "provisional": "Note: a year involved has no official holiday notice; the result is "
        "provisional.",
    },
}


def _length_en(p: Period) -> str:
    if p.unit is Unit.WORKDAYS:
        return f"{p.length} working days"
    if p.unit is Unit.DAYS:
        return f"{p.length} days"
    return str(p.unit.value).replace("_", " ")


def _render(ex: Explanation, lang: Lang) -> Iterator[str]:
    w = _WORDS[lang]
    d, p = ex.deadline, ex.deadline.period
    zh = lang == "zh"

    def why(day: DayInfo) -> str:
        return day.reason(lang)

    yield w["head"].format(
        title=p.title if zh else (p.title_en or p.title),
        length=p.length_text if zh else _length_en(p),
        clock=p.clock.zh if zh else p.clock.value,
        source=p.source.render(lang),
        regime=w["regime"].format(d.regime.title) if d.regime else "",
    )
    if p.unit is Unit.SET_BY_ASSIGNER:
        yield w["assigned"].format(due=d.due)
        return
    yield w["start"].format(start=d.start, reason=why(d.calendar.describe(d.start)))
    if p.unit.counts_days:
        yield w["civil201"]
    counted = [s for s in ex.steps if s.role == "counted"]
    if counted:
        yield w["first"].format(date=counted[0].date, reason=why(counted[0].day))
        yield w["last"].format(
            n=counted[-1].number, date=counted[-1].date, reason=why(counted[-1].day)
        )
    skipped = [s.day for s in ex.steps if s.role == "skipped"]
    if skipped:
        yield w["skipped"].format(n=len(skipped))
        yield from (f"  {run}" for run in _runs(skipped, lang))
    makeup = [s.day for s in counted if s.day.kind is DayKind.MAKEUP_WORKDAY]
    if makeup and p.unit is Unit.WORKDAYS:
        yield w["makeup"].format(
            days=("；" if zh else "; ").join(f"{x.date} {why(x)}" for x in makeup)
        )
    for pause in d.pauses:
        yield w["pause"].format(
            what=w[pause.kind],
            start=pause.start,
            end=pause.end,
            days=pause.days,
            reason=pause.reason,
        )
    if d.extension is not None:
        e, rule = d.extension, p.extension
        yield w["extension"].format(
            n=e.length,
            approver=e.approver,
            on=e.approved_on,
            reason=e.reason,
            basis=w["basis"].format(rule.source.render(lang)) if rule is not None else "",
        )
        if p.unit is Unit.DAYS:
            yield w[d.regime.extension_from if d.regime is not None else "last_day"]
    rolled = [s.day for s in ex.steps if s.role == "rolled"]
    if rolled:
        yield w["rolled"].format(last=d.last_day)
        yield from (f"  {run}" for run in _runs(rolled, lang))
    if p.unit is Unit.SAME_DAY and d.due != d.start:
        yield w["same_day"]
    yield w["due"].format(due=d.due, reason=why(d.calendar.describe(d.due)))
    if d.provisional:
        yield w["provisional"]


@attrs.frozen(eq=False)
class Deadline:
    """A computed deadline.

    Attributes:
        period: The period (as counted: a regime counting 日 as working days shows
            ``Unit.WORKDAYS`` here).
        start: The day the clock started (not counted).
        due: The last day to act (end of that day, Beijing time).
        last_day: The period's last day before any roll forward (equal to ``due`` unless
            it was a rest day).
        regime: The regime the period came from, if known.
        pauses: The pauses applied, merged and sorted.
        extension: The extension applied, if any.
        provisional: Whether any year from ``start`` to ``due`` has no official holiday
            notice in the calendar (the date may change when it is published).
        calendar: The calendar used.

    >>> import datetime as dt
    >>> from xinfang_rules import XINFANG_2022
    >>> d = compute_deadline(XINFANG_2022["handle"], dt.date(2025, 8, 4))
    >>> d.due, d.last_day
    (datetime.date(2025, 10, 9), datetime.date(2025, 10, 3))

    """

    period: Period
    start: _dt.date
    due: _dt.date
    last_day: _dt.date
    regime: Regime | None
    pauses: tuple[Pause, ...]
    extension: Extension | None
    provisional: bool
    calendar: WorkdayCalendar = attrs.field(repr=False)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Deadline):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def _key(self) -> tuple[Any, ...]:
        regime_id = None if self.regime is None else self.regime.id
        return (
            self.period,
            self.start,
            self.due,
            self.last_day,
            regime_id,
            self.pauses,
            self.extension,
            self.provisional,
        )

    @property
    def rolled(self) -> bool:
        """Whether the last day was a rest day and the deadline moved to a working day."""
        return self.due != self.last_day

    def explain(self) -> Explanation:
        """Every day from the start to the due date, and what it did to the count."""
        period, cal = self.period, self.calendar
        if period.unit in (Unit.SET_BY_ASSIGNER, Unit.ON_THE_SPOT):
            return Explanation(self, ())
        if period.unit is Unit.SAME_DAY:
            days = list(cal.days(self.start + _ONE, self.due)) if self.due > self.start else []
            steps = [DeadlineStep(x, "due" if x.date == self.due else "rolled") for x in days]
            return Explanation(self, tuple(steps))
        length = period.length or 0
        steps = []
        number = 0
        pauses = list(self.pauses)
        last_day, due = self.last_day, self.due
        workdays_only = period.unit is Unit.WORKDAYS
        for info in cal.days(self.start + _ONE, due):
            d = info.date
            pause = next((p for p in pauses if p.start <= d <= p.end), None) if pauses else None
            if pause is not None:
                steps.append(DeadlineStep(info, "paused", pause=pause))
            elif d > last_day:
                steps.append(DeadlineStep(info, "due" if d == due else "rolled"))
            elif workdays_only and not info.is_workday:
                steps.append(DeadlineStep(info, "skipped"))
            else:
                number += 1
                steps.append(DeadlineStep(info, "counted", number, extended=number > length))
        return Explanation(self, tuple(steps))

    def why(self, lang: Lang = "zh") -> str:
        """A one-line reason for the due date (e.g. "第60日 10-03 国庆节放假，顺延至 10-09")."""
        p, cal = self.period, self.calendar
        if p.unit is Unit.SET_BY_ASSIGNER:
            return "交办机关指定" if lang == "zh" else "set by the assigning body"
        if p.unit is Unit.ON_THE_SPOT:
            return "当场" if lang == "zh" else "on the spot"
        parts = []
        if self.pauses:
            paused = sum(x.days for x in self.pauses)
            parts.append(f"中止 {paused} 日" if lang == "zh" else f"{paused} days paused")
        if self.extension is not None:
            n = self.extension.length
            parts.append(f"延长 {n} 日" if lang == "zh" else f"extended by {n}")
        if self.rolled:
            info = cal.describe(self.last_day)
            what = info.holiday or ("周末" if lang == "zh" else "weekend")
            parts.append(
                f"{self.last_day:%m-%d}（{what}）顺延至 {self.due:%m-%d}"
                if lang == "zh"
                else f"rolled from {self.last_day:%m-%d} ({what}) to {self.due:%m-%d}"
            )
        elif p.unit is Unit.WORKDAYS:
            rest = (
                (self.due - self.start).days
                - (p.length or 0)
                - sum(x.days for x in self.pauses)
                - (self.extension.length if self.extension else 0)
            )
            parts.append(f"跳过 {rest} 个休息日" if lang == "zh" else f"{rest} rest days skipped")
        elif p.unit is Unit.DAYS and cal.describe(self.last_day).kind.name == "MAKEUP_WORKDAY":
            parts.append(
                f"末日 {self.last_day:%m-%d} 为调休上班日，不顺延"
                if lang == "zh"
                else f"last day {self.last_day:%m-%d} is a make-up working day: not moved"
            )
        if not parts:
            parts.append("无顺延" if lang == "zh" else "no roll needed")
        if self.provisional:
            parts.append("暂定" if lang == "zh" else "provisional")
        return "；".join(parts) if lang == "zh" else "; ".join(parts)

    def status(
        self, on: _dt.date | _dt.datetime, *, warn_within: int = 3, done_on: _dt.date | None = None
    ) -> DeadlineStatus:
        """Where the deadline stands on ``on``: days left, due soon, overdue, met or late.

        Args:
            on: The day to ask about (an aware datetime is taken as its Beijing date).
            warn_within: Working days before the due date from which it is "due soon" (预警).
            done_on: The day the duty was done, if it was (gives "met" or "late").

        Days are counted in the period's unit: calendar days for 日, working days for 工作日.

        """
        day = beijing_date(on)
        if type(warn_within) is not int or warn_within < 0:
            raise XinfangTypeError(
                f"warn_within must be a whole number ≥ 0, got {echo(warn_within)}",
                zh=f"warn_within 应为不小于 0 的整数，实为 {echo(warn_within)}",
            )
        unit = Unit.WORKDAYS if self.period.unit is Unit.WORKDAYS else Unit.DAYS
        if done_on is not None:
            done = as_date(done_on, "done_on")
            if done <= self.due:
                return DeadlineStatus(day, "met", None, None, unit)
            return DeadlineStatus(day, "late", None, self._days(self.due, done, unit), unit)
        if day > self.due:
            return DeadlineStatus(day, "overdue", None, self._days(self.due, day, unit), unit)
        remaining = self._days(day, self.due, unit)
        soon = self.calendar.workdays_between(day, self.due) <= warn_within
        return DeadlineStatus(day, "due_soon" if soon else "open", remaining, None, unit)

    def _days(self, a: _dt.date, b: _dt.date, unit: Unit) -> int:
        if unit is Unit.WORKDAYS:
            return self.calendar.workdays_between(a, b)
        return (b - a).days


def _merge(pauses: Iterable[Pause]) -> tuple[Pause, ...]:
    items = list(pauses)
    for p in items:
        if not isinstance(p, Pause):
            raise XinfangTypeError(
                f"pauses must be Pause records, got {type(p).__name__}",
                zh=f"pauses 应为 Pause 记录，实为 {type(p).__name__}",
            )
    items.sort(key=lambda p: (p.start, p.end))
    merged: list[Pause] = []
    for p in items:
        if merged and p.start <= merged[-1].end + _ONE:
            last = merged[-1]
            reasons = (
                last.reason
                if p.reason in last.reason.split("；")
                else (f"{last.reason}；{p.reason}")
            )
            kind: Literal["hearing", "stop"] = (
                "hearing" if "hearing" in (last.kind, p.kind) else "stop"
            )
            merged[-1] = Pause(last.start, max(last.end, p.end), reasons, kind)
        else:
            merged.append(p)
    return tuple(merged)


def _resolve(
    period: Period | str, regime: Regime | None, count_days_as: CountDaysAs | None
) -> Period:
    if isinstance(period, str):
        if regime is None:
            raise XinfangTypeError(
                f"period {echo(period)} is an id: pass regime= too (e.g. XINFANG_2022), or pass "
                "the Period itself (XINFANG_2022['handle'])",
                zh=f"期限 {echo(period)} 是编号：请同时传入 regime=（如 XINFANG_2022），或直接"
                "传入 Period（XINFANG_2022['handle']）",
            )
        found = regime[period]
    elif isinstance(period, Period):
        found = period.counted_as(regime.count_days_as) if regime is not None else period
    else:
        raise XinfangTypeError(
            f"period must be a Period or a period id, got {type(period).__name__}",
            zh=f"period 应为 Period 或期限编号，实为 {type(period).__name__}",
        )
    if count_days_as is not None:
        if count_days_as not in ("days", "workdays"):
            raise XinfangTypeError(
                f"count_days_as must be 'days' or 'workdays', got {echo(count_days_as)}",
                zh="count_days_as 应为 'days'（日）或 'workdays'（工作日），实为 "
                f"{echo(count_days_as)}",
            )
        found = found.counted_as(count_days_as)
    return found


def compute_deadline(
    period: Period | str,
    start: _dt.date | _dt.datetime,
    *,
    calendar: WorkdayCalendar | None = None,
    regime: Regime | None = None,
    pauses: Iterable[Pause] = (),
    extension: Extension | None = None,
    assigned_due: _dt.date | None = None,
    count_days_as: CountDaysAs | None = None,
) -> Deadline:
    """The due date of ``period`` whose clock starts on ``start``, with its derivation.

    Args:
        period: A :class:`~xinfang_rules.law.rules.Period`, or its id with ``regime``.
        start: The day of the clock's event (e.g. the day the petition was accepted); an
            aware ``datetime`` is taken as its Beijing date, a naive one is refused.
        calendar: The working-day calendar (default: the national one).
        regime: The regime the period belongs to (its ``count_days_as`` applies).
        pauses: Days the clock stood still (hearings, 中止); overlapping ones are merged.
        extension: An approved extension, within the period's cap.
        assigned_due: For a period "set by the assigning body" (交办), the date it set.
        count_days_as: Override the regime: ``"workdays"`` counts every 日 as a working day.

    Raises:
        DeadlineError: A pause starts before the clock or after the period has run out,
            a pause or extension the period does not allow, an extension over the cap or
            approved after the due date, a missing ``assigned_due``.
        XinfangTypeError: Wrong types (a naive datetime, a string date …).
        CalendarNotPublishedError: A strict calendar would pass a provisional year.

    >>> import datetime as dt
    >>> from xinfang_rules import XINFANG_2022
    >>> d = compute_deadline("object_wrong_addressee", dt.date(2025, 9, 26), regime=XINFANG_2022)
    >>> d.due
    datetime.date(2025, 10, 10)

    """
    cal = calendar if calendar is not None else _default_calendar()
    simple = (
        type(start) is _dt.date
        and type(cal) is WorkdayCalendar
        and extension is None
        and assigned_due is None
        and not pauses
    )
    if simple and type(period) is Period and regime is None and count_days_as is None:
        fast = _plain_deadline(period, start, cal, None)  # the common case, kept short
        if fast is not None:
            return fast
    p = _resolve(period, regime, count_days_as)
    if simple:
        fast = _plain_deadline(p, start, cal, regime)
        if fast is not None:
            return fast
    day = beijing_date(start) if isinstance(start, _dt.datetime) else as_date(start, "start")
    if not isinstance(cal, WorkdayCalendar):
        raise XinfangTypeError(
            f"calendar must be a WorkdayCalendar, got {type(cal).__name__}",
            zh=f"calendar 应为 WorkdayCalendar，实为 {type(cal).__name__}",
        )
    merged = _merge(pauses) if pauses else ()
    unit = p.unit
    if not unit.counts_days:
        if merged:
            raise DeadlineError(
                f"period {echo(p.id)} ({p.length_text}) has no length to pause",
                zh=f"期限 {echo(p.id)}（{p.length_text}）没有可中止的天数",
            )
        if extension is not None:
            raise DeadlineError(
                f"period {echo(p.id)} ({p.length_text}) cannot be extended",
                zh=f"期限 {echo(p.id)}（{p.length_text}）不能延长",
            )
    if unit is Unit.SET_BY_ASSIGNER:
        if assigned_due is None:
            raise DeadlineError(
                f"period {echo(p.id)}: the assigning body sets this deadline; pass assigned_due=",
                zh=f"期限 {echo(p.id)}：截止日期由交办机关规定；请传入 assigned_due=",
            )
        due = as_date(assigned_due, "assigned_due")
        if due < day:
            raise DeadlineError(
                f"assigned_due {due} is before the assignment on {day}",
                zh=f"办理期限 {due} 早于交办日期 {day}",
            )
        return _made(p, day, due, due, regime, (), None, cal)
    if assigned_due is not None:
        raise DeadlineError(
            f"assigned_due applies only to periods set by the assigning body, not {echo(p.id)}",
            zh=f"assigned_due 只用于交办机关规定的期限，不用于 {echo(p.id)}",
        )
    if unit is Unit.ON_THE_SPOT:
        return _made(p, day, day, day, regime, (), None, cal)
    if unit is Unit.SAME_DAY:
        return _made(p, day, cal.roll_forward(day), day, regime, (), None, cal)
    length = p.length or 0
    for pause in merged:
        if pause.kind == "hearing" and not p.excludes_hearing:
            raise DeadlineError(
                f"period {echo(p.id)} ({p.source}) does not leave out hearing time: only a text "
                "that says so does (e.g. 复核, 《信访工作条例》 Art. 36 ¶2)"
            )
        if pause.kind == "stop" and not p.stoppable:
            raise DeadlineError(
                f"period {echo(p.id)} ({p.source}) cannot be stopped (中止): no text provides a "
                "clock stop for it, and the petitioner's own windows, routing, notice and "
                "objection periods run on; a regime file marks the periods that may be "
                "stopped with stoppable = true"
            )
        if pause.start <= day:
            raise DeadlineError(
                f"the pause from {pause.start} starts before the clock: day 1 of {echo(p.id)} is "
                f"{day + _ONE} (the start day {day} is not counted)",
                zh=f"{pause.start} 起的中止早于起算：{echo(p.id)} 的第 1 日是 {day + _ONE}（起"
                f"算当日 {day} 不计入）",
            )
    if extension is not None:
        # the original period (with the pauses that fell inside it) bounds the approval
        original = _last_day(p, day, length, merged, cal, strict=False)
        original_due = original if unit is Unit.WORKDAYS else cal.roll_forward(original)
        _check_extension(p, extension, day, original_due)
        length += extension.length
        if regime is not None and regime.extension_from == "due_date":
            # counted from the rolled due date: the days it was rolled by come first
            length += (original_due - original).days
    last = _last_day(p, day, length, merged, cal)
    due = cal.roll_forward(last) if unit is Unit.DAYS else last
    return _made(p, day, due, last, regime, merged, extension, cal)


def _plain_deadline(
    period: Period, start: _dt.date, cal: WorkdayCalendar, regime: Regime | None
) -> Deadline | None:
    """A deadline without pauses or extension, for a period with a length (else ``None``)."""
    unit = period.unit
    if unit is Unit.DAYS:
        n: int = period.length  # type: ignore[assignment]
        last = start + (_STEPS[n] if n < len(_STEPS) else _dt.timedelta(days=n))
        due = last if cal.is_workday(last) else cal.add_workdays(last, 1)
    elif unit is Unit.WORKDAYS:
        last = due = cal.add_workdays(start, period.length)  # type: ignore[arg-type]
    else:
        return None
    official = cal._cache.official
    if official.get(start.year) and official.get(due.year) and due.year - start.year < 2:
        prov = False
    else:
        prov = cal._any_provisional(start, due)
    return Deadline(period, start, due, last, regime, (), None, prov, cal)


def _last_day(
    p: Period,
    day: _dt.date,
    n: int,
    pauses: Sequence[Pause],
    cal: WorkdayCalendar,
    *,
    strict: bool = True,
) -> _dt.date:
    """The period's last counted day: the n-th running day after ``day``.

    A pause that starts after the period has run out is an error, or, with
    ``strict=False``, ignored (it belongs to a longer, extended period).
    """
    if p.unit is Unit.DAYS:
        last = day + _dt.timedelta(days=n)
        for pause in pauses:
            if pause.start > last and not strict:
                break
            _check_pause_in_time(p, pause, last)
            last += _dt.timedelta(days=pause.days)
        return last
    last = cal.add_workdays(day, n)
    for pause in pauses:
        if pause.start > last and not strict:
            break
        _check_pause_in_time(p, pause, last)
        n += cal.workdays_between(pause.start - _ONE, pause.end)
        last = cal.add_workdays(day, n)
    return last


def _check_pause_in_time(p: Period, pause: Pause, last: _dt.date) -> None:
    if pause.start > last:
        raise DeadlineError(
            f"the pause from {pause.start} starts after the last day of {echo(p.id)} ({last}): the "
            "period had already run out, so there was no clock to stop",
            zh=f"{pause.start} 起的中止晚于 {echo(p.id)} 的最后一日（{last}）：期限已届满，没"
            "有可停的计时",
        )


def _check_extension(p: Period, ext: Extension, day: _dt.date, due: _dt.date) -> None:
    if not isinstance(ext, Extension):
        raise XinfangTypeError(
            f"extension must be an Extension, got {type(ext).__name__}",
            zh=f"extension 应为 Extension，实为 {type(ext).__name__}",
        )
    rule = p.extension
    if rule is None:
        raise DeadlineError(
            f"period {echo(p.id)} ({p.source}) may not be extended",
            zh=f"期限 {echo(p.id)}（{p.source}）不得延长",
        )
    most = rule.max_extension(p.length or 0)
    if ext.length > most:
        total = f", {rule.max_length} in all" if rule.caps == "total" else ""
        raise DeadlineError(
            f"an extension of {ext.length} days exceeds the cap of {most} days{total} "
            f"({rule.source})",
            zh=f"延长 {ext.length} 天，超过上限 {most} 天（{rule.source}）",
        )
    if ext.approved_on > due:
        raise DeadlineError(
            f"the extension was approved on {ext.approved_on}, after the original due date "
            f"{due}; an extension must be approved before the period runs out",
            zh=f"延长于 {ext.approved_on} 批准，晚于原定届满日 {due}；延长应在期限届满前批准",
        )
    if ext.approved_on < day:
        raise DeadlineError(
            f"the extension was approved on {ext.approved_on}, before the clock started ({day})",
            zh=f"延长于 {ext.approved_on} 批准，早于起算日（{day}）",
        )


def _made(
    p: Period,
    start: _dt.date,
    due: _dt.date,
    last: _dt.date,
    regime: Regime | None,
    pauses: tuple[Pause, ...],
    extension: Extension | None,
    cal: WorkdayCalendar,
) -> Deadline:
    provisional = cal._any_provisional(start, due)
    return Deadline(p, start, due, last, regime, pauses, extension, provisional, cal)


# --------------------------------------------------------------------------- batch


@overload
def compute_due_dates(
    period: Period | str,
    starts: npt.NDArray[np.datetime64],
    *,
    calendar: WorkdayCalendar | None = ...,
    regime: Regime | None = ...,
    count_days_as: CountDaysAs | None = ...,
) -> npt.NDArray[np.datetime64]: ...
@overload
def compute_due_dates(
    period: Period | str,
    starts: Iterable[_dt.date],
    *,
    calendar: WorkdayCalendar | None = ...,
    regime: Regime | None = ...,
    count_days_as: CountDaysAs | None = ...,
) -> list[_dt.date]: ...


def compute_due_dates(
    period: Period | str,
    starts: Any,
    *,
    calendar: WorkdayCalendar | None = None,
    regime: Regime | None = None,
    count_days_as: CountDaysAs | None = None,
) -> Any:
    """The due dates of one period for many start dates (no pauses or extensions).

    Equal, date for date, to ``compute_deadline(period, start, ...).due``. A numpy
    ``datetime64`` array (the ``fast`` extra) is computed with the calendar's vectorised
    path and returns a ``datetime64[D]`` array; any other iterable of dates returns a list.
    """
    p = _resolve(period, regime, count_days_as)
    cal = calendar if calendar is not None else _default_calendar()
    if type(starts).__module__ == "numpy" and type(starts).__name__ == "ndarray":
        import numpy as np

        if p.unit is Unit.WORKDAYS:
            return cal.add_workdays_many(starts, p.length or 0)
        if p.unit is Unit.DAYS:
            last = starts.astype("datetime64[D]") + np.timedelta64((p.length or 0) - 1, "D")
            return cal.add_workdays_many(last, 1)  # roll forward: first working day >= last
        if p.unit is Unit.SAME_DAY:
            return cal.add_workdays_many(starts.astype("datetime64[D]") - np.timedelta64(1, "D"), 1)
        if p.unit is Unit.ON_THE_SPOT:
            return cal.add_workdays_many(starts, 0)
        raise DeadlineError(
            f"period {echo(p.id)} is set by the assigning body: no batch form",
            zh=f"期限 {echo(p.id)} 由交办机关规定：不能批量计算",
        )
    return [compute_deadline(p, s, calendar=cal).due for s in starts]


# --------------------------------------------------------------------------- timeline


def statutory_timeline(
    received: _dt.date | _dt.datetime,
    *,
    accepted: _dt.date | None = None,
    reply_received: _dt.date | None = None,
    regime: Regime | None = None,
    calendar: WorkdayCalendar | None = None,
) -> list[tuple[Period, Deadline | None]]:
    """Every period of the regime for a petition, with its deadline where its clock is known.

    Args:
        received: The day the petition was received (also the day a forwarded one was
            received by the handling unit); chooses the regime unless ``regime`` is given.
        accepted: The day it was accepted (starts the handling period).
        reply_received: The day the petitioner received the written reply (starts the
            review request window).
        regime: Overrides :func:`~xinfang_rules.law.rules.regime_for`.
        calendar: The working-day calendar.

    Raises:
        DeadlineError: ``accepted`` before ``received``, or ``reply_received`` before
            either.

    Periods whose clock event is not given (e.g. the 复查 decision) are listed with ``None``.

    """
    from xinfang_rules.law.rules import regime_for

    day = (
        beijing_date(received)
        if isinstance(received, _dt.datetime)
        else as_date(received, "received")
    )
    reg = regime if regime is not None else regime_for(day)
    accepted_on = None if accepted is None else as_date(accepted, "accepted")
    reply_on = None if reply_received is None else as_date(reply_received, "reply_received")
    if accepted_on is not None and accepted_on < day:
        raise DeadlineError(
            f"accepted on {accepted_on} is before the petition was received on {day}; "
            "a petition is accepted on or after the day it arrives",
            zh=f"受理日期 {accepted_on} 早于登记日期 {day}；受理不会早于收到之日",
        )
    if reply_on is not None and reply_on < (accepted_on or day):
        before = "accepted" if accepted_on is not None else "received"
        raise DeadlineError(
            f"the reply was received on {reply_on}, before the petition was {before} on "
            f"{accepted_on or day}; check the dates",
            zh=f"收到答复之日 {reply_on} 早于信访事项"
            f"{'受理' if accepted_on is not None else '登记'}之日 {accepted_on or day}；请"
            "核对日期",
        )
    known = {
        Clock.RECEIVED: day,
        Clock.FORWARD_RECEIVED: day,
        Clock.UNIT_RECEIVED: day,
        Clock.ACCEPTED: accepted_on,
        Clock.REPLY_RECEIVED: reply_on,
    }
    out: list[tuple[Period, Deadline | None]] = []
    for p in reg:
        start = known.get(p.clock)
        if start is None or p.unit is Unit.SET_BY_ASSIGNER:
            out.append((p, None))
        else:
            out.append((p, compute_deadline(p, start, calendar=calendar, regime=reg)))
    return out
