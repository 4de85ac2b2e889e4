"""The calendar's paths, pinned: which path answers, which years it warns about, its errors.

A warmed calendar answers inside its official years from its index alone (the fast path,
no year rebuilt, nothing looked up day by day); a fresh one builds what it needs (the slow
path). Both must give the walk's answer (tests/test_calendar_walk.py); here each path's
edges, its warnings (exactly the provisional years a result passes through, once each, at
the caller's line) and its errors (what was wrong, named as the caller named it).
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import warnings
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from xinfang_rules import (
    CalendarNotPublishedError,
    DateOutOfRangeError,
    NoticeError,
    ProvisionalCalendarWarning,
    WorkdayCalendar,
    XinfangTypeError,
)
from xinfang_rules.calendar import DayKind
from xinfang_rules.calendar._index import _Index
from xinfang_rules.calendar.notices import Notice, Region

D = dt.date
ONE = dt.timedelta(days=1)
#: The national calendar's official years (the holidays package's notices): 2001-2026.
FIRST_OFFICIAL, LAST_OFFICIAL = 2001, 2026


def exactly(text: str) -> str:
    return "^" + re.escape(text)


def warned_years(record: list[warnings.WarningMessage]) -> list[int]:
    out = []
    for w in record:
        assert issubclass(w.category, ProvisionalCalendarWarning)
        out.append(int(str(w.message).split("notice for ", 1)[1][:4]))
    return out


def run(fn: Any) -> tuple[Any, list[int]]:
    """``fn()`` and the provisional years it warned about, in order."""
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        result = fn()
    return result, warned_years(record)


def walk_add(cal: WorkdayCalendar, d: dt.date, n: int) -> dt.date:
    step, left, cur = (ONE if n > 0 else -ONE), abs(n), d
    while left:
        cur += step
        left -= cal.is_workday(cur)
    return cur


# ----------------------------------------------------------------------------- fast path


@pytest.fixture
def warm(monkeypatch: pytest.MonkeyPatch) -> WorkdayCalendar:
    """A calendar indexed over 2000-2027 whose slow path and index rebuilding fail."""
    cal = WorkdayCalendar.china()
    cal.workdays_between(D(FIRST_OFFICIAL, 1, 1), D(LAST_OFFICIAL, 12, 31))

    def forbidden(*args: object, **kw: object) -> None:
        raise AssertionError("the fast path was left")

    monkeypatch.setattr(WorkdayCalendar, "_add_slow", forbidden)
    monkeypatch.setattr(WorkdayCalendar, "_span", forbidden)
    monkeypatch.setattr(WorkdayCalendar, "_year_days", forbidden)
    return cal


class TestFastPath:
    """Inside the official years, to their first and last day, the index answers alone."""

    def test_is_workday_at_the_edges(self, warm: WorkdayCalendar) -> None:
        """2001-01-01 and 2026-12-31 from the index; 2027 is not in it."""
        assert warm.is_workday(D(2001, 1, 1)) is False  # 元旦
        assert warm.is_workday(D(2001, 1, 2)) is True
        assert warm.is_workday(D(2026, 12, 31)) is True  # Thursday
        with pytest.raises(AssertionError):
            warm.is_workday(D(2027, 1, 4))  # beyond the official years: the slow path

    def test_add_at_the_edges(self, warm: WorkdayCalendar) -> None:
        """Results at the first and last working day of the official years."""
        assert warm.add_workdays(D(2001, 1, 1), 1) == D(2001, 1, 2)
        assert warm.add_workdays(D(2001, 1, 3), -1) == D(2001, 1, 2)  # the first working day
        assert warm.add_workdays(D(2026, 12, 30), 1) == D(2026, 12, 31)  # the last one
        assert warm.add_workdays(D(2026, 12, 31), -1) == D(2026, 12, 30)
        assert warm.add_workdays(D(2026, 12, 31), 0) == D(2026, 12, 31)

    def test_between_at_the_edges(self, warm: WorkdayCalendar) -> None:
        """Counts whose first or last counted day is an edge of the years."""
        # (2000-12-31, 2001-01-05]: only 2001 is counted
        assert warm.workdays_between(D(2000, 12, 31), D(2001, 1, 5)) == 4
        assert warm.workdays_between(D(2026, 12, 1), D(2026, 12, 31)) == 22
        # backwards [2001-01-01, 2001-01-05) and [2026-12-01, 2027-01-01)
        assert warm.workdays_between(D(2001, 1, 5), D(2001, 1, 1)) == -3
        assert warm.workdays_between(D(2027, 1, 1), D(2026, 12, 1)) == -23
        assert warm.workdays_between(D(2026, 5, 5), D(2026, 5, 5)) == 0

    def test_after_a_warning_the_year_is_fast_too(self) -> None:
        """A provisional year warned about joins the fast path."""
        cal = WorkdayCalendar.china()
        (_, years) = run(lambda: cal.workdays_between(D(2001, 1, 1), D(2027, 12, 31)))
        assert years == [2027]
        patch = pytest.MonkeyPatch()
        patch.setattr(WorkdayCalendar, "_add_slow", lambda *a: pytest.fail("slow path"))
        patch.setattr(WorkdayCalendar, "_span", lambda *a: pytest.fail("rebuilt"))
        try:
            assert cal.add_workdays(D(2027, 6, 1), 10) == walk_add(cal, D(2027, 6, 1), 10)
            assert cal.is_workday(D(2027, 12, 31)) is True
        finally:
            patch.undo()
        # the years around it are still provisional and unwarned
        assert run(lambda: cal.is_workday(D(2028, 3, 1)))[1] == [2028]
        assert run(lambda: cal.is_workday(D(2000, 3, 1)))[1] == [2000]


# ----------------------------------------------------------------------------- slow path


class TestSlowPath:
    """A fresh calendar builds the years it needs; the result is the walk's."""

    def test_far_beyond_the_years_built(self) -> None:
        """Hundreds of working days past the years first built."""
        for d, n in ((D(2030, 12, 31), 300), (D(2030, 6, 1), 600), (D(2030, 6, 1), -300),
                     (D(2030, 1, 2), -600)):  # fmt: skip
            got, _ = run(lambda d=d, n=n: WorkdayCalendar.china().add_workdays(d, n))
            expected, _ = run(lambda d=d, n=n: walk_add(WorkdayCalendar.china(), d, n))
            assert got == expected, (d, n)

    def test_the_first_working_days_of_the_range(self) -> None:
        """Results at the very first working day the calendar has."""
        cal = WorkdayCalendar.china()
        first, _ = run(lambda: cal.roll_forward(D(2000, 1, 1)))
        assert run(lambda: WorkdayCalendar.china().add_workdays(D(2000, 1, 1), 1))[0] == first
        assert run(lambda: WorkdayCalendar.china().add_workdays(first + ONE * 9, -1))[0] == (
            walk_add(cal, first + ONE * 9, -1)
        )
        later = run(lambda: cal.add_workdays(first, 5))[0]
        assert run(lambda: WorkdayCalendar.china().add_workdays(later, -5))[0] == first

    def test_backwards_outside_the_index(self) -> None:
        """Going back from Saturday 2030-03-09 to Friday: [03-08, 03-09) holds one day."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ProvisionalCalendarWarning)
            assert WorkdayCalendar.china().workdays_between(D(2030, 3, 9), D(2030, 3, 8)) == -1
            assert WorkdayCalendar.china().workdays_between(D(2030, 3, 8), D(2030, 3, 9)) == 0

    def test_out_of_range(self) -> None:
        """Beyond 2000-2099: an error saying how many days, from when, which way."""
        cal = WorkdayCalendar.china()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ProvisionalCalendarWarning)
            with pytest.raises(DateOutOfRangeError, match=exactly(
                "1 working days after 2099-12-31 falls outside the supported range "
                "2000-01-01..2099-12-31"
            )):  # fmt: skip
                cal.add_workdays(D(2099, 12, 31), 1)
            with pytest.raises(DateOutOfRangeError, match=exactly(
                "300 working days after 2099-06-01 falls outside"
            )):  # fmt: skip
                WorkdayCalendar.china().add_workdays(D(2099, 6, 1), 300)
            with pytest.raises(DateOutOfRangeError, match=exactly(
                "5 working days before 2000-01-03 falls outside the supported range"
            )):  # fmt: skip
                WorkdayCalendar.china().add_workdays(D(2000, 1, 3), -5)
            with pytest.raises(DateOutOfRangeError, match=exactly(
                "300 working days before 2000-06-01 falls outside"
            )):  # fmt: skip
                WorkdayCalendar.china().add_workdays(D(2000, 6, 1), -300)
            assert cal.is_workday(D(2000, 1, 1)) is False
            assert cal.is_workday(D(2099, 12, 31)) is True
            for bad in (D(1999, 12, 31), D(2100, 1, 1)):
                with pytest.raises(DateOutOfRangeError, match=exactly(
                    f"date {bad} is outside the supported range 2000-01-01..2099-12-31; the "
                    "calendar covers 2000-2099"
                )):  # fmt: skip
                    cal.is_workday(bad)


# ----------------------------------------------------------------------------- warnings


class TestWarnings:
    """Exactly the provisional years a result passes through, once per calendar."""

    @pytest.mark.parametrize(
        ("call", "years"),
        [
            (lambda c: c.add_workdays(D(2001, 1, 1), 3), []),  # 2000-12-31 is not passed
            (lambda c: c.add_workdays(D(2001, 1, 5), -5), [2000]),
            (lambda c: c.add_workdays(D(2026, 12, 31), 2), [2027]),
            (lambda c: c.add_workdays(D(2026, 12, 31), 1), [2027]),
            (lambda c: c.add_workdays(D(2027, 1, 1), -2), []),
            (lambda c: c.workdays_between(D(2001, 1, 1), D(2001, 1, 5)), []),
            (lambda c: c.workdays_between(D(2000, 12, 30), D(2001, 1, 5)), [2000]),
            (lambda c: c.workdays_between(D(2026, 12, 31), D(2026, 12, 1)), []),
            (lambda c: c.workdays_between(D(2027, 1, 1), D(2026, 12, 1)), []),
            (lambda c: c.workdays_between(D(2027, 1, 2), D(2026, 12, 1)), [2027]),
            (lambda c: c.workdays_between(D(2030, 3, 4), D(2030, 3, 5)), [2030]),
            (lambda c: c.workdays_between(D(2030, 3, 4), D(2030, 3, 4)), []),
        ],
    )
    def test_scalar(self, call: Any, years: list[int]) -> None:
        """Each call warns for exactly these years, fresh or warmed."""
        assert run(lambda: call(WorkdayCalendar.china()))[1] == years
        warmed = WorkdayCalendar.china()
        warmed.workdays_between(D(FIRST_OFFICIAL, 1, 1), D(LAST_OFFICIAL, 12, 31))
        assert run(lambda: call(warmed))[1] == years

    def test_once_per_year_at_the_callers_line(self) -> None:
        """One warning per year, pointing at the caller's line."""
        cal = WorkdayCalendar.china()
        with warnings.catch_warnings(record=True) as record:
            warnings.simplefilter("always")
            cal.is_workday(D(2030, 1, 2))
            cal.add_workdays(D(2030, 1, 2), 400)
            cal.is_workday(D(2030, 5, 5))
        assert warned_years(record) == [2030, 2031]
        if "mutmut" not in sys.modules:  # under mutation testing, its trampolines add frames
            assert {w.filename for w in record} == {__file__}
        assert str(record[0].message) == (
            "no official holiday notice for 2030: its days off follow the statutory festivals "
            "without 调休 (make-up working days), so results touching 2030 are provisional; "
            "add the notice with WorkdayCalendar.with_notice"
        )

    def test_strict(self) -> None:
        """A strict calendar names every provisional year and how to add its notice."""
        strict = WorkdayCalendar.china(strict=True)
        with pytest.raises(CalendarNotPublishedError, match=exactly(
            "no official holiday notice for 2027, 2028 in this strict calendar; add the year's "
            "notice (WorkdayCalendar.with_notice / with_notice_file), upgrade the 'holidays' "
            "package, or use a non-strict calendar for a provisional answer"
        )) as info:  # fmt: skip
            strict.workdays_between(D(2026, 12, 31), D(2028, 1, 5))
        assert info.value.years == (2027, 2028)
        assert strict.add_workdays(D(2026, 12, 30), 1) == D(2026, 12, 31)
        # an index of provisional years only: every day of it still raises
        only = WorkdayCalendar.china(strict=True)
        for day in (D(2030, 6, 3), D(2029, 1, 2), D(2029, 1, 3)):
            with pytest.raises(CalendarNotPublishedError):
                only.is_workday(day)

    def test_provisional_deadlines(self) -> None:
        """A deadline is provisional when a year from its start to its due date is."""
        from xinfang_rules import XINFANG_2022, Pause, compute_deadline

        handle = XINFANG_2022["handle"]
        notify = XINFANG_2022["notify_direct"]

        def provisional(period: Any, start: dt.date, **kw: Any) -> bool:
            cal = WorkdayCalendar.china()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ProvisionalCalendarWarning)
                return compute_deadline(period, start, calendar=cal, **kw).provisional

        assert provisional(notify, D(2026, 11, 20)) is False  # due 12-05 → 12-07
        assert provisional(notify, D(2026, 12, 20)) is True  # due 2027-01-04
        assert provisional(notify, D(2025, 12, 20)) is False  # into 2026, official
        assert provisional(handle, D(2025, 12, 20)) is False
        stop = (Pause(D(2026, 9, 1), D(2026, 9, 3), "鉴定"),)
        assert provisional(handle, D(2026, 8, 3), pauses=stop) is False  # due 10-09
        late_stop = (Pause(D(2026, 11, 12), D(2026, 11, 14), "鉴定"),)
        assert provisional(handle, D(2026, 10, 20), pauses=late_stop) is False  # 12-22
        across = (Pause(D(2025, 11, 24), D(2025, 11, 26), "鉴定"),)
        assert provisional(handle, D(2025, 11, 20), pauses=across) is False  # 2026-01-22
        assert provisional(handle, D(2026, 11, 10), pauses=late_stop) is True  # 2027-01-12
        assert provisional(notify, D(2030, 3, 1)) is True

    def test_batches(self) -> None:
        """Array calls warn for the years some element passes through, no others."""

        def arr(*days: dt.date) -> Any:
            return np.array(days, dtype="datetime64[D]")

        cal = WorkdayCalendar.china
        cases: list[tuple[Any, list[int]]] = [
            (lambda: cal().add_workdays_many(arr(D(2026, 12, 30), D(2026, 12, 1)), 3), [2027]),
            (lambda: cal().add_workdays_many(arr(D(2030, 5, 6), D(2030, 9, 2)), 2), [2030]),
            (lambda: cal().add_workdays_many(arr(D(2029, 6, 1), D(2031, 6, 2)), 2), [2029, 2031]),
            (lambda: cal().add_workdays_many(arr(D(2029, 6, 1), D(2031, 6, 2)), -2), [2029, 2031]),
            (lambda: cal().add_workdays_many(arr(D(2001, 1, 5), D(2001, 3, 1)), -5), [2000]),
            (lambda: cal().add_workdays_many(arr(D(2001, 1, 1)), 3), []),
            (lambda: cal().add_workdays_many(arr(D(2026, 6, 1), D(2030, 6, 3)), 1), [2030]),
            (lambda: cal().add_workdays_many(arr(D(2001, 1, 1), D(2030, 5, 6)), 3), [2030]),
            (lambda: cal().add_workdays_many(arr(D(2027, 1, 1), D(2030, 5, 7)), -2), [2030]),
            (
                lambda: cal().workdays_between_many(arr(D(2030, 12, 20)), arr(D(2031, 1, 1))),
                [2030, 2031],
            ),
            (
                lambda: cal().workdays_between_many(arr(D(2029, 6, 1)), arr(D(2031, 6, 1))),
                [2029, 2030, 2031],
            ),
            (
                lambda: cal().workdays_between_many(
                    arr(D(2029, 6, 1), D(2031, 6, 1)), arr(D(2029, 6, 9), D(2031, 6, 9))
                ),
                [2029, 2031],
            ),
            (
                lambda: cal().workdays_between_many(arr(D(2030, 12, 30)), arr(D(2031, 1, 5))),
                [2030, 2031],
            ),
            (lambda: cal().workdays_between_many(arr(D(2027, 1, 1)), arr(D(2026, 12, 1))), []),
            (lambda: cal().workdays_between_many(arr(D(2027, 1, 2)), arr(D(2026, 12, 1))), [2027]),
            (lambda: cal().workdays_between_many(arr(D(2030, 5, 6)), arr(D(2030, 5, 6))), []),
            (lambda: cal().workdays_between_many(arr(D(2030, 5, 6)), arr(D(2030, 5, 7))), [2030]),
            (lambda: cal().workdays_between_many(arr(D(2030, 5, 7)), arr(D(2030, 5, 6))), [2030]),
        ]
        for i, (call, years) in enumerate(cases):
            assert sorted(run(call)[1]) == years, i


# ----------------------------------------------------------------------------- batches


class TestBatches:
    """numpy arrays in, numpy arrays out."""

    def test_shapes_and_values(self) -> None:
        """Shapes, dtypes, zero-size and mismatched inputs."""
        cal = WorkdayCalendar.china()
        a = np.array(["2025-09-30", "2025-10-09", "2025-10-09"], dtype="datetime64[D]")
        b = np.array(["2025-10-09", "2025-09-30", "2025-10-09"], dtype="datetime64[D]")
        got = cal.workdays_between_many(a, b)
        assert got.dtype == np.int64 and got.tolist() == [1, -1, 0]
        empty = cal.workdays_between_many(a[:0], b[:0])
        assert empty.dtype == np.int64 and empty.shape == (0,)
        grid = cal.workdays_between_many(a[:2].reshape(2, 1), b[:2].reshape(2, 1))
        assert grid.shape == (2, 1)
        with pytest.raises(XinfangTypeError, match=exactly(
            "starts and ends differ in shape: (3,) vs (2,)"
        )):  # fmt: skip
            cal.workdays_between_many(a, b[:2])
        assert cal.workdays_between_many([D(2025, 9, 30)], [D(2025, 10, 9)]) == [1]
        with pytest.raises(ValueError, match="zip"):
            cal.workdays_between_many([D(2025, 9, 30)], [D(2025, 10, 9), D(2025, 10, 10)])
        with pytest.raises(XinfangTypeError, match=r"^a must be a datetime\.date"):
            cal.workdays_between_many(a[:1], [D(2025, 10, 9)])
        assert cal.add_workdays_many(a[:0], 3).shape == (0,)
        assert cal.add_workdays_many(a[:0], 3).dtype == np.dtype("datetime64[D]")
        assert cal.add_workdays_many(a, 0).tolist() == a.tolist()

    def test_errors(self) -> None:
        """Dates outside the range and times of day are refused with their reason."""
        cal = WorkdayCalendar.china()
        with pytest.raises(DateOutOfRangeError, match=exactly(
            "date 1940-01-01 is outside the supported range 2000-01-01..2099-12-31"
        )):  # fmt: skip
            cal.add_workdays_many(np.array(["1940-01-01"], dtype="datetime64[D]"), 1)
        with pytest.raises(DateOutOfRangeError, match=r"^day \S+ \(days since 1970-01-01\) is "
                           r"outside the supported range 2000-01-01\.\.2099-12-31; the calendar "
                           r"covers 2000-2099$"):  # fmt: skip
            cal.add_workdays_many(np.array(["12000-01-01"], dtype="datetime64[D]"), 1)
        with pytest.raises(XinfangTypeError, match=exactly(
            "the array holds times of day; pass whole days (datetime64[D]) that are already "
            "Beijing dates"
        )):  # fmt: skip
            cal.add_workdays_many(np.array(["2025-01-01T08:00"], dtype="datetime64[m]"), 1)


# ----------------------------------------------------------------------------- arguments


class DateLike(dt.date):
    """A date subclass (as some ORMs return): accepted as the plain date it is."""


class TestArguments:
    """Wrong arguments are named as the caller named them."""

    @pytest.mark.parametrize(
        ("call", "name"),
        [
            (lambda c, x: c.is_workday(x), "d"),
            (lambda c, x: c.add_workdays(x, 1), "d"),
            (lambda c, x: c.workdays_between(x, D(2025, 1, 1)), "a"),
            (lambda c, x: c.workdays_between(D(2025, 1, 1), x), "b"),
            (lambda c, x: c.describe(x), "d"),
            (lambda c, x: list(c.days(x, D(2025, 1, 1))), "start"),
            (lambda c, x: list(c.days(D(2025, 1, 1), x)), "end"),
            (lambda c, x: c.explain_add_workdays(x, 1), "d"),
            (lambda c, x: c.explain_workdays_between(x, D(2025, 1, 1)), "a"),
            (lambda c, x: c.explain_workdays_between(D(2025, 1, 1), x), "b"),
            (lambda c, x: c.provisional_years(x, D(2025, 1, 1)), "start"),
            (lambda c, x: c.provisional_years(D(2025, 1, 1), x), "end"),
        ],
    )
    def test_named_in_errors(self, call: Any, name: str) -> None:
        """A string or a datetime is refused under the argument's own name."""
        cal = WorkdayCalendar.china()
        with pytest.raises(XinfangTypeError, match=exactly(f"{name} must be a datetime.date")):
            call(cal, "2025-01-01")
        with pytest.raises(XinfangTypeError, match=exactly(f"{name} must be a datetime.date")):
            call(cal, dt.datetime(2025, 1, 1, 8))
        call(cal, DateLike(2025, 1, 2))  # accepted

    def test_date_subclasses_answer_as_dates(self) -> None:
        """A date subclass counts as the date it is."""
        cal = WorkdayCalendar.china()
        assert cal.is_workday(DateLike(2025, 10, 1)) is False
        assert cal.add_workdays(DateLike(2025, 9, 30), 1) == D(2025, 10, 9)
        assert cal.workdays_between(DateLike(2025, 9, 30), DateLike(2025, 10, 9)) == 1

    def test_counts(self) -> None:
        """The count is an integer (numpy integers too), never a bool or a float."""
        cal = WorkdayCalendar.china()
        assert cal.add_workdays(D(2025, 9, 30), np.int64(1)) == D(2025, 10, 9)
        with pytest.raises(XinfangTypeError, match=exactly(
            "n must be an integer number of working days, not a bool (True)"
        )):  # fmt: skip
            cal.add_workdays(D(2025, 9, 30), True)
        with pytest.raises(XinfangTypeError, match=exactly(
            "n must be an integer number of working days, got float (1.5)"
        )):  # fmt: skip
            cal.add_workdays(D(2025, 9, 30), 1.5)  # type: ignore[arg-type]

    def test_regions_and_notices(self) -> None:
        """Presets by alias, regions replaced by name, duplicate notices refused."""
        assert WorkdayCalendar.china(region="guangxi").regions[0].name == "广西"
        with pytest.raises(NoticeError, match=exactly(
            "no regional preset '火*'; shipped presets: 广西. Load your own region with "
            "WorkdayCalendar.with_notice_file(path)"
        )):  # fmt: skip
            WorkdayCalendar.china(region="火星")
        cal = WorkdayCalendar.china()
        with pytest.raises(XinfangTypeError, match=exactly("expected a Region, got str")):
            cal.with_region("广西")  # type: ignore[arg-type]
        gx = WorkdayCalendar.china(region="广西").regions[0]
        assert cal.with_region(gx).with_region(gx).regions == (gx,)
        other = Region("测试", since=2025, source="测试")
        both = cal.with_region(gx).with_region(other)
        assert both.with_region(gx).regions == (other, gx)
        assert both.is_official(2024) is True
        assert both.is_official(2025) is False  # the region's first year, without its notice
        n1 = Notice(2030, days_off={D(2030, 1, 1): "元旦"})
        n2 = Notice(2030, days_off={D(2030, 1, 2): "元旦"})
        with pytest.raises(NoticeError, match=exactly("two national notices for 2030 in one call")):
            cal.with_notice(n1, n2)
        assert cal.with_notice(n1, Notice(2031, days_off={D(2031, 1, 1): "元旦"})).is_official(2031)


# ----------------------------------------------------------------------------- explanations


class TestExplanations:
    """Why a day is what it is, and how a count was made."""

    def test_day_sources(self) -> None:
        """Each day names the notice or rule behind it."""
        cal = WorkdayCalendar.china()
        assert "2025年" in (cal.describe(D(2025, 10, 1)).source or "")
        assert "2025年" in (cal.describe(D(2025, 9, 28)).source or "")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ProvisionalCalendarWarning)
            info = cal.describe(D(2030, 10, 1))
        assert info.source == "《全国年节及纪念日放假办法》推算（未收录2030年放假通知，无调休）"
        assert info.reason() == "星期二，国庆节放假〔暂定：未收录当年放假通知〕"
        gx = WorkdayCalendar.china(region="广西")
        local = gx.describe(D(2025, 3, 31))
        assert (local.kind, local.region) == (DayKind.HOLIDAY, "广西")
        assert local.source == gx.regions[0].notice(2025).label  # type: ignore[union-attr]

    def test_a_regions_next_notice_names_a_december_day(self) -> None:
        """A region's 2027 notice giving 2026-12-30 off (its holiday starts in the old year)."""
        local = Region(
            "测试",
            since=2026,
            source="测试",
            notices=(
                Notice(2026, days_off={D(2026, 3, 3): "测试节"}, region="测试"),
                Notice(2027, days_off={D(2026, 12, 30): "测试节"}, region="测试"),
            ),
        )
        cal = WorkdayCalendar.china().with_region(local)
        info = cal.describe(D(2026, 12, 30))
        assert (info.kind, info.holiday, info.region) == (DayKind.HOLIDAY, "测试节", "测试")
        assert cal.is_workday(D(2026, 12, 30)) is False
        assert cal.describe(D(2026, 3, 3)).region == "测试"
        later = Region(
            "后来",
            since=2027,
            source="测试",
            notices=(Notice(2027, days_off={D(2026, 12, 31): "后来节"}, region="后来"),),
        )
        assert WorkdayCalendar.china().with_region(later).describe(D(2026, 12, 31)).region == (
            "后来"
        )

    def test_next_years_notice_names_a_december_day(self) -> None:
        """A notice for 2031 may make Sunday 2030-12-29 a working day (调休 before 元旦)."""
        notice = Notice(
            2031, days_off={D(2031, 1, 1): "元旦"}, workdays={D(2030, 12, 29): "元旦"}, title="T"
        )
        cal = WorkdayCalendar.china().with_notice(notice)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ProvisionalCalendarWarning)
            info = cal.describe(D(2030, 12, 29))
            assert cal.is_workday(D(2030, 12, 29)) is True
        assert (info.kind, info.holiday, info.source) == (DayKind.MAKEUP_WORKDAY, "元旦", "T")

    def test_reasons(self) -> None:
        """Plain, unnamed and provisional days in words."""
        from xinfang_rules.calendar import DayInfo

        sat = DayInfo(D(2025, 8, 2), DayKind.WEEKEND)
        assert sat.reason() == "星期六，周末休息"
        assert DayInfo(D(2025, 8, 2), DayKind.HOLIDAY).reason() == "星期六，放假"
        assert DayInfo(D(2025, 8, 2), DayKind.MAKEUP_WORKDAY).reason() == "星期六，调休上班"
        assert DayInfo(D(2025, 8, 2), DayKind.WEEKEND, official=False).reason() == (
            "星期六，周末休息〔暂定：未收录当年放假通知〕"
        )
        with pytest.raises(XinfangTypeError, match=exactly("lang must be 'zh' or 'en', got 'fr'")):
            sat.reason("fr")  # type: ignore[arg-type]

    def test_same_day_and_backwards(self) -> None:
        """A zero-day span and a backward one, rendered."""
        cal = WorkdayCalendar.china()
        same = cal.explain_workdays_between(D(2025, 10, 1), D(2025, 10, 1))
        assert (same.count, same.days) == (0, ())
        assert same.render() == "2025-10-01 与 2025-10-01 为同一天，计 0 个工作日。"
        assert same.render("en") == "2025-10-01 and 2025-10-01 are the same day: 0 working days."
        back = cal.explain_workdays_between(D(2025, 10, 9), D(2025, 9, 29))
        assert back.count == -2 == cal.workdays_between(D(2025, 10, 9), D(2025, 9, 29))
        assert back.render() == (
            "2025-10-09 前第 2 个工作日是 2025-09-29（不含起算日，民法典第二百零一条）。\n"
            "跳过休息日：\n"
            "  2025-10-01 至 2025-10-08（8 天）：国庆节、中秋节"
        )
        with pytest.raises(XinfangTypeError, match=exactly("lang must be 'zh' or 'en', got 'x'")):
            back.render("x")  # type: ignore[arg-type]

    def test_provisional_years_in_a_span(self) -> None:
        """A span through provisional years says which, in both languages."""
        cal = WorkdayCalendar.china()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ProvisionalCalendarWarning)
            span = cal.explain_add_workdays(D(2026, 12, 30), 300)
        assert span.provisional_years == (2027, 2028)
        assert span.render().endswith(
            "注意：2027、2028 年未收录国务院办公厅放假通知，结果为暂定（无调休数据）。"
        )
        assert span.render("en").endswith(
            "Note: no official holiday notice for 2027, 2028; the result is provisional (no "
            "make-up working days known)."
        )

    def test_runs_of_rest_days(self) -> None:
        """Two separate holidays and the weekends between them, each run on its line."""
        cal = WorkdayCalendar.china()
        span = cal.explain_add_workdays(D(2025, 4, 30), 3)
        lines = span.render().splitlines()
        assert (
            lines[0]
            == "2025-04-30 后第 3 个工作日是 2025-05-08（不含起算日，民法典第二百零一条）。"
        )
        assert lines[-1] == "  2025-05-01 至 2025-05-05（5 天）：劳动节"
        span = cal.explain_add_workdays(D(2025, 9, 26), 12)
        assert [x for x in span.render().splitlines() if x.startswith("  ")] == [
            "  2025-09-27 周末休息",
            "  2025-10-01 至 2025-10-08（8 天）：国庆节、中秋节",
            "  2025-10-12 周末休息",
            "  2025-10-18 周末休息",
            "  2025-10-19 周末休息",
        ]


# ----------------------------------------------------------------------------- the index


def longest_quiet_run(quiet: dict[int, bool]) -> tuple[int, int] | None:
    """The first longest run of consecutive quiet years (by hand, for comparison)."""
    best: tuple[int, int] | None = None
    years = sorted(quiet)
    i = 0
    while i < len(years):
        if not quiet[years[i]]:
            i += 1
            continue
        j = i
        while j + 1 < len(years) and quiet[years[j + 1]]:
            j += 1
        if best is None or years[j] - years[i] > best[1] - best[0]:
            best = (years[i], years[j])
        i = j + 1
    return best


@given(st.lists(st.booleans(), min_size=1, max_size=7), st.integers(2001, 2090))
def test_index_fast_bounds_are_the_longest_quiet_run(flags: list[bool], first: int) -> None:
    last = first + len(flags) - 1
    quiet = {first + i: q for i, q in enumerate(flags)}
    ndays = (D(last + 1, 1, 1) - D(first, 1, 1)).days
    work = bytearray((i % 7 < 5) for i in range(ndays))
    idx = _Index(first, last, work, quiet)
    assert idx.cum[0] == 0 and idx.cum[-1] == idx.nwork == sum(work) and len(idx.cum) == ndays + 1
    run_ = longest_quiet_run(quiet)
    if run_ is None:
        assert idx.ilo > idx.ihi and idx.klo > idx.khi
        return
    base = D(first, 1, 1).toordinal()
    assert (idx.ilo, idx.ihi) == (
        D(run_[0], 1, 1).toordinal() - base,
        D(run_[1], 12, 31).toordinal() - base,
    )
    assert idx.klo == sum(work[: idx.ilo])
    assert idx.khi == sum(work[: idx.ihi + 1]) - 1
