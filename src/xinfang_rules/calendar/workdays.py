"""The official Chinese working-day calendar (工作日历).

A day is a working day unless it is a weekend day (Saturday, Sunday) or a day off under
《全国年节及纪念日放假办法》 and the State Council General Office's yearly notice
(国务院办公厅关于某年部分节假日安排的通知); a weekend day that a notice makes a working
day (调休上班) is a working day. Regions with local holidays (e.g. 广西 壮族三月三) add
theirs on top.

Counting follows 《民法典》 Art. 201 ¶1: the day an event happens is not counted, day 1 is
the next day. ``add_workdays(d, n)`` is therefore the n-th working day *after* ``d``, and
``workdays_between(a, b)`` counts the working days in ``(a, b]``.

Years whose official notice the calendar does not hold are *provisional*: it still answers
(festivals by rule, no 调休), warns with :class:`~xinfang_rules.ProvisionalCalendarWarning`
once per year, and says so in every explanation; a strict calendar raises
:class:`~xinfang_rules.CalendarNotPublishedError` instead.
"""

from __future__ import annotations

import datetime as _dt
import sys
import warnings
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, overload

import attrs

from xinfang_rules.calendar import _china
from xinfang_rules.calendar.notices import (
    FIRST_YEAR,
    LAST_YEAR,
    Notice,
    NoticeFile,
    Region,
    _iter_notices,
    _to_notices,
    load_notice_file,
    notice_file_from_toml,
)
from xinfang_rules.dates import as_date
from xinfang_rules.errors import (
    CalendarNotPublishedError,
    DateOutOfRangeError,
    NoticeError,
    ProvisionalCalendarWarning,
    XinfangTypeError,
)
from xinfang_rules.privacy import echo

if TYPE_CHECKING:
    from pathlib import Path

    import numpy as np
    import numpy.typing as npt
from xinfang_rules.calendar._index import (
    _EPOCH_ORDINAL,
    _FIRST,
    _LAST,
    _add_on_index,
    _between_on_index,
    _Cache,
    _check_n,
    _epoch_days,
    _from_epoch,
    _Index,
    _is_ndarray,
    _out_of_range,
)
from xinfang_rules.calendar._sources import _day_info
from xinfang_rules.calendar.days import DayInfo, DayKind, WorkdaySpan

__all__ = ["DayInfo", "DayKind", "WorkdayCalendar", "WorkdaySpan", "regional_presets"]
_PRESETS = {"广西": "guangxi.toml"}
_PRESET_ALIASES = {"guangxi": "广西", "广西壮族自治区": "广西"}


def _to_regions(value: Iterable[Region]) -> tuple[Region, ...]:
    return tuple(value)


@attrs.frozen(eq=True)
class WorkdayCalendar:
    """A working-day calendar: immutable, and safe to share between threads.

    Build one with :meth:`china`; derive others with :meth:`with_notice`,
    :meth:`with_region` or :meth:`with_notice_file`. Lookups after a one-time build
    per span of years are O(1).

    >>> import datetime as dt
    >>> cal = WorkdayCalendar.china()
    >>> cal.is_workday(dt.date(2025, 1, 26))   # Sunday, 调休上班 for 春节
    True
    >>> cal.add_workdays(dt.date(2025, 1, 20), 15)
    datetime.date(2025, 2, 14)
    >>> cal.workdays_between(dt.date(2025, 1, 20), dt.date(2025, 2, 14))
    15
    """

    national: tuple[Notice, ...] = attrs.field(default=(), converter=_to_notices)
    """Users' national notices; each replaces the package's data for its year."""
    regions: tuple[Region, ...] = attrs.field(default=(), converter=_to_regions)
    """Regions whose local holidays are laid over the national calendar."""
    strict: bool = False
    """Raise :class:`CalendarNotPublishedError` instead of warning for provisional years."""
    use_package_data: bool = True
    """Take national notices from the ``holidays`` package (off: only users' notices)."""
    _cache: _Cache = attrs.field(factory=_Cache, init=False, eq=False, repr=False)

    # ------------------------------------------------------------------ construction

    @classmethod
    def china(cls, *, strict: bool = False, region: str | None = None) -> WorkdayCalendar:
        """The national calendar: weekends, statutory holidays and 调休.

        Args:
            strict: Raise :class:`CalendarNotPublishedError` for years without an
                official notice instead of answering provisionally with a warning.
            region: Add a shipped regional preset by name (see :func:`regional_presets`),
                e.g. ``"广西"``.

        """
        cal = cls(strict=strict)
        if region is not None:
            cal = cal.with_region(_load_preset(region))
        return cal

    def with_notice(self, *notices: Notice) -> WorkdayCalendar:
        """A new calendar with these notices; this one is unchanged.

        A national notice (``region=None``) replaces that year's national data and makes
        the year official. A regional notice is added to its region, which must already
        be in the calendar (:meth:`with_region`).

        Raises:
            NoticeError: Two national notices for one year, or a notice for an unknown region.

        """
        national = {n.year: n for n in self.national}
        regions = {r.name: r for r in self.regions}
        batch: set[int] = set()
        for n in _iter_notices(notices):
            if n.region is None:
                if n.year in batch:
                    raise NoticeError(
                        f"two national notices for {n.year} in one call",
                        zh=f"一次调用中有两份 {n.year} 年的全国通知",
                    )
                batch.add(n.year)
                national[n.year] = n
            else:
                if n.region not in regions:
                    raise NoticeError(
                        f"the calendar has no region {echo(n.region)}; add it first with "
                        f"with_region(Region(name={echo(n.region)}, since=..., source=...))",
                        zh=f"日历中没有地区 {echo(n.region)}；请先用 with_region(Region(name=…"
                        ", since=…, source=…)) 加入",
                    )
                regions[n.region] = regions[n.region].with_notice(n)
        return attrs.evolve(
            self,
            national=tuple(national[y] for y in sorted(national)),
            regions=tuple(regions.values()),
        )

    def with_region(self, region: Region) -> WorkdayCalendar:
        """A new calendar that also observes ``region``'s local holidays."""
        if not isinstance(region, Region):
            raise XinfangTypeError(
                f"expected a Region, got {type(region).__name__}",
                zh=f"应为 Region，实为 {type(region).__name__}",
            )
        kept = tuple(r for r in self.regions if r.name != region.name)
        return attrs.evolve(self, regions=(*kept, region))

    def with_notice_file(self, path: str | Path) -> WorkdayCalendar:
        """A new calendar with the notices of a TOML or JSON file (``docs/notices.md``)."""
        return self._with_file(load_notice_file(path))

    def _with_file(self, data: NoticeFile) -> WorkdayCalendar:
        if data.region is not None:
            return self.with_region(data.region)
        return self.with_notice(*data.notices)

    # ------------------------------------------------------------------ official years

    @property
    def official_years(self) -> frozenset[int]:
        """Years whose official holiday notice(s) this calendar holds.

        A year is official when its national notice is known (from the ``holidays``
        package or the user) and, for every region of the calendar, the year is before
        the region's local holidays began or its local notice is known.
        """
        return frozenset(y for y in range(FIRST_YEAR, LAST_YEAR + 1) if self.is_official(y))

    def is_official(self, year: int) -> bool:
        """Whether ``year``'s notices are all known (see :attr:`official_years`)."""
        known = self._cache.official
        cached = known.get(year)
        if cached is None:
            national = any(n.year == year for n in self.national) or (
                self.use_package_data and year in _china.package_official_years()
            )
            cached = national and all(year < r.since or year in r.years for r in self.regions)
            known[year] = cached
        return cached

    def _any_provisional(self, start: _dt.date, end: _dt.date) -> bool:
        """Whether a year from ``start`` to ``end`` (``start <= end``) is provisional."""
        official = self.is_official
        if start.year == end.year:
            return not official(start.year)
        return not all(official(y) for y in range(start.year, end.year + 1))

    def provisional_years(self, start: _dt.date, end: _dt.date) -> tuple[int, ...]:
        """Years from ``start`` to ``end`` (either order, inclusive) that are provisional."""
        a, b = sorted((as_date(start, "start"), as_date(end, "end")))
        return tuple(y for y in range(a.year, b.year + 1) if not self.is_official(y))

    # ------------------------------------------------------------------ fast lookups

    def is_workday(self, d: _dt.date) -> bool:
        """Whether ``d`` is a working day."""
        if type(d) is not _dt.date:
            d = as_date(d, "d")
        idx = self._cache.index
        i = d.toordinal() - idx.base
        if idx.ilo <= i <= idx.ihi:
            return bool(idx.work[i])
        self._check_range(d)
        idx = self._span(d.year, d.year)
        i = d.toordinal() - idx.base
        self._touch(d.year, d.year)
        return bool(idx.work[i])

    def add_workdays(self, d: _dt.date, n: int) -> _dt.date:
        """The n-th working day after ``d`` (``d`` itself not counted, 民法典 Art. 201).

        ``n < 0`` counts backwards: the |n|-th working day before ``d``. ``n == 0``
        returns ``d`` unchanged, working day or not (zero days have passed), so that
        ``workdays_between(d, add_workdays(d, n)) == n`` for every ``n``; use
        :meth:`roll_forward` to move a rest day to the next working day.

        Raises:
            XinfangTypeError: ``d`` is not a ``date`` or ``n`` is not an integer.
            DateOutOfRangeError: ``d`` or the result is outside the supported years.
            CalendarNotPublishedError: A strict calendar would pass a provisional year.

        >>> import datetime as dt
        >>> WorkdayCalendar.china().add_workdays(dt.date(2025, 10, 9), -1)
        datetime.date(2025, 9, 30)

        """
        if type(d) is not _dt.date:
            d = as_date(d, "d")
        if type(n) is not int:
            n = _check_n(n)
        idx = self._cache.index
        i = d.toordinal() - idx.base
        if n > 0:
            if idx.ilo <= i <= idx.ihi:
                k = idx.cum[i + 1] + n - 1
                if k <= idx.khi:
                    return idx.wdates[k]
        elif n < 0:
            if idx.ilo <= i <= idx.ihi:
                k = idx.cum[i] + n
                if k >= idx.klo:
                    return idx.wdates[k]
        else:
            self._check_range(d)
            return d
        return self._add_slow(d, n)

    def _add_slow(self, d: _dt.date, n: int) -> _dt.date:
        self._check_range(d)
        lo, hi = d.year, d.year
        while True:
            idx = self._span(lo, hi)
            i = d.toordinal() - idx.base
            k = idx.cum[i + 1] + n - 1 if n > 0 else idx.cum[i] + n
            if 0 <= k < idx.nwork:
                result = idx.wdates[k]
                break
            if (n > 0 and hi >= LAST_YEAR) or (n < 0 and lo <= FIRST_YEAR):
                raise DateOutOfRangeError(
                    f"{abs(n)} working days {'after' if n > 0 else 'before'} {d} falls outside "
                    f"the supported range {_FIRST}..{_LAST}",
                    zh=f"{d} {'之后' if n > 0 else '之前'}第 {abs(n)} 个工作日超出日历范围"
                    f"（{_FIRST} 至 {_LAST}）",
                )
            if n > 0:
                hi = min(LAST_YEAR, hi + 1 + n // 240)
            else:
                lo = max(FIRST_YEAR, lo - 1 + n // 240)
        first, last = (d + _ONE_DAY, result) if n > 0 else (result, d - _ONE_DAY)
        self._touch(first.year, last.year)
        return result

    def workdays_between(self, a: _dt.date, b: _dt.date) -> int:
        """Working days passed going from ``a`` to ``b``: the start excluded, the end included.

        For ``a <= b`` the working days in ``(a, b]``; for ``b < a`` minus those in
        ``[b, a)`` (going backwards, ``a`` is the start). So
        ``workdays_between(d, add_workdays(d, n)) == n`` for every ``d`` and ``n``.

        >>> import datetime as dt
        >>> cal = WorkdayCalendar.china()
        >>> cal.workdays_between(dt.date(2025, 9, 30), dt.date(2025, 10, 9))
        1
        >>> cal.workdays_between(dt.date(2025, 10, 9), dt.date(2025, 9, 30))
        -1
        """
        if type(a) is not _dt.date:
            a = as_date(a, "a")
        if type(b) is not _dt.date:
            b = as_date(b, "b")
        idx = self._cache.index
        ia = a.toordinal() - idx.base
        ib = b.toordinal() - idx.base
        if ia <= ib:
            if idx.ilo <= ia + 1 and ib <= idx.ihi:
                return idx.cum[ib + 1] - idx.cum[ia + 1]
        elif idx.ilo <= ib and ia - 1 <= idx.ihi:
            return idx.cum[ib] - idx.cum[ia]
        self._check_range(a)
        self._check_range(b)
        first, last = (a + _ONE_DAY, b) if a <= b else (b, a - _ONE_DAY)
        idx = self._span(min(a, b).year, max(a, b).year)
        if first <= last:
            self._touch(first.year, last.year)
        ia, ib = a.toordinal() - idx.base, b.toordinal() - idx.base
        return idx.cum[ib + 1] - idx.cum[ia + 1] if ia <= ib else idx.cum[ib] - idx.cum[ia]

    def next_workday(self, d: _dt.date) -> _dt.date:
        """The first working day strictly after ``d``."""
        return self.add_workdays(d, 1)

    def previous_workday(self, d: _dt.date) -> _dt.date:
        """The last working day strictly before ``d``."""
        return self.add_workdays(d, -1)

    def roll_forward(self, d: _dt.date) -> _dt.date:
        """``d`` if it is a working day, else the next working day (民法典 Art. 203)."""
        return d if self.is_workday(d) else self.add_workdays(d, 1)

    def roll_backward(self, d: _dt.date) -> _dt.date:
        """``d`` if it is a working day, else the previous working day."""
        return d if self.is_workday(d) else self.add_workdays(d, -1)

    # ------------------------------------------------------------------ batch

    @overload
    def add_workdays_many(
        self, dates: npt.NDArray[np.datetime64], n: int
    ) -> npt.NDArray[np.datetime64]: ...
    @overload
    def add_workdays_many(self, dates: Iterable[_dt.date], n: int) -> list[_dt.date]: ...

    def add_workdays_many(self, dates: Any, n: int) -> Any:
        """:meth:`add_workdays` for many dates at once, with identical results.

        Args:
            dates: An iterable of ``date`` (the result is a ``list[date]``), or a numpy
                ``datetime64`` array (the result is a ``datetime64[D]`` array; needs the
                ``fast`` extra).
            n: Working days to add to every date.

        Array input is computed with numpy; other input in pure Python. Errors, warnings
        and strictness are those of :meth:`add_workdays` (for the whole batch).

        """
        n = _check_n(n)
        if _is_ndarray(dates):
            return self._add_many_numpy(dates, n)
        add = self.add_workdays
        return [add(d, n) for d in dates]

    def _add_many_numpy(self, dates: Any, n: int) -> Any:

        days, emin, emax = _epoch_days(dates)
        if days.size == 0:
            return days.view("datetime64[D]").copy()
        lo_d, hi_d = _from_epoch(emin), _from_epoch(emax)
        self._check_range(lo_d)
        self._check_range(hi_d)
        if n == 0:
            return days.view("datetime64[D]").copy()
        # results are monotonic in the start date: the extreme dates bound the whole batch
        far = self.add_workdays(hi_d if n > 0 else lo_d, n)
        near = self.add_workdays(lo_d if n > 0 else hi_d, n)
        idx = self._span(min(lo_d, far, near).year, max(hi_d, far, near).year)
        out = _add_on_index(idx, days, n)
        # provisional years actually passed through: per element (d, r] or [r, d)
        first, last = (lo_d + _ONE_DAY, far) if n > 0 else (far, hi_d - _ONE_DAY)
        if not self._all_quiet(first, last):
            e = _EPOCH_ORDINAL
            if n > 0:
                self._touch_many(days + (e + 1), out + e)
            else:
                self._touch_many(out + e, days + (e - 1))
        return out.view("datetime64[D]")

    def workdays_between_many(self, starts: Any, ends: Any) -> Any:
        """:meth:`workdays_between` element-wise (numpy arrays in, int64 array out)."""
        if _is_ndarray(starts) and _is_ndarray(ends):
            import numpy as np

            if starts.shape != ends.shape:
                raise XinfangTypeError(
                    f"starts and ends differ in shape: {starts.shape} vs {ends.shape}",
                    zh=f"起止两个数组形状不同：{starts.shape} 与 {ends.shape}",
                )
            a, amin, amax = _epoch_days(starts)
            b, bmin, bmax = _epoch_days(ends)
            if a.size == 0:
                return np.zeros(a.shape, dtype=np.int64)
            lo_d, hi_d = _from_epoch(min(amin, bmin)), _from_epoch(max(amax, bmax))
            self._check_range(lo_d)
            self._check_range(hi_d)
            idx = self._span(lo_d.year, hi_d.year)
            out, backward = _between_on_index(idx, a, b)
            if not self._all_quiet(lo_d, hi_d):
                forward = ~backward
                first = np.where(forward, a + 1, b)
                last = np.where(forward, b, a - 1)
                keep = first <= last
                if keep.any():
                    e = _EPOCH_ORDINAL
                    self._touch_many(first[keep] + e, last[keep] + e)
            return out
        between = self.workdays_between
        return [between(a, b) for a, b in zip(starts, ends, strict=True)]

    # ------------------------------------------------------------------ explanations

    def describe(self, d: _dt.date) -> DayInfo:
        """Why ``d`` is a working day or a rest day.

        >>> import datetime as dt
        >>> print(WorkdayCalendar.china().describe(dt.date(2025, 10, 3)))
        2025-10-03 星期五，国庆节放假
        """
        d = as_date(d, "d")
        self._check_range(d)
        self._touch(d.year, d.year)
        return self._describe(d)

    def _describe(self, d: _dt.date) -> DayInfo:
        memo = self._cache.described
        found = memo.get(d)
        if found is None:
            if len(memo) >= 40_000:  # more than the 36,525 days of 2000-2099: never in practice
                memo.clear()
            found = memo[d] = self._describe_new(d)
        return found

    def _describe_new(self, d: _dt.date) -> DayInfo:
        return _day_info(
            d, self.is_official(d.year), self.national, self.regions, self.use_package_data
        )

    def days(self, start: _dt.date, end: _dt.date) -> Iterator[DayInfo]:
        """:meth:`describe` for every day from ``start`` to ``end`` inclusive."""
        start, end = as_date(start, "start"), as_date(end, "end")
        self._check_range(start)
        self._check_range(end)
        if start <= end:
            self._touch(start.year, end.year)
        d = start
        while d <= end:
            yield self._describe(d)
            d += _ONE_DAY

    def explain_add_workdays(self, d: _dt.date, n: int) -> WorkdaySpan:
        """:meth:`add_workdays` with every day it passed and why (see :class:`WorkdaySpan`)."""
        d = as_date(d, "d")
        result = self.add_workdays(d, n)
        return self._span_of(d, result)

    def explain_workdays_between(self, a: _dt.date, b: _dt.date) -> WorkdaySpan:
        """:meth:`workdays_between` with every day it counted or skipped."""
        a, b = as_date(a, "a"), as_date(b, "b")
        self.workdays_between(a, b)
        return self._span_of(a, b)

    def _span_of(self, start: _dt.date, end: _dt.date) -> WorkdaySpan:
        if end >= start:
            days = tuple(
                self._describe(start + _dt.timedelta(days=i))
                for i in range(1, (end - start).days + 1)
            )
        else:
            days = tuple(
                self._describe(start - _dt.timedelta(days=i))
                for i in range(1, (start - end).days + 1)
            )
        count = sum(1 for x in days if x.is_workday) * (1 if end >= start else -1)
        prov = tuple(sorted({x.date.year for x in days if not x.official}))
        return WorkdaySpan(start, end, count, days, prov)

    # ------------------------------------------------------------------ internals

    @staticmethod
    def _check_range(d: _dt.date) -> None:
        if not _FIRST <= d <= _LAST:
            raise _out_of_range("date", d)

    def _year_days(self, year: int) -> tuple[bytearray, bool]:
        """Working-day flags of every day of ``year`` and whether the year is official."""
        cached = self._cache.years.get(year)
        if cached is not None:
            return cached
        start = _dt.date(year, 1, 1)
        ndays = (_dt.date(year + 1, 1, 1) - start).days
        flags = bytearray(ndays)
        for i in range(ndays):
            flags[i] = self._describe(start + _dt.timedelta(days=i)).is_workday
        result = (flags, self.is_official(year))
        self._cache.years[year] = result
        return result

    def _span(self, lo: int, hi: int) -> _Index:
        """The index, extended (under the lock) to cover years ``lo..hi`` and a year around."""
        cache = self._cache
        idx = cache.index
        if idx.first_year <= lo and hi <= idx.last_year:
            return idx
        with cache.lock:
            idx = cache.index
            if idx.first_year <= lo and hi <= idx.last_year:
                return idx
            if idx.ndays:
                lo, hi = min(lo, idx.first_year), max(hi, idx.last_year)
            lo, hi = max(FIRST_YEAR, lo - 1), min(LAST_YEAR, hi + 1)
            work = bytearray()
            quiet: dict[int, bool] = {}
            for y in range(lo, hi + 1):
                flags, official = self._year_days(y)
                work += flags
                quiet[y] = official or y in cache.warned
            idx = _Index(lo, hi, work, quiet)
            cache.index = idx
            return idx

    def _touch(self, first_year: int, last_year: int) -> None:
        """Warn (or raise, if strict) for the provisional years in ``first..last``."""
        years = tuple(y for y in range(first_year, last_year + 1) if not self.is_official(y))
        if years:
            self._provisional(years)

    def _all_quiet(self, first: _dt.date, last: _dt.date) -> bool:
        """Whether using the years ``first..last`` needs no warning (true when empty)."""
        warned = self._cache.warned
        return all(y in warned or self.is_official(y) for y in range(first.year, last.year + 1))

    def _touch_many(self, first: Any, last: Any) -> None:
        """:meth:`_touch` for the union of the ordinal spans ``first[i]..last[i]`` (non-empty)."""
        import numpy as np

        lo = _dt.date.fromordinal(int(first.min())).year
        hi = _dt.date.fromordinal(int(last.max())).year
        prov = []
        for y in range(lo, hi + 1):
            if self.is_official(y):
                continue
            ys, ye = _dt.date(y, 1, 1).toordinal(), _dt.date(y, 12, 31).toordinal()
            if lo == hi or bool(np.any((first <= ye) & (last >= ys))):
                prov.append(y)
        if prov:
            self._provisional(tuple(prov))

    def _provisional(self, years: tuple[int, ...]) -> None:
        listed = ", ".join(str(y) for y in years)
        if self.strict:
            raise CalendarNotPublishedError(
                f"no official holiday notice for {listed} in this strict calendar; add the "
                "year's notice (WorkdayCalendar.with_notice / with_notice_file), upgrade the "
                "'holidays' package, or use a non-strict calendar for a provisional answer",
                years,
                zh=f"严格日历未收录 {listed} 年的国务院办公厅放假通知；请加入该年通知（Workday"
                "Calend"
                "ar.with_notice / with_notice_file、xinfang calendar notice import），升级 holid"
                "ays 包，或改用非严格日历得到暂定结果",
            )
        cache = self._cache
        with cache.lock:
            new = [y for y in years if y not in cache.warned]
            cache.warned.update(new)
            if new:  # warned once: later uses of these years need no check
                idx = cache.index
                cache.index = idx.rebounded(
                    {
                        y: self._year_days(y)[1] or y in cache.warned
                        for y in range(idx.first_year, idx.last_year + 1)
                    }
                )
        for y in new:
            warnings.warn(
                ProvisionalCalendarWarning(
                    f"no official holiday notice for {y}: its days off follow the statutory "
                    "festivals without 调休 (make-up working days), so results touching "
                    f"{y} are provisional; add the notice with WorkdayCalendar.with_notice",
                    year=y,
                ),
                stacklevel=_caller_level(),
            )


_ONE_DAY = _dt.timedelta(days=1)


_INTERNAL = ("xinfang_rules", "attr", "cattrs")


def _caller_level() -> int:
    """``stacklevel`` that points a warning at the first frame outside this package."""
    frame = sys._getframe(1)
    level = 1
    while frame is not None and frame.f_globals.get("__name__", "").startswith(_INTERNAL):
        frame = frame.f_back  # type: ignore[assignment]
        level += 1
    return level


def regional_presets() -> tuple[str, ...]:
    """Names of the regional presets shipped with the library (for ``china(region=...)``)."""
    return tuple(_PRESETS)


def _load_preset(name: str) -> Region:
    key = _PRESET_ALIASES.get(name, name)
    if key not in _PRESETS:
        raise NoticeError(
            f"no regional preset {echo(name)}; shipped presets: {', '.join(_PRESETS)}. Load your "
            "own region with WorkdayCalendar.with_notice_file(path)",
            zh=f"没有地区预设 {echo(name)}；现有：{'、'.join(_PRESETS)}。本地区的放假安排可用 "
            "WorkdayCalendar.with_notice_file(path) 加入",
        )
    from importlib import resources

    file = resources.files("xinfang_rules.calendar").joinpath("presets").joinpath(_PRESETS[key])
    data = notice_file_from_toml(
        file.read_text("utf-8"), path=f"xinfang_rules/calendar/presets/{_PRESETS[key]}"
    )
    assert data.region is not None
    return data.region
