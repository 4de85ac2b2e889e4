"""The calendar's fast, slow and batch paths agree with a plain day-by-day walk.

The walk asks only ``is_workday``, one day at a time; every other answer (adding working
days forwards and backwards, counting them in either direction, one at a time or in a
batch, inside and outside the official years) must be what the walk finds.
"""

from __future__ import annotations

import datetime as dt
import warnings

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from xinfang_rules import ProvisionalCalendarWarning, WorkdayCalendar

ONE = dt.timedelta(days=1)
#: Across the last official years into provisional ones, where the slow path runs.
edge_dates = st.dates(min_value=dt.date(2024, 6, 1), max_value=dt.date(2031, 6, 30))
counts = st.integers(min_value=-120, max_value=120)


def fresh() -> WorkdayCalendar:
    """A calendar of the test's own (its warnings and caches start empty)."""
    return WorkdayCalendar.china()


def walk_add(cal: WorkdayCalendar, d: dt.date, n: int) -> dt.date:
    """The n-th working day after d (before it for n < 0); d itself for 0."""
    step = ONE if n > 0 else -ONE
    left = abs(n)
    cur = d
    while left:
        cur += step
        left -= cal.is_workday(cur)
    return cur


def walk_between(cal: WorkdayCalendar, a: dt.date, b: dt.date) -> int:
    """Working days in (a, b], or minus those in [b, a) when b < a."""
    if b >= a:
        return sum(cal.is_workday(a + ONE * i) for i in range(1, (b - a).days + 1))
    return -sum(cal.is_workday(b + ONE * i) for i in range((a - b).days))


@settings(max_examples=80)
@given(d=edge_dates, n=counts)
def test_add_matches_the_walk(d: dt.date, n: int) -> None:
    """add_workdays, scalar and batch (list and numpy), is the walk, provisional or not."""
    cal = fresh()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalCalendarWarning)
        expected = walk_add(cal, d, n)
        assert cal.add_workdays(d, n) == expected
        assert cal.add_workdays_many([d, d], n) == [expected, expected]
        got = cal.add_workdays_many(np.array([d, d + ONE], dtype="datetime64[D]"), n)
        assert got[0].astype(dt.date) == expected
        assert got[1].astype(dt.date) == walk_add(cal, d + ONE, n)
        span = cal.explain_add_workdays(d, n)
        assert (span.start, span.end) == (d, expected)


@settings(max_examples=80)
@given(a=edge_dates, b=edge_dates)
def test_between_matches_the_walk(a: dt.date, b: dt.date) -> None:
    """workdays_between in both directions, scalar and batch, is the walk."""
    cal = fresh()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalCalendarWarning)
        expected = walk_between(cal, a, b)
        assert cal.workdays_between(a, b) == expected
        assert cal.workdays_between(b, a) == walk_between(cal, b, a)
        assert cal.workdays_between_many([a, b], [b, a]) == [expected, walk_between(cal, b, a)]
        arr = cal.workdays_between_many(
            np.array([a, b], dtype="datetime64[D]"), np.array([b, a], dtype="datetime64[D]")
        )
        assert [int(x) for x in arr] == [expected, walk_between(cal, b, a)]
        span = cal.explain_workdays_between(a, b)
        assert (span.start, span.end, span.count) == (a, b, expected)


def test_provisional_years_reported() -> None:
    """The years without a notice that a span touches, and only those, warned once."""
    cal = fresh()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ProvisionalCalendarWarning)
        cal.add_workdays(dt.date(2026, 12, 20), 30)
        cal.add_workdays(dt.date(2026, 12, 20), 30)
        cal.add_workdays(dt.date(2026, 6, 1), 30)
    assert [str(w.message)[:40] for w in caught] == ["no official holiday notice for 2027: its"]
    assert cal.provisional_years(dt.date(2026, 12, 20), dt.date(2027, 2, 1)) == (2027,)
    assert cal.provisional_years(dt.date(2025, 1, 1), dt.date(2026, 12, 31)) == ()
    assert cal.provisional_years(dt.date(2026, 12, 31), dt.date(2029, 1, 1)) == (2027, 2028, 2029)
    assert 2026 in cal.official_years and 2027 not in cal.official_years
