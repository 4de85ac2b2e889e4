"""Conformance vectors: the library's answers, for another implementation to check itself.

Two systems in one province that compute the same deadline differently is the failure
this library exists to prevent. A system written in Java, .NET or JavaScript that keeps
its own calendar or deadline code can test it against these vectors: inputs and the
expected outputs, each with the reason, for

- ``calendar.jsonl``: every day of the official years (default 2004–2026): working day or
  not, its kind (workday, weekend, holiday, makeup_workday), the festival, the reason;
- ``workdays.jsonl``: working-day arithmetic around every holiday and make-up day:
  the N-th working day after a date, and the days skipped on the way;
- ``deadlines.jsonl``: every period of every shipped regime that the calendar decides
  (日, 工作日, 当日), started on the days around the long holidays and on make-up days:
  the due date, the last day before rolling, and the reason.

Each file is JSON Lines: a header line (``{"format": "xinfang_rules.vectors/1", ...}``
naming the file's kind and fields) and one vector per line, in a fixed order, so that the
same library version writes the same bytes (a test regenerates the committed set and
compares). ``xinfang vectors -o DIR`` writes them; docs/vectors.md describes the format.

>>> from xinfang_rules.vectors import calendar_vectors
>>> header, *days = calendar_vectors(2025, 2025)
>>> header["kind"], len(days)
('calendar', 365)
>>> days[27]["workday"], days[27]["kind"], days[27]["holiday"], days[27]["reason"]
(False, 'holiday', '春节', '星期二，春节放假，农历除夕')
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from xinfang_rules._files import write_text
from xinfang_rules.calendar import DayKind, WorkdayCalendar
from xinfang_rules.errors import CalendarNotPublishedError, XinfangValueError
from xinfang_rules.law.deadlines import compute_deadline
from xinfang_rules.law.rules import Unit, regimes

__all__ = [
    "VECTORS_FORMAT",
    "VectorsError",
    "calendar_vectors",
    "deadline_vectors",
    "workday_vectors",
    "write_vectors",
]

#: The format name in every file's header line.
VECTORS_FORMAT = "xinfang_rules.vectors/1"
#: The years the published vectors cover: the official notices the library holds.
FIRST_YEAR, LAST_YEAR = 2004, 2026
#: How many working days ahead the arithmetic vectors count.
STEPS = (1, 3, 5, 10, 15, 30, 60)


class VectorsError(XinfangValueError):
    """The vectors asked for cannot be made (e.g. a year without an official notice)."""


def _strict() -> WorkdayCalendar:
    """The national calendar, refusing (not guessing) days of a year without a notice."""
    return WorkdayCalendar.china(strict=True)


def _calendar(first: int, last: int, calendar: WorkdayCalendar | None) -> WorkdayCalendar:
    """The calendar to use (default: strict national), checked official for every year."""
    cal = calendar if calendar is not None else _strict()
    _years(first, last, cal)
    return cal


def _years(first: int, last: int, calendar: WorkdayCalendar) -> None:
    if last < first:
        raise VectorsError(
            f"the last year {last} is before the first {first}",
            zh=f"结束年份 {last} 早于开始年份 {first}",
        )
    shaky = [y for y in range(first, last + 1) if not calendar.is_official(y)]
    if shaky:
        raise VectorsError(
            f"no official holiday notice for {', '.join(map(str, shaky))}: vectors are made "
            "only for official years, so that nobody tests against a guess",
            zh=f"{'、'.join(map(str, shaky))} 年未收录国务院办公厅放假通知：测试向量只为有正式"
            "通知的年份生成，以免有人对照猜测的日期测试",
        )


def _header(kind: str, first: int, last: int, fields: dict[str, str]) -> dict[str, Any]:
    return {
        "format": VECTORS_FORMAT,
        "kind": kind,
        "years": [first, last],
        "calendar": "national (国务院办公厅放假通知)",
        "fields": fields,
    }


def calendar_vectors(
    first: int = FIRST_YEAR, last: int = LAST_YEAR, *, calendar: WorkdayCalendar | None = None
) -> list[dict[str, Any]]:
    """Every day from 1 January of ``first`` to 31 December of ``last``: header, then days.

    Raises:
        VectorsError: A year without an official notice in the calendar.

    """
    cal = _calendar(first, last, calendar)
    out = [
        _header(
            "calendar",
            first,
            last,
            {
                "date": "the day, YYYY-MM-DD (a Beijing date)",
                "workday": "whether it is a working day",
                "kind": "workday | weekend | holiday | makeup_workday (调休上班)",
                "holiday": "the festival of a holiday or of a make-up day, else null",
                "reason": "why, in Chinese",
            },
        )
    ]
    for info in cal.days(_dt.date(first, 1, 1), _dt.date(last, 12, 31)):
        out.append(
            {
                "date": info.date.isoformat(),
                "workday": info.is_workday,
                "kind": info.kind.value,
                "holiday": info.holiday,
                "reason": info.reason("zh"),
            }
        )
    return out


def _interesting(cal: WorkdayCalendar, first: int, last: int, *, long_only: bool) -> list[_dt.date]:
    """Start days that test a calendar: around each holiday block, and make-up days.

    For each run of holiday days (with the weekend days it joins): the working day before
    it, its first and its last day; every make-up working day. ``long_only`` keeps the
    runs of 5 days or more (春节, 国庆, and the long 劳动节 breaks).
    """
    days = list(cal.days(_dt.date(first, 1, 1), _dt.date(last, 12, 31)))
    starts: set[_dt.date] = set()
    run: list[_dt.date] = []
    for i, info in enumerate(days):
        if not info.is_workday:
            run.append(info.date)
        if info.is_workday or i == len(days) - 1:
            holiday_run = run and any(
                days[(d - days[0].date).days].kind is DayKind.HOLIDAY for d in run
            )
            if holiday_run and (len(run) >= 5 or not long_only):
                before = run[0] - _dt.timedelta(days=1)
                if before >= days[0].date:
                    starts.add(before)
                starts.update((run[0], run[-1]))
            run = []
        if info.kind is DayKind.MAKEUP_WORKDAY:
            starts.add(info.date)
    return sorted(starts)


def workday_vectors(
    first: int = FIRST_YEAR, last: int = LAST_YEAR, *, calendar: WorkdayCalendar | None = None
) -> list[dict[str, Any]]:
    """The N-th working day after each start day around holidays, with the days skipped.

    Raises:
        VectorsError: A year without an official notice in the calendar.

    """
    cal = _calendar(first, last, calendar)
    out = [
        _header(
            "workdays",
            first,
            last,
            {
                "start": "the day counted from (not itself counted)",
                "n": "how many working days ahead",
                "expected": "the n-th working day after start",
                "skipped": "the rest days passed on the way: runs 'A..B 节日' (节日 of holidays)",
            },
        )
    ]
    end = _dt.date(last, 12, 31)
    for start in _interesting(cal, first, last, long_only=False):
        for n in STEPS:
            try:
                due = cal.add_workdays(start, n)
            except CalendarNotPublishedError:
                continue  # it runs into a year without a notice: no vector
            if due.year > last:
                continue
            out.append(
                {
                    "start": start.isoformat(),
                    "n": n,
                    "expected": due.isoformat(),
                    "skipped": _rest_runs(cal, start, min(due, end)),
                }
            )
    return out


def _rest_runs(cal: WorkdayCalendar, start: _dt.date, end: _dt.date) -> list[str]:
    """The rest days in (start, end] as runs, each named by its holiday if it has one."""
    runs: list[str] = []
    run: list[Any] = []

    def close() -> None:
        if run:
            a, b = run[0].date, run[-1].date
            names = list(dict.fromkeys(n for d in run if d.holiday for n in d.holiday.split("、")))
            span = a.isoformat() if a == b else f"{a.isoformat()}..{b.isoformat()}"
            runs.append(f"{span} {'、'.join(names)}".rstrip() if names else span)
            run.clear()

    for info in cal.days(start + _dt.timedelta(days=1), end):
        if info.is_workday:
            close()
        else:
            run.append(info)
    close()
    return runs


def _rules_of_periods() -> list[dict[str, Any]]:
    """The distinct counting rules of the shipped periods the calendar decides.

    Each with the periods that follow it: a due date depends only on the length, the unit
    and the regime's counting.
    """
    kinds = (Unit.DAYS, Unit.WORKDAYS, Unit.SAME_DAY)
    rules: dict[tuple[Any, ...], dict[str, Any]] = {}
    for regime in sorted(regimes().values(), key=lambda r: r.id):
        for period in regime.periods:
            if period.unit not in kinds:
                continue
            key = (period.unit.value, period.length or 0, regime.count_days_as)
            rule = rules.setdefault(
                key,
                {
                    "id": f"{period.length or 0}-{period.unit.value}"
                    + ("" if regime.count_days_as == "days" else "-as-workdays"),
                    "length": period.length,
                    "unit": period.unit.value,
                    "count_days_as": regime.count_days_as,
                    "periods": [],
                },
            )
            rule["periods"].append(f"{regime.id}:{period.id}")
    return [rules[k] for k in sorted(rules)]


def deadline_vectors(
    first: int = FIRST_YEAR, last: int = LAST_YEAR, *, calendar: WorkdayCalendar | None = None
) -> list[dict[str, Any]]:
    """Every calendar-decided period of every shipped regime, from starts around long holidays.

    Periods counted in 日 (calendar days, a rest last day rolling to the next working day,
    or working days where the regime counts every 日 so), 工作日 and 当日; periods 当场 or
    set by the assigning body have no date to compute and are left out. A due date depends
    only on the period's length, unit and the regime's counting, so the header lists the
    distinct rules with the periods (``regime:period``) that follow each, and the vectors
    are given per rule (a test checks every listed period against them).

    Raises:
        VectorsError: A year without an official notice in the calendar.

    """
    cal = _calendar(first, last, calendar)
    rules = _rules_of_periods()
    header = _header(
        "deadlines",
        first,
        last,
        {
            "rule": "a rule's id from the header's rules",
            "start": "the day the clock starts (its event's day)",
            "last_day": "the period's last day before a rest day rolls it forward",
            "due": "the due date",
            "reason": "why, in Chinese",
        },
    )
    header["rules"] = rules
    out = [header]
    starts = _interesting(cal, first, last, long_only=True)
    regime_of = {r.id: r for r in regimes().values()}
    for rule in rules:
        regime_id, period_id = rule["periods"][0].split(":", 1)
        regime = regime_of[regime_id]
        period = regime[period_id]
        for start in starts:
            try:
                d = compute_deadline(period, start, calendar=cal, regime=regime)
            except CalendarNotPublishedError:
                continue
            if d.due.year > last:
                continue
            out.append(
                {
                    "rule": rule["id"],
                    "start": start.isoformat(),
                    "last_day": d.last_day.isoformat(),
                    "due": d.due.isoformat(),
                    "reason": d.why("zh"),
                }
            )
    return out


def dumps_vectors(vectors: Iterable[dict[str, Any]]) -> str:
    """Vectors as JSON Lines text: one object a line, keys in their order, UTF-8 kept."""
    return "".join(json.dumps(v, ensure_ascii=False, separators=(",", ":")) + "\n" for v in vectors)


def write_vectors(
    folder: str | Path,
    first: int = FIRST_YEAR,
    last: int = LAST_YEAR,
    *,
    calendar: WorkdayCalendar | None = None,
) -> dict[str, int]:
    """Write calendar.jsonl, workdays.jsonl and deadlines.jsonl into ``folder``.

    Each file is written whole or not at all. Returns the number of vectors in each.

    Raises:
        VectorsError: A year without an official notice in the calendar.

    """
    cal = calendar if calendar is not None else _strict()
    made = {
        "calendar.jsonl": calendar_vectors(first, last, calendar=cal),
        "workdays.jsonl": workday_vectors(first, last, calendar=cal),
        "deadlines.jsonl": deadline_vectors(first, last, calendar=cal),
    }
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    for name, vectors in made.items():
        text = dumps_vectors(vectors)
        write_text(root / name, lambda f, text=text: f.write(text))  # type: ignore[misc]
    return {name: len(v) - 1 for name, v in made.items()}


def iter_vectors(path: str | Path) -> Iterator[dict[str, Any]]:
    """The vectors of a file written by :func:`write_vectors` (the header line first).

    Raises:
        VectorsError: The file cannot be read, or a line is not a JSON object (the error
            names the line).

    """
    try:
        with open(path, "rb") as f:
            for number, raw in enumerate(f, start=1):
                try:
                    item = json.loads(raw.decode("utf-8-sig" if number == 1 else "utf-8"))
                except (ValueError, RecursionError):
                    item = None
                if not isinstance(item, dict):
                    raise VectorsError(
                        f"{path}: 第 {number} 行不是一条向量（JSON 对象） / line {number}: "
                        "not a vector (a JSON object)"
                    )
                yield item
    except OSError as exc:
        raise VectorsError(
            f"{path}: 无法读取 / cannot read the file: {exc.strerror or exc}"
        ) from None
