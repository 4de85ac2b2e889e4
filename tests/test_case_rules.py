"""Petitions: each rule of the lifecycle a changed line could drop, pinned one by one.

Worked by hand from the texts (《信访工作条例》 unless named) and the national calendar; the
mutation run of docs/testing.md is what found each gap these close.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import attrs
import pytest

from xinfang_rules import (
    HENAN_2012,
    SHANDONG_2015,
    XINFANG_2005,
    XINFANG_2022,
    Accepted,
    AssignedTo,
    CaseError,
    Category,
    Channel,
    ClockResumed,
    ClockStopped,
    Closed,
    Event,
    Extended,
    Forwarded,
    HearingEnded,
    HearingStarted,
    InvalidTransition,
    LateRequest,
    Outcome,
    Pause,
    Petition,
    Petitioner,
    RefusalGround,
    Refused,
    Replied,
    RereviewDecided,
    RereviewRequested,
    ReviewDecided,
    ReviewRequested,
    WorkdayCalendar,
    XinfangTypeError,
    compute_deadline,
)
from xinfang_rules.cases.model import _check_id_number

D = dt.date
ID = "11010519491231002X"
EXT: dict[str, Any] = {"days": 30, "approver": "局长", "reason": "情况复杂"}


AUG_1 = D(2025, 8, 1)


def petition(received: dt.date = AUG_1, **kw: Any) -> Petition:
    fields: dict[str, Any] = {
        "id": "XF-9",
        "received": received,
        "channel": Channel.LETTER,
        "category": Category.COMPLAINT,
        "receiving_unit": "某县信访局",
        "petitioners": (Petitioner("张三", id_number=ID),),
    }
    fields.update(kw)
    return Petition(**fields)


def replay(p: Petition, *events: Event) -> Petition:
    for e in events:
        p = p.apply(e)
    return p


def by_id(p: Petition, **kw: Any) -> dict[str, Any]:
    return {d.period_id: d for d in p.deadlines(**kw)}


def raises_exactly(exc: type[BaseException], text: str) -> Any:
    """``pytest.raises`` matching the whole message from its start."""
    return pytest.raises(exc, match="^" + re.escape(text))


# ----------------------------------------------------------------------------- the stages


def full_story() -> Petition:
    """Forwarded, accepted, replied, 复查 and 复核, every answer received days later."""
    return replay(
        petition(),
        Forwarded(D(2025, 8, 4), to_unit="县人社局"),
        Accepted(D(2025, 8, 6), notified_on=D(2025, 8, 8)),
        Replied(D(2025, 9, 1), outcome=Outcome.REJECT, received_on=D(2025, 9, 3)),
        ReviewRequested(D(2025, 9, 10)),
        ReviewDecided(D(2025, 10, 9), outcome=Outcome.REJECT, received_on=D(2025, 10, 11)),
        RereviewRequested(D(2025, 10, 20)),
        RereviewDecided(D(2025, 11, 14), outcome=Outcome.REJECT, received_on=D(2025, 11, 17)),
    )


class TestEveryStage:
    """Which deadlines a petition has, from when, whose duty, and when each was done."""

    def test_forwarded_story(self) -> None:
        """Art. 22 ¶1, 23 ¶3, 34, 35 ¶1, 36 ¶1: the unit's duties and the petitioner's windows."""
        got = {
            d.period_id: (d.deadline.start, d.done_on, d.duty, d.deadline.due)
            for d in full_story().deadlines()
        }
        assert got == {
            # 15 days from 08-01 end 08-16 (Sat) -> Mon 08-18
            "route": (D(2025, 8, 1), D(2025, 8, 4), "unit", D(2025, 8, 18)),
            # 15 days from the forward 08-04 end 08-19 (Tue); told 08-08
            "notify_forwarded": (D(2025, 8, 4), D(2025, 8, 8), "unit", D(2025, 8, 19)),
            # 60 days from 08-06 end 10-05 (国庆) -> Thu 10-09
            "handle": (D(2025, 8, 6), D(2025, 9, 1), "unit", D(2025, 10, 9)),
            # 30 days from the reply's receipt 09-03 end 10-03 (国庆) -> 10-09
            "review_request": (D(2025, 9, 3), D(2025, 9, 10), "petitioner", D(2025, 10, 9)),
            # 30 days from the request 09-10 end 10-10 (Fri)
            "review_decision": (D(2025, 9, 10), D(2025, 10, 9), "unit", D(2025, 10, 10)),
            # 30 days from the 复查 answer's receipt 10-11 end 11-10 (Mon)
            "rereview_request": (D(2025, 10, 11), D(2025, 10, 20), "petitioner", D(2025, 11, 10)),
            # 30 days from the request 10-20 end 11-19 (Wed)
            "rereview_decision": (D(2025, 10, 20), D(2025, 11, 14), "unit", D(2025, 11, 19)),
        }

    def test_direct_story(self) -> None:
        """Not routed: the receiving organ tells the petitioner itself (Art. 23 ¶2)."""
        p = replay(petition(), Accepted(D(2025, 8, 5)))
        got = {d.period_id: (d.deadline.start, d.done_on, d.duty) for d in p.deadlines()}
        assert got == {
            "notify_direct": (D(2025, 8, 1), D(2025, 8, 5), "unit"),
            "handle": (D(2025, 8, 5), None, "unit"),
        }

    def test_assigned_report_done_by_the_reply(self) -> None:
        """交办 (Art. 22 ¶1(三)): the report is due on the assigner's day, done by the reply."""
        p = replay(
            petition(),
            AssignedTo(D(2025, 8, 4), to_unit="县住建局", due=D(2025, 9, 30)),
            Accepted(D(2025, 8, 5)),
            Replied(D(2025, 9, 12), outcome=Outcome.SUPPORT),
        )
        report = by_id(p)["assigned_report"]
        assert (report.deadline.start, report.deadline.due) == (D(2025, 8, 4), D(2025, 9, 30))
        assert (report.done_on, report.duty) == (D(2025, 9, 12), "unit")
        assert by_id(p)["route"].done_on == D(2025, 8, 4)

    def test_open_deadline_without_a_day(self) -> None:
        """Not done and no day asked: ``open``, no days late, the duty kept."""
        handle = by_id(replay(petition(), Accepted(D(2025, 8, 5))))["handle"]
        assert (handle.state, handle.days_late, handle.duty) == ("open", None, "unit")
        assert str(handle) == (
            "办理申诉求决类事项（出具信访处理意见书）：截止 2025-10-09"
            "（open；《信访工作条例》第三十四条）"
        )

    def test_overdue_days_in_the_text(self) -> None:
        """Days late appear in the deadline's text."""
        handle = by_id(replay(petition(), Accepted(D(2025, 8, 5))), on=D(2025, 10, 13))["handle"]
        assert handle.days_late == 4
        assert str(handle).startswith(
            "办理申诉求决类事项（出具信访处理意见书）：截止 2025-10-09（overdue，超期 4 日；"
        )


class TestStatus:
    """Only the unit's open duties decide the state (Art. 34-36)."""

    def test_petitioner_window_about_to_end_is_not_due_soon(self) -> None:
        """The petitioner's window never makes the unit due soon."""
        p = replay(
            petition(),
            Accepted(D(2025, 8, 4)),
            Replied(D(2025, 9, 1), outcome=Outcome.REJECT, received_on=D(2025, 9, 10)),
        )
        window = by_id(p, on=D(2025, 10, 9))["review_request"]  # due 10-10
        assert window.state == "due_soon"
        st = p.status(D(2025, 10, 9))
        assert (st.state, st.due_soon, st.overdue) == ("on_time", (), ())
        assert st.petition_id == "XF-9" and st.on == D(2025, 10, 9)

    def test_default_warning_is_three_working_days(self) -> None:
        """Handle due Thu 10-09: due soon from Mon 10-06? No: 10-06..10-08 are holidays.

        Three working days before 10-09 are 09-28 (Sun, 调休 working day), 09-29, 09-30.
        """
        p = replay(petition(), Accepted(D(2025, 8, 5)))
        assert p.status(D(2025, 9, 26)).state == "on_time"  # four working days before
        assert p.status(D(2025, 9, 28)).state == "due_soon"
        assert p.status(D(2025, 9, 26), warn_within=4).state == "due_soon"
        assert by_id(p, on=D(2025, 9, 26))["handle"].state == "open"
        assert by_id(p, on=D(2025, 9, 28))["handle"].state == "due_soon"
        assert by_id(p, on=D(2025, 9, 26), warn_within=4)["handle"].state == "due_soon"

    def test_refused_and_returned_are_closed(self) -> None:
        """A refused petition is closed without a Closed event."""
        refused = replay(petition(), Refused(D(2025, 8, 5), ground=RefusalGround.LITIGATION))
        assert refused.status(D(2025, 12, 1)).state == "closed"

    def test_a_running_stop_counts_to_the_day_asked(self) -> None:
        """Accepted 03-03, stopped 03-10 and not resumed: 60 days end 05-02 (劳动节) → 05-06.

        Asked on 05-20 the stop has run 72 days (03-10..05-20): far from due; asked on the
        day itself the petition is not overdue.
        """
        p = replay(
            petition(D(2025, 3, 1)),
            Accepted(D(2025, 3, 3)),
            ClockStopped(D(2025, 3, 10), reason="鉴定"),
        )
        assert p.status(D(2025, 5, 20)).state == "on_time"
        handle = by_id(p, on=D(2025, 5, 20))["handle"]
        assert handle.deadline.pauses == (Pause(D(2025, 3, 10), D(2025, 5, 20), "鉴定", "stop"),)


# ----------------------------------------------------------------------------- calendars


GX = WorkdayCalendar.china(region="广西")  # 壮族三月三: 2025-03-31 and 04-01 off


def stopped_petition(**kw: Any) -> Petition:
    """Accepted 01-20, stopped 02-10..02-19: 60 + 10 days end Mon 03-31."""
    return replay(
        petition(D(2025, 1, 17), **kw),
        Accepted(D(2025, 1, 20)),
        ClockStopped(D(2025, 2, 10), reason="鉴定"),
        ClockResumed(D(2025, 2, 20)),
    )


class TestTheCalendarCounts:
    """Every deadline is counted on the petition's calendar, or the one given."""

    def test_deadline_with_a_stop(self) -> None:
        """Nationally due 03-31; in 广西 (03-31, 04-01 off) due 04-02."""
        p = stopped_petition()
        assert by_id(p)["handle"].deadline.due == D(2025, 3, 31)
        assert by_id(p, calendar=GX)["handle"].deadline.due == D(2025, 4, 2)
        local = stopped_petition(region="广西")
        assert by_id(local)["handle"].deadline.due == D(2025, 4, 2)
        assert local.status(D(2025, 4, 1)).state == "due_soon"
        assert p.status(D(2025, 4, 1)).state == "overdue"

    def test_deadline_while_stopped(self) -> None:
        """Stopped 02-10 and not resumed; asked on 02-19 the stop has run 10 days."""
        p = replay(
            petition(D(2025, 1, 17)),
            Accepted(D(2025, 1, 20)),
            ClockStopped(D(2025, 2, 10), reason="鉴定"),
        )
        assert by_id(p, on=D(2025, 2, 19))["handle"].deadline.due == D(2025, 3, 31)
        assert by_id(p, on=D(2025, 2, 19), calendar=GX)["handle"].deadline.due == D(2025, 4, 2)

    def test_extension_approved_on_the_local_due_day(self) -> None:
        """The extension must come before the period ends: on 04-01 only in 广西."""
        with raises_exactly(
            CaseError,
            "events[3]: the extension approved on 2025-04-01 comes after the handling period "
            "ended on 2025-03-31; it must be approved before the period runs out",
        ):
            stopped_petition().apply(Extended(D(2025, 4, 1), **EXT))
        local = stopped_petition(region="广西").apply(Extended(D(2025, 4, 1), **EXT))
        # 60 + 10 + 30 days from 01-20 end 04-30 (Wed)
        assert by_id(local)["handle"].deadline.due == D(2025, 4, 30)
        assert by_id(local)["handle"].deadline.extension.length == 30

    def test_reports_count_on_each_petitions_own_calendar(self) -> None:
        """Replied 04-01: on time in 广西 (due 04-02), late nationally (due 03-31)."""
        from xinfang_rules.metrics import Rate, report

        reply = Replied(D(2025, 4, 1), outcome=Outcome.SUPPORT)
        local = stopped_petition(region="广西", id="GX-1").apply(reply)
        national = stopped_petition(id="QG-1").apply(reply)
        rep = report([local, national], D(2025, 1, 1), D(2025, 4, 30), explain=True)
        assert rep.total["on_time_reply"] == Rate(1, 2)
        assert rep.total.ids is not None
        assert rep.total.ids["on_time_reply"] == (("GX-1",), ("GX-1", "QG-1"))

    def test_review_window_on_the_local_calendar(self) -> None:
        """Reply received 03-01: 30 days end 03-31, in 广西 04-02."""
        events = (
            Accepted(D(2025, 1, 6)),
            Replied(D(2025, 2, 28), outcome=Outcome.REJECT, received_on=D(2025, 3, 1)),
        )
        with pytest.raises(LateRequest):
            replay(petition(D(2025, 1, 3)), *events).apply(ReviewRequested(D(2025, 4, 2)))
        local = replay(petition(D(2025, 1, 3), region="广西"), *events)
        assert local.apply(ReviewRequested(D(2025, 4, 2))).state == "review"

    def test_rereview_window_on_the_local_calendar(self) -> None:
        """复查 answer received 03-01: 30 days end 03-31, in 广西 04-02."""
        events = (
            Accepted(D(2025, 1, 6)),
            Replied(D(2025, 1, 20), outcome=Outcome.REJECT),
            ReviewRequested(D(2025, 1, 27)),
            ReviewDecided(D(2025, 2, 28), outcome=Outcome.REJECT, received_on=D(2025, 3, 1)),
        )
        with pytest.raises(LateRequest, match="ended 2025-03-31"):
            replay(petition(D(2025, 1, 3)), *events).apply(RereviewRequested(D(2025, 4, 2)))
        local = replay(petition(D(2025, 1, 3), region="广西"), *events)
        assert local.apply(RereviewRequested(D(2025, 4, 2))).state == "rereview"


class TestTheRegimeCounts:
    """A regime counting 日 as working days counts so on every path (its own deadlines too)."""

    WORKDAYS = XINFANG_2022.counting_days_as("workdays")

    def expect(self, period: str, start: dt.date, **kw: Any) -> dt.date:
        """The due date under the working-day regime, checked to differ from calendar days."""
        due = compute_deadline(self.WORKDAYS[period], start, regime=self.WORKDAYS, **kw).due
        if "extension" not in kw:  # (approved after 60 calendar days: valid only here)
            plain = compute_deadline(XINFANG_2022[period], start, **kw).due
            assert due != plain  # the case tells the two countings apart
        return due

    def test_every_period(self) -> None:
        """Handling with a stop and extension, notice, windows, 复查, a running stop."""
        p = replay(
            petition(regime=self.WORKDAYS),
            Accepted(D(2025, 8, 4)),
            ClockStopped(D(2025, 8, 11), reason="鉴定"),
            ClockResumed(D(2025, 8, 14)),
            Extended(D(2025, 10, 20), **EXT),
            Replied(D(2025, 12, 1), outcome=Outcome.REJECT),
            ReviewRequested(D(2025, 12, 2)),
            ClockStopped(D(2025, 12, 3), reason="补充材料"),
            ClockResumed(D(2025, 12, 5)),
        )
        dl = by_id(p)
        stop = dl["handle"].deadline.pauses
        ext = dl["handle"].deadline.extension
        assert dl["handle"].deadline.due == self.expect(
            "handle", D(2025, 8, 4), pauses=stop, extension=ext
        )
        assert dl["notify_direct"].deadline.due == self.expect("notify_direct", D(2025, 8, 1))
        assert dl["review_request"].deadline.due == self.expect("review_request", D(2025, 12, 1))
        assert dl["review_decision"].deadline.due == self.expect(
            "review_decision", D(2025, 12, 2), pauses=dl["review_decision"].deadline.pauses
        )
        # and the same when a stop still runs
        running = replay(
            petition(regime=self.WORKDAYS),
            Accepted(D(2025, 8, 4)),
            ClockStopped(D(2025, 8, 11), reason="鉴定"),
        )
        on = D(2025, 8, 13)
        assert by_id(running, on=on)["handle"].deadline.due == self.expect(
            "handle", D(2025, 8, 4), pauses=(Pause(D(2025, 8, 11), on, "鉴定", "stop"),)
        )

    def test_reports_count_so(self) -> None:
        """60 + 30 working days and a stopped day from 08-04 end 12-15 (in calendar days: 11-03)."""
        from xinfang_rules.metrics import Rate, report

        p = replay(
            petition(regime=self.WORKDAYS),
            Accepted(D(2025, 8, 4)),
            ClockStopped(D(2025, 8, 11), reason="鉴定"),
            ClockResumed(D(2025, 8, 12)),
            Extended(D(2025, 10, 20), **EXT),
            Replied(D(2025, 12, 1), outcome=Outcome.SUPPORT),
        )
        assert by_id(p)["handle"].deadline.due > D(2025, 12, 1)
        rep = report([p], D(2025, 8, 1), D(2025, 12, 31))
        assert rep.total["on_time_reply"] == Rate(1, 1)

    def test_request_windows(self) -> None:
        """30 working days from 12-01 end 01-13; 30 calendar days would end 12-31."""
        p = replay(
            petition(regime=self.WORKDAYS),
            Accepted(D(2025, 8, 4)),
            Replied(D(2025, 12, 1), outcome=Outcome.REJECT),
        )
        assert self.expect("review_request", D(2025, 12, 1)) == D(2026, 1, 13)
        asked = p.apply(ReviewRequested(D(2026, 1, 13)))
        decided = asked.apply(ReviewDecided(D(2026, 1, 20), outcome=Outcome.REJECT))
        # 30 working days from 01-20 (春节 02-15..02-23 off, 02-14 and 02-28 worked) end 03-09
        assert decided.apply(RereviewRequested(D(2026, 3, 9))).state == "rereview"
        with pytest.raises(LateRequest, match="ended 2026-03-09"):
            decided.apply(RereviewRequested(D(2026, 3, 10)))


class TestMemoised:
    """Deadlines are immutable: one worked out is handed out again, not recomputed."""

    def test_same_deadline_object(self) -> None:
        """The same petition, and petitions with the same start, share deadlines."""
        p = stopped_petition()
        assert by_id(p)["handle"].deadline is by_id(p)["handle"].deadline
        assert by_id(p)["route" if "route" in by_id(p) else "notify_direct"].deadline is (
            by_id(p)["notify_direct"].deadline
        )
        other = replay(petition(D(2025, 1, 17), id="XF-10"), Accepted(D(2025, 1, 20)))
        assert by_id(other)["notify_direct"].deadline is by_id(p)["notify_direct"].deadline
        # a second calendar does not disturb the first one's answers
        assert by_id(p, calendar=GX)["handle"].deadline.due == D(2025, 4, 2)
        assert by_id(p)["handle"].deadline.due == D(2025, 3, 31)
        assert by_id(p, calendar=GX)["handle"].deadline is by_id(p, calendar=GX)["handle"].deadline

    def test_petitions_of_one_region_share_its_calendar(self) -> None:
        """Two 广西 petitions received the same day share their notice deadline."""
        one = petition(D(2025, 3, 17), region="广西")
        two = petition(D(2025, 3, 17), region="广西", id="XF-11")
        first, second = by_id(one)["notify_direct"], by_id(two)["notify_direct"]
        assert first.deadline is second.deadline
        assert first.deadline.due == D(2025, 4, 2)  # 15 days end 04-01, off in 广西


# ----------------------------------------------------------------------------- errors


def stopped() -> Petition:
    return replay(petition(), Accepted(D(2025, 8, 4)), ClockStopped(D(2025, 8, 5), reason="x"))


ACCEPTED_ALLOWED = (
    "assigned",
    "clock_resumed",
    "clock_stopped",
    "evaluated",
    "extended",
    "hearing_ended",
    "hearing_started",
    "replied",
)


class TestTransitionErrors:
    """Each refusal says where, what, the state, the event and what is allowed."""

    @pytest.mark.parametrize(
        ("make", "event", "message", "kind"),
        [
            (
                stopped,
                ClockStopped(D(2025, 8, 6), reason="y"),
                "events[2]: the clock is already stopped",
                "clock_stopped",
            ),
            (
                lambda: replay(petition(), Accepted(D(2025, 8, 4))),
                ClockResumed(D(2025, 8, 6)),
                "events[1]: the clock is not stopped",
                "clock_resumed",
            ),
            (
                lambda: replay(petition(), Accepted(D(2025, 8, 4)), HearingStarted(D(2025, 8, 5))),
                HearingStarted(D(2025, 8, 6)),
                "events[2]: a hearing is already open",
                "hearing_started",
            ),
            (
                lambda: replay(petition(), Accepted(D(2025, 8, 4))),
                HearingEnded(D(2025, 8, 6)),
                "events[1]: no hearing is open",
                "hearing_ended",
            ),
            (
                lambda: replay(petition(), Accepted(D(2025, 8, 4)), Extended(D(2025, 9, 1), **EXT)),
                Extended(D(2025, 9, 2), **EXT),
                "events[2]: the handling period was already extended on 2025-09-01; Art. 34 "
                "allows one extension of at most 30 days",
                "extended",
            ),
        ],
    )
    def test_pairs_and_repeats(self, make: Any, event: Event, message: str, kind: str) -> None:
        """Stops, resumptions and hearings out of pairs; a second extension."""
        with raises_exactly(InvalidTransition, message) as info:
            make().apply(event)
        assert (info.value.state, info.value.event) == ("accepted", kind)
        assert info.value.allowed == ACCEPTED_ALLOWED

    def test_while_stopped(self) -> None:
        """Nothing but the stop's or hearing's end while the clock stands."""
        with raises_exactly(
            InvalidTransition,
            "events[2]: replied while the clock is stopped or a hearing is open; record "
            "clock_resumed / hearing_ended first",
        ) as info:
            stopped().apply(Replied(D(2025, 8, 6), outcome=Outcome.SUPPORT))
        assert info.value.allowed == ("clock_resumed", "hearing_ended")

    def test_nothing_after_the_final_answer(self) -> None:
        """After the 复核 no new request (Art. 36 ¶3), and other events say so."""
        final = full_story()
        for late in (ReviewRequested(D(2025, 12, 1)), RereviewRequested(D(2025, 12, 1))):
            with raises_exactly(
                InvalidTransition,
                f"events[7]: {late.type} is not allowed when the petition is final; allowed: ",
            ) as info:
                final.apply(late)
            assert str(info.value).endswith(
                "; after the 复核 the same facts and reasons are not accepted again "
                "(不再受理, Art. 36 ¶3)"
            )
        with raises_exactly(
            InvalidTransition,
            "events[7]: accepted is not allowed when the petition is final; allowed: assigned, "
            "closed, evaluated, follow_up, relapsed, resolved",
        ) as info:
            final.apply(Accepted(D(2025, 12, 1)))
        assert str(info.value).endswith("resolved")

    def test_rating_the_unit_before_its_answer(self) -> None:
        """The handling unit is rated on its written answer only."""
        from xinfang_rules import Evaluated, Rating

        with raises_exactly(
            InvalidTransition,
            "events[1]: the handling unit is evaluated on its written answer; the petition is "
            "accepted, with no answer yet (an evaluation of the petition bureau takes "
            "of='petition_bureau')",
        ) as info:
            replay(petition(), Accepted(D(2025, 8, 4))).apply(
                Evaluated(D(2025, 8, 5), rating=Rating.SATISFIED)
            )
        assert (info.value.state, info.value.event) == ("accepted", "evaluated")
        assert info.value.allowed == ACCEPTED_ALLOWED
        # after the 复查 answer and after the 复核 the unit may be rated
        for p in (full_story(),):
            assert p.apply(Evaluated(D(2025, 11, 20), rating=Rating.SATISFIED)).state == "final"

    def test_no_clock_to_stop(self) -> None:
        """建议意见类 has no handling period under 2022 (Art. 34 binds Art. 31(六) only)."""
        p = replay(petition(category=Category.SUGGESTION), Accepted(D(2025, 8, 4)))
        with raises_exactly(
            InvalidTransition,
            "events[1]: clock_stopped while accepted, but xinfang-2022 sets no handle period "
            "for a 建议意见类 matter (《信访工作条例》第三十四条 applies to 申诉求决类): there is "
            "no clock to stop",
        ) as info:
            p.apply(ClockStopped(D(2025, 8, 5), reason="x"))
        assert (info.value.state, info.value.event) == ("accepted", "clock_stopped")
        assert info.value.allowed == ACCEPTED_ALLOWED
        henan = replay(
            petition(regime=HENAN_2012),
            Accepted(D(2025, 8, 4)),
            Replied(D(2025, 8, 20), outcome=Outcome.REJECT),
            ReviewRequested(D(2025, 8, 25)),
            ReviewDecided(D(2025, 9, 5), outcome=Outcome.REJECT),
        )
        with pytest.raises(InvalidTransition, match=r"^events\[4\]: rereview_requested: henan"):
            henan.apply(RereviewRequested(D(2025, 9, 8)))

    def test_a_period_that_cannot_stop(self) -> None:
        """A regime whose handling period has no 中止 refuses a clock stop."""
        fixed = attrs.evolve(
            XINFANG_2022,
            periods=tuple(
                attrs.evolve(p, stoppable=False) if p.id == "handle" else p
                for p in XINFANG_2022.periods
            ),
        )
        p = replay(petition(regime=fixed), Accepted(D(2025, 8, 4)))
        with raises_exactly(
            InvalidTransition,
            "events[1]: the handle period (《信访工作条例》第三十四条) cannot be stopped (中止): "
            "no text provides a clock stop for it",
        ) as info:
            p.apply(ClockStopped(D(2025, 8, 5), reason="x"))
        assert (info.value.state, info.value.event) == ("accepted", "clock_stopped")
        assert info.value.allowed == ACCEPTED_ALLOWED
        assert p.apply(HearingStarted(D(2025, 8, 5))).state == "accepted"

    def test_extension_not_for_this_matter(self) -> None:
        """山东 extends handling of 申诉求决类 matters only."""
        p = replay(
            petition(category=Category.ACCUSATION, regime=XINFANG_2005), Accepted(D(2025, 8, 4))
        )
        assert p.apply(Extended(D(2025, 9, 1), **EXT)).state == "accepted"
        accusation = replay(
            petition(category=Category.ACCUSATION, regime=SHANDONG_2015), Accepted(D(2025, 8, 4))
        )
        with raises_exactly(
            InvalidTransition,
            "events[1]: the handling period and its extension (《山东省信访条例》第四十二条第一款 "
            "applies to 申诉求决类) do not apply to a 检举控告类 matter",
        ) as info:
            accusation.apply(Extended(D(2025, 9, 1), **EXT))
        assert (info.value.state, info.value.event) == ("accepted", "extended")
        assert info.value.allowed == ACCEPTED_ALLOWED

    def test_extension_caps(self) -> None:
        """Art. 34: at most 30 days more; 河南 Art. 26 ¶2(二): at most 90 days in all."""
        p = replay(petition(), Accepted(D(2025, 8, 4)))
        with raises_exactly(
            CaseError,
            "events[1]: an extension of 31 days exceeds the cap of 30 days (《信访工作条例》"
            "第三十四条)",
        ):
            p.apply(Extended(D(2025, 9, 1), days=31, approver="局长", reason="复杂"))
        henan = replay(petition(regime=HENAN_2012), Accepted(D(2025, 8, 4)))
        assert henan.apply(Extended(D(2025, 8, 20), days=60, approver="局长", reason="复杂"))
        with raises_exactly(
            CaseError,
            "events[1]: an extension of 61 days exceeds the cap of 60 days (90 in all) "
            "(《河南省信访条例》第二十六条第二款第二项)",
        ):
            henan.apply(Extended(D(2025, 8, 20), days=61, approver="局长", reason="复杂"))

    def test_request_errors(self) -> None:
        """A 复查 request before the answer, after its window, or for a matter without one."""
        p = replay(
            petition(),
            Accepted(D(2025, 8, 4)),
            Replied(D(2025, 9, 1), outcome=Outcome.REJECT, received_on=D(2025, 9, 10)),
        )
        with raises_exactly(
            CaseError,
            "events[2]: review_requested on 2025-09-05 is before the petitioner received the "
            "written answer it contests (2025-09-10); 《信访工作条例》第三十五条 counts from "
            "that day",
        ):
            p.apply(ReviewRequested(D(2025, 9, 5)))
        with raises_exactly(
            LateRequest,
            "events[2]: review_requested on 2025-10-11 is after the 30日 window that ended "
            "2025-10-10 (《信访工作条例》第三十五条); the request is not admissible — record it "
            "as a new petition and refuse it, or correct the dates",
        ) as info:
            p.apply(ReviewRequested(D(2025, 10, 11)))
        assert (info.value.state, info.value.event) == ("replied", "review_requested")
        assert "review_requested" in info.value.allowed and "replied" not in info.value.allowed
        suggestion = replay(
            petition(category=Category.SUGGESTION),
            Accepted(D(2025, 8, 4)),
            Replied(D(2025, 9, 1), outcome=Outcome.EXPLAIN),
        )
        with raises_exactly(
            InvalidTransition,
            "events[2]: review_requested: a 建议意见类 matter has no 复查 under xinfang-2022: "
            "《信访工作条例》第三十五条 applies to 申诉求决类",
        ) as info:
            suggestion.apply(ReviewRequested(D(2025, 9, 5)))
        assert (info.value.state, info.value.event) == ("replied", "review_requested")
        assert info.value.allowed == (
            "assigned",
            "closed",
            "evaluated",
            "follow_up",
            "relapsed",
            "resolved",
            "review_requested",
        )

    def test_rereview_request_errors(self) -> None:
        """The same for the 复核 request (2005 text; 河南 has no 复核)."""
        p = replay(
            petition(category=Category.SUGGESTION, regime=XINFANG_2005),
            Accepted(D(2025, 8, 4)),
            Replied(D(2025, 9, 1), outcome=Outcome.REJECT),
            ReviewRequested(D(2025, 9, 5)),
            ReviewDecided(D(2025, 9, 30), outcome=Outcome.REJECT, received_on=D(2025, 10, 2)),
        )
        with raises_exactly(
            CaseError,
            "events[4]: rereview_requested on 2025-10-01 is before the petitioner received "
            "the written answer it contests (2025-10-02); 《信访条例》第三十五条第一款 counts "
            "from that day",
        ):
            p.apply(RereviewRequested(D(2025, 10, 1)))
        with raises_exactly(LateRequest, "events[4]: rereview_requested on 2025-11-04 is after"):
            p.apply(RereviewRequested(D(2025, 11, 4)))
        assert p.apply(RereviewRequested(D(2025, 11, 3))).state == "rereview"
        no_rereview = replay(
            petition(regime=HENAN_2012),
            Accepted(D(2025, 8, 4)),
            Replied(D(2025, 8, 20), outcome=Outcome.REJECT),
            ReviewRequested(D(2025, 8, 25)),
            ReviewDecided(D(2025, 9, 5), outcome=Outcome.REJECT),
        )
        with raises_exactly(
            InvalidTransition,
            "events[4]: rereview_requested: henan-2012 provides no 复核 request (rereview_request)",
        ):
            no_rereview.apply(RereviewRequested(D(2025, 9, 8)))


class TestRecordErrors:
    """A malformed record says which field and what it got, from the message's start."""

    @pytest.mark.parametrize(
        ("field", "value", "exc", "message"),
        [
            ("channel", "visit", XinfangTypeError, "channel must be a Channel, got 'visit'"),
            ("category", "x", XinfangTypeError, "category must be a Category, got 'x'"),
            (
                "headcount",
                0,
                CaseError,
                "headcount must be a whole number from 1 to 100,000, got 0",
            ),
            (
                "identity_unclear",
                "no",
                XinfangTypeError,
                "identity_unclear must be True or False, got 'no'",
            ),
            ("events", ["x"], XinfangTypeError, "events must be Event records, got str"),
            (
                "events",
                [Event(D(2025, 8, 2))],
                XinfangTypeError,
                "events must be Event records, got Event",
            ),
            (
                "petitioners",
                ["张三"],
                XinfangTypeError,
                "petitioners must be Petitioner records, got str",
            ),
            ("received", "2025-13-01", None, "received"),
        ],
    )
    def test_fields(self, field: str, value: Any, exc: Any, message: str) -> None:
        """Each field's error names it and what it got."""
        if exc is None:
            with pytest.raises(Exception, match=message):
                petition(**{field: value})
            return
        with raises_exactly(exc, message):
            petition(**{field: value})

    def test_headcount_limit(self) -> None:
        """100,000 people is the most a record may give."""
        assert petition(headcount=100_000, channel=Channel.VISIT).headcount == 100_000
        with raises_exactly(CaseError, "headcount must be a whole number from 1 to 100,000, got"):
            petition(headcount=100_001)

    def test_visit_headcount_message(self) -> None:
        """A visit names at least its petitioners and at most 5 representatives."""
        people = tuple(Petitioner(n) for n in ("甲", "乙", "丙"))
        with raises_exactly(
            CaseError,
            "a visit's headcount (2) cannot be smaller than the 3 petitioners listed; give "
            "the number of people who came",
        ):
            petition(channel=Channel.VISIT, headcount=2, petitioners=people)
        six = tuple(Petitioner(n) for n in "甲乙丙丁戊己")
        with raises_exactly(
            CaseError,
            "多人采用走访形式提出共同的信访事项的，应当推选代表，代表人数不得超过5人 "
            "(《信访工作条例》 Art. 20 ¶3): a group visit lists at most 5 representatives, got 6 "
            "(a joint letter may carry any number of signatories)",
        ):
            petition(channel=Channel.VISIT, headcount=6, petitioners=six)

    def test_repeat_not_first_time(self) -> None:
        """A repeat petition is not 初信初访."""
        with raises_exactly(
            CaseError, "a repeat petition (repeat_of) cannot be first_time (初信初访)"
        ):
            petition(repeat_of="XF-1", first_time=True)

    def test_dates_name_their_field(self) -> None:
        """A date given as text is refused under its field's name."""
        with pytest.raises(XinfangTypeError, match=r"^received "):
            petition(received="2025-08-01")  # type: ignore[arg-type]
        with pytest.raises(XinfangTypeError, match=r"^an event's date "):
            Accepted("2025-08-01")
        with pytest.raises(XinfangTypeError, match=r"^date "):
            Accepted(D(2025, 8, 1), notified_on="2025-08-01")
        p = petition()
        with pytest.raises(XinfangTypeError, match=r"^on "):
            p.deadlines(on="2025-08-01")  # type: ignore[arg-type]
        with pytest.raises(XinfangTypeError, match=r"^on "):
            p.status("2025-08-01")  # type: ignore[arg-type]
        with raises_exactly(XinfangTypeError, "warn_within must be a whole number ≥ 0, got -1"):
            p.status(D(2025, 8, 1), warn_within=-1)
        with raises_exactly(XinfangTypeError, "warn_within must be a whole number ≥ 0, got '3'"):
            p.deadlines(warn_within="3")  # type: ignore[arg-type]

    def test_region_message(self) -> None:
        """An unknown region lists the presets and the way to another calendar."""
        with pytest.raises(CaseError) as info:
            petition(region="火星")
        assert str(info.value).startswith("region: must be a shipped regional preset (")
        assert "(广西)" in str(info.value)
        assert str(info.value).endswith(
            "or None, got '火*'; for another local calendar pass calendar= to deadlines() "
            "and status()"
        )
        with pytest.raises(CaseError):
            petition(region=7)

    def test_text_fields(self) -> None:
        """Names are non-empty strings."""
        with raises_exactly(CaseError, "a petitioner's name must be a non-empty string, got "):
            Petitioner("  ")
        with pytest.raises(CaseError, match="non-empty string, got 7"):
            Petitioner(7)  # type: ignore[arg-type]
        assert Petitioner(" 张三 ").name == " 张三 "


class TestIdNumbers:
    """居民身份证号 (GB 11643-1999): 17 digits, a birth date, a check digit."""

    @staticmethod
    def with_check(first17: str) -> str:
        """The 18-character number with its GB 11643-1999 check digit."""
        weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
        return (
            first17
            + "10X98765432"[sum(int(c) * w for c, w in zip(first17, weights, strict=True)) % 11]
        )

    def test_birth_dates(self) -> None:
        """Born 1900 to today: other years and impossible days are refused."""
        assert _check_id_number(self.with_check("11010519000101002")) is not None
        with raises_exactly(CaseError, "id_number holds an implausible birth year 1899"):
            _check_id_number(self.with_check("11010518991231002"))
        with raises_exactly(
            CaseError, "id_number holds an impossible birth date (characters 7-14)"
        ):
            _check_id_number(self.with_check("11010519491232002"))  # Dec 32
        today = dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date()
        tomorrow = today + dt.timedelta(days=1)
        born_today = self.with_check(f"110105{today:%Y%m%d}002")
        assert _check_id_number(born_today) == born_today
        with raises_exactly(
            CaseError, f"id_number holds an implausible birth year {tomorrow.year}"
        ):
            _check_id_number(self.with_check(f"110105{tomorrow:%Y%m%d}002"))

    def test_messages(self) -> None:
        """Type, length and check-digit errors, from the message's start."""
        with raises_exactly(XinfangTypeError, "id_number must be a string, got int"):
            _check_id_number(110105)  # type: ignore[arg-type]
        with raises_exactly(
            CaseError,
            "id_number must be 18 characters: 17 digits and a check digit (0-9 or X); got 5 "
            "characters",
        ):
            _check_id_number("12345")
        with raises_exactly(
            CaseError,
            "id_number's check digit is wrong (GB 11643-1999): the number was mistyped",
        ):
            _check_id_number("110105194912310021")
        assert _check_id_number(" 11010519491231002x ") == ID

    def test_masking(self) -> None:
        """Masked fields: name, ID, phone (short ones wholly), address."""
        p = Petitioner("张三", id_number=ID, phone="1381", address="北京市东城区")
        assert p.masked() == {
            "kind": "person",
            "name": "张*",
            "id_number": "1101**********002X",
            "phone": "****",
            "address": "北京市***",
        }
        assert Petitioner("张三", phone="13812345").masked()["phone"] == "138*2345"
        assert Petitioner("张三", phone="1381234").masked()["phone"] == "*******"
        text = repr(petition(petitioners=(Petitioner("张三"), Petitioner("李四"))))
        assert (
            "petitioners=[Petitioner(kind='person', name='张*', id_number=None, phone=None, "
            "address=None), Petitioner(kind='person', name='李*'" in text
        )


# ----------------------------------------------------------------------------- pauses


class TestPauses:
    """A clock stop pauses its own stage; a 复核 hearing is left out where the text says so."""

    def test_rereview_stop_and_hearing(self) -> None:
        """复核 requested 10-20: a stop 10-22..10-24 (3 days) and a hearing 10-28..10-29.

        2005 Art. 35 ¶1 leaves the hearing out: 30 days end 11-19, +3 +2 → 11-24 (Mon).
        """
        p = replay(
            petition(regime=XINFANG_2005),
            Accepted(D(2025, 8, 4)),
            Replied(D(2025, 9, 1), outcome=Outcome.REJECT),
            ReviewRequested(D(2025, 9, 5)),
            ReviewDecided(D(2025, 9, 30), outcome=Outcome.REJECT),
            RereviewRequested(D(2025, 10, 20)),
            ClockStopped(D(2025, 10, 22), reason="补充材料"),
            ClockResumed(D(2025, 10, 25)),
            HearingStarted(D(2025, 10, 28)),
            HearingEnded(D(2025, 10, 29)),
        )
        d = by_id(p)["rereview_decision"].deadline
        assert d.pauses == (
            Pause(D(2025, 10, 22), D(2025, 10, 24), "补充材料", "stop"),
            Pause(D(2025, 10, 28), D(2025, 10, 29), "听证", "hearing"),
        )
        assert d.due == D(2025, 11, 24)

    def test_hearings_on_the_request_day(self) -> None:
        """The request day is not counted (2005 Art. 35 ¶1).

        A hearing held on it alone pauses nothing; one running into the next day pauses
        from that day.
        """
        story = replay(
            petition(regime=XINFANG_2005),
            Accepted(D(2025, 8, 4)),
            Replied(D(2025, 9, 1), outcome=Outcome.REJECT),
            ReviewRequested(D(2025, 9, 5)),
            ReviewDecided(D(2025, 9, 30), outcome=Outcome.REJECT),
            RereviewRequested(D(2025, 10, 20)),
        )
        same_day = replay(
            story,
            HearingStarted(D(2025, 10, 20)),
            HearingEnded(D(2025, 10, 20)),
            HearingStarted(D(2025, 10, 24)),
            HearingEnded(D(2025, 10, 25)),
        )
        assert by_id(same_day)["rereview_decision"].deadline.pauses == (
            Pause(D(2025, 10, 24), D(2025, 10, 25), "听证", "hearing"),
        )
        into_next = replay(story, HearingStarted(D(2025, 10, 20)), HearingEnded(D(2025, 10, 21)))
        assert by_id(into_next)["rereview_decision"].deadline.pauses == (
            Pause(D(2025, 10, 21), D(2025, 10, 21), "听证", "hearing"),
        )


class TestResolution:
    """化解: a relapse undoes a resolution until the matter is resolved again."""

    def story(self, *after: Event) -> Petition:
        """A first-time 申诉求决类 matter answered, closed and resolved, then ``after``."""
        from xinfang_rules import Resolved

        return replay(
            petition(first_time=True),
            Accepted(D(2025, 8, 4)),
            Replied(D(2025, 9, 1), outcome=Outcome.SUPPORT),
            Closed(D(2025, 9, 2)),
            Resolved(D(2025, 9, 3)),
            *after,
        )

    def test_relapse_and_resolved_again(self) -> None:
        """One-time resolution (一次性化解率): resolved, relapsed, resolved again."""
        from xinfang_rules import Relapsed, Resolved
        from xinfang_rules.metrics import Rate, report

        def rate(p: Petition) -> Rate:
            return report([p], D(2025, 8, 1), D(2025, 12, 31)).total["one_time_resolution"]

        assert rate(self.story()) == Rate(1, 1)
        assert rate(self.story(Relapsed(D(2025, 10, 1)))) == Rate(0, 1)
        again = self.story(Relapsed(D(2025, 10, 1)), Resolved(D(2025, 11, 1)))
        assert rate(again) == Rate(1, 1)


def without(regime: Any, period_id: str) -> Any:
    """A regime with one period taken out (a regime file may leave it out)."""
    return attrs.evolve(regime, periods=tuple(p for p in regime.periods if p.id != period_id))


class TestRegimesWithoutAPeriod:
    """A regime file may lack a period or an extension: refusals say so, no crash."""

    def test_no_handling_period_or_no_extension(self) -> None:
        """Art. 33 (2005) taken out, or its extension: an extension is refused in words."""
        no_extension = attrs.evolve(
            XINFANG_2005,
            periods=tuple(
                attrs.evolve(p, extension=None) if p.id == "handle" else p
                for p in XINFANG_2005.periods
            ),
        )
        for regime in (without(XINFANG_2005, "handle"), no_extension):
            p = replay(petition(regime=regime), Accepted(D(2025, 8, 4)))
            with raises_exactly(
                InvalidTransition,
                "events[1]: xinfang-2005 allows no extension of the handling period",
            ) as info:
                p.apply(Extended(D(2025, 8, 20), **EXT))
            assert (info.value.state, info.value.event) == ("accepted", "extended")

    def test_no_review_decision_period(self) -> None:
        """No 复查 decision period: a clock stop in the 复查 has nothing to stop."""
        p = replay(
            petition(regime=without(XINFANG_2005, "review_decision")),
            Accepted(D(2025, 8, 4)),
            Replied(D(2025, 8, 20), outcome=Outcome.REJECT),
            ReviewRequested(D(2025, 8, 25)),
        )
        with raises_exactly(
            InvalidTransition,
            "events[3]: clock_stopped while review, but xinfang-2005 sets no review_decision "
            "period for a 申诉求决类 matter (the regime has no such period): there is no clock "
            "to stop",
        ):
            p.apply(ClockStopped(D(2025, 8, 26), reason="补充材料"))

    def test_scope_in_words(self) -> None:
        """上海 Art. 39 ¶1: 复查 for 投诉请求类, i.e. 检举控告类 and 申诉求决类."""
        from xinfang_rules import SHANGHAI_2018

        p = replay(
            petition(category=Category.SUGGESTION, regime=SHANGHAI_2018),
            Accepted(D(2025, 8, 4)),
            Replied(D(2025, 8, 20), outcome=Outcome.REJECT),
        )
        with raises_exactly(
            InvalidTransition,
            "events[2]: review_requested: a 建议意见类 matter has no 复查 under shanghai-2018: "
            "《上海市信访条例》第三十九条第一款 applies to 检举控告类、申诉求决类",
        ):
            p.apply(ReviewRequested(D(2025, 8, 25)))


class TestRunningStopsInEachStage:
    """A stop still running in the 复查 or 复核 stage counts to the day asked about."""

    def test_review(self) -> None:
        """复查 requested 09-05 (30 days: 10-05 → 10-09 after 国庆), stopped from 09-10."""
        p = replay(
            petition(),
            Accepted(D(2025, 8, 4)),
            Replied(D(2025, 9, 1), outcome=Outcome.REJECT),
            ReviewRequested(D(2025, 9, 5)),
            ClockStopped(D(2025, 9, 10), reason="补充材料"),
        )
        on = D(2025, 10, 20)
        decision = by_id(p, on=on)["review_decision"]
        assert decision.deadline.pauses == (Pause(D(2025, 9, 10), on, "补充材料", "stop"),)
        assert p.status(on).state == "on_time"

    def test_rereview(self) -> None:
        """复核 requested 09-25, stopped from 09-28 and still stopped on 11-20."""
        p = replay(
            petition(),
            Accepted(D(2025, 8, 4)),
            Replied(D(2025, 9, 1), outcome=Outcome.REJECT),
            ReviewRequested(D(2025, 9, 5)),
            ReviewDecided(D(2025, 9, 20), outcome=Outcome.REJECT),
            RereviewRequested(D(2025, 9, 25)),
            ClockStopped(D(2025, 9, 28), reason="补充材料"),
        )
        on = D(2025, 11, 20)
        decision = by_id(p, on=on)["rereview_decision"]
        assert decision.deadline.pauses == (Pause(D(2025, 9, 28), on, "补充材料", "stop"),)
        assert p.status(on).state == "on_time"
