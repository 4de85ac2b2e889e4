"""What a day is, and a span of days explained.

:class:`DayKind` (working day, weekend, holiday, 调休 make-up working day), :class:`DayInfo`
(a day's kind and why, with the notice behind it) and :class:`WorkdaySpan` (the days a
count passed, each with its reason: what ``explain_add_workdays`` returns).
"""

from __future__ import annotations

import datetime as _dt
import enum
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Literal

import attrs

from xinfang_rules.dates import WEEKDAY_NAMES_ZH
from xinfang_rules.errors import (
    XinfangTypeError,
)
from xinfang_rules.privacy import echo

if TYPE_CHECKING:
    pass

Lang = Literal["zh", "en"]
_WEEKDAY_NAMES_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class DayKind(enum.Enum):
    """Why a day is a working day or a rest day."""

    WORKDAY = "workday"  #: 工作日: a Monday–Friday with nothing special.
    WEEKEND = "weekend"  #: 周末: a Saturday or Sunday that stays a rest day.
    HOLIDAY = "holiday"  #: 节假日: a day off by statute or notice (incl. 补假 and 调休 days off).
    MAKEUP_WORKDAY = "makeup_workday"  #: 调休上班: a weekend day made a working day.

    @property
    def zh(self) -> str:
        """The Chinese term."""
        return _KIND_ZH[self]

    @property
    def is_workday(self) -> bool:
        """Whether days of this kind are working days."""
        return self in (DayKind.WORKDAY, DayKind.MAKEUP_WORKDAY)


_KIND_ZH = {
    DayKind.WORKDAY: "工作日",
    DayKind.WEEKEND: "周末",
    DayKind.HOLIDAY: "放假",
    DayKind.MAKEUP_WORKDAY: "调休上班",
}


_WEEKDAY_PREFIX = {
    "zh": tuple(f"{name}，" for name in WEEKDAY_NAMES_ZH),
    "en": tuple(f"{name}, " for name in _WEEKDAY_NAMES_EN),
}
_REASON_WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "WORKDAY": "工作日",
        "WEEKEND": "周末休息",
        "holiday": "{}放假{}",
        "detail": "，{}",
        "off": "放假",
        "makeup": "调休上班",
        "for": "（{}）",
        "region": "〔{}〕",
        "provisional": "〔暂定：未收录当年放假通知〕",
    },
    "en": {
        "WORKDAY": "working day",
        "WEEKEND": "weekend",
        "holiday": "holiday: {}{}",
        "detail": ", {}",
        "off": "day off",
        "makeup": "make-up working day (调休上班)",
        "for": " for {}",
        "region": " [{}]",
        "provisional": " [provisional: no official notice for this year]",
    },
}


@attrs.frozen
class DayInfo:
    """What one day is, and why.

    Attributes:
        date: The day.
        kind: Working day, weekend, holiday, or make-up working day.
        holiday: For a holiday, its festival (e.g. ``"春节"``); for a make-up working day,
            the holiday it makes up for; else ``None``.
        note: More detail: ``"调休"`` (a weekday off by swap), ``"补假"`` (a substitute day
            off), the day's own name (``"农历除夕"``).
        official: ``False`` when the day's year has no official notice in this calendar.
        source: The notice or rule that made the day what it is (``None`` for plain days).
        region: The region whose local holiday decided the day, if any.

    """

    date: _dt.date
    kind: DayKind
    holiday: str | None = None
    note: str | None = None
    official: bool = True
    source: str | None = None
    region: str | None = None

    @property
    def is_workday(self) -> bool:
        """Whether the day is a working day."""
        return self.kind.is_workday

    def reason(self, lang: Lang = "zh") -> str:
        """Why the day is what it is, in Chinese (``"zh"``) or English (``"en"``).

        >>> import datetime as dt
        >>> from xinfang_rules import WorkdayCalendar
        >>> cal = WorkdayCalendar.china()
        >>> cal.describe(dt.date(2025, 1, 26)).reason()
        '星期日，调休上班（春节）'
        >>> cal.describe(dt.date(2025, 1, 26)).reason("en")
        'Sunday, make-up working day (调休上班) for 春节'
        """
        words = _REASON_WORDS.get(lang)
        if words is None:
            raise XinfangTypeError(
                f"lang must be 'zh' or 'en', got {echo(lang)}",
                zh=f"lang 应为 'zh' 或 'en'，实为 {echo(lang)}",
            )
        if self.kind is DayKind.HOLIDAY:
            detail = words["detail"].format(self.note) if self.note else ""
            what = words["holiday"].format(self.holiday, detail) if self.holiday else words["off"]
        elif self.kind is DayKind.MAKEUP_WORKDAY:
            what = words["makeup"] + (words["for"].format(self.holiday) if self.holiday else "")
        else:
            what = words[self.kind.name]
        text = _WEEKDAY_PREFIX[lang][self.date.weekday()] + what
        if self.region:
            text += words["region"].format(self.region)
        if not self.official:
            text += words["provisional"]
        return text

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.reason()}"


@attrs.frozen
class WorkdaySpan:
    """A count of working days with every day behind it: the answer and its reason.

    Attributes:
        start: The day counting starts from (not itself counted).
        end: The last day counted.
        count: Working days in ``(start, end]`` (negative when ``end < start``).
        days: Every day between, in counting order: ``(start, end]`` forwards, or
            ``[end, start)`` backwards.
        provisional_years: Years of those days without an official notice.

    """

    start: _dt.date
    end: _dt.date
    count: int
    days: tuple[DayInfo, ...]
    provisional_years: tuple[int, ...] = ()

    @property
    def skipped(self) -> tuple[DayInfo, ...]:
        """The rest days that were not counted."""
        return tuple(d for d in self.days if not d.is_workday)

    @property
    def makeup_workdays(self) -> tuple[DayInfo, ...]:
        """Weekend days that were counted because a notice made them working days."""
        return tuple(d for d in self.days if d.kind is DayKind.MAKEUP_WORKDAY)

    def render(self, lang: Lang = "zh") -> str:
        """A readable derivation; rest days are grouped into runs.

        >>> import datetime as dt
        >>> from xinfang_rules import WorkdayCalendar
        >>> span = WorkdayCalendar.china().explain_add_workdays(dt.date(2025, 9, 26), 4)
        >>> print(span.render())
        2025-09-26 后第 4 个工作日是 2025-10-09（不含起算日，民法典第二百零一条）。
        计入调休上班日：2025-09-28 星期日，调休上班（国庆节、中秋节）
        跳过休息日：
          2025-09-27 周末休息
          2025-10-01 至 2025-10-08（8 天）：国庆节、中秋节
        """
        words = _SPAN_WORDS.get(lang)
        if words is None:
            raise XinfangTypeError(
                f"lang must be 'zh' or 'en', got {echo(lang)}",
                zh=f"lang 应为 'zh' 或 'en'，实为 {echo(lang)}",
            )
        forward = self.end >= self.start
        lines = [
            words["head"].format(
                start=self.start,
                end=self.end,
                n=abs(self.count),
                where=words["after" if forward else "before"],
            )
            if self.days
            else words["same"].format(start=self.start, end=self.end)
        ]
        if self.makeup_workdays:
            lines.append(
                words["makeup"]
                + words["sep"].join(
                    f"{d.date} {d.reason()}" if lang == "zh" else f"{d.date} ({d.reason('en')})"
                    for d in self.makeup_workdays
                )
            )
        if self.skipped:
            lines.append(words["skipped"])
            lines.extend(f"  {run}" for run in _runs(self.skipped, lang))
        if self.provisional_years:
            years = words["and"].join(str(y) for y in self.provisional_years)
            lines.append(words["provisional"].format(years=years))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.render()


_SPAN_WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "head": "{start} {where}第 {n} 个工作日是 {end}（不含起算日，民法典第二百零一条）。",
        "after": "后",
        "before": "前",
        "same": "{start} 与 {end} 为同一天，计 0 个工作日。",
        "makeup": "计入调休上班日：",
        "sep": "；",
        "skipped": "跳过休息日：",
        "and": "、",
        "provisional": "注意：{years} 年未收录国务院办公厅放假通知，结果为暂定（无调休数据）。",
    },
    "en": {
        "head": "Working day {n} {where} {start} is {end} "
        "(the start day is not counted, Civil Code Art. 201).",
        "after": "after",
        "before": "before",
        "same": "{start} and {end} are the same day: 0 working days.",
        "makeup": "Counted make-up working days: ",
        "sep": "; ",
        "skipped": "Skipped rest days:",
        "and": ", ",
        "provisional": "Note: no official holiday notice for {years}; the result is "
        "provisional (no make-up working days known).",
    },
}


def _runs(days: Sequence[DayInfo], lang: Lang) -> Iterator[str]:
    """Group consecutive holiday days into one line; weekends stay one line each."""
    ordered = sorted(days, key=lambda d: d.date)
    i = 0
    while i < len(ordered):
        j = i
        names: list[str] = []
        while j + 1 < len(ordered) and (ordered[j + 1].date - ordered[j].date).days == 1:
            j += 1
        run = ordered[i : j + 1]
        for d in run:
            for name in (d.holiday or "").split("、"):
                if name and name not in names:
                    names.append(name)
        if len(run) == 1 or not names:
            for d in run:
                yield f"{d.date} {d.reason(lang).split('，', 1)[-1].split(', ', 1)[-1]}"
        else:
            label = "、".join(names)
            if lang == "zh":
                yield f"{run[0].date} 至 {run[-1].date}（{len(run)} 天）：{label}"
            else:
                yield f"{run[0].date} to {run[-1].date} ({len(run)} days): {label}"
        i = j + 1
