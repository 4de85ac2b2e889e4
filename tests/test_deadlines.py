"""The deadline engine: golden deadlines worked out by hand, properties, errors.

Calendars used below (国务院办公厅关于部分节假日安排的通知 of each year):
- 2024: 春节 2-10..2-17 off, 2-04 (Sun) and 2-18 (Sun) worked; 国庆节 10-01..10-07 off,
  9-29 (Sun) and 10-12 (Sat) worked.
- 2025: 国庆节、中秋节 10-01..10-08 off, 9-28 (Sun) and 10-11 (Sat) worked.
- 2026: 春节 2-15..2-23 off, 2-14 (Sat) and 2-28 (Sat) worked; 国庆节 10-01..10-07 off,
  9-20 (Sun) and 10-10 (Sat) worked.
"""

from __future__ import annotations

import datetime as dt
import warnings

import chinese_calendar
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from xinfang_rules import (
    XINFANG_2005,
    XINFANG_2022,
    CalendarNotPublishedError,
    Deadline,
    DeadlineError,
    Extension,
    Pause,
    Period,
    ProvisionalCalendarWarning,
    RegimeError,
    Source,
    WorkdayCalendar,
    XinfangTypeError,
    compute_deadline,
    compute_due_dates,
    regime_for,
    statutory_timeline,
)

from .strategies import official_dates

D = dt.date


def due(period_id: str, start: dt.date, **kw: object) -> Deadline:
    return compute_deadline(period_id, start, regime=XINFANG_2022, **kw)  # type: ignore[arg-type]


class TestGolden:
    """Deadlines derived by hand; each comment gives the reasoning."""

    def test_last_day_on_national_day_rolls(self) -> None:
        """Art. 34: 60 days from acceptance on 2025-08-04.

        Day 1 is 08-05 (民法典 Art. 201); day 60 is 10-03, a 国庆节 day off; the days off
        run to 10-08, so the period ends on 10-09 (Art. 203).
        """
        d = due("handle", D(2025, 8, 4))
        assert (d.last_day, d.due, d.rolled) == (D(2025, 10, 3), D(2025, 10, 9), True)
        assert "10-03（国庆节）顺延至 10-09" in d.why()
        assert d.why("en").startswith("rolled from 10-03 (国庆节) to 10-09")

    def test_spring_festival_2024_rolls_to_a_makeup_sunday(self) -> None:
        """Art. 22: 15 days from 2024-01-31 end on 02-15 (春节 off).

        02-16 and 02-17 are off too; 02-18 is a Sunday made a working day, so it is due.
        """
        d = due("route", D(2024, 1, 31))
        assert d.last_day == D(2024, 2, 15)
        assert d.due == D(2024, 2, 18) and d.due.weekday() == 6

    def test_spring_festival_2026(self) -> None:
        """Art. 22: 15 days from 2026-02-01 end on 02-16, inside 春节 02-15..02-23: due 02-24."""
        assert due("route", D(2026, 2, 1)).due == D(2026, 2, 24)

    def test_national_day_2024(self) -> None:
        """Art. 35: 30 days from 2024-09-05 end on 10-05 (国庆节): due 10-08."""
        assert due("review_request", D(2024, 9, 5)).due == D(2024, 10, 8)

    @pytest.mark.parametrize(
        ("period_id", "start", "end"),
        [
            # 15 days from 2026-09-25: day 15 is 10-10, a Saturday made a working day
            ("route", D(2026, 9, 25), D(2026, 10, 10)),
            # 30 days from 2026-01-29: day 30 is 02-28, a Saturday made a working day
            ("review_request", D(2026, 1, 29), D(2026, 2, 28)),
        ],
    )
    def test_last_day_on_makeup_saturday_is_not_rolled(
        self, period_id: str, start: dt.date, end: dt.date
    ) -> None:
        """A make-up working Saturday is a working day: the period ends on it."""
        d = due(period_id, start)
        assert d.due == d.last_day == end and end.weekday() == 5 and not d.rolled
        assert "为调休上班日，不顺延" in d.why()

    def test_objection_over_national_day_2025(self) -> None:
        """Art. 23 ¶3: 5 working days from 2025-09-26 (Fri).

        09-27 (Sat) is off, 09-28 (Sun) is a make-up working day (1), 09-29 (2), 09-30 (3),
        10-01..10-08 off, 10-09 (4), 10-10 (5).
        """
        d = due("object_wrong_addressee", D(2025, 9, 26))
        assert d.due == D(2025, 10, 10)
        text = d.explain().render()
        assert "计入的调休上班日：2025-09-28" in text
        assert "2025-10-01 至 2025-10-08（8 天）：国庆节、中秋节" in text

    def test_objection_over_spring_festival_2024(self) -> None:
        """5 working days from 2024-02-08: 02-09, (春节 02-10..17), 02-18 (Sun), 19, 20, 21."""
        assert due("object_wrong_addressee", D(2024, 2, 8)).due == D(2024, 2, 21)

    def test_counting_days_as_workdays(self) -> None:
        """With every 日 a working day, 60 days from 2025-08-04 is the 60th working day.

        Checked against chinese-calendar, an independent source.
        """
        d = due("handle", D(2025, 8, 4), count_days_as="workdays")
        expected = chinese_calendar.find_workday(59, D(2025, 8, 5))
        assert d.due == expected == D(2025, 10, 31)
        regime = XINFANG_2022.counting_days_as("workdays")
        assert compute_deadline("handle", D(2025, 8, 4), regime=regime).due == expected

    def test_same_day_and_on_the_spot(self) -> None:
        """当日 on a rest day moves to the next working day; 当场 stays on the day."""
        src = XINFANG_2022["route"].source
        same = Period("letters", "当日转办", None, "same_day", "received", src)
        assert compute_deadline(same, D(2025, 10, 4)).due == D(2025, 10, 9)
        assert compute_deadline(same, D(2025, 10, 9)).due == D(2025, 10, 9)
        spot = Period("spot", "当场告知", None, "on_the_spot", "received", src)
        assert compute_deadline(spot, D(2025, 10, 4)).due == D(2025, 10, 4)

    def test_assigned_deadline(self) -> None:
        """Art. 22(三): the assigning body sets the date."""
        d = due("assigned_report", D(2026, 3, 2), assigned_due=D(2026, 3, 31))
        assert d.due == D(2026, 3, 31)
        with pytest.raises(DeadlineError, match="assigned_due"):
            due("assigned_report", D(2026, 3, 2))

    def test_hearing_is_not_counted(self) -> None:
        """Art. 36 ¶2: 30 days from 2025-03-03 end 04-02; a 5-day hearing moves it to 04-07."""
        hearing = Pause(D(2025, 3, 10), D(2025, 3, 14), "听证", "hearing")
        d = due("rereview_decision", D(2025, 3, 3), pauses=[hearing])
        assert d.due == D(2025, 4, 7)
        assert "听证：2025-03-10 至 2025-03-14（5 日，听证），不计入期限" in str(d.explain())

    def test_extension(self) -> None:
        """Art. 34: 60 + 30 days from 2025-03-03 end 06-01 (端午节): due 06-03."""
        ext = Extension(30, D(2025, 4, 20), "县信访局局长", "情况复杂，需调查核实")
        d = due("handle", D(2025, 3, 3), extension=ext)
        assert (d.last_day, d.due) == (D(2025, 6, 1), D(2025, 6, 3))
        assert "延长：30 日，县信访局局长于 2025-04-20 批准" in d.explain().render()

    def test_pause_inside_the_extension(self) -> None:
        """A clock stop after day 60 but within the extended 90 days moves the deadline.

        60 + 30 days from 2025-03-03 end 06-01 (端午节); stopped 05-10..05-14 (5 days, after
        the original last day 05-02): 06-06 (Fri), a working day.
        """
        ext = Extension(30, D(2025, 4, 20), "县信访局局长", "情况复杂")
        stop = Pause(D(2025, 5, 10), D(2025, 5, 14), "等待鉴定")
        d = due("handle", D(2025, 3, 3), extension=ext, pauses=[stop])
        assert d.due == D(2025, 6, 6)

    def test_provisional_year_is_flagged(self) -> None:
        """60 days from 2026-12-15 end in 2027, which the package has no notice for."""
        cal = WorkdayCalendar.china()
        latest = max(cal.official_years)
        start = D(latest, 12, 15)
        with pytest.warns(ProvisionalCalendarWarning):
            d = compute_deadline(XINFANG_2022["handle"], start, calendar=cal)
        assert d.provisional and "暂定" in d.explain().render()
        with pytest.raises(CalendarNotPublishedError):
            compute_deadline(
                XINFANG_2022["handle"], start, calendar=WorkdayCalendar.china(strict=True)
            )
        assert not due("handle", D(2025, 1, 2)).provisional

    def test_regime_switch(self) -> None:
        """《信访工作条例》 applies from 2022-05-01 (Art. 50); before it, 《信访条例》(2005)."""
        assert regime_for(D(2022, 4, 30)) is XINFANG_2005
        assert regime_for(D(2022, 5, 1)) is XINFANG_2022
        before = dict(statutory_timeline(D(2022, 4, 30), accepted=D(2022, 5, 5)))
        after = {p.id: d for p, d in statutory_timeline(D(2022, 5, 1))}
        assert "object_wrong_addressee" in after and "supervision_feedback" not in after
        ids = {p.id: d for p, d in before.items()}
        assert "supervision_feedback" in ids and "object_wrong_addressee" not in ids
        handle = next(d for p, d in before.items() if p.id == "handle")
        assert handle is not None and handle.regime is XINFANG_2005
        # 60 days from 2022-05-05: day 60 is 07-04 (Mon), a working day
        assert handle.due == D(2022, 7, 4)
        with pytest.raises(RegimeError, match="2005-05-01"):
            regime_for(D(2005, 4, 30))

    def test_aware_datetime_is_a_beijing_date(self) -> None:
        """An online petition stamped 2026-01-01T17:00Z arrived on 2026-01-02 in Beijing."""
        stamp = dt.datetime(2026, 1, 1, 17, 0, tzinfo=dt.timezone.utc)
        assert due("route", stamp).start == D(2026, 1, 2)
        with pytest.raises(XinfangTypeError, match="naive datetime"):
            due("route", dt.datetime(2026, 1, 1, 17, 0))


class TestStatus:
    """Remaining days, due soon, overdue, met and late."""

    def test_states(self) -> None:
        """Around the 2025-10-09 deadline of the golden Art. 34 case."""
        d = due("handle", D(2025, 8, 4))
        assert d.status(D(2025, 9, 1)).state == "open"
        assert d.status(D(2025, 9, 1)).remaining == 38
        soon = d.status(D(2025, 9, 30), warn_within=3)  # 9-30 → 10-09: 1 working day left
        assert soon.state == "due_soon" and soon.remaining == 9
        assert d.status(D(2025, 10, 9)).remaining == 0
        late = d.status(D(2025, 10, 13))
        assert (late.state, late.overdue_by) == ("overdue", 4)
        assert d.status(D(2025, 12, 1), done_on=D(2025, 10, 9)).state == "met"
        assert d.status(D(2025, 12, 1), done_on=D(2025, 10, 10)).overdue_by == 1
        assert "已超期 4 日" in str(late)

    def test_workday_period_counts_workdays(self) -> None:
        """A working-day period reports working days left and overdue."""
        d = due("object_wrong_addressee", D(2025, 9, 26))  # due 2025-10-10
        assert d.status(D(2025, 9, 30)).remaining == 2
        # (10-10, 10-14]: 10-11 (Saturday, worked), 10-13, 10-14
        assert d.status(D(2025, 10, 14)).overdue_by == 3


class TestErrors:
    """Every bad input gets a clear library error."""

    def test_pause_errors(self) -> None:
        """Before the clock, after the last day, hearing where not allowed, bad spans."""
        with pytest.raises(DeadlineError, match="before the clock"):
            due(
                "rereview_decision",
                D(2025, 3, 3),
                pauses=[Pause(D(2025, 3, 3), D(2025, 3, 5), "x")],
            )
        with pytest.raises(DeadlineError, match="already run out"):
            due(
                "rereview_decision",
                D(2025, 3, 3),
                pauses=[Pause(D(2025, 5, 1), D(2025, 5, 5), "x")],
            )
        with pytest.raises(DeadlineError, match="hearing"):
            due(
                "handle",
                D(2025, 3, 3),
                pauses=[Pause(D(2025, 3, 5), D(2025, 3, 6), "听证", "hearing")],
            )
        with pytest.raises(DeadlineError, match="before it starts"):
            Pause(D(2025, 3, 6), D(2025, 3, 5), "x")

    @pytest.mark.parametrize(
        "pid", ["review_request", "rereview_request", "object_wrong_addressee", "route"]
    )
    def test_no_clock_stop_where_no_text_provides_one(self, pid: str) -> None:
        """The petitioner's 复查/复核 windows, the 5-工作日 objection and routing run on."""
        assert not XINFANG_2022[pid].stoppable
        with pytest.raises(DeadlineError, match="cannot be stopped"):
            due(pid, D(2025, 3, 3), pauses=[Pause(D(2025, 3, 5), D(2025, 3, 6), "鉴定")])
        assert due(pid, D(2025, 3, 3)).due  # without the stop it computes
        with pytest.raises(DeadlineError, match="reason"):
            Pause(D(2025, 3, 5), D(2025, 3, 6), " ")
        with pytest.raises(XinfangTypeError):
            Pause(dt.datetime(2025, 3, 5, 8), D(2025, 3, 6), "x")
        with pytest.raises(DeadlineError, match="no length"):
            due(
                "assigned_report",
                D(2025, 3, 3),
                assigned_due=D(2025, 4, 1),
                pauses=[Pause(D(2025, 3, 5), D(2025, 3, 6), "x")],
            )

    def test_extension_errors(self) -> None:
        """Over the cap, after the due date, on a period that may not be extended."""
        ok = {"approver": "局长", "reason": "情况复杂"}
        with pytest.raises(DeadlineError, match="cap of 30"):
            due("handle", D(2025, 3, 3), extension=Extension(31, D(2025, 4, 1), **ok))
        # 60 days from 2025-03-03 end 05-02 (劳动节), due 05-06: approval that day is in time
        assert due("handle", D(2025, 3, 3), extension=Extension(30, D(2025, 5, 6), **ok))
        with pytest.raises(DeadlineError, match="after the original due date"):
            due("handle", D(2025, 3, 3), extension=Extension(30, D(2025, 5, 7), **ok))
        with pytest.raises(DeadlineError, match="may not be extended"):
            due("route", D(2025, 3, 3), extension=Extension(5, D(2025, 3, 5), **ok))
        with pytest.raises(DeadlineError, match="approver"):
            Extension(5, D(2025, 3, 5), approver="", reason="x")
        with pytest.raises(DeadlineError, match="positive"):
            Extension(0, D(2025, 3, 5), **ok)

    def test_period_and_input_errors(self) -> None:
        """Unknown ids, ids without a regime, wrong types."""
        with pytest.raises(RegimeError, match="no period 'nope'"):
            due("nope", D(2025, 3, 3))
        with pytest.raises(XinfangTypeError, match="regime="):
            compute_deadline("handle", D(2025, 3, 3))
        with pytest.raises(XinfangTypeError, match="fromisoformat"):
            due("handle", "2025-03-03")  # type: ignore[arg-type]
        with pytest.raises(XinfangTypeError, match="WorkdayCalendar"):
            due("handle", D(2025, 3, 3), calendar=object())

    def test_inputs_not_mutated(self) -> None:
        """A caller's list of pauses is left as it was."""
        pauses = [
            Pause(D(2025, 3, 12), D(2025, 3, 14), "b"),
            Pause(D(2025, 3, 10), D(2025, 3, 12), "a"),
        ]
        before = list(pauses)
        d = due("rereview_decision", D(2025, 3, 3), pauses=pauses)
        assert pauses == before
        assert d.pauses == (Pause(D(2025, 3, 10), D(2025, 3, 14), "a；b"),)


PERIODS = [p.id for p in XINFANG_2022 if p.length is not None]
STOPPABLE = [p.id for p in XINFANG_2022 if p.stoppable]


class TestProperties:
    """Invariants over random starts, periods and pauses."""

    @given(start=official_dates, pid=st.sampled_from(PERIODS))
    def test_due_after_start_and_working_day(self, start: dt.date, pid: str) -> None:
        """Due after start; the due date is always a working day."""
        d = due(pid, start)
        assert d.due > d.start
        assert d.calendar.is_workday(d.due)

    @given(a=official_dates, b=official_dates, pid=st.sampled_from(PERIODS))
    def test_monotonic_in_start(self, a: dt.date, b: dt.date, pid: str) -> None:
        """A later start never gives an earlier due date."""
        a, b = min(a, b), max(a, b)
        assert due(pid, a).due <= due(pid, b).due

    @settings(deadline=None)
    @given(
        start=official_dates,
        pid=st.sampled_from(STOPPABLE),
        offset=st.integers(1, 60),
        length=st.integers(1, 40),
        workdays=st.booleans(),
    )
    def test_pause_moves_by_paused_days(
        self, start: dt.date, pid: str, offset: int, length: int, workdays: bool
    ) -> None:
        """A pause never makes the deadline earlier, and moves the last day by the paused days."""
        count = "workdays" if workdays else "days"
        plain = due(pid, start, count_days_as=count)
        pause_start = start + dt.timedelta(days=offset)
        assume(pause_start <= plain.last_day)
        pause = Pause(pause_start, pause_start + dt.timedelta(days=length - 1), "中止")
        paused = due(pid, start, pauses=[pause], count_days_as=count)
        cal = plain.calendar
        assert paused.due >= plain.due
        if paused.period.unit.value == "workdays":
            paused_workdays = cal.workdays_between(pause.start - dt.timedelta(days=1), pause.end)
            assert cal.workdays_between(plain.last_day, paused.last_day) == paused_workdays
        else:
            assert (paused.last_day - plain.last_day).days == length

    @settings(deadline=None, max_examples=60)
    @given(
        start=official_dates,
        pid=st.sampled_from(STOPPABLE),
        pause_at=st.integers(1, 20),
        pause_len=st.integers(1, 10),
        with_pause=st.booleans(),
    )
    def test_explanation_accounts_for_every_day(
        self, start: dt.date, pid: str, pause_at: int, pause_len: int, with_pause: bool
    ) -> None:
        """The steps cover each day after the start up to the due date exactly once."""
        pauses = []
        if with_pause:
            s = start + dt.timedelta(days=pause_at)
            pauses = [Pause(s, s + dt.timedelta(days=pause_len - 1), "中止")]
            assume(s <= due(pid, start).last_day)
        d = due(pid, start, pauses=pauses)
        steps = d.explain().steps
        days = [start + dt.timedelta(days=i) for i in range(1, (d.due - start).days + 1)]
        assert [s.date for s in steps] == days
        counted = [s for s in steps if s.role == "counted"]
        assert len(counted) == d.period.length
        assert sum(1 for s in steps if s.role == "paused") == sum(p.days for p in d.pauses)
        assert all(s.role in ("rolled", "due") for s in steps if s.date > d.last_day)

    @given(starts=st.lists(official_dates, min_size=1, max_size=40), pid=st.sampled_from(PERIODS))
    def test_batch_equals_scalar(self, starts: list[dt.date], pid: str) -> None:
        """compute_due_dates gives compute_deadline's due dates, for lists and arrays."""
        np = pytest.importorskip("numpy")
        expected = [due(pid, s).due for s in starts]
        assert compute_due_dates(pid, starts, regime=XINFANG_2022) == expected
        arr = compute_due_dates(pid, np.array(starts, dtype="datetime64[D]"), regime=XINFANG_2022)
        assert arr.tolist() == expected


def test_batch_warns_like_scalar() -> None:
    """A batch reaching a provisional year warns, as the scalar form does."""
    np = pytest.importorskip("numpy")
    cal = WorkdayCalendar.china()
    latest = max(cal.official_years)
    arr = np.array([D(latest, 12, 20)], dtype="datetime64[D]")
    with pytest.warns(ProvisionalCalendarWarning):
        compute_due_dates(XINFANG_2022["handle"], arr, calendar=cal)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        compute_due_dates(XINFANG_2022["handle"], arr[:0], calendar=WorkdayCalendar.china())


class TestPinnedBehaviour:
    """Boundaries and branches a changed rule would cross: each assertion pins one."""

    def test_due_soon_boundary_and_default(self) -> None:
        """临期: within 3 working days by default, the 3rd included, the 4th not.

        handle from 2025-08-04 is due Thu 10-09. From Sun 09-28 (a make-up working day)
        the working days up to it are 09-29, 09-30, 10-09: 3 → due soon. From Sat 09-27
        they are 4 (09-28 counts) → open.
        """
        d = due("handle", D(2025, 8, 4))
        assert d.due == D(2025, 10, 9)
        assert d.status(D(2025, 9, 28)).state == "due_soon"
        assert d.status(D(2025, 9, 27)).state == "open"
        assert d.status(D(2025, 9, 27), warn_within=4).state == "due_soon"
        assert d.status(D(2025, 10, 9), warn_within=0).state == "due_soon"
        assert d.status(D(2025, 10, 8), warn_within=0).state == "open"
        assert d.status(D(2025, 9, 28)).remaining == 11
        assert d.status(D(2025, 10, 9)).remaining == 0

    def test_overdue_met_and_late(self) -> None:
        """Overdue counts from the due date; done on the due day is met, the next day late."""
        d = due("handle", D(2025, 8, 4))
        st_ = d.status(D(2025, 10, 13))
        assert (st_.on, st_.state, st_.overdue_by, st_.remaining) == (
            D(2025, 10, 13),
            "overdue",
            4,
            None,
        )
        assert str(st_) == "2025-10-13 已超期 4 日"
        assert d.status(D(2025, 10, 10)).overdue_by == 1
        assert d.status(D(2025, 11, 1), done_on=D(2025, 10, 9)).state == "met"
        late = d.status(D(2025, 11, 1), done_on=D(2025, 10, 10))
        assert (late.state, late.overdue_by) == ("late", 1)
        assert str(late) == "2025-11-01 完成，已超期 1 日"
        w = due("object_wrong_addressee", D(2025, 9, 26))  # due Fri 10-10, working days
        # Sat 10-11 is a make-up working day: on Mon 10-13 two working days late
        assert w.status(D(2025, 10, 11)).overdue_by == 1
        assert w.status(D(2025, 10, 13)).overdue_by == 2
        assert str(w.status(D(2025, 10, 9))) == "2025-10-09 剩余 1 个工作日（临期预警）"

    def test_why_counts_the_skipped_days(self) -> None:
        """why(): rest days skipped, a roll, a make-up last day, pauses and extensions."""
        w = due("object_wrong_addressee", D(2025, 9, 26))
        assert (w.why(), w.why("en")) == ("跳过 9 个休息日", "9 rest days skipped")
        rolled = due("handle", D(2025, 8, 4))
        assert rolled.why() == "10-03（国庆节）顺延至 10-09"
        assert rolled.why("en") == "rolled from 10-03 (国庆节) to 10-09"
        makeup = due("handle", D(2025, 8, 12))  # day 60 is Sat 10-11, worked
        assert makeup.due == D(2025, 10, 11)
        assert makeup.why() == "末日 10-11 为调休上班日，不顺延"
        plain = due("object_wrong_addressee", D(2025, 9, 1))
        assert plain.why() == "跳过 2 个休息日"  # 09-06/07 weekend; due Mon 09-08
        ext = due(
            "handle",
            D(2025, 3, 3),
            extension=Extension(30, D(2025, 4, 1), "局长", "复杂"),
            pauses=[Pause(D(2025, 3, 10), D(2025, 3, 14), "鉴定")],
        )
        assert ext.why().startswith("中止 5 日")
        assert "延长 30 日" in ext.why() and "extended by 30" in ext.why("en")

    def test_same_day_and_make_up_explanations(self) -> None:
        """当日 on a holiday rolls on and says so; 工作日 periods list make-up days counted."""
        src = Source("《某县规程》", 3)
        same_day = Period("x", "当日办理", None, "当日", "received", src)
        d = compute_deadline(same_day, D(2025, 10, 1))
        assert d.due == D(2025, 10, 9)
        text = d.explain().render()
        assert "当日为休息日，顺延至下一个工作日。" in text
        assert "The start day is a rest day" in d.explain().render("en")
        on_day = compute_deadline(same_day, D(2025, 10, 9))
        assert on_day.due == D(2025, 10, 9) and "顺延" not in on_day.explain().render()
        w = due("object_wrong_addressee", D(2025, 9, 26)).explain().render()
        assert "计入的调休上班日：2025-09-28 星期日，调休上班（国庆节、中秋节）" in w

    def test_timeline_honours_what_it_is_given(self) -> None:
        """statutory_timeline uses the regime, calendar and reply date it is given."""
        rows = {p.id: d for p, d in statutory_timeline(D(2025, 3, 17), regime=XINFANG_2005)}
        assert "supervision_feedback" in rows and "object_wrong_addressee" not in rows
        gx = WorkdayCalendar.china(region="广西")
        national = {p.id: d for p, d in statutory_timeline(D(2025, 3, 17))}
        local = {p.id: d for p, d in statutory_timeline(D(2025, 3, 17), calendar=gx)}
        # day 15 is Tue 04-01: a working day nationally, 壮族三月三 in 广西 → 04-02
        assert national["route"] is not None and national["route"].due == D(2025, 4, 1)
        assert local["route"] is not None and local["route"].due == D(2025, 4, 2)
        with_reply = {
            p.id: d
            for p, d in statutory_timeline(
                D(2025, 3, 17), accepted=D(2025, 3, 18), reply_received=D(2025, 4, 30)
            )
        }
        review = with_reply["review_request"]
        assert review is not None
        assert (review.start, review.due) == (D(2025, 4, 30), D(2025, 5, 30))
        assert national["review_request"] is None and national["handle"] is None


def test_a_late_working_day_deadline_says_working_days() -> None:
    """str() of a late 工作日 period said 日 (a surviving mutant of the status's unit)."""
    d = compute_deadline("object_wrong_addressee", D(2025, 9, 26), regime=XINFANG_2022)
    late = d.status(D(2025, 10, 20), done_on=D(2025, 10, 13))
    assert late.state == "late" and late.overdue_by == 2
    assert str(late) == "2025-10-20 完成，已超期 2 个工作日"
    overdue = d.status(D(2025, 10, 13))
    assert str(overdue) == "2025-10-13 已超期 2 个工作日"
