"""The working-day calendar: golden days, cross-check, properties, errors."""

from __future__ import annotations

import datetime as dt
import threading
import warnings
from collections.abc import Callable
from typing import ClassVar

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xinfang_rules import (
    CalendarNotPublishedError,
    DateOutOfRangeError,
    DayKind,
    Notice,
    NoticeError,
    ProvisionalCalendarWarning,
    Region,
    WorkdayCalendar,
    XinfangError,
    XinfangTypeError,
)
from xinfang_rules.calendar._china import package_official_years

from .strategies import any_dates, official_dates, workday_counts

D = dt.date

#: A year no supported ``holidays`` release can hold a notice for.
FAR_YEAR = 2091


class TestGoldenDays:
    """Days settled by the State Council notices themselves."""

    # 国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）:
    # 春节 1月28日至2月4日放假调休，共8天；1月26日（周日）、2月8日（周六）上班。
    # 国庆节、中秋节 10月1日至8日放假调休，共8天；9月28日（周日）、10月11日（周六）上班。
    @pytest.mark.parametrize(
        "day", [D(2025, 1, 26), D(2025, 2, 8), D(2025, 9, 28), D(2025, 10, 11)]
    )
    def test_2025_makeup_workdays(self, cal: WorkdayCalendar, day: dt.date) -> None:
        """Weekend days the 2025 notice makes working days are working days."""
        assert day.weekday() >= 5
        assert cal.is_workday(day)
        assert cal.describe(day).kind is DayKind.MAKEUP_WORKDAY

    @pytest.mark.parametrize(
        ("first", "last"), [(D(2025, 1, 28), D(2025, 2, 4)), (D(2025, 10, 1), D(2025, 10, 8))]
    )
    def test_2025_days_off(self, cal: WorkdayCalendar, first: dt.date, last: dt.date) -> None:
        """Every day of the 2025 春节 and 国庆 blocks is a day off."""
        day = first
        while day <= last:
            assert not cal.is_workday(day), day
            assert cal.describe(day).kind is DayKind.HOLIDAY
            day += dt.timedelta(days=1)

    def test_holiday_names(self, cal: WorkdayCalendar) -> None:
        """describe() names the festival and the make-up day's festival."""
        assert cal.describe(D(2025, 1, 29)).holiday == "春节"
        assert cal.describe(D(2025, 1, 28)).note == "农历除夕"
        assert cal.describe(D(2025, 10, 1)).holiday == "国庆节"
        assert cal.describe(D(2025, 2, 3)).note == "调休"
        assert cal.describe(D(2025, 1, 26)).holiday == "春节"
        assert cal.describe(D(2025, 9, 28)).holiday == "国庆节、中秋节"
        assert cal.describe(D(2025, 1, 27)).kind is DayKind.WORKDAY
        assert cal.describe(D(2025, 1, 25)).kind is DayKind.WEEKEND

    def test_2026_notice(self, cal: WorkdayCalendar) -> None:
        """国办发明电〔2025〕7号: 春节 2月15日至23日放假；2月14日（周六）、2月28日（周六）上班."""
        assert cal.is_workday(D(2026, 2, 14)) and cal.is_workday(D(2026, 2, 28))
        assert not any(cal.is_workday(D(2026, 2, d)) for d in range(15, 24))
        assert cal.is_workday(D(2026, 1, 4))  # Sunday, worked for 元旦

    def test_late_december_makeup_day_of_next_years_notice(self, cal: WorkdayCalendar) -> None:
        """国办发明电〔2006〕49号 (2007 notice): 2006年12月30日、31日上班."""
        for day in (D(2006, 12, 30), D(2006, 12, 31)):
            info = cal.describe(day)
            assert info.kind is DayKind.MAKEUP_WORKDAY
            assert info.holiday == "元旦"
            assert "2007" in (info.source or "")

    def test_counting_examples(self, cal: WorkdayCalendar) -> None:
        """Counts worked out by hand on the 2025 calendar."""
        # 1-21..1-24 (4), 1-26 调休 (5), 1-27 (6), 2-05..2-07 (9), 2-08 调休 (10), 2-10..2-14 (15)
        assert cal.add_workdays(D(2025, 1, 20), 15) == D(2025, 2, 14)
        # 9-28 调休 (1), 9-29 (2), 9-30 (3), 10-09 (4)
        assert cal.add_workdays(D(2025, 9, 26), 4) == D(2025, 10, 9)
        assert cal.add_workdays(D(2025, 10, 9), -1) == D(2025, 9, 30)
        assert cal.workdays_between(D(2025, 9, 30), D(2025, 10, 8)) == 0
        assert cal.workdays_between(D(2025, 2, 14), D(2025, 1, 20)) == -15
        assert cal.next_workday(D(2025, 9, 30)) == D(2025, 10, 9)
        assert cal.previous_workday(D(2025, 10, 9)) == D(2025, 9, 30)
        assert cal.roll_forward(D(2025, 10, 3)) == D(2025, 10, 9)
        assert cal.roll_forward(D(2025, 10, 11)) == D(2025, 10, 11)  # 调休 Saturday
        assert cal.roll_backward(D(2025, 10, 3)) == D(2025, 9, 30)

    def test_add_zero(self, cal: WorkdayCalendar) -> None:
        """N == 0 returns the day itself, rest day or not."""
        assert cal.add_workdays(D(2025, 10, 3), 0) == D(2025, 10, 3)
        assert cal.add_workdays(D(2025, 10, 9), 0) == D(2025, 10, 9)

    def test_explanation_accounts_for_every_day(self, cal: WorkdayCalendar) -> None:
        """The span lists each day once, skipped rest days and counted 调休 days named."""
        span = cal.explain_add_workdays(D(2025, 1, 20), 15)
        assert span.end == D(2025, 2, 14) and span.count == 15
        assert [d.date for d in span.days] == [
            D(2025, 1, 21) + dt.timedelta(days=i) for i in range(25)
        ]
        assert [d.date for d in span.makeup_workdays] == [D(2025, 1, 26), D(2025, 2, 8)]
        assert "2025-01-28 至 2025-02-04（8 天）：春节" in span.render()
        assert "2025-01-28 to 2025-02-04 (8 days): 春节" in span.render("en")
        assert span.provisional_years == ()


class TestCrossCheck:
    """Every day against the independently maintained ``chinese-calendar`` package."""

    #: Days where chinese-calendar is wrong, with the notice that settles each.
    KNOWN: ClassVar[dict[dt.date, bool]] = {
        # 国务院办公厅关于2006年部分节假日安排的通知（国办发明电〔2005〕35号）:
        # "元旦：1月1日—3日放假……12月31日（星期六）上班" — a working day.
        D(2005, 12, 31): True,
    }

    def test_every_day_2004_2026(self, cal: WorkdayCalendar) -> None:
        """Zero unexplained disagreements in 2004-2026."""
        disagreements = {}
        day = D(2004, 1, 1)
        while day <= D(2026, 12, 31):
            ours = cal.is_workday(day)
            if ours != chinese_calendar.is_workday(day):
                disagreements[day] = ours
            day += dt.timedelta(days=1)
        assert disagreements == self.KNOWN

    def test_known_disagreement_is_still_one(self) -> None:
        """The explained disagreement is real in the installed oracle (the test can fail)."""
        assert chinese_calendar.is_workday(D(2005, 12, 31)) is False


class TestOfficialYears:
    """Which years are official, and what happens to the others."""

    def test_known_years_are_official(self, cal: WorkdayCalendar) -> None:
        """2001-2026 have notices in every supported holidays release."""
        assert set(range(2001, 2027)) <= cal.official_years
        assert cal.official_years == package_official_years()

    def test_years_without_notice_are_provisional(self, cal: WorkdayCalendar) -> None:
        """A year past the package's data is provisional, and 2000 has no notice."""
        assert FAR_YEAR not in cal.official_years
        assert 2000 not in cal.official_years
        latest = max(cal.official_years)
        assert latest + 1 not in cal.official_years
        assert cal.provisional_years(D(latest, 6, 1), D(latest + 1, 6, 1)) == (latest + 1,)

    def test_provisional_warns_once_per_year(self) -> None:
        """A provisional year warns once per calendar and year, and describe() says so."""
        cal = WorkdayCalendar.china()
        with pytest.warns(ProvisionalCalendarWarning, match=str(FAR_YEAR)) as record:  # noqa: PT031
            cal.add_workdays(D(FAR_YEAR, 3, 2), 5)
            cal.add_workdays(D(FAR_YEAR, 5, 2), 5)
            cal.is_workday(D(FAR_YEAR, 7, 1))
        assert len([w for w in record if issubclass(w.category, ProvisionalCalendarWarning)]) == 1
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            info = cal.describe(D(FAR_YEAR, 10, 1))
        assert not info.official and "暂定" in str(info)

    def test_provisional_explanation_says_so(self) -> None:
        """An explanation through a provisional year lists it."""
        cal = WorkdayCalendar.china()
        with pytest.warns(ProvisionalCalendarWarning):
            span = cal.explain_add_workdays(D(FAR_YEAR - 1, 12, 20), 15)
        assert span.provisional_years == (FAR_YEAR - 1, FAR_YEAR)
        assert "暂定" in span.render()

    def test_strict_raises(self) -> None:
        """A strict calendar refuses provisional years and names them."""
        cal = WorkdayCalendar.china(strict=True)
        with pytest.raises(CalendarNotPublishedError) as err:
            cal.add_workdays(D(FAR_YEAR, 3, 2), 5)
        assert err.value.years == (FAR_YEAR,)
        assert isinstance(err.value, XinfangError)
        with pytest.raises(CalendarNotPublishedError):
            cal.is_workday(D(FAR_YEAR, 3, 2))
        with pytest.raises(CalendarNotPublishedError):
            cal.workdays_between(D(2020, 1, 1), D(FAR_YEAR, 1, 2))
        assert cal.add_workdays(D(2025, 1, 20), 15) == D(2025, 2, 14)

    def test_strict_raises_every_time(self) -> None:
        """A strict calendar raises on every use of a provisional year, not only the first."""
        cal = WorkdayCalendar.china(strict=True)
        for _ in range(3):
            with pytest.raises(CalendarNotPublishedError):
                cal.add_workdays(D(FAR_YEAR - 1, 12, 20), 15)
            with pytest.raises(CalendarNotPublishedError):
                cal.is_workday(D(FAR_YEAR, 3, 2))

    def test_answers_after_the_warning_are_unchanged(self) -> None:
        """Once a year has warned, later answers through it are the same, without warning."""
        start = D(FAR_YEAR - 1, 12, 1)
        ref = WorkdayCalendar.china()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = [ref._add_slow(start, n) for n in range(1, 120)]
        cal = WorkdayCalendar.china()
        with pytest.warns(ProvisionalCalendarWarning):
            first = [cal.add_workdays(start, n) for n in range(1, 120)]
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            again = [cal.add_workdays(start, n) for n in range(1, 120)]
            back = [cal.workdays_between(start, r) for r in again]
        assert first == again == expected
        assert back == list(range(1, 120))

    def test_count_ending_before_provisional_year_does_not_warn(self) -> None:
        """Only the days a count depends on matter: (d, result]."""
        cal = WorkdayCalendar.china(strict=True)
        latest = max(cal.official_years)
        assert cal.add_workdays(D(latest + 1, 1, 1), 0) == D(latest + 1, 1, 1)
        # counting back from 1 January of the provisional year uses only the year before
        assert cal.add_workdays(D(latest + 1, 1, 1), -1) == cal.roll_backward(D(latest, 12, 31))

    def test_notice_makes_year_official(self) -> None:
        """A user's national notice makes its year official, and takes precedence."""
        notice = Notice(
            FAR_YEAR,
            days_off={D(FAR_YEAR, 10, d): "国庆节" for d in range(1, 8)},
            workdays={D(FAR_YEAR, 9, 29): "国庆节"},  # a Saturday in 2091
            title=f"国务院办公厅关于{FAR_YEAR}年部分节假日安排的通知",
        )
        cal = WorkdayCalendar.china(strict=True).with_notice(notice)
        assert FAR_YEAR in cal.official_years
        assert cal.is_workday(D(FAR_YEAR, 9, 29))
        assert not cal.is_workday(D(FAR_YEAR, 10, 5))
        new_year = D(FAR_YEAR, 1, 1)
        assert new_year.weekday() < 5
        assert cal.is_workday(new_year)  # the notice (no 元旦 in it) replaces the rule-based guess
        assert cal.describe(D(FAR_YEAR, 9, 29)).source == notice.title

    def test_user_notice_overrides_package_data(self) -> None:
        """Notices from users take precedence over the package's data for that year."""
        notice = Notice(2025, days_off={D(2025, 1, 1): "元旦"}, workdays={D(2025, 1, 4): "测试"})
        cal = WorkdayCalendar.china().with_notice(notice)
        assert cal.is_workday(D(2025, 1, 4))
        assert cal.is_workday(D(2025, 1, 29))  # 春节 is not in this (test) notice
        assert WorkdayCalendar.china().is_workday(D(2025, 1, 29)) is False


class TestRegions:
    """Local holidays laid over the national calendar."""

    def test_guangxi_preset(self) -> None:
        """广西 2017 notice: 3-30..4-01 off (4-01 was a national 调休 Saturday), 4-08 worked."""
        gx = WorkdayCalendar.china(region="广西")
        national = WorkdayCalendar.china()
        assert national.is_workday(D(2017, 4, 1)) and not gx.is_workday(D(2017, 4, 1))
        assert not national.is_workday(D(2017, 4, 8)) and gx.is_workday(D(2017, 4, 8))
        assert not gx.is_workday(D(2025, 3, 31)) and national.is_workday(D(2025, 3, 31))
        info = gx.describe(D(2025, 4, 1))
        assert (info.holiday, info.region) == ("壮族三月三", "广西")

    def test_region_years_without_local_notice_are_provisional(self) -> None:
        """From the region's first year on, a missing local notice makes the year provisional."""
        gx = WorkdayCalendar.china(region="广西")
        assert 2013 in gx.official_years  # before 壮族三月三 became a holiday
        assert 2025 in gx.official_years
        assert 2023 not in gx.official_years  # no 2023 notice in the preset
        assert 2023 in WorkdayCalendar.china().official_years

    def test_unknown_preset(self) -> None:
        """An unknown preset name says which exist."""
        with pytest.raises(NoticeError, match="广西"):
            WorkdayCalendar.china(region="火星")

    def test_regional_notice_needs_region(self) -> None:
        """A regional notice for a region the calendar does not have is refused."""
        notice = Notice(2026, days_off={D(2026, 4, 20): "壮族三月三"}, region="广西")
        with pytest.raises(NoticeError, match="with_region"):
            WorkdayCalendar.china().with_notice(notice)
        gx = WorkdayCalendar.china(region="广西").with_notice(notice)
        assert not gx.is_workday(D(2026, 4, 20))
        assert 2026 in gx.official_years

    def test_custom_region(self) -> None:
        """A user-defined region works like the preset."""
        region = Region(
            name="新疆",
            since=2020,
            source="新疆维吾尔自治区 古尔邦节 放假规定（示例）",
            notices=(Notice(2024, days_off={D(2024, 6, 17): "古尔邦节"}, region="新疆"),),
        )
        cal = WorkdayCalendar.china().with_region(region)
        assert not cal.is_workday(D(2024, 6, 17))
        assert 2023 not in cal.official_years


class TestImmutability:
    """Calendars are values: derived ones are new, inputs are not mutated."""

    def test_with_notice_returns_new_calendar(self) -> None:
        """The original calendar is unchanged."""
        base = WorkdayCalendar.china()
        notice = Notice(2025, days_off={D(2025, 3, 3): "测试"})
        derived = base.with_notice(notice)
        assert base.is_workday(D(2025, 3, 3)) and not derived.is_workday(D(2025, 3, 3))
        assert base != derived and base == WorkdayCalendar.china()

    def test_callers_mapping_is_copied(self) -> None:
        """Changing the dict passed to Notice afterwards changes nothing."""
        days = {D(2025, 3, 3): "测试"}
        notice = Notice(2025, days_off=days)
        days[D(2025, 3, 4)] = "later"
        assert list(notice.days_off) == [D(2025, 3, 3)]
        with pytest.raises(TypeError):
            notice.days_off[D(2025, 3, 5)] = "x"  # type: ignore[index]

    @pytest.mark.slow  # left out of mutation runs (docs/testing.md)
    def test_threads_agree(self) -> None:
        """Many threads building a fresh calendar's index concurrently get the same answers."""
        cal = WorkdayCalendar.china()
        starts = [D(2004 + (i % 20), 1 + i % 12, 1 + i % 28) for i in range(200)]
        expected = [WorkdayCalendar.china().add_workdays(d, 30) for d in starts]
        results: dict[int, list[dt.date]] = {}

        def work(t: int) -> None:
            results[t] = [cal.add_workdays(d, 30) for d in (starts[t:] + starts[:t])]

        threads = [threading.Thread(target=work, args=(t,)) for t in range(8)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        for t, got in results.items():
            assert got == expected[t:] + expected[:t]


class TestProperties:
    """Invariants over random dates and counts."""

    @given(d=official_dates, n=workday_counts)
    def test_round_trip(self, cal: WorkdayCalendar, d: dt.date, n: int) -> None:
        """workdays_between(d, add_workdays(d, n)) == n."""
        assert cal.workdays_between(d, cal.add_workdays(d, n)) == n

    @given(d=official_dates, n=workday_counts.filter(bool))
    def test_result_is_a_workday(self, cal: WorkdayCalendar, d: dt.date, n: int) -> None:
        """add_workdays lands on a working day, on the right side of d."""
        r = cal.add_workdays(d, n)
        assert cal.is_workday(r)
        assert (r > d) if n > 0 else (r < d)

    @given(d=official_dates, n=workday_counts.filter(bool))
    def test_inverse_on_workdays(self, cal: WorkdayCalendar, d: dt.date, n: int) -> None:
        """For a working day d, going n and back -n returns to d."""
        d = cal.roll_forward(d)
        assert cal.add_workdays(cal.add_workdays(d, n), -n) == d

    @given(a=official_dates, b=official_dates, n=st.integers(1, 200))
    def test_monotonic_in_date(self, cal: WorkdayCalendar, a: dt.date, b: dt.date, n: int) -> None:
        """A later start never gives an earlier result."""
        a, b = sorted((a, b))
        assert cal.add_workdays(a, n) <= cal.add_workdays(b, n)

    @given(d=official_dates, n=workday_counts, m=workday_counts)
    def test_monotonic_in_n(self, cal: WorkdayCalendar, d: dt.date, n: int, m: int) -> None:
        """More working days never give an earlier result; strictly later past zero."""
        n, m = sorted((n, m))
        assert cal.add_workdays(d, n) <= cal.add_workdays(d, m)

    @given(d=official_dates, n=st.integers(-60, 60))
    def test_matches_day_by_day_count(self, cal: WorkdayCalendar, d: dt.date, n: int) -> None:
        """The O(1) index agrees with walking day by day with is_workday."""
        step = 1 if n >= 0 else -1
        cur, left = d, abs(n)
        while left:
            cur += dt.timedelta(days=step)
            left -= cal.is_workday(cur)
        assert cal.add_workdays(d, n) == cur

    @pytest.mark.slow  # left out of mutation runs (docs/testing.md)
    @settings(max_examples=40, deadline=None)
    @given(
        years=st.lists(st.integers(2001, 2098), min_size=1, max_size=6),
        d=any_dates,
        n=workday_counts,
    )
    def test_order_of_first_touch_is_irrelevant(self, years: list[int], d: dt.date, n: int) -> None:
        """Touching years in any order first gives the same answers."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ProvisionalCalendarWarning)
            fresh = WorkdayCalendar.china()
            touched = WorkdayCalendar.china()
            for y in years:
                touched.is_workday(D(y, 6, 1))
            assert touched.add_workdays(d, n) == fresh.add_workdays(d, n)
            e = min(d + dt.timedelta(days=abs(n) * 3), D(2099, 12, 31))
            assert touched.workdays_between(d, e) == fresh.workdays_between(d, e)

    @settings(max_examples=50)
    @given(d=official_dates, n=workday_counts)
    def test_user_notice_takes_precedence(self, d: dt.date, n: int) -> None:
        """A notice turning a working day into a day off removes exactly that day."""
        day = WorkdayCalendar.china().roll_forward(d)
        if day.weekday() >= 5:  # a make-up Saturday/Sunday cannot be a day off in a notice test
            return
        base = WorkdayCalendar.china()
        national = dict(_package_notice(day.year).days_off)
        national[day] = "测试"
        cal = base.with_notice(
            Notice(day.year, days_off=national, workdays=_package_notice(day.year).workdays)
        )
        assert not cal.is_workday(day)
        before = day - dt.timedelta(days=1)
        assert cal.workdays_between(before, day) == 0
        assert base.workdays_between(before, day) == 1


def _package_notice(year: int) -> Notice:
    """The package's data for ``year`` as a Notice (to modify in tests)."""
    from xinfang_rules.calendar._china import national_year

    data = national_year(year)
    return Notice(
        year,
        days_off={d: name for d, (name, _) in data.days_off.items()},
        workdays={**data.workdays, **data.prior_year_workdays},
    )


class TestBatch:
    """add_workdays_many / workdays_between_many agree with the scalar forms."""

    @given(ds=st.lists(official_dates, max_size=50), n=workday_counts)
    def test_list_matches_scalar(self, cal: WorkdayCalendar, ds: list[dt.date], n: int) -> None:
        """Pure-Python batch equals a loop of scalars."""
        assert cal.add_workdays_many(ds, n) == [cal.add_workdays(d, n) for d in ds]

    @given(ds=st.lists(official_dates, min_size=1, max_size=50), n=workday_counts)
    def test_numpy_matches_scalar(self, cal: WorkdayCalendar, ds: list[dt.date], n: int) -> None:
        """Numpy batch equals a loop of scalars."""
        np = pytest.importorskip("numpy")
        out = cal.add_workdays_many(np.array(ds, dtype="datetime64[D]"), n)
        assert out.dtype == np.dtype("datetime64[D]")
        assert out.tolist() == [cal.add_workdays(d, n) for d in ds]

    @given(pairs=st.lists(st.tuples(official_dates, official_dates), min_size=1, max_size=50))
    def test_between_many(self, cal: WorkdayCalendar, pairs: list[tuple[dt.date, dt.date]]) -> None:
        """Batch counts equal scalar counts, for lists and arrays."""
        np = pytest.importorskip("numpy")
        a, b = zip(*pairs, strict=True)
        expected = [cal.workdays_between(x, y) for x, y in pairs]
        assert cal.workdays_between_many(list(a), list(b)) == expected
        arr = cal.workdays_between_many(
            np.array(a, dtype="datetime64[D]"), np.array(b, dtype="datetime64[D]")
        )
        assert arr.tolist() == expected

    def test_numpy_batch_warns_and_strict(self) -> None:
        """The batch path flags provisional years like the scalar one."""
        np = pytest.importorskip("numpy")
        arr = np.array([D(2025, 1, 2), D(FAR_YEAR, 1, 2)], dtype="datetime64[D]")
        with pytest.warns(ProvisionalCalendarWarning):
            WorkdayCalendar.china().add_workdays_many(arr, 10)
        with pytest.raises(CalendarNotPublishedError):
            WorkdayCalendar.china(strict=True).add_workdays_many(arr, 10)
        ok = np.array([D(2025, 1, 2)], dtype="datetime64[D]")
        assert WorkdayCalendar.china(strict=True).add_workdays_many(ok, 10).tolist() == [
            D(2025, 1, 16)
        ]

    @pytest.mark.slow  # left out of mutation runs (docs/testing.md)
    @settings(max_examples=20, deadline=None)
    @given(ds=st.lists(any_dates, min_size=1, max_size=6), n=workday_counts)
    def test_numpy_warns_for_the_same_years(self, ds: list[dt.date], n: int) -> None:
        """The batch warns for exactly the provisional years the scalar loop passes through."""
        np = pytest.importorskip("numpy")

        def warned(run: Callable[[WorkdayCalendar], object]) -> set[str]:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                try:
                    run(WorkdayCalendar.china())
                except DateOutOfRangeError:
                    return {"out of range"}
            return {str(w.message)[:40] for w in caught}

        arr = np.array(ds, dtype="datetime64[D]")
        assert warned(lambda c: c.add_workdays_many(arr, n)) == warned(
            lambda c: [c.add_workdays(d, n) for d in ds]
        )
        ends = np.array(list(reversed(ds)), dtype="datetime64[D]")
        assert warned(lambda c: c.workdays_between_many(arr, ends)) == warned(
            lambda c: [c.workdays_between(a, b) for a, b in zip(ds, reversed(ds), strict=True)]
        )

    def test_numpy_non_day_units(self, cal: WorkdayCalendar) -> None:
        """Midnight in a finer unit is a whole day; NaT in a finer unit is refused."""
        np = pytest.importorskip("numpy")
        arr = np.array(["2025-09-30T00:00:00"], dtype="datetime64[s]")
        assert cal.add_workdays_many(arr, 1).tolist() == [D(2025, 10, 9)]
        with pytest.raises(XinfangTypeError, match="NaT"):
            cal.add_workdays_many(np.array(["NaT", "2025-01-01"], dtype="datetime64[s]"), 1)

    def test_numpy_bad_arrays(self, cal: WorkdayCalendar) -> None:
        """Times of day, NaT and non-date arrays are refused."""
        np = pytest.importorskip("numpy")
        with pytest.raises(XinfangTypeError, match="times of day"):
            cal.add_workdays_many(np.array(["2025-01-02T10:00"], dtype="datetime64[m]"), 1)
        with pytest.raises(XinfangTypeError, match="NaT"):
            cal.add_workdays_many(np.array(["NaT"], dtype="datetime64[D]"), 1)
        with pytest.raises(XinfangTypeError, match="datetime64"):
            cal.add_workdays_many(np.array([1, 2]), 1)
        with pytest.raises(DateOutOfRangeError):
            cal.add_workdays_many(np.array(["1999-01-01"], dtype="datetime64[D]"), 1)


class TestBadInput:
    """Every kind of bad input gets a clear error from the library."""

    def test_datetime_refused(self, cal: WorkdayCalendar) -> None:
        """A datetime is not silently truncated; the message says how to convert."""
        with pytest.raises(XinfangTypeError, match=r"beijing_date|\.date\(\)") as err:
            cal.is_workday(dt.datetime(2025, 1, 2, 10))
        assert isinstance(err.value, TypeError)
        with pytest.raises(XinfangTypeError):
            cal.add_workdays(dt.datetime(2025, 1, 2, tzinfo=dt.timezone.utc), 1)
        with pytest.raises(XinfangTypeError):
            cal.workdays_between(D(2025, 1, 2), "2025-01-10")  # type: ignore[arg-type]

    def test_bad_n(self, cal: WorkdayCalendar) -> None:
        """N must be an integer (not a bool, float or string)."""
        for bad in (1.5, True, "3", None):
            with pytest.raises(XinfangTypeError):
                cal.add_workdays(D(2025, 1, 2), bad)  # type: ignore[arg-type]

    def test_out_of_range(self, cal: WorkdayCalendar) -> None:
        """Dates and results outside 2000-2099 are refused, not wrapped."""
        with pytest.raises(DateOutOfRangeError, match="2000"):
            cal.is_workday(D(1999, 12, 31))
        with pytest.raises(DateOutOfRangeError):
            cal.add_workdays(D(2100, 1, 1), 1)
        with pytest.raises(DateOutOfRangeError):
            cal.add_workdays(D(2000, 1, 5), -10)
        with pytest.raises(DateOutOfRangeError):
            cal.workdays_between(D(2020, 1, 1), D(2100, 1, 1))
        with pytest.raises(DateOutOfRangeError):
            cal.describe(D(1990, 1, 1))
        assert isinstance(DateOutOfRangeError("x"), ValueError)

    def test_lang(self, cal: WorkdayCalendar) -> None:
        """An unknown language is an error, not silently Chinese."""
        with pytest.raises(XinfangTypeError):
            cal.describe(D(2025, 1, 1)).reason("fr")  # type: ignore[arg-type]


class TestExplainWording:
    """The words of explain() for make-up days, regional holidays and one-day holidays.

    These were pinned by doctests only, which mutation runs leave out: a changed word
    survived (docs/testing.md).
    """

    def test_a_makeup_day_in_both_languages(self) -> None:
        """A counted make-up day is named with its festival, in Chinese and in English."""
        span = WorkdayCalendar.china().explain_add_workdays(D(2025, 9, 26), 4)
        assert span.render().splitlines()[1] == (
            "计入调休上班日：2025-09-28 星期日，调休上班（国庆节、中秋节）"
        )
        assert span.render("en").splitlines()[1] == (
            "Counted make-up working days: 2025-09-28 (Sunday, make-up working day (调休上班) "
            "for 国庆节、中秋节)"
        )

    def test_a_regional_holiday(self) -> None:
        """A regional holiday says its region."""
        cal = WorkdayCalendar.china(region="广西")
        assert cal.describe(D(2025, 3, 31)).reason() == "星期一，壮族三月三放假〔广西〕"
        assert cal.describe(D(2025, 3, 31)).reason("en") == "Monday, holiday: 壮族三月三 [广西]"
        assert cal.explain_add_workdays(D(2025, 3, 28), 2).render().splitlines()[1:] == [
            "跳过休息日：",
            "  2025-03-29 至 2025-04-01（4 天）：壮族三月三",
        ]

    def test_a_one_day_holiday_is_not_a_range(self) -> None:
        """元旦 2025 (Wednesday, 放假1天，不调休) is one line, not '2025-01-01 至 2025-01-01'."""
        span = WorkdayCalendar.china().explain_add_workdays(D(2024, 12, 31), 1)
        assert span.render().splitlines()[1:] == ["跳过休息日：", "  2025-01-01 元旦放假"]
        assert span.render("en").splitlines()[1:] == [
            "Skipped rest days:",
            "  2025-01-01 holiday: 元旦",
        ]
