"""What a deadline says about itself, exactly; the batch form; the names in its errors.

The explanations in ``tests/golden/`` were read line by line against the calendar and the
texts before they were pinned (60 days from 2025-08-04: day 60 is 10-03, 国庆 → 10-09; 5
working days from 09-26 count the make-up Sunday 09-28 …).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from xinfang_rules import (
    XINFANG_2022,
    Deadline,
    DeadlineError,
    Extension,
    ExtensionRule,
    Pause,
    Period,
    ProvisionalCalendarWarning,
    Source,
    WorkdayCalendar,
    XinfangTypeError,
    compute_deadline,
    compute_due_dates,
    statutory_timeline,
)

D = dt.date
R = XINFANG_2022
GOLDEN = Path(__file__).parent / "golden"
SRC = Source("《某县规程》", 3)

CASES: dict[str, Any] = {
    "rolled": lambda: compute_deadline("handle", D(2025, 8, 4), regime=R),
    "workdays": lambda: compute_deadline("object_wrong_addressee", D(2025, 9, 26), regime=R),
    "stopped-extended": lambda: compute_deadline(
        "handle",
        D(2025, 3, 3),
        regime=R,
        pauses=[Pause(D(2025, 3, 10), D(2025, 3, 14), "鉴定")],
        extension=Extension(30, D(2025, 4, 1), "局长", "情况复杂"),
    ),
    "assigned": lambda: compute_deadline(
        "assigned_report", D(2025, 3, 3), regime=R, assigned_due=D(2025, 3, 20)
    ),
    "hearing": lambda: compute_deadline(
        "rereview_decision",
        D(2025, 3, 3),
        regime=R,
        pauses=[Pause(D(2025, 3, 10), D(2025, 3, 12), "听证", "hearing")],
    ),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_explanation_text(case: str, lang: str) -> None:
    """The explanation, line for line, in Chinese and English."""
    d: Deadline = CASES[case]()
    expected = (GOLDEN / f"explain-{case}.{lang}.txt").read_text(encoding="utf-8")
    assert d.explain().render(lang) + "\n" == expected  # type: ignore[arg-type]
    if lang == "zh":
        assert str(d.explain()) + "\n" == expected


def test_explanation_steps() -> None:
    """Every day after the start has one role; counted days numbered, extended marked."""
    d = CASES["stopped-extended"]()
    steps = d.explain().steps
    roles = [s.role for s in steps]
    assert roles.count("paused") == 5 and roles.count("counted") == 90
    assert [s.number for s in steps if s.role == "counted"] == list(range(1, 91))
    assert [s.extended for s in steps if s.role == "counted"] == [False] * 60 + [True] * 30
    assert steps[-1].role == "counted" and steps[-1].date == d.due
    rolled = CASES["rolled"]().explain().steps
    assert [s.role for s in rolled[-6:]] == ["rolled"] * 5 + ["due"]
    assert CASES["assigned"]().explain().steps == ()


class TestWhy:
    """One line for each way a due date comes about, in both languages."""

    @pytest.mark.parametrize(
        ("make", "zh", "en"),
        [
            (
                lambda: compute_deadline("assigned_report", D(2025, 3, 3), regime=R,
                                         assigned_due=D(2025, 3, 20)),
                "交办机关指定",
                "set by the assigning body",
            ),
            (
                lambda: compute_deadline(Period("s", "当场", None, "当场", "received", SRC),
                                         D(2025, 3, 3)),
                "当场",
                "on the spot",
            ),
            (
                lambda: compute_deadline("handle", D(2025, 8, 4), regime=R),
                "10-03（国庆节）顺延至 10-09",
                "rolled from 10-03 (国庆节) to 10-09",
            ),
            (  # 03-04 + 60 = 05-03, 劳动节 (05-01..05-05) → 05-06
                lambda: compute_deadline("handle", D(2025, 3, 4), regime=R),
                "05-03（劳动节）顺延至 05-06",
                "rolled from 05-03 (劳动节) to 05-06",
            ),
            (
                lambda: compute_deadline("object_wrong_addressee", D(2025, 9, 26), regime=R),
                "跳过 9 个休息日",
                "9 rest days skipped",
            ),
            (
                lambda: compute_deadline("handle", D(2025, 8, 12), regime=R),
                "末日 10-11 为调休上班日，不顺延",
                "last day 10-11 is a make-up working day: not moved",
            ),
            (CASES["stopped-extended"], "中止 5 日；延长 30 日", "5 days paused; extended by 30"),
            (  # 03-07 + 60 = 05-06, a Tuesday
                lambda: compute_deadline("handle", D(2025, 3, 7), regime=R),
                "无顺延",
                "no roll needed",
            ),
        ],
    )  # fmt: skip
    def test_why(self, make: Any, zh: str, en: str) -> None:
        """The reason in brief."""
        d = make()
        assert (d.why(), d.why("en")) == (zh, en)


class TestBatch:
    """compute_due_dates equals compute_deadline for every unit, as a list and as numpy."""

    STARTS = (D(2025, 1, 24), D(2025, 9, 26), D(2025, 9, 30), D(2025, 10, 1), D(2026, 2, 13))

    @pytest.mark.parametrize(
        "period",
        [
            Period("d", "日", 15, "日", "received", SRC),
            Period("w", "工作日", 5, "工作日", "received", SRC),
            Period("s", "当日", None, "当日", "received", SRC),
            Period("o", "当场", None, "当场", "received", SRC),
        ],
        ids=["days", "workdays", "same_day", "on_the_spot"],
    )
    def test_every_unit(self, period: Period) -> None:
        """List and numpy forms give the scalar's dates."""
        expected = [compute_deadline(period, s).due for s in self.STARTS]
        assert compute_due_dates(period, list(self.STARTS)) == expected
        arr = np.array(self.STARTS, dtype="datetime64[D]")
        got = compute_due_dates(period, arr)
        assert [x.astype(dt.date) for x in got] == expected

    def test_regime_counting_and_calendar(self) -> None:
        """The regime's id, its counting override and a regional calendar all apply."""
        starts = [D(2025, 3, 17)]
        assert compute_due_dates("route", starts, regime=R) == [D(2025, 4, 1)]
        gx = WorkdayCalendar.china(region="广西")
        assert compute_due_dates("route", starts, regime=R, calendar=gx) == [D(2025, 4, 2)]
        as_workdays = compute_due_dates("route", starts, regime=R, count_days_as="workdays")
        assert as_workdays == [compute_deadline("route", starts[0], regime=R,
                                                count_days_as="workdays").due]  # fmt: skip
        assert as_workdays != [D(2025, 4, 1)]
        arr = np.array(starts, dtype="datetime64[D]")
        assert compute_due_dates("route", arr, regime=R, calendar=gx)[0] == np.datetime64(
            "2025-04-02"
        )

    def test_assigned_has_no_batch(self) -> None:
        """A period the assigning body sets has no batch form."""
        arr = np.array([D(2025, 3, 3)], dtype="datetime64[D]")
        with pytest.raises(DeadlineError, match="'assigned_report' is set by the assigning body"):
            compute_due_dates("assigned_report", arr, regime=R)


class TestArgumentsNamedInErrors:
    """A date passed as text is refused, naming the argument."""

    @pytest.mark.parametrize(
        ("call", "name"),
        [
            (lambda: compute_deadline("handle", "2025-08-04", regime=R), "start"),  # type: ignore[arg-type]
            (lambda: statutory_timeline("2025-08-04"), "received"),  # type: ignore[arg-type]
            (lambda: statutory_timeline(D(2025, 8, 4), accepted="2025-08-05"), "accepted"),  # type: ignore[arg-type]
            (lambda: statutory_timeline(D(2025, 8, 4), reply_received="x"), "reply_received"),  # type: ignore[arg-type]
            (lambda: CASES["rolled"]().status(D(2025, 9, 1), done_on="x"), "done_on"),
            (lambda: Pause("2025-03-10", D(2025, 3, 12), "x"), "a pause's start or end"),
            (lambda: Extension(5, "2025-03-10", "局长", "x"), "Extension.approved_on"),
            (lambda: Extension(5, D(2025, 3, 10), "局长", "x", notified_on="x"),
             "Extension.notified_on"),
        ],
    )  # fmt: skip
    def test_names(self, call: Any, name: str) -> None:
        """The message starts with the argument's name."""
        with pytest.raises(XinfangTypeError, match=rf"^{name} must be a datetime\.date"):
            call()

    def test_other_bad_arguments(self) -> None:
        """Wrong kinds of period, calendar, warn_within and pauses are named."""
        d = CASES["rolled"]()
        for bad in (-1, True, 1.5):
            with pytest.raises(XinfangTypeError, match=r"^warn_within must be a whole number"):
                d.status(D(2025, 9, 1), warn_within=bad)
        with pytest.raises(XinfangTypeError, match=r"^period must be a Period or a period id, "
                           r"got int"):  # fmt: skip
            compute_deadline(5, D(2025, 3, 3))  # type: ignore[arg-type]
        with pytest.raises(XinfangTypeError, match=r"period 'handle' is an id: pass regime="):
            compute_deadline("handle", D(2025, 3, 3))
        with pytest.raises(XinfangTypeError, match=r"^calendar must be a WorkdayCalendar, got str"):
            compute_deadline("handle", D(2025, 3, 3), regime=R, calendar="national",  # type: ignore[arg-type]
                             pauses=[Pause(D(2025, 3, 5), D(2025, 3, 6), "x")])  # fmt: skip
        with pytest.raises(XinfangTypeError, match=r"^pauses must be Pause records, got tuple"):
            compute_deadline("handle", D(2025, 3, 3), regime=R, pauses=[(1, 2)])  # type: ignore[list-item]
        with pytest.raises(XinfangTypeError, match=r"^count_days_as must be 'days' or 'workdays'"):
            compute_deadline("handle", D(2025, 3, 3), regime=R, count_days_as="hours")  # type: ignore[arg-type]


def test_an_aware_datetime_is_its_beijing_date() -> None:
    """20:00 UTC on 03-02 is 04:00 on 03-03 in Beijing: the clock starts on 03-03."""
    utc = dt.datetime(2025, 3, 2, 20, 0, tzinfo=dt.timezone.utc)
    assert compute_deadline("handle", utc, regime=R).start == D(2025, 3, 3)
    rows = {p.id: d for p, d in statutory_timeline(utc)}
    assert rows["route"] is not None and rows["route"].start == D(2025, 3, 3)


class TestPausesMerged:
    """Overlapping or touching pauses are one; a hearing stays a hearing."""

    def test_touching_pauses_merge(self) -> None:
        """03-10..03-12 and 03-13..03-14 touch: one pause of 5 days, both reasons."""
        d = compute_deadline(
            "rereview_decision",
            D(2025, 3, 3),
            regime=R,
            pauses=[Pause(D(2025, 3, 13), D(2025, 3, 14), "补充材料"),
                    Pause(D(2025, 3, 10), D(2025, 3, 12), "听证", "hearing")],
        )  # fmt: skip
        assert d.pauses == (Pause(D(2025, 3, 10), D(2025, 3, 14), "听证；补充材料", "hearing"),)

    def test_a_gap_of_one_day_keeps_two(self) -> None:
        """03-10..03-11 and 03-13..03-14 leave 03-12 running: two pauses."""
        d = compute_deadline(
            "handle",
            D(2025, 3, 3),
            regime=R,
            pauses=[Pause(D(2025, 3, 10), D(2025, 3, 11), "鉴定"),
                    Pause(D(2025, 3, 13), D(2025, 3, 14), "鉴定")],
        )  # fmt: skip
        assert len(d.pauses) == 2

    def test_same_reason_once(self) -> None:
        """Overlapping pauses with one reason keep it once; two stops stay a stop."""
        d = compute_deadline(
            "handle",
            D(2025, 3, 3),
            regime=R,
            pauses=[Pause(D(2025, 3, 10), D(2025, 3, 12), "鉴定"),
                    Pause(D(2025, 3, 11), D(2025, 3, 14), "鉴定")],
        )  # fmt: skip
        assert d.pauses == (Pause(D(2025, 3, 10), D(2025, 3, 14), "鉴定", "stop"),)


def test_status_strings_and_units() -> None:
    """Each state reads as a clerk would say it, in the period's unit."""
    d = CASES["rolled"]()
    assert str(d.status(D(2025, 9, 1))) == "2025-09-01 剩余 38 日"
    assert str(d.status(D(2025, 10, 9))) == "2025-10-09 剩余 0 日（临期预警）"
    assert str(d.status(D(2025, 10, 1), done_on=D(2025, 9, 30))) == "2025-10-01 已按期完成"
    assert d.status(D(2025, 9, 1)).unit.value == "days"
    w = CASES["workdays"]()
    assert w.status(D(2025, 9, 26)).unit.value == "workdays"
    assert w.status(D(2025, 9, 26)).remaining == 5


class TestMoreBranches:
    """The remaining branches of the explanation and of the engine's checks."""

    def test_why_weekend_workdays_and_provisional(self) -> None:
        """A plain weekend roll, working days with a stop and extension, a provisional year."""
        d = compute_deadline("handle", D(2025, 4, 8), regime=R)  # day 60: Sat 06-07
        assert (d.why(), d.why("en")) == (
            "06-07（周末）顺延至 06-09",
            "rolled from 06-07 (weekend) to 06-09",
        )
        wd = compute_deadline(
            "handle",
            D(2025, 3, 3),
            regime=R.counting_days_as("workdays"),
            pauses=[Pause(D(2025, 3, 10), D(2025, 3, 14), "鉴定")],
            extension=Extension(10, D(2025, 4, 1), "局长", "复杂"),
        )
        # 03-03 to 06-20 is 109 days: 60 + 10 working days, 5 paused, 34 rest days
        assert wd.due == D(2025, 6, 20)
        assert wd.why() == "中止 5 日；延长 10 日；跳过 34 个休息日"
        assert wd.why("en") == "5 days paused; extended by 10; 34 rest days skipped"
        fresh = WorkdayCalendar.china()  # warns once per calendar and year: its own
        with pytest.warns(ProvisionalCalendarWarning):
            p = compute_deadline("handle", D(2026, 12, 1), regime=R, calendar=fresh)
        assert p.provisional
        assert p.why() == "01-30（周末）顺延至 02-01；暂定"
        assert p.why("en") == "rolled from 01-30 (weekend) to 02-01; provisional"

    def test_explanation_without_a_regime(self) -> None:
        """A period given alone: no regime in the head, the default reading of extensions."""
        per = Period("h", "办理", 30, "日", "accepted", SRC, extension=ExtensionRule(30, SRC))
        d = compute_deadline(per, D(2025, 3, 3), extension=Extension(10, D(2025, 3, 20), "局长",
                                                                     "复杂"))  # fmt: skip
        expected = (GOLDEN / "explain-no-regime.zh.txt").read_text(encoding="utf-8")
        assert d.explain().render() + "\n" == expected
        assert d.explain().render("en").splitlines()[0] == (
            "Period: 办理, 30 days, from accepted (《某县规程》 Art. 3)"
        )

    def test_two_make_up_days_listed(self) -> None:
        """Six working days from Fri 2025-01-24 count Sun 01-26 and Sat 02-08 (春节)."""
        six = Period("w", "六个工作日", 6, "工作日", "received", SRC)
        d = compute_deadline(six, D(2025, 1, 24))
        assert d.due == D(2025, 2, 8)
        zh = [x for x in d.explain().render().splitlines() if x.startswith("计入的调休")]
        en = [x for x in d.explain().render("en").splitlines() if x.startswith("Counted")]
        assert zh == [
            "计入的调休上班日：2025-01-26 星期日，调休上班（春节）；"
            "2025-02-08 星期六，调休上班（春节）"
        ]
        assert en == [
            "Counted make-up working days: 2025-01-26 Sunday, make-up working day (调休上班) "
            "for 春节; 2025-02-08 Saturday, make-up working day (调休上班) for 春节"
        ]

    def test_engine_refusals_named(self) -> None:
        """assigned_due named; a period without length cannot be extended or paused."""
        with pytest.raises(XinfangTypeError, match=r"^assigned_due must be a datetime\.date"):
            compute_deadline("assigned_report", D(2025, 3, 3), regime=R, assigned_due="x")  # type: ignore[arg-type]
        same = Period("s", "当日", None, "当日", "received", SRC)
        ext = Extension(1, D(2025, 3, 3), "局长", "x")
        with pytest.raises(DeadlineError, match=r"^period 's' \(当日\) cannot be extended$"):
            compute_deadline(same, D(2025, 3, 3), extension=ext)
        with pytest.raises(DeadlineError, match=r"^period 's' \(当日\) has no length to pause$"):
            compute_deadline(same, D(2025, 3, 3), pauses=[Pause(D(2025, 3, 4), D(2025, 3, 4), "x")])
        with pytest.raises(DeadlineError, match=r"^assigned_due applies only to periods set by"):
            compute_deadline("handle", D(2025, 3, 3), regime=R, assigned_due=D(2025, 4, 1))
        with pytest.raises(DeadlineError, match=r"^assigned_due 2025-03-02 is before the"):
            compute_deadline("assigned_report", D(2025, 3, 3), regime=R,
                             assigned_due=D(2025, 3, 2))  # fmt: skip
        with pytest.raises(DeadlineError, match=r"pass assigned_due=$"):
            compute_deadline("assigned_report", D(2025, 3, 3), regime=R)

    def test_accepted_on_the_day_received(self) -> None:
        """A petition accepted the day it arrives is a valid timeline."""
        rows = {p.id: d for p, d in statutory_timeline(D(2025, 3, 3), accepted=D(2025, 3, 3))}
        assert rows["handle"] is not None and rows["handle"].start == D(2025, 3, 3)
        with pytest.raises(DeadlineError, match="before the petition was received on 2025-03-03"):
            statutory_timeline(D(2025, 3, 3), reply_received=D(2025, 3, 2))

    def test_deadlines_differ_by_everything_they_hold(self) -> None:
        """Equal only with the same period, dates, regime, pauses and extension."""
        a = compute_deadline("handle", D(2025, 3, 3), regime=R)
        assert a == compute_deadline("handle", D(2025, 3, 3), regime=R)
        assert hash(a) == hash(compute_deadline("handle", D(2025, 3, 3), regime=R))
        assert a != compute_deadline(R["handle"], D(2025, 3, 3))  # no regime
        assert a != compute_deadline("handle", D(2025, 3, 3), regime=R,
                                     pauses=[Pause(D(2025, 3, 4), D(2025, 3, 4), "x")])  # fmt: skip
        ext = Extension(1, D(2025, 3, 4), "局长", "x")
        assert a != compute_deadline("handle", D(2025, 3, 3), regime=R, extension=ext)
        assert a != "handle"
