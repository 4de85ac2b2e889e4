"""National holiday data, read from the ``holidays`` package (its ``China`` entity).

``holidays.China`` holds, for each year whose State Council General Office notice
(国务院办公厅关于某年部分节假日安排的通知) its maintainers have transcribed, the days off
and the swaps (调休) of that notice in ``ChinaStaticHolidays.special_public_holidays``.
For any other year it silently falls back to the festivals of 《全国年节及纪念日放假办法》
with no make-up working days. That fallback must never pass for the official calendar,
so the years of that table are the years this library treats as official. If a future
``holidays`` release reshapes the table, no year is official (every result warns) rather
than a guess being taken for a notice; the test suite pins the known years.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re

import attrs

__all__ = ["NationalYear", "national_year", "package_official_years", "package_version"]

_LABEL_SUFFIX = re.compile(r"（(补假)?(，)?(推定)?）$")
#: Days off whose own label is not the festival's name.
_FESTIVAL_OF = {"农历除夕": "春节", "春节延长假期": "春节"}
_SUBSTITUTED = "调休"
_ONE_DAY = _dt.timedelta(days=1)


@attrs.frozen
class NationalYear:
    """One year of the national calendar as the ``holidays`` package has it.

    Attributes:
        year: The year.
        days_off: Date → (festival, note) for every day off in the year, weekend or not
            (note: ``"调休"`` for a weekday off in exchange for a make-up working day,
            ``"补假"`` for a substitute day, the day's own name such as ``"农历除夕"``).
        workdays: Date → festival, for weekend days of this year that this year's notice
            makes working days.
        prior_year_workdays: The same for late-December days of the year before that this
            year's notice makes working days (the 2002, 2006, 2007 and 2012 notices did).
        official: Whether the year's State Council notice is in the package's data.

    """

    year: int
    days_off: dict[_dt.date, tuple[str, str | None]]
    workdays: dict[_dt.date, str]
    prior_year_workdays: dict[_dt.date, str]
    official: bool


@functools.cache
def package_version() -> str:
    """The version of the installed ``holidays`` package."""
    from importlib.metadata import version

    return version("holidays")


@functools.cache
def package_official_years() -> frozenset[int]:
    """Years whose State Council notice the installed ``holidays`` package holds."""
    try:
        from holidays.countries.china import ChinaStaticHolidays
    except ImportError:  # pragma: no cover - guarded by the test suite
        return frozenset()
    years: set[int] = set()
    for table in ("special_public_holidays", "special_public_holidays_observed"):
        mapping = getattr(ChinaStaticHolidays, table, None)
        if isinstance(mapping, dict):
            years.update(y for y in mapping if isinstance(y, int))
    return frozenset(years)


@functools.cache
def _swaps(year: int) -> tuple[tuple[_dt.date, _dt.date], ...]:
    """(day off, make-up working day) pairs of ``year``'s notice; weekend working days only."""
    try:
        from holidays.countries.china import ChinaStaticHolidays
    except ImportError:  # pragma: no cover
        return ()
    raw = getattr(ChinaStaticHolidays, "special_public_holidays", {}).get(year, ())
    if raw and isinstance(raw[0], int):  # a single entry is stored unwrapped
        raw = (raw,)
    pairs = []
    for entry in raw:
        if len(entry) in (4, 5) and all(isinstance(x, int) for x in entry):
            to_month, to_day, from_month, from_day, *from_year = entry
            off = _dt.date(year, to_month, to_day)
            work = _dt.date(from_year[0] if from_year else year, from_month, from_day)
            if work.weekday() >= 5:
                pairs.append((off, work))
    return tuple(pairs)


@functools.cache
def _raw_days_off(year: int) -> dict[_dt.date, str]:
    from holidays.countries.china import China

    return dict(China(years=year, language="zh_CN"))  # type: ignore[no-untyped-call]


def _clean(label: str) -> tuple[str, str | None]:
    """Split a ``holidays`` label into (name, note); several names are joined with "、"."""
    if "; " in label:
        parts = [_clean(part) for part in label.split("; ")]
        names = "、".join(dict.fromkeys(name for name, _ in parts))
        notes = "、".join(dict.fromkeys(note for _, note in parts if note))
        return names, notes or None
    note = "补假" if "补假" in label else None
    name = _LABEL_SUFFIX.sub("", label)
    if name in _FESTIVAL_OF:
        return _FESTIVAL_OF[name], name
    return name, note


@functools.cache
def national_year(year: int) -> NationalYear:
    """The national calendar of ``year`` from the ``holidays`` package, festivals named."""
    official = year in package_official_years()
    raw: dict[_dt.date, str] = {}
    for y in (year - 1, year, year + 1):
        raw.update(_raw_days_off(y))
    swapped = {off for y in (year, year + 1) for off, _ in _swaps(y)}
    swapped_all = {off for y in (year - 1, year, year + 1) for off, _ in _swaps(y)}

    def is_rest(d: _dt.date) -> bool:
        return d in raw or (d.weekday() >= 5 and d not in workdays_near)

    workdays_near = {w for y in (year - 1, year, year + 1) for _, w in _swaps(y)}

    def festival_near(d: _dt.date) -> str:
        """The festivals of the run of rest days around ``d``, as a notice names them.

        A swap belongs to the whole holiday block, e.g. 2025's 9-28 make-up working day
        to "国庆节、中秋节" (1-8 October).
        """
        start = end = d
        while is_rest(start - _ONE_DAY) and (d - start).days < 15:
            start -= _ONE_DAY
        while is_rest(end + _ONE_DAY) and (end - d).days < 15:
            end += _ONE_DAY
        names: list[str] = []
        cur = start
        while cur <= end:
            label = raw.get(cur)
            if label is not None and _SUBSTITUTED not in label and cur not in swapped_all:
                for part in label.split("; "):
                    name, note = _clean(part)
                    if note != "补假" and name not in names:
                        names.append(name)
            cur += _ONE_DAY
        return "、".join(names) or _SUBSTITUTED

    days_off: dict[_dt.date, tuple[str, str | None]] = {}
    for d, label in raw.items():
        if d.year != year:
            continue
        if d in swapped or _SUBSTITUTED in label:
            days_off[d] = (festival_near(d), _SUBSTITUTED)
        else:
            days_off[d] = _clean(label)
    # Weekend days inside a holiday block belong to it, as the notices count them
    # ("10月1日至8日放假调休，共8天" includes 10-04 and 10-05).
    day = _dt.date(year, 1, 1)
    while day.year == year:
        if day.weekday() >= 5 and day not in days_off and is_rest(day):
            neighbours = (day - _ONE_DAY, day + _ONE_DAY, day - 2 * _ONE_DAY, day + 2 * _ONE_DAY)
            if any(n in raw for n in neighbours if is_rest(n)):
                name = festival_near(day)
                if name != _SUBSTITUTED:
                    days_off[day] = (name, "周末")
        day += _ONE_DAY
    workdays: dict[_dt.date, str] = {}
    prior: dict[_dt.date, str] = {}
    for off, work in _swaps(year):
        (workdays if work.year == year else prior)[work] = festival_near(off)
    return NationalYear(
        year=year,
        days_off=days_off,
        workdays=workdays,
        prior_year_workdays=prior,
        official=official,
    )
