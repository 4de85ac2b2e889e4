"""Evaluation figures: published figures, hand-worked petition sets, invariants, errors."""

from __future__ import annotations

import datetime as dt
import json
import random
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_cases import valid_histories
from xinfang_rules import (
    Accepted,
    AssignedTo,
    Category,
    Channel,
    ClockResumed,
    ClockStopped,
    Closed,
    Evaluated,
    Extended,
    Forwarded,
    Outcome,
    Petition,
    Rating,
    RefusalGround,
    Refused,
    Replied,
    Resolved,
    ReviewDecided,
    ReviewRequested,
    WorkdayCalendar,
    XinfangTypeError,
    write_petitions_jsonl,
)
from xinfang_rules.cases import InvalidTransition
from xinfang_rules.cli import main
from xinfang_rules.metrics import (
    FIGURES,
    Change,
    MetricError,
    MetricOptions,
    Rate,
    assigned_resolution_rate,
    completion_rate,
    on_time_reply_rate,
    one_time_resolution_rate,
    participation_rate,
    rank,
    repeat_rate,
    report,
    satisfaction_rate,
    timely_acceptance_rate,
)

D = dt.date
PERIOD = (D(2025, 8, 1), D(2025, 12, 31))


class TestPublishedFigures:
    """Figures units published, recomputed from their counts."""

    def test_rounding_half_up(self) -> None:
        """7839/8307 = 94.37% and 638/1876 = 34.01% (the issue's examples), half up."""
        assert Rate(7839, 8307).percent() == Decimal("94.37")
        assert Rate(638, 1876).percent() == Decimal("34.01")
        assert str(Rate(7839, 8307)) == "94.37%（7839/8307）"
        assert Rate(1, 8).percent(1) == Decimal("12.5")  # exactly 12.5: no rounding
        assert Rate(1, 16).percent(1) == Decimal("6.3")  # 6.25 rounds half up, not to even
        assert Rate(1, 3).percent(0) == Decimal("33")
        assert Rate(2, 3).percent(4) == Decimal("66.6667")

    def test_assigned_cases_all_resolved(self) -> None:
        """霞浦 (seed 004): 109 assigned matters, all resolved: 100.00%."""
        r = assigned_resolution_rate(109, 109)
        assert r.percent() == Decimal("100.00") and str(r) == "100.00%（109/109）"

    def test_year_on_year_fall(self) -> None:
        """资兴 (seed 003): 初次信访 同比下降15.4%.

        The counts are not published; any pair whose fall rounds to 15.4% prints the same.
        """
        c = Change(this=165, last=195)
        assert c.value == Fraction(-30, 195)
        assert str(c) == "同比下降15.4%" and c.direction == "下降"
        assert str(Change(this=195, last=165, kind="环比")) == "环比上升18.2%"
        assert str(Change(this=7, last=7)) == "同比持平"
        assert Change(this=7, last=0).percent() is None
        assert str(Change(this=7, last=0)) == "同比无可比数据（上期为0）"

    def test_batches_and_persons(self) -> None:
        """青岛 (seed 000): 279 批次, 1555 人次 from the same visit records."""
        visits = [
            Petition(f"V{i}", D(2025, 9, 1) + dt.timedelta(days=i % 15), Channel.VISIT,
                     Category.COMPLAINT, "区信访局", headcount=45 if i < 29 else 1)
            for i in range(279)
        ]  # fmt: skip
        rep = report(visits, D(2025, 9, 1), D(2025, 9, 18))
        assert (rep.total.volume.batches, rep.total.volume.persons) == (279, 1555)
        by_person = report(visits, D(2025, 9, 1), D(2025, 9, 18),
                           options=MetricOptions(weight="person"))  # fmt: skip
        assert by_person.total["repeat"] == Rate(0, 1555)


def story_set() -> list[Petition]:
    """Six petitions in two units; every figure is worked out in TestHandWorked."""
    explain = Outcome.EXPLAIN

    def p(pid: str, received: dt.date, unit: str, **kw: object) -> Petition:
        fields: dict[str, object] = {
            "channel": Channel.LETTER, "category": Category.COMPLAINT, "receiving_unit": unit,
            "handling_unit": unit,
        }  # fmt: skip
        fields.update(kw)
        return Petition(pid, received, **fields)  # type: ignore[arg-type]

    bureau = "县信访局"
    a1 = p("A1", D(2025, 9, 26), "县住建局", receiving_unit=bureau).apply(
        Forwarded(D(2025, 9, 29), to_unit="县住建局"))  # fmt: skip
    for e in (
        Accepted(D(2025, 10, 9), notified_on=D(2025, 10, 9)),
        Replied(D(2025, 12, 5), outcome=explain, received_on=D(2025, 12, 5)),
        Evaluated(D(2025, 12, 6), rating=Rating.SATISFIED),
        Closed(D(2025, 12, 6)),
        Resolved(D(2025, 12, 6)),
    ):
        a1 = a1.apply(e)
    a2 = (
        p("A2", D(2025, 9, 26), "县住建局", receiving_unit=bureau)
        .apply(Forwarded(D(2025, 10, 13), to_unit="县住建局"))
        .apply(Accepted(D(2025, 10, 20), notified_on=D(2025, 10, 20)))
    )
    a3 = (
        p("A3", D(2025, 12, 1), "县住建局", receiving_unit=bureau)
        .apply(Forwarded(D(2025, 12, 2), to_unit="县住建局"))
        .apply(Accepted(D(2025, 12, 5), notified_on=D(2025, 12, 5)))
    )
    b1 = p("B1", D(2025, 8, 1), "县人社局")
    for e in (
        Accepted(D(2025, 8, 4), notified_on=D(2025, 8, 4)),
        Replied(D(2025, 10, 13), outcome=explain, received_on=D(2025, 10, 13)),
        Evaluated(D(2025, 10, 20), rating=Rating.BASICALLY_SATISFIED),
        Closed(D(2025, 10, 20)),
    ):
        b1 = b1.apply(e)
    b2 = (
        p("B2", D(2025, 9, 1), "县人社局", first_time=False, repeat_of="B1")
        .apply(Accepted(D(2025, 9, 2), notified_on=D(2025, 9, 2)))
        .apply(Replied(D(2025, 9, 30), outcome=explain, received_on=D(2025, 9, 30)))
    )
    b3 = p("B3", D(2025, 11, 3), "县人社局", channel=Channel.VISIT, headcount=5).apply(
        Refused(D(2025, 11, 5), ground=RefusalGround.OTHER))  # fmt: skip
    return [a1, a2, a3, b1, b2, b3]


class TestHandWorked:
    """Two units, six petitions, 2025-08-01..12-31, figures taken on 12-31.

    县住建局 (routed by the 县信访局):
    - A1: received 09-26; route due 09-26 + 15 = 10-11, a make-up Saturday (worked, not
      moved); routed 09-29: met. Notice due 09-29 + 15 = 10-14; 10-09: met. Handling due
      10-09 + 60 = 12-08; replied 12-05: met. Rated 满意. Bureau not rated, its window
      (09-29 + 30 = 10-29) over: overdue unrated. Closed and resolved, first time: one-time.
    - A2: routed 10-13, after 10-11: late. Notice due 10-28; 10-20: met. Handling due
      10-20 + 60 = 12-19, no reply by 12-31: overdue. Bureau unrated, window over (11-12).
    - A3: routed 12-02 (due 12-16): met; notice 12-05 (due 12-17): met; handling due
      2026-02-03: not yet due, left out. Bureau window ends 2026-01-01: not yet due.
    县人社局 (received directly):
    - B1: received 08-01; notice due 08-16, a Saturday → 08-18; 08-04: met. Handling due
      08-04 + 60 = 10-03, inside 国庆 (10-01..10-08) → 10-09; replied 10-13: late. Rated
      基本满意. Closed, first time, not resolved: not one-time resolved.
    - B2: repeat of B1; notice due 09-16, 09-02: met; handling due 09-02 + 60 = 11-01 (Sat)
      → 11-03; replied 09-30: met. Not rated, window over 10-30: overdue unrated.
    - B3: a group visit of 5; refused 11-05 (notice due 11-18): met. Not accepted.
    """

    def test_per_unit_and_pooled(self) -> None:
        """Every figure of both units and the total."""
        rep = report(story_set(), *PERIOD)
        a, b = rep.unit("县住建局"), rep.unit("县人社局")
        assert rep.unit("合计") is rep.total and rep.unit(None) is rep.total
        assert rep.names() == ("县人社局", "县住建局")
        expect_a = {
            "timely_acceptance_bureau": Rate(2, 3),  # A1, A3 met; A2 late
            "timely_acceptance_unit": Rate(3, 3),
            "on_time_reply": Rate(1, 2),  # A1 met, A2 overdue, A3 not yet due
            "participation_unit": Rate(1, 1),
            "satisfaction_unit": Rate(1, 1),
            "participation_bureau": Rate(0, 2),  # A1, A2 unrated, windows over
            "satisfaction_bureau": Rate(0, 0),
            "one_time_resolution": Rate(1, 1),
            "assigned_resolution": Rate(0, 0),
            "backlog_resolution": Rate(0, 0),
            "completion": Rate(1, 3),
            "repeat": Rate(0, 3),
        }
        expect_b = {
            "timely_acceptance_bureau": Rate(0, 0),  # nothing routed
            "timely_acceptance_unit": Rate(3, 3),
            "on_time_reply": Rate(1, 2),  # B1 late (国庆 moved the due date), B2 met
            "participation_unit": Rate(1, 2),  # B2 unrated, window over
            "satisfaction_unit": Rate(1, 1),  # 基本满意 counts by default
            "participation_bureau": Rate(0, 0),
            "satisfaction_bureau": Rate(0, 0),
            "one_time_resolution": Rate(0, 1),
            "assigned_resolution": Rate(0, 0),
            "backlog_resolution": Rate(0, 0),
            "completion": Rate(1, 2),
            "repeat": Rate(1, 3),
        }
        assert dict(a.rates) == expect_a
        assert dict(b.rates) == expect_b
        assert {k: rep.total[k] for k in expect_a} == {
            k: expect_a[k] + expect_b[k] for k in expect_a
        }
        assert (a.volume.matters, a.volume.batches, a.volume.persons) == (3, 3, 3)
        assert (b.volume.matters, b.volume.batches, b.volume.persons) == (2, 3, 7)
        assert rep.total["satisfaction_bureau"].value is None

    def test_options(self) -> None:
        """Each contested point moves exactly the figures it should."""
        late = report(story_set(), *PERIOD, options=MetricOptions(open_at_end="late"))
        assert late.unit("县住建局")["on_time_reply"] == Rate(1, 3)  # A3 now counts
        strict = report(story_set(), *PERIOD,
                        options=MetricOptions(basic_counts_as_satisfied=False))  # fmt: skip
        assert strict.unit("县人社局")["satisfaction_unit"] == Rate(0, 1)
        lenient = report(story_set(), *PERIOD,
                         options=MetricOptions(overdue_unrated_as_satisfied=True))  # fmt: skip
        assert lenient.unit("县人社局")["satisfaction_unit"] == Rate(2, 2)
        assert lenient.unit("县住建局")["satisfaction_bureau"] == Rate(2, 2)
        people = report(story_set(), *PERIOD, options=MetricOptions(weight="person"))
        assert people.unit("县人社局")["timely_acceptance_unit"] == Rate(7, 7)
        assert people.unit("县人社局")["repeat"] == Rate(1, 7)
        wide = report(story_set(), *PERIOD, options=MetricOptions(evaluation_window=90))
        assert wide.unit("县住建局")["participation_bureau"] == Rate(0, 1)  # A2 window open

    def test_on_an_earlier_day(self) -> None:
        """Taken on 10-31, later events are left out: A1 is not yet replied, nor due."""
        rep = report(story_set(), *PERIOD, on=D(2025, 10, 31))
        a = rep.unit("县住建局")
        assert a["on_time_reply"] == Rate(0, 0)  # A1 due 12-08, A2 due 12-19: not yet
        assert a["completion"] == Rate(0, 2)  # A3 not received yet
        assert a.volume.batches == 2

    def test_explain_lists_the_petitions(self) -> None:
        """A unit disputing a figure sees the petitions behind it."""
        rep = report(story_set(), *PERIOD, explain=True)
        ids = rep.unit("县住建局").ids
        assert ids is not None
        assert ids["timely_acceptance_bureau"] == (("A1", "A3"), ("A1", "A2", "A3"))
        assert ids["on_time_reply"] == (("A1",), ("A1", "A2"))
        assert rep.total.ids is not None and rep.total.ids["repeat"] == (
            ("B2",),
            ("B1", "B2", "B3", "A1", "A2", "A3"),
        )

    def test_ranking(self) -> None:
        """Ties share a rank; no value is listed apart; lower is better for repeats."""
        rep = report(story_set(), *PERIOD)
        assert rep.rank("on_time_reply").ranked == (
            (1, "县人社局", Rate(1, 2)), (1, "县住建局", Rate(1, 2)),
        )  # fmt: skip
        bureau = rep.rank("timely_acceptance_bureau")
        assert bureau.no_value == ("县人社局",) and [x[1] for x in bureau.ranked] == ["县住建局"]
        assert [x[1] for x in rep.rank("repeat").ranked] == ["县住建局", "县人社局"]
        rates = {"甲": Rate(9, 10), "乙": Rate(8, 10), "丙": Rate(4, 5), "丁": Rate(1, 2),
                 "戊": Rate(0, 0)}  # fmt: skip
        r = rank(rates)
        assert [(x[0], x[1]) for x in r.ranked] == [(1, "甲"), (2, "丙"), (2, "乙"), (4, "丁")]
        assert r.no_value == ("戊",)
        assert [x[1] for x in r.top(2)] == ["甲", "丙", "乙"]  # the tie at the cut is kept
        assert [x[1] for x in r.bottom(1)] == ["丁"]
        assert [x[1] for x in r.bottom(2)] == ["丙", "乙", "丁"]
        assert rank({}).ranked == ()
        for bad in (0, -1, True, 1.5):  # an empty or negative cut is a mistake, not a ranking
            with pytest.raises(MetricError, match="1 or more"):
                r.top(bad)  # type: ignore[arg-type]
            with pytest.raises(MetricError, match="1 or more"):
                r.bottom(bad)  # type: ignore[arg-type]
        with pytest.raises(MetricError, match="not both"):
            rank({}, top=1, bottom=1)

    @pytest.mark.parametrize("calendar", [None, "equal"])
    def test_paused_and_extended_reply_on_its_due_date(self, calendar: str | None) -> None:
        """A clock stop and an extension move the due date; a reply on it is on time.

        Accepted Monday 2025-03-03; stopped 03-10, resumed 03-15 (5 days paused: 03-10..
        03-14); extended by 30 days on 04-01. 60 + 30 days after 03-03 is 06-01, plus the
        5 paused days 06-06, a Friday: the due date. A reply on 06-06 is on time, on
        06-09 (the next working day) late. The same with the petition's own calendar (due
        date worked out when it was built) and with an equal calendar passed in.
        """
        cal = WorkdayCalendar.china() if calendar == "equal" else None
        base = Petition("P", D(2025, 3, 3), Channel.LETTER, Category.COMPLAINT, "县住建局")
        for e in (
            Accepted(D(2025, 3, 3), notified_on=D(2025, 3, 3)),
            ClockStopped(D(2025, 3, 10), reason="鉴定"),
            ClockResumed(D(2025, 3, 15)),
            Extended(D(2025, 4, 1), days=30, approver="局长", reason="情况复杂"),
        ):
            base = base.apply(e)
        handle = {d.period_id: d for d in base.deadlines()}["handle"]
        assert handle.deadline.due == D(2025, 6, 6)
        for replied, on_time in ((D(2025, 6, 6), 1), (D(2025, 6, 9), 0)):
            p = base.apply(Replied(replied, outcome=Outcome.EXPLAIN, received_on=replied))
            got = report([p], D(2025, 1, 1), D(2025, 12, 31), calendar=cal)
            assert got.total["on_time_reply"] == Rate(on_time, 1)


class TestBadInput:
    """Clear errors."""

    @pytest.mark.parametrize(
        ("make", "match"),
        [
            (lambda: Rate(-1, 3), "numerator must be a whole number"),
            (lambda: Rate(4, 3), "cannot exceed its denominator"),
            (lambda: Rate(1.0, 3), "whole number"),  # type: ignore[arg-type]
            (lambda: on_time_reply_rate(1, -1, 0), "late must be"),
            (lambda: Change(this=-1, last=3), "this must be"),
            (lambda: MetricOptions(open_at_end="maybe"), "open_at_end"),  # type: ignore[arg-type]
            (lambda: MetricOptions(evaluation_window=-1), "evaluation_window"),
            (lambda: report([], D(2025, 2, 1), D(2025, 1, 1)), "ends .* before it starts"),
            (lambda: report([], D(2025, 1, 1), D(2025, 2, 1), on=D(2024, 1, 1)), "before the"),
            (lambda: report([], D(2025, 1, 1), D(2025, 2, 1), by="leader"), "by must be"),  # type: ignore[arg-type]
            (lambda: Rate(1, 2).percent(11), "digits"),
        ],
    )
    def test_errors(self, make: object, match: str) -> None:
        """Each is refused with what is wrong."""
        with pytest.raises(MetricError, match=match):
            make()  # type: ignore[operator]

    def test_unknown_figure(self) -> None:
        """Asking for a figure that does not exist names the ones that do."""
        rep = report(story_set(), *PERIOD)
        with pytest.raises(MetricError, match="unknown figure 'speed'; the figures are"):
            rep.rank("speed")
        with pytest.raises(MetricError, match="unknown figure"):
            rep.total["speed"]

    def test_not_petitions(self) -> None:
        """Records must be petitions."""
        with pytest.raises(TypeError, match="expected Petition records"):
            report([{"id": "x"}], *PERIOD)  # type: ignore[list-item]

    def test_bureau_evaluation_rules(self) -> None:
        """The bureau is rated once it has routed; the unit only on its answer."""
        a2 = story_set()[1]
        rated = a2.apply(Evaluated(D(2025, 10, 21), rating=Rating.SATISFIED, of="petition_bureau"))
        assert report([rated], *PERIOD).total["satisfaction_bureau"] == Rate(1, 1)
        with pytest.raises(InvalidTransition, match="evaluated on its written answer"):
            a2.apply(Evaluated(D(2025, 10, 21), rating=Rating.SATISFIED))

    def test_satisfaction_formula(self) -> None:
        """The count-based formula follows the same options."""
        assert satisfaction_rate(90, 8, 2) == Rate(98, 100)
        assert satisfaction_rate(90, 8, 2, options=MetricOptions(
            basic_counts_as_satisfied=False)) == Rate(90, 100)  # fmt: skip
        assert satisfaction_rate(90, 8, 2, overdue_unrated=5, options=MetricOptions(
            overdue_unrated_as_satisfied=True)) == Rate(103, 105)  # fmt: skip


UNITS = ["县住建局", "县人社局", "某镇人民政府"]


@st.composite
def record_sets(draw: st.DrawFn) -> list[Petition]:
    """Random valid petitions spread over three units."""
    out = []
    for i in range(draw(st.integers(0, 8))):
        p = draw(valid_histories())
        out.append(attrs.evolve(p, id=f"P{i}", handling_unit=draw(st.sampled_from(UNITS))))
    return out


class TestProperties:
    """Invariants of figures from records."""

    @settings(deadline=None, max_examples=40)
    @given(first=record_sets(), second=record_sets(), seed=st.integers(0, 9))
    def test_pooling_order_and_bounds(
        self, first: list[Petition], second: list[Petition], seed: int
    ) -> None:
        """Rates lie in [0, 1]; pooling equals the concatenation; order is irrelevant."""
        lo, hi, on = D(2022, 6, 1), D(2025, 12, 31), D(2026, 6, 30)
        both = report(first + second, lo, hi, on=on)
        for u in (*both.units, both.total):
            for r in u.rates.values():
                assert r.value is None or 0 <= r.value <= 1
                assert (r.percent() is None) == (r.denominator == 0)
        a, b = report(first, lo, hi, on=on), report(second, lo, hi, on=on)
        for f in FIGURES:
            assert both.total[f.key] == a.total[f.key] + b.total[f.key]
        shuffled = first + second
        random.Random(seed).shuffle(shuffled)
        assert report(shuffled, lo, hi, on=on) == both
        for row in both.rows():
            assert (row["percent"] is None) == (row["denominator"] == 0)
        for f in FIGURES:
            ranking = both.rank(f.key)
            assert {x[1] for x in ranking.ranked} | set(ranking.no_value) == set(both.names())
            assert all(u.rates[f.key].value is None for u in both.units
                       if u.unit in ranking.no_value)  # fmt: skip

    @pytest.mark.slow  # left out of mutation runs (docs/testing.md)
    @settings(deadline=None, max_examples=40)
    @given(petitions=record_sets())
    def test_own_calendar_and_an_equal_one_agree(self, petitions: list[Petition]) -> None:
        """The own calendar and an equal, distinct one give the same figures.

        Due dates worked out when a petition is built (on its own calendar) and those
        computed on another calendar agree; explain lists exactly the petitions counted.
        """
        lo, hi, on = D(2022, 6, 1), D(2025, 12, 31), D(2026, 6, 30)
        for p in petitions:
            own = report([p], lo, hi, on=on)
            other = report([p], lo, hi, on=on, calendar=WorkdayCalendar.china(region=p.region))
            assert own.total.rates == other.total.rates
        explained = report(petitions, lo, hi, on=on, explain=True)
        assert explained.total.rates == report(petitions, lo, hi, on=on).total.rates
        for u in (*explained.units, explained.total):
            assert u.ids is not None
            for key, (num, den) in u.ids.items():
                assert (len(num), len(den)) == (u.rates[key].numerator, u.rates[key].denominator)
                assert set(num) <= set(den)


class TestCommand:
    """xinfang metrics."""

    def test_table_csv_json_rank(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """The same figures in each format; ranking by a figure."""
        path = tmp_path / "cases.jsonl"
        write_petitions_jsonl(story_set(), path)
        args = ["metrics", str(path), "--from", "2025-08-01", "--to", "2025-12-31"]
        assert main(args) == 0
        out = capsys.readouterr().out
        assert "县人社局：2 件，3 批次，7 人次" in out
        assert "  按期答复率  50.00%（1/2）" in out
        assert "  信访部门及时受理率  无数据（0/0）" in out
        assert main([*args, "--format", "json"]) == 0
        rows = json.loads(capsys.readouterr().out)["rows"]
        total = {r["figure"]: r for r in rows if r["unit"] == "合计"}
        assert total["on_time_reply"]["percent"] == "50.00"
        assert total["satisfaction_bureau"]["percent"] is None
        assert main([*args, "--format", "csv"]) == 0
        assert capsys.readouterr().out.startswith("\ufeffunit,figure,title,numerator,denominator")
        assert main([*args, "--rank", "timely_acceptance_bureau"]) == 0
        out = capsys.readouterr().out
        assert "1  县住建局  66.67%（2/3）" in out and "—  县人社局  无数据（0/0）" in out
        assert main([*args, "--rank", "speed"]) == 1
        assert "无法识别的指标 'speed'" in capsys.readouterr().err
        assert main([*args, "--open-at-end", "late", "--format", "json"]) == 0
        rows = json.loads(capsys.readouterr().out)["rows"]
        assert {(r["unit"], r["figure"]): r["denominator"] for r in rows}[
            ("县住建局", "on_time_reply")
        ] == 3

    def test_unknown_schema(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """Records of an unknown schema version are refused, naming the line."""
        path = tmp_path / "cases.jsonl"
        write_petitions_jsonl(story_set()[:1], path)
        text = path.read_text(encoding="utf-8").replace("petition/1", "petition/2")
        path.write_text(text, encoding="utf-8")
        assert main(["metrics", str(path), "--from", "2025-08-01", "--to", "2025-12-31"]) == 1
        assert "第 1 行 schema：'schema' 应为 'xinfang_rules.petition/1'" in (
            capsys.readouterr().err
        )


class TestPinnedBehaviour:
    """Boundaries of the figures a changed comparison would cross (story_set, by hand)."""

    def test_a_reply_on_the_report_day_counts(self) -> None:
        """A1 replied 12-05: taken on 12-05 it is replied on time; on 12-04 not yet due."""
        on_day = report(story_set(), *PERIOD, on=D(2025, 12, 5)).unit("县住建局")
        before = report(story_set(), *PERIOD, on=D(2025, 12, 4)).unit("县住建局")
        assert on_day["on_time_reply"] == Rate(1, 1)
        assert before["on_time_reply"] == Rate(0, 0)

    def test_unreplied_counts_from_the_day_after_its_due_date(self) -> None:
        """按期答复率 counts an unreplied petition once overdue, not on its due day.

        A2 is due 12-19: it enters the denominator on 12-20.
        """
        due_day = report(story_set(), *PERIOD, on=D(2025, 12, 19)).unit("县住建局")
        after = report(story_set(), *PERIOD, on=D(2025, 12, 20)).unit("县住建局")
        assert due_day["on_time_reply"] == Rate(1, 1)
        assert after["on_time_reply"] == Rate(1, 2)
        late = report(story_set(), *PERIOD).unit("县人社局")  # B1 replied late, B2 on time
        assert late["on_time_reply"] == Rate(1, 2)

    def test_ranking_cut_offs(self) -> None:
        """top/bottom keep ties at the cut and never more than there are."""
        rates = {"甲": Rate(9, 10), "乙": Rate(8, 10), "丙": Rate(4, 5), "丁": Rate(1, 2)}
        r = rank(rates)
        assert [x[1] for x in r.top(1)] == ["甲"]
        assert [x[1] for x in r.top(3)] == ["甲", "丙", "乙"]
        assert [x[1] for x in r.top(4)] == [x[1] for x in r.top(10)] == ["甲", "丙", "乙", "丁"]
        assert [x[1] for x in r.bottom(3)] == ["丙", "乙", "丁"]
        assert [x[1] for x in r.bottom(10)] == ["甲", "丙", "乙", "丁"]
        assert rank(rates, top=1).ranked == r.top(1)
        assert rank(rates, bottom=1).ranked == r.bottom(1)
        assert rank(rates, higher_is_better=False).ranked[0][1] == "丁"

    @pytest.mark.parametrize(
        ("numerator", "denominator", "match"),
        [
            (True, 2, "numerator"),
            (1, 2.0, "denominator"),
            (-1, 2, "numerator"),
            (1, -2, "denominator"),
            (3, 2, "cannot exceed"),
        ],
    )
    def test_counts_are_whole_numbers(self, numerator: Any, denominator: Any, match: str) -> None:
        """A count is a whole number, not a bool or a float; 0 ≤ numerator ≤ denominator."""
        with pytest.raises(MetricError, match=match):
            Rate(numerator, denominator)

    def test_no_value_without_a_denominator(self) -> None:
        """0/0 has no value and no percentage; 0/5 is 0 %, 5/5 is 100 %."""
        assert Rate(0, 0).value is None and Rate(0, 0).percent() is None
        assert str(Rate(0, 0)) == "无数据（0/0）"
        assert Rate(0, 5).percent() == 0 and Rate(5, 5).percent() == 100


class TestFormulas:
    """Each formula of counts, with every count in its place."""

    def test_two_count_formulas(self) -> None:
        """Numerator over denominator, in the order the formula names them."""
        for formula in (
            timely_acceptance_rate,
            participation_rate,
            one_time_resolution_rate,
            assigned_resolution_rate,
            completion_rate,
            repeat_rate,
        ):
            assert formula(3, 7) == Rate(3, 7), formula.__name__
            assert formula(0, 0) == Rate(0, 0)

    def test_on_time_reply_rate(self) -> None:
        """On time over on time + late + overdue unreplied."""
        assert on_time_reply_rate(5, 2, 3) == Rate(5, 10)
        assert on_time_reply_rate(5, 0, 0) == Rate(5, 5)
        assert on_time_reply_rate(0, 2, 0) == Rate(0, 2)
        assert on_time_reply_rate(0, 0, 3) == Rate(0, 3)

    def test_satisfaction_rate_and_its_options(self) -> None:
        """满意 + 基本满意 over rated by default; each option moves exactly its count."""
        assert satisfaction_rate(6, 3, 1) == Rate(9, 10)
        assert satisfaction_rate(6, 3, 1, overdue_unrated=4) == Rate(9, 10)
        strict = MetricOptions(basic_counts_as_satisfied=False)
        assert satisfaction_rate(6, 3, 1, options=strict) == Rate(6, 10)
        lenient = MetricOptions(overdue_unrated_as_satisfied=True)
        assert satisfaction_rate(6, 3, 1, overdue_unrated=4, options=lenient) == Rate(13, 14)
        both = MetricOptions(basic_counts_as_satisfied=False, overdue_unrated_as_satisfied=True)
        assert satisfaction_rate(6, 3, 1, overdue_unrated=4, options=both) == Rate(10, 14)

    @pytest.mark.parametrize(
        ("call", "name"),
        [
            (lambda: on_time_reply_rate(-1, 0, 0), "on_time"),
            (lambda: on_time_reply_rate(0, -1, 0), "late"),
            (lambda: on_time_reply_rate(0, 0, -1), "overdue"),
            (lambda: satisfaction_rate(-1, 0, 0), "satisfied"),
            (lambda: satisfaction_rate(0, -1, 0), "basically_satisfied"),
            (lambda: satisfaction_rate(0, 0, -1), "dissatisfied"),
            (lambda: satisfaction_rate(0, 0, 0, overdue_unrated=-1), "overdue_unrated"),
            (lambda: timely_acceptance_rate(-1, 0), "timely"),
            (lambda: timely_acceptance_rate(0, -1), "due"),
            (lambda: participation_rate(-1, 0), "evaluated"),
            (lambda: one_time_resolution_rate(-1, 0), "resolved_first"),
            (lambda: one_time_resolution_rate(0, -1), "closed"),
            (lambda: assigned_resolution_rate(-1, 0), "resolved"),
            (lambda: assigned_resolution_rate(0, -1), "assigned"),
            (lambda: completion_rate(-1, 0), "closed"),
            (lambda: completion_rate(0, -1), "accepted"),
            (lambda: repeat_rate(-1, 0), "repeat"),
            (lambda: repeat_rate(0, -1), "total"),
        ],
    )
    def test_each_count_named_in_its_error(self, call: Any, name: str) -> None:
        """A bad count is named exactly."""
        with pytest.raises(MetricError, match=rf"^{name} must be a whole number ≥ 0, got -1$"):
            call()

    def test_rounding_and_changes(self) -> None:
        """Half up, exactly; a change's direction and wording."""
        assert Rate(1, 8).percent(1) == Decimal("12.5")
        assert Rate(1, 16).percent(2) == Decimal("6.25")
        assert Rate(1, 3).percent(0) == Decimal("33")
        assert Rate(2, 3).percent(0) == Decimal("67")
        assert Change(this=3, last=2).direction == "上升" and str(Change(3, 2)) == "同比上升50.0%"
        assert Change(this=2, last=2).direction == "持平" and str(Change(2, 2)) == "同比持平"
        assert str(Change(this=1, last=0, kind="环比")) == "环比无可比数据（上期为0）"
        assert Change(this=0, last=4).percent() == Decimal("-100.0")
        with pytest.raises(MetricError, match="kind must be"):
            Change(this=1, last=1, kind="月比")  # type: ignore[arg-type]
        with pytest.raises(MetricError, match="this must be"):
            Change(this=True, last=1)

    def test_pooling(self) -> None:
        """Rates pooled by summing counts, never averaged; only Rate records."""
        assert Rate.pool([Rate(1, 4), Rate(3, 4), Rate(0, 0)]) == Rate(4, 8)
        assert Rate.pool([]) == Rate(0, 0)
        with pytest.raises(XinfangTypeError):
            Rate.pool([Rate(1, 2), (1, 2)])  # type: ignore[list-item]


class TestTallyBranches:
    """Each count of the tally, on a few petitions built for it (2025, taken 12-31)."""

    YEAR = (D(2025, 1, 1), D(2025, 12, 31))

    @staticmethod
    def letter(pid: str, received: dt.date, unit: str, **kw: Any) -> Petition:
        """A complaint by letter to ``unit``."""
        fields: dict[str, Any] = {
            "channel": Channel.LETTER, "category": Category.COMPLAINT, "receiving_unit": unit,
        }  # fmt: skip
        return Petition(pid, received, **(fields | kw))

    def test_repeats_backlog_assigned_one_time(self) -> None:
        """Repeats, backlog, assigned and one-time resolution, each counted once per case.

        Two repeats of three; one of two backlog and of two assigned cases resolved; a
        first-time case resolved after a 复查 is not resolved at one time.
        """
        u = "甲单位"
        rows = [
            self.letter("R1", D(2025, 3, 3), u, first_time=False, repeat_of="X"),
            self.letter("R2", D(2025, 3, 3), u, first_time=False, repeat_of="Y"),
            self.letter("R3", D(2025, 3, 3), u),
        ]
        assert report(rows, *self.YEAR).unit(u)["repeat"] == Rate(2, 3)
        v = "乙单位"
        backlog = [
            self.letter("B1", D(2025, 3, 3), v, backlog=True).apply(Accepted(D(2025, 3, 4)))
            .apply(Replied(D(2025, 4, 1), outcome=Outcome.SUPPORT)).apply(Resolved(D(2025, 4, 2))),
            self.letter("B2", D(2025, 3, 3), v, backlog=True),
        ]  # fmt: skip
        assert report(backlog, *self.YEAR).unit(v)["backlog_resolution"] == Rate(1, 2)
        w = "丙单位"
        assigned = [
            self.letter("A1", D(2025, 3, 3), w)
            .apply(AssignedTo(D(2025, 3, 5), to_unit=w, due=D(2025, 4, 30)))
            .apply(Accepted(D(2025, 3, 6)))
            .apply(Replied(D(2025, 4, 1), outcome=Outcome.SUPPORT))
            .apply(Resolved(D(2025, 4, 2))),
            self.letter("A2", D(2025, 3, 3), w).apply(
                AssignedTo(D(2025, 3, 5), to_unit=w, due=D(2025, 4, 30))
            ),
        ]
        rep = report(assigned, *self.YEAR, by="receiving_unit").unit(w)
        assert rep["assigned_resolution"] == Rate(1, 2)
        assert rep["participation_bureau"] == Rate(0, 2)  # routed by assignment, unrated
        x = "丁单位"
        one_time = []
        for pid, reviewed in (("O1", False), ("O2", True)):
            p = (
                self.letter(pid, D(2025, 3, 3), x)
                .apply(Accepted(D(2025, 3, 4)))
                .apply(Replied(D(2025, 4, 1), outcome=Outcome.EXPLAIN))
            )
            if reviewed:
                p = p.apply(ReviewRequested(D(2025, 4, 10))).apply(
                    ReviewDecided(D(2025, 5, 1), outcome=Outcome.EXPLAIN)
                )
            one_time.append(p.apply(Closed(D(2025, 5, 2))).apply(Resolved(D(2025, 5, 3))))
        assert report(one_time, *self.YEAR).unit(x)["one_time_resolution"] == Rate(1, 2)

    def test_evaluation_window_boundary(self) -> None:
        """A reply received 11-01 may be rated for 30 days: unrated, it is due from 12-02."""
        u = "甲单位"
        p = (
            self.letter("E1", D(2025, 9, 1), u)
            .apply(Accepted(D(2025, 9, 2)))
            .apply(Replied(D(2025, 11, 1), outcome=Outcome.SUPPORT))
        )
        on_last = report([p], *self.YEAR, on=D(2025, 12, 1)).unit(u)
        after = report([p], *self.YEAR, on=D(2025, 12, 2)).unit(u)
        assert on_last["participation_unit"] == Rate(0, 0)
        assert after["participation_unit"] == Rate(0, 1)
        routed = self.letter("E2", D(2025, 9, 1), "县信访局").apply(
            Forwarded(D(2025, 11, 1), to_unit=u)
        )
        assert report([routed], *self.YEAR, on=D(2025, 12, 1), by="receiving_unit").unit(
            "县信访局"
        )["participation_bureau"] == Rate(0, 0)
        assert report([routed], *self.YEAR, on=D(2025, 12, 2), by="receiving_unit").unit(
            "县信访局"
        )["participation_bureau"] == Rate(0, 1)

    def test_a_running_clock_stop_keeps_the_reply_not_due(self) -> None:
        """A clock stop still running keeps the reply from falling due.

        Stopped 03-10 and not resumed: on 06-30 the reply is not yet due (without the stop
        it would be overdue since 05-06).
        """
        u = "甲单位"
        base = self.letter("S1", D(2025, 3, 3), u).apply(Accepted(D(2025, 3, 3)))
        stopped = base.apply(ClockStopped(D(2025, 3, 10), reason="鉴定"))
        on = D(2025, 6, 30)
        assert report([base], *self.YEAR, on=on).unit(u)["on_time_reply"] == Rate(0, 1)
        assert report([stopped], *self.YEAR, on=on).unit(u)["on_time_reply"] == Rate(0, 0)

    def test_the_calendar_given_decides_timeliness(self) -> None:
        """Notified on 04-02: late nationally (due 04-01), on time in 广西 (三月三 holidays)."""
        u = "甲单位"
        p = self.letter("C1", D(2025, 3, 17), u).apply(
            Accepted(D(2025, 4, 2), notified_on=D(2025, 4, 2))
        )
        gx = WorkdayCalendar.china(region="广西")
        national = report([p], *self.YEAR).unit(u)["timely_acceptance_unit"]
        local = report([p], *self.YEAR, calendar=gx).unit(u)["timely_acceptance_unit"]
        assert (national, local) == (Rate(0, 1), Rate(1, 1))
        stopped = (
            p.apply(ClockStopped(D(2025, 4, 10), reason="鉴定"))
            .apply(ClockResumed(D(2025, 4, 20)))
            .apply(Replied(D(2025, 6, 10), outcome=Outcome.SUPPORT))
        )
        # handling: 04-02 + 60 = 06-01 (Sun) + 10 stopped days = 06-11: replied 06-10 in time
        assert report([stopped], *self.YEAR, calendar=gx).unit(u)["on_time_reply"] == Rate(1, 1)
        assert report([stopped], *self.YEAR).unit(u)["on_time_reply"] == Rate(1, 1)


class TestProvisional:
    """Figures taken in a year without an official holiday notice are marked 暂定."""

    def test_report_names_the_years(self) -> None:
        """Years from the start to ``on`` (not to ``end``) that the calendar lacks."""
        petitions = story_set()
        official = report(petitions, D(2025, 8, 1), D(2025, 12, 31))
        assert official.provisional_years == ()
        assert {r["provisional"] for r in official.rows()} == {False}
        # the period ends in 2025, but the figures are taken in 2027: a duty due in 2027
        # is judged on 2027's provisional days off
        later = report(petitions, D(2025, 8, 1), D(2025, 12, 31), on=D(2027, 1, 15))
        assert later.provisional_years == (2027,)
        assert {r["provisional"] for r in later.rows()} == {True}
        cal = WorkdayCalendar.china()
        assert report([], D(2027, 1, 1), D(2027, 1, 31), calendar=cal).provisional_years == (2027,)
        assert report([], D(2027, 1, 1), D(2027, 1, 31)).provisional_years == ()  # no figures

    def test_every_output_marks_them(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """Table, CSV, JSON, ranking and the 通报 workbook all say 暂定."""
        from openpyxl import load_workbook

        path = tmp_path / "cases.jsonl"
        write_petitions_jsonl(story_set(), path)
        args = ["metrics", str(path), "--from", "2025-08-01", "--to", "2025-12-31",
                "--on", "2027-01-15"]  # fmt: skip
        assert main(args) == 0
        captured = capsys.readouterr()
        assert "2025-08-01 至 2025-12-31（截至 2027-01-15），按承办单位（暂定）" in captured.out
        assert "2027 年未收录国务院办公厅放假通知" in captured.err
        assert main([*args, "--format", "json"]) == 0
        data = json.loads(capsys.readouterr().out)
        assert data["provisional_years"] == [2027]
        assert {r["provisional"] for r in data["rows"]} == {True}
        assert main([*args, "--format", "csv"]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert lines[0].endswith(",percent,provisional")
        assert all(line.endswith(",true") for line in lines[1:])
        assert main([*args, "--rank", "on_time_reply"]) == 0
        assert "按期答复率排名（2025-08-01 至 2025-12-31，截至 2027-01-15）（暂定）" in (
            capsys.readouterr().out
        )
        out = tmp_path / "通报.xlsx"
        assert main([*args, "--rank", "on_time_reply", "-o", str(out)]) == 0
        capsys.readouterr()
        wb = load_workbook(out)
        for ws in wb.worksheets:
            assert "2027 年未收录国务院办公厅放假通知，指标为暂定" in ws["A1"].value
        assert main([*args[:-2], "--format", "csv"]) == 0
        assert capsys.readouterr().out.splitlines()[1].endswith(",false")


def test_an_unknown_unit_is_named_with_the_units_there_are() -> None:
    """The error for a unit not in the report (a surviving mutant changed its words)."""
    rep = report(story_set(), dt.date(2025, 1, 1), dt.date(2025, 12, 31), on=dt.date(2026, 3, 1))
    assert rep.names() == ("县人社局", "县住建局")
    with pytest.raises(MetricError) as info:
        rep.unit("县教育局")
    assert str(info.value) == "no unit '县***' in this report; units: 县人社局, 县住建局"
    assert rep.unit(None) is rep.total and rep.unit("合计") is rep.total
