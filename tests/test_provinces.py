"""Golden deadlines of the provincial regimes, worked by hand from their texts.

Each case gives the article, the start, and the count day by day where it matters. The
calendar facts used (checked against ``chinese-calendar`` in ``test_facts``):

- 2025 国庆节、中秋节: 10-01 to 10-08 off; Sunday 09-28 and Saturday 10-11 worked.
- 2026 春节: 02-15 to 02-23 off (02-15 a Sunday); Saturday 02-14 and 02-28 worked.
- 2026-04-16 is a Thursday; 04-25/26 a weekend; 2025-11-08 a Saturday.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import chinese_calendar
import pytest

from xinfang_rules import (
    BEIJING_2006,
    HENAN_2012,
    SHANDONG_2015,
    SHANGHAI_2018,
    ZHEJIANG_2016,
    Category,
    Channel,
    DeadlineError,
    Extension,
    InvalidTransition,
    Pause,
    Petition,
    Petitioner,
    Regime,
    compute_deadline,
    statutory_timeline,
)
from xinfang_rules.cases import (
    Accepted,
    CaseError,
    Extended,
    Forwarded,
    HearingEnded,
    HearingStarted,
    Outcome,
    Replied,
    RereviewDecided,
    RereviewRequested,
    ReviewDecided,
    ReviewRequested,
)

D = dt.date


def case(
    regime: Regime, received: dt.date, category: Category = Category.COMPLAINT, **kw: Any
) -> Petition:
    """A letter under ``regime``, received on ``received``."""
    return Petition("XF-1", received, Channel.LETTER, category, "某县信访局", regime=regime, **kw)


def due(regime: Regime, pid: str, start: dt.date, **kw: object) -> dt.date:
    return compute_deadline(pid, start, regime=regime, **kw).due  # type: ignore[arg-type]


def test_facts() -> None:
    """The calendar facts the cases rely on, from the independent oracle."""
    work = chinese_calendar.is_workday
    assert work(D(2025, 9, 28)) and work(D(2025, 10, 11))
    assert not any(work(D(2025, 10, d)) for d in range(1, 9))
    assert not any(work(D(2026, 2, d)) for d in range(15, 24))
    assert work(D(2026, 2, 24)) and work(D(2026, 4, 16)) and work(D(2026, 4, 27))
    assert not work(D(2026, 4, 25)) and not work(D(2025, 11, 8))


class TestZhejiang:
    """《浙江省信访条例》 (2016)."""

    def test_route_five_working_days(self) -> None:
        """Art. 20 ¶1 and ¶2: five working days over 国庆 2025.

        Received Fri 2025-09-26; 09-28 (Sun, worked) 1, 09-29 2, 09-30 3, 10-01..10-08 off,
        10-09 4, 10-10 5 → 2025-10-10.
        """
        assert due(ZHEJIANG_2016, "route", D(2025, 9, 26)) == D(2025, 10, 10)
        assert due(ZHEJIANG_2016, "notify_forwarded", D(2025, 9, 26)) == D(2025, 10, 10)

    def test_handle_thirty_days_into_spring_festival(self) -> None:
        """Art. 23 ¶1: accepted 2026-01-16; day 30 is 02-15, a 春节 day off → 02-24 (Tue)."""
        assert due(ZHEJIANG_2016, "handle", D(2026, 1, 16)) == D(2026, 2, 24)

    def test_extension_sixty_days_both_readings(self) -> None:
        """Art. 23 ¶1: +60 days, read both ways.

        Approved 02-10. Default reading: 30 + 60 = 90 days from 01-16 → 04-16 (Thu). Other
        reading: 60 days from the rolled due 02-24 → 04-25 (Sat) → 04-27.
        """
        ext = Extension(60, D(2026, 2, 10), "局长", "需要多部门协调")
        assert due(ZHEJIANG_2016, "handle", D(2026, 1, 16), extension=ext) == D(2026, 4, 16)
        other = ZHEJIANG_2016.counting_extensions_from("due_date")
        assert due(other, "handle", D(2026, 1, 16), extension=ext) == D(2026, 4, 27)
        with pytest.raises(DeadlineError, match="cap of 60"):
            due(ZHEJIANG_2016, "handle", D(2026, 1, 16), extension=Extension(
                61, D(2026, 2, 10), "局长", "x"))  # fmt: skip

    def test_explanation_names_the_reading(self) -> None:
        """explain() says which reading of an extension it used."""
        ext = Extension(60, D(2026, 2, 10), "局长", "需要多部门协调")
        d = compute_deadline("handle", D(2026, 1, 16), regime=ZHEJIANG_2016, extension=ext)
        assert "本库默认读法" in d.explain().render()
        other = ZHEJIANG_2016.counting_extensions_from("due_date")
        d2 = compute_deadline("handle", D(2026, 1, 16), regime=other, extension=ext)
        assert "次日起算" in d2.explain().render()
        assert "the regime chose" in d2.explain().render("en")

    def test_late_review_refused_by_the_national_rule(self) -> None:
        """Art. 24 refers 复查 to national rules: a request a year late is refused.

        30 days from the reply received (before, the preset had no 复查 period and accepted
        it).
        """
        p = case(ZHEJIANG_2016, D(2025, 3, 3))
        p = p.apply(Accepted(D(2025, 3, 5))).apply(
            Replied(D(2025, 3, 20), outcome=Outcome.REJECT, received_on=D(2025, 3, 21))
        )
        with pytest.raises(InvalidTransition, match="window that ended 2025-04-21"):
            p.apply(ReviewRequested(D(2026, 3, 20)))


class TestShandong:
    """《山东省信访条例》 (2015)."""

    def test_review_acceptance_three_working_days(self) -> None:
        """Art. 43 ¶1: three working days to decide on a 复查 request.

        Request received Tue 2025-09-30; 10-01..10-08 off, 10-09 1, 10-10 2, 10-11 (Sat,
        worked) 3 → 2025-10-11, a Saturday that is a working day.
        """
        assert due(SHANDONG_2015, "review_acceptance", D(2025, 9, 30)) == D(2025, 10, 11)
        assert due(SHANDONG_2015, "rereview_acceptance", D(2025, 9, 30)) == D(2025, 10, 11)
        assert due(SHANDONG_2015, "review_decision", D(2025, 9, 30)) == D(2025, 10, 30)

    def test_handle_only_for_complaints(self) -> None:
        """Art. 42: 申诉求决类 only; a suggestion has no handling deadline and no extension."""
        p = case(SHANDONG_2015, D(2025, 3, 3), Category.SUGGESTION)
        p = p.apply(Accepted(D(2025, 3, 5)))
        assert "handle" not in {d.period_id for d in p.deadlines()}
        with pytest.raises(InvalidTransition, match="do not apply to a 建议意见类"):
            p.apply(Extended(D(2025, 3, 20), days=10, approver="局长", reason="复杂"))

    def test_rereview_hearing_not_counted(self) -> None:
        """Art. 44 ¶2 leaves hearing time out: a 5-day hearing moves the decision by 5."""
        plain = due(SHANDONG_2015, "rereview_decision", D(2025, 3, 3))
        heard = due(
            SHANDONG_2015,
            "rereview_decision",
            D(2025, 3, 3),
            pauses=[Pause(D(2025, 3, 10), D(2025, 3, 14), "听证", "hearing")],
        )
        assert (plain, heard) == (D(2025, 4, 2), D(2025, 4, 7))


class TestBeijing:
    """《北京市信访条例》 (2006)."""

    def test_review_decision_extension_by_the_committee(self) -> None:
        """Art. 50: the 复查 decision and its extension by the committee.

        30 days from 2025-09-05 → 10-05 (国庆) → 10-09; +30 (¶4, approved by the 复查、
        复核委员会): 60 days → 11-04. Other reading: 10-09 + 30 = 11-08 (Sat) → 11-10.
        """
        assert due(BEIJING_2006, "review_decision", D(2025, 9, 5)) == D(2025, 10, 9)
        ext = Extension(30, D(2025, 10, 9), "区复查复核委员会", "复杂、疑难")
        assert due(BEIJING_2006, "review_decision", D(2025, 9, 5), extension=ext) == D(2025, 11, 4)
        other = BEIJING_2006.counting_extensions_from("due_date")
        assert due(other, "review_decision", D(2025, 9, 5), extension=ext) == D(2025, 11, 10)
        rule = BEIJING_2006["review_decision"].extension
        assert rule is not None and rule.approver == "本级复查、复核委员会"

    def test_supervision_explanation_three_working_days(self) -> None:
        """Art. 52 ¶2: three working days to explain a recommendation not adopted.

        From the recommendation received Fri 2025-09-26: 09-28 (Sun, worked) 1, 09-29 2,
        09-30 3 → 2025-09-30.
        """
        assert due(BEIJING_2006, "supervision_explain", D(2025, 9, 26)) == D(2025, 9, 30)

    def test_no_hearing_exclusion(self) -> None:
        """The text leaves no hearing time out: a hearing in 复核 does not move the date."""
        assert not BEIJING_2006["rereview_decision"].excludes_hearing
        with pytest.raises(DeadlineError, match="does not leave out hearing time"):
            due(BEIJING_2006, "rereview_decision", D(2025, 3, 3),
                pauses=[Pause(D(2025, 3, 10), D(2025, 3, 14), "听证", "hearing")])  # fmt: skip


class TestShanghai:
    """《上海市信访条例》 (2018)."""

    def test_review_only_for_complaints_and_accusations(self) -> None:
        """Art. 39: 复查 of 投诉请求类 matters; a suggestion's reply cannot be reviewed."""
        base = case(SHANGHAI_2018, D(2025, 3, 3), Category.SUGGESTION)
        answered = base.apply(Accepted(D(2025, 3, 5))).apply(
            Replied(D(2025, 3, 20), outcome=Outcome.EXPLAIN)
        )
        with pytest.raises(InvalidTransition, match="第三十九条第一款 applies to 检举控告类"):
            answered.apply(ReviewRequested(D(2025, 3, 25)))
        complaint = case(SHANGHAI_2018, D(2025, 3, 3), Category.ACCUSATION)
        complaint = complaint.apply(Accepted(D(2025, 3, 5))).apply(
            Replied(D(2025, 3, 20), outcome=Outcome.REJECT)
        )
        assert complaint.apply(ReviewRequested(D(2025, 3, 25))).state == "review"

    def test_recorded_hearing_does_not_pause_the_rereview(self) -> None:
        """No exclusion in the text: a 复核 hearing is recorded, the 30 days run on."""
        p = case(SHANGHAI_2018, D(2025, 1, 6))
        for e in (
            Accepted(D(2025, 1, 7)),
            Replied(D(2025, 2, 10), outcome=Outcome.REJECT),
            ReviewRequested(D(2025, 2, 20)),
            ReviewDecided(D(2025, 3, 10), outcome=Outcome.REJECT),
            RereviewRequested(D(2025, 3, 14)),
            HearingStarted(D(2025, 3, 20)),
            HearingEnded(D(2025, 3, 24)),
            RereviewDecided(D(2025, 4, 10), outcome=Outcome.REJECT),
        ):
            p = p.apply(e)
        decision = next(d for d in p.deadlines() if d.period_id == "rereview_decision")
        # 03-14 + 30 = 04-13 (Sun) → 04-14 (Mon): no hearing days added
        assert decision.deadline.due == D(2025, 4, 14)


class TestHenan:
    """《河南省信访条例》 (2012)."""

    def test_handle_from_receipt_not_acceptance(self) -> None:
        """Art. 26 ¶2 (二): thirty days from 接收, not from acceptance.

        Received 2025-09-15 → 10-15 (Wed), although accepted on 09-20 (which would give
        10-20).
        """
        p = case(HENAN_2012, D(2025, 9, 15)).apply(Accepted(D(2025, 9, 20)))
        handle = next(d for d in p.deadlines() if d.period_id == "handle")
        assert (handle.deadline.start, handle.deadline.due) == (D(2025, 9, 15), D(2025, 10, 15))
        forwarded = (
            case(HENAN_2012, D(2025, 9, 1))
            .apply(Forwarded(D(2025, 9, 15), to_unit="县人社局"))
            .apply(Accepted(D(2025, 9, 20)))
        )
        handle = next(d for d in forwarded.deadlines() if d.period_id == "handle")
        assert handle.deadline.start == D(2025, 9, 15)  # the unit's receipt of the transfer

    def test_ninety_days_in_all_or_ninety_more(self) -> None:
        """「最长不得超过九十日」: read as 90 in all (≤60 more); the other reading allows 90."""
        ext60 = Extension(60, D(2025, 10, 10), "局长", "情况比较复杂")
        ext61 = Extension(61, D(2025, 10, 10), "局长", "情况比较复杂")
        # 30 + 60 = 90 days from 09-15 → 12-14 (Sun) → 12-15 (Mon)
        assert due(HENAN_2012, "handle", D(2025, 9, 15), extension=ext60) == D(2025, 12, 15)
        with pytest.raises(DeadlineError, match="cap of 60 days, 90 in all"):
            due(HENAN_2012, "handle", D(2025, 9, 15), extension=ext61)
        wide = HENAN_2012.with_extension_cap("handle", "extension")
        ext90 = Extension(90, D(2025, 10, 10), "局长", "情况比较复杂")
        # 30 + 90 = 120 days from 09-15 → 2026-01-13 (Tue)
        assert due(wide, "handle", D(2025, 9, 15), extension=ext90) == D(2026, 1, 13)
        assert HENAN_2012["handle"].extension.caps == "total"  # type: ignore[union-attr]

    def test_no_rereview(self) -> None:
        """Henan has 复查 only (Art. 27): a 复核 request is refused, naming the regime."""
        p = case(HENAN_2012, D(2025, 3, 3))
        for e in (
            Accepted(D(2025, 3, 5)),
            Replied(D(2025, 3, 20), outcome=Outcome.REJECT),
            ReviewRequested(D(2025, 3, 25)),
            ReviewDecided(D(2025, 4, 10), outcome=Outcome.REJECT),
        ):
            p = p.apply(e)
        with pytest.raises(InvalidTransition, match="henan-2012 provides no 复核"):
            p.apply(RereviewRequested(D(2025, 4, 15)))

    def test_return_of_a_misrouted_matter_in_five_days(self) -> None:
        """Art. 26 ¶2 (五): five calendar days, not working days.

        From 2025-09-26 → 10-01, a holiday → 10-09.
        """
        assert due(HENAN_2012, "object_wrong_addressee", D(2025, 9, 26)) == D(2025, 10, 9)


def test_timeline_of_a_province() -> None:
    """statutory_timeline with a provincial regime starts Henan's clock at receipt."""
    rows = {
        p.id: d
        for p, d in statutory_timeline(D(2025, 9, 15), accepted=D(2025, 9, 20), regime=HENAN_2012)
    }
    assert rows["handle"] is not None and rows["handle"].due == D(2025, 10, 15)
    assert rows["route"] is not None and rows["route"].due == D(2025, 9, 22)  # 09-20 Sat


def test_petitioners_on_a_provincial_case_are_masked() -> None:
    """An error about a provincial case says what is wrong, never who the petitioner is."""
    p = case(HENAN_2012, D(2025, 3, 3), petitioners=(Petitioner("李四", phone="13812345678"),))
    with pytest.raises(CaseError) as info:
        p.apply(Accepted(D(2025, 3, 5))).apply(
            Replied(D(2025, 3, 20), outcome=Outcome.REJECT, received_on=D(2025, 3, 19))
        )
    assert "李四" not in str(info.value) and "13812345678" not in str(info.value)
