"""Reception rotas: the seeds' rules as scenarios, constraints, errors and invariants."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import attrs
import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xinfang_rules import WorkdayCalendar
from xinfang_rules.rota import (
    Assignment,
    EveryWorkday,
    Leader,
    MaxFrequency,
    MinFrequency,
    MonthlyDay,
    Place,
    Pool,
    RecurrenceRule,
    Replace,
    RestDay,
    Rota,
    RotaError,
    RotaInfeasible,
    Rule,
    Swap,
    Unavailable,
    Weekly,
    generate_rota,
)

D = dt.date
SCHOOL = Place("school", "县委党校", "08:30", "12:00")
BUREAU = Place("bureau", "县信访局", "08:30", "12:00")
PRINCIPALS_MONTHLY = MinFrequency(
    Pool(levels="县", principal=True),
    1,
    "month",
    source="2009年《意见》：县委书记、县长一般每月安排一天",
)


def county() -> list[Leader]:
    """A county: secretary, county head, 11 other county leaders, 14 township heads."""
    people = [
        Leader("sj", "王书记", "县委书记", "县", principal=True, portfolio="全面工作"),
        Leader("xz", "李县长", "县长", "县", principal=True, portfolio="政府全面工作"),
    ]
    people += [
        Leader(f"c{i}", f"县领导{i}", "副县长", "县", portfolio=f"分管工作{i}")
        for i in range(1, 12)
    ]
    people += [
        Leader(f"t{i}", f"镇长{i}", "镇长", "乡镇", principal=True, unit=f"{i}镇")
        for i in range(1, 15)
    ]
    return people


def xiapu_rules() -> list[Rule]:
    """Seed 004 (霞浦, 三固定): the 15th jointly, Mondays and sensitive periods, townships."""
    src = "霞浦县“三固定”开门接访工作机制（闽东日报 2022-09-25）"
    rules = [
        Rule("monthly-15", MonthlyDay(15), Pool(levels="县", principal=True), SCHOOL,
             per_slot="all", source=src),
        Rule("monday", Weekly(0), Pool(levels="县"), BUREAU, source=src),
        Rule("sensitive", EveryWorkday(), Pool(levels="县"), BUREAU, start=D(2025, 9, 20),
             end=D(2025, 10, 15), layer="sensitive", source=src),
    ]  # fmt: skip
    rules += [
        Rule(f"town-{i}", Weekly(0), Pool(units=f"{i}镇"), Place(f"town{i}", f"{i}镇人民政府",
             "08:30", "12:00"), source=src)
        for i in range(1, 15)
    ]  # fmt: skip
    return rules


def at(rota: Rota, day: dt.date, place: str) -> Assignment:
    found = [a for a in rota.assignments if a.date == day and a.place == place]
    assert len(found) == 1, (day, place, found)
    return found[0]


class TestSeeds:
    """The rules of the seed documents."""

    def test_xiapu_year(self) -> None:
        """霞浦 2025: joint 15th, Monday rotation, sensitive period, township Mondays."""
        rules, people = xiapu_rules(), county()
        rota = generate_rota(rules, people, D(2025, 1, 1), D(2025, 12, 31),
                             minimum=[PRINCIPALS_MONTHLY])  # fmt: skip
        assert rota.check(rules, minimum=[PRINCIPALS_MONTHLY]) == ()
        # 2025-06-15 is a Sunday: the joint reception moves to Monday 06-16, where the
        # principal leaders are busy, so the bureau's Monday goes to someone else
        joint = at(rota, D(2025, 6, 16), "school")
        assert joint.leaders == ("sj", "xz") and joint.rules == ("monthly-15",)
        assert not {"sj", "xz"} & set(at(rota, D(2025, 6, 16), "bureau").leaders)
        # 2025-10-06 (国庆节 Monday) moves to the next working day, 10-09; the 10-11 make-up
        # Saturday is a working day of the sensitive period; 10-16 is after it
        assert at(rota, D(2025, 10, 9), "bureau").rules == ("monday", "sensitive")
        assert at(rota, D(2025, 10, 11), "bureau").layer == "sensitive"
        assert not [a for a in rota.assignments if a.date == D(2025, 10, 16)]
        # the Monday pool shares its turns evenly (secretary and head: joint + Mondays)
        per = rota.by_leader("month", [PRINCIPALS_MONTHLY])
        others = [per[f"c{i}"]["total"] for i in range(1, 12)]
        assert max(others) - min(others) <= 1
        assert per["sj"]["required"] == 1
        assert all(n >= 1 for n in per["sj"]["periods"].values())
        # township heads receive at their own unit every Monday (moved off holidays)
        assert per["t1"]["total"] == len(rules[3].days(D(2025, 1, 1), D(2025, 12, 31),
                                                       WorkdayCalendar.china()))  # fmt: skip

    def test_qingdao_campaign(self) -> None:
        """Seed 000: every working day 2026-09-01..10-31, one leader in each of 12 districts."""
        people = [
            Leader(f"d{d}-{i}", f"区领导{d}-{i}", "副区长", "区", unit=f"区{d}")
            for d in range(1, 13)
            for i in range(1, 9)
        ]
        rules = [
            Rule(f"district-{d}", EveryWorkday(), Pool(units=f"区{d}"),
                 Place(f"p{d}", f"区{d}信访接待中心", "09:00", "11:30"),
                 start=D(2026, 9, 1), end=D(2026, 10, 31), layer="campaign")
            for d in range(1, 13)
        ]  # fmt: skip
        rota = generate_rota(rules, people, D(2026, 9, 1), D(2026, 10, 31))
        assert rota.check(rules) == ()
        workdays = [
            D(2026, 9, 1) + dt.timedelta(days=k)
            for k in range(61)
            if chinese_calendar.is_workday(D(2026, 9, 1) + dt.timedelta(days=k))
        ]
        days = sorted({a.date for a in rota.assignments})
        assert days == workdays  # the independent calendar agrees on every day
        assert D(2026, 10, 1) not in days and D(2026, 10, 10) in days  # 国庆; make-up Saturday
        assert len(rota.assignments) == 12 * len(workdays)
        per = Counter(lid for a in rota.assignments for lid in a.leaders)
        for d in range(1, 13):
            counts = [per[f"d{d}-{i}"] for i in range(1, 9)]
            assert max(counts) - min(counts) <= 1

    def test_weekly_rotation_of_nine(self) -> None:
        """Seed 002: one of 9 district leaders every Monday for a year, by turns."""
        people = [Leader(f"q{i}", f"区领导{i}", "副区长", "区") for i in range(1, 10)]
        rules = [Rule("monday", Weekly(0), Pool(levels="区"), BUREAU)]
        rota = generate_rota(rules, people, D(2026, 1, 1), D(2026, 12, 31))
        assert rota.check(rules) == ()
        # 52 Mondays; 春节 (02-15..02-23) moves both 02-16 and 02-23 to 02-24: one reception
        days = [a.date for a in rota.assignments]
        assert len(days) == 51 and D(2026, 2, 24) in days
        assert D(2026, 10, 8) in days  # 10-05 moved past 国庆
        counts = Counter(a.leaders[0] for a in rota.assignments)
        assert sorted(counts.values()) == [5] * 3 + [6] * 6
        assert generate_rota(rules, people, D(2026, 1, 1), D(2026, 12, 31)) == rota
        assert generate_rota(rules, people, D(2026, 1, 1), D(2026, 12, 31), seed=7) != rota


class TestRules:
    """Recurrences and rest days."""

    def test_rest_day_policies(self) -> None:
        """2026-02-15 (Sunday, 春节 eve) next / previous / skip / keep."""
        people = [Leader("a", "甲", "副县长", "县")]
        cal = WorkdayCalendar.china()
        lo, hi = D(2026, 2, 1), D(2026, 2, 28)

        def days(policy: RestDay) -> list[dt.date]:
            return Rule("r", MonthlyDay(15), Pool(), BUREAU, rest_day=policy).days(lo, hi, cal)

        assert days(RestDay.NEXT) == [D(2026, 2, 24)]  # 春节 2-15..2-23
        assert days(RestDay.PREVIOUS) == [D(2026, 2, 14)]  # a make-up Saturday
        assert days(RestDay.SKIP) == []
        assert days(RestDay.KEEP) == [D(2026, 2, 15)]
        assert generate_rota([Rule("r", MonthlyDay(15), Pool(), BUREAU)], people, lo, hi)

    def test_moved_across_the_range_edge(self) -> None:
        """A day moved into the range from before it is kept; one moved out is not."""
        cal = WorkdayCalendar.china()
        rule = Rule("r", MonthlyDay(31), Pool(), BUREAU)  # 2026-01-31 is a Saturday
        assert rule.days(D(2026, 2, 1), D(2026, 2, 10), cal) == [D(2026, 2, 2)]
        assert rule.days(D(2026, 1, 1), D(2026, 1, 31), cal) == []
        # in a 30-day month the 31st is its last day
        assert MonthlyDay(31).dates(D(2026, 4, 1), D(2026, 4, 30), cal) == [D(2026, 4, 30)]

    def test_rrule(self) -> None:
        """Any RFC 5545 recurrence: the first Monday of each month."""
        cal = WorkdayCalendar.china()
        rule = Rule("r", RecurrenceRule("FREQ=MONTHLY;BYDAY=1MO"), Pool(), BUREAU)
        assert rule.days(D(2026, 1, 1), D(2026, 3, 31), cal) == [
            D(2026, 1, 5), D(2026, 2, 2), D(2026, 3, 2),
        ]  # fmt: skip
        with pytest.raises(RotaError, match="not an RFC 5545 recurrence"):
            RecurrenceRule("FREQ=SOMETIMES")
        with pytest.raises(RotaError, match="leave DTSTART out"):
            RecurrenceRule("DTSTART:20260101\nRRULE:FREQ=DAILY")

    @pytest.mark.parametrize(
        ("make", "match"),
        [
            (lambda: Place("p", "x", "12:00", "08:30"), "not after the start"),
            (lambda: Place("p", "x", "8 点", "12:00"), "HH:MM"),
            (lambda: MonthlyDay(32), "1 to 31"),
            (lambda: Weekly(7), "0 \\(Monday\\) to 6"),
            (lambda: Rule("r", Weekly(0), Pool(), BUREAU, per_slot=0), "per_slot"),
            (lambda: Rule("r", Weekly(0), Pool(), BUREAU, layer="x"), "layer"),  # type: ignore[arg-type]
            (
                lambda: Rule(
                    "r", Weekly(0), Pool(), BUREAU, start=D(2026, 2, 1), end=D(2026, 1, 1)
                ),
                "ends",
            ),
            (lambda: Unavailable("a", D(2026, 2, 1), D(2026, 1, 1)), "ends"),
            (lambda: MinFrequency(Pool(), per="day"), "per must be"),
            (lambda: Leader("", "甲", "x", "县"), "id must be a non-empty"),
        ],
    )
    def test_bad_definitions(self, make: object, match: str) -> None:
        """Each bad definition is refused with the reason."""
        with pytest.raises(RotaError, match=match):
            make()  # type: ignore[operator]

    def test_bad_inputs_to_generate(self) -> None:
        """Unknown leaders, duplicate ids, reversed range."""
        people = [Leader("a", "甲", "副县长", "县")]
        rule = Rule("r", Weekly(0), Pool(), BUREAU)
        lo, hi = D(2026, 3, 1), D(2026, 3, 31)
        with pytest.raises(RotaError, match="unknown leader"):
            generate_rota([rule], people, lo, hi, unavailable=[Unavailable("zz", lo, hi)])
        with pytest.raises(RotaError, match="pool names unknown leader"):
            generate_rota([attrs.evolve(rule, pool=Pool(leaders=["zz"]))], people, lo, hi)
        with pytest.raises(RotaError, match="two rules have the id"):
            generate_rota([rule, rule], people, lo, hi)
        with pytest.raises(RotaError, match="same id"):
            generate_rota([rule], people * 2, lo, hi)
        with pytest.raises(RotaError, match="ends"):
            generate_rota([rule], people, hi, lo)
        with pytest.raises(TypeError, match="datetime"):
            generate_rota([rule], people, dt.datetime(2026, 3, 1), hi)


class TestConstraints:
    """Unavailability, gaps, frequencies, overrides and pins."""

    def people(self) -> list[Leader]:
        """Seven county leaders."""
        return [Leader(f"c{i}", f"县领导{i}", "副县长", "县") for i in range(1, 8)]

    def test_infeasible_names_every_slot(self) -> None:
        """All seven away on a Monday: the error names the day, the place and why."""
        rules = [Rule("monday", Weekly(0), Pool(levels="县"), BUREAU)]
        away = [Unavailable(f"c{i}", D(2026, 10, 12), D(2026, 10, 12), "市里开会")
                for i in range(1, 8)]  # fmt: skip
        with pytest.raises(RotaInfeasible) as info:
            generate_rota(rules, self.people(), D(2026, 10, 1), D(2026, 10, 31), unavailable=away)
        assert len(info.value.gaps) == 1
        assert "2026-10-12 县信访局: all 7 县 leaders unavailable or busy: 7 unavailable" in str(
            info.value
        )
        rota = generate_rota(rules, self.people(), D(2026, 10, 1), D(2026, 10, 31),
                             unavailable=away, allow_gaps=True)  # fmt: skip
        assert [g.date for g in rota.gaps] == [D(2026, 10, 12)]
        kinds = [v.kind for v in rota.check(rules, unavailable=away)]
        assert kinds == ["uncovered"]

    def test_nobody_away_is_assigned(self) -> None:
        """A leader on leave for a month is skipped and catches up after."""
        rules = [Rule("monday", Weekly(0), Pool(levels="县"), BUREAU)]
        away = [Unavailable("c1", D(2026, 3, 1), D(2026, 4, 30), "年休假")]
        rota = generate_rota(rules, self.people(), D(2026, 1, 1), D(2026, 12, 31),
                             unavailable=away)  # fmt: skip
        assert not [a for a in rota.assignments if "c1" in a.leaders and a.date.month in (3, 4)]
        assert rota.check(rules, unavailable=away) == ()

    def test_minimum_and_maximum(self) -> None:
        """The secretary and head at least monthly on a 9-leader Monday rotation, max weekly."""
        people = [
            Leader("sj", "书记", "县委书记", "县", principal=True),
            Leader("xz", "县长", "县长", "县", principal=True),
            *self.people(),
        ]
        rules = [Rule("weekdays", RecurrenceRule("FREQ=WEEKLY;BYDAY=MO,TH"), Pool(levels="县"),
                      BUREAU)]  # fmt: skip
        minimum = [PRINCIPALS_MONTHLY]
        maximum = [MaxFrequency(Pool(levels="县"), 1, "week")]
        rota = generate_rota(rules, people, D(2026, 1, 1), D(2026, 12, 31), minimum=minimum,
                             maximum=maximum)  # fmt: skip
        assert rota.check(rules, minimum=minimum, maximum=maximum) == ()
        per = rota.by_leader("month", minimum)
        assert all(per["sj"]["periods"].get(f"2026-{m:02d}", 0) >= 1 for m in range(1, 13))
        with pytest.raises(RotaError, match="per must be"):
            rota.by_leader("day")  # type: ignore[arg-type]
        weeks = rota.by_leader("week")
        assert max(n for row in weeks.values() for n in row["periods"].values()) == 1

    def test_minimum_violation_reported(self) -> None:
        """A minimum the rota misses is a violation naming the month and the source."""
        people = [Leader("sj", "书记", "县委书记", "县", principal=True), *self.people()]
        rules = [Rule("monday", Weekly(0), Pool(levels="县"), BUREAU)]
        rota = generate_rota(rules, people, D(2026, 1, 1), D(2026, 3, 31))
        found = [v for v in rota.check(rules, minimum=[PRINCIPALS_MONTHLY], fair=False)
                 if v.kind == "min_frequency"]  # fmt: skip
        assert found and found[0].leader == "sj" and found[0].date == D(2026, 1, 1)
        assert "at least 1 required; 2009年《意见》" in found[0].message

    def test_overrides(self) -> None:
        """Replace one leader on a day; swap two leaders' days; bad overrides are errors."""
        rules = [Rule("monday", Weekly(0), Pool(levels="县"), BUREAU)]
        lo, hi = D(2026, 3, 1), D(2026, 3, 31)
        base = generate_rota(rules, self.people(), lo, hi)
        first, second = base.assignments[0], base.assignments[1]
        a, b = first.leaders[0], second.leaders[0]
        other = next(x.id for x in self.people() if x.id not in (a, b))
        rota = generate_rota(rules, self.people(), lo, hi, overrides=[
            Replace(first.date, "bureau", a, other, "出差"),
            Swap(other, first.date, b, second.date, "调换"),
        ])  # fmt: skip
        assert at(rota, first.date, "bureau").leaders == (b,)
        assert at(rota, second.date, "bureau").leaders == (other,)
        assert at(rota, first.date, "bureau").layer == "manual"
        with pytest.raises(RotaError, match="has no reception on 2026-03-02"):
            generate_rota(rules, self.people(), lo, hi, overrides=[
                Replace(D(2026, 3, 2), "bureau", other, a)])  # fmt: skip

    def test_pinned_changes_as_little_as_possible(self) -> None:
        """After a leave is added, only the receptions of the leader on leave change."""
        rules = [Rule("monday", Weekly(0), Pool(levels="县"), BUREAU)]
        lo, hi = D(2026, 1, 1), D(2026, 6, 30)
        old = generate_rota(rules, self.people(), lo, hi)
        victim = old.assignments[10]
        leave = [Unavailable(victim.leaders[0], victim.date, victim.date, "病假")]
        new = generate_rota(rules, self.people(), lo, hi, unavailable=leave,
                            pinned=old.assignments)  # fmt: skip
        changed = [(a, b) for a, b in zip(old.assignments, new.assignments, strict=True)
                   if a.leaders != b.leaders]  # fmt: skip
        assert [a.date for a, _ in changed] == [victim.date]
        assert new.notes and "病假" in new.notes[0]
        assert all(
            b.layer == "pinned"
            for a, b in zip(old.assignments, new.assignments, strict=True)
            if a.date != victim.date
        )
        assert new.check(rules, unavailable=leave, fair=False) == ()
        # a pinned reception no rule asks for any more is dropped, and said so
        stale = Assignment(D(2026, 1, 7), "bureau", ("c1",))
        again = generate_rota(rules, self.people(), lo, hi, pinned=(*old.assignments, stale))
        assert again.notes == (
            "2026-01-07 bureau: pinned reception dropped (no rule asks for it now)",
        )


class TestChecker:
    """The checker finds each violation planted in a generated rota."""

    def setup(self) -> tuple[list[Rule], list[Leader], Rota]:
        """A small rota with no violation."""
        people = [Leader(f"c{i}", f"县领导{i}", "副县长", "县") for i in range(1, 5)]
        people.append(Leader("t1", "镇长", "镇长", "乡镇"))
        rules = [
            Rule("monday", Weekly(0), Pool(levels="县"), BUREAU),
            Rule("joint", MonthlyDay(15), Pool(levels="乡镇"), SCHOOL, per_slot="all"),
        ]
        rota = generate_rota(rules, people, D(2026, 3, 1), D(2026, 4, 30))
        assert rota.check(rules) == ()
        return rules, people, rota

    def plant(self, rota: Rota, *items: Assignment, drop: int | None = None) -> Rota:
        """The rota with assignments added, and one dropped."""
        kept = [a for i, a in enumerate(rota.assignments) if i != drop]
        return attrs.evolve(rota, assignments=tuple(kept) + items)

    def test_each_violation(self) -> None:
        """uncovered, understaffed, not_in_pool, unexpected, double_booked, unavailable."""
        rules, _, rota = self.setup()
        monday = next(a for a in rota.assignments if a.place == "bureau")

        def kinds(r: Rota, **kw: Any) -> list[str]:
            return sorted({v.kind for v in r.check(rules, **kw)})

        assert kinds(self.plant(rota, drop=rota.assignments.index(monday))) == ["uncovered"]
        swapped = attrs.evolve(monday, leaders=("t1",))
        idx = rota.assignments.index(monday)
        assert "not_in_pool" in kinds(self.plant(rota, swapped, drop=idx))
        assert "understaffed" in kinds(self.plant(rota, swapped, drop=idx))
        extra = Assignment(D(2026, 3, 4), "bureau", ("c1",))
        assert kinds(self.plant(rota, extra)) == ["unexpected"]
        twice = Assignment(monday.date, "school", monday.leaders)
        assert "double_booked" in kinds(self.plant(rota, twice))
        away = [Unavailable(monday.leaders[0], monday.date, monday.date, "出差")]
        assert kinds(rota, unavailable=away) == ["unavailable"]
        ghost = attrs.evolve(monday, leaders=("nobody",))
        assert "unknown_leader" in kinds(self.plant(rota, ghost, drop=idx))

    def test_unfair(self) -> None:
        """Giving every Monday to one leader is unfair to the others, who were free."""
        rules, _, rota = self.setup()
        hog = tuple(attrs.evolve(a, leaders=("c1",)) if a.place == "bureau" else a
                    for a in rota.assignments)  # fmt: skip
        found = [v for v in attrs.evolve(rota, assignments=hog).check(rules) if v.kind == "unfair"]
        assert len(found) == 1 and found[0].leader == "c1" and "free that day" in found[0].message


@st.composite
def scenarios(draw: st.DrawFn) -> dict[str, object]:
    """Random leaders, absences and rules over a few months."""
    n = draw(st.integers(2, 8))
    people = [Leader(f"L{i}", f"领导{i}", "副县长", "县", principal=i < 2) for i in range(n)]
    start = draw(st.dates(D(2024, 1, 1), D(2026, 6, 30)))
    end = start + dt.timedelta(days=draw(st.integers(20, 150)))
    rules = [Rule("weekly", Weekly(draw(st.integers(0, 4))), Pool(levels="县"), BUREAU,
                  per_slot=draw(st.integers(1, 2)),
                  rest_day=draw(st.sampled_from(list(RestDay))))]  # fmt: skip
    if draw(st.booleans()):
        rules.append(Rule("monthly", MonthlyDay(draw(st.integers(1, 31))),
                          Pool(principal=True), SCHOOL, per_slot="all"))  # fmt: skip
    away = []
    for _ in range(draw(st.integers(0, 4))):
        who = draw(st.integers(0, n - 1))
        first = start + dt.timedelta(days=draw(st.integers(0, 150)))
        away.append(Unavailable(f"L{who}", first, first + dt.timedelta(draw(st.integers(0, 30)))))
    return {"rules": rules, "leaders": people, "start": start, "end": end, "unavailable": away,
            "seed": draw(st.integers(0, 3))}  # fmt: skip


class TestProperties:
    """Invariants over random scenarios."""

    @settings(deadline=None, max_examples=60)
    @given(case=scenarios())
    def test_invariants(self, case: dict[str, object]) -> None:
        """No double booking, nobody away, every slot filled or reported, deterministic.

        The checker finds nothing but the reported gaps.
        """
        rota = generate_rota(allow_gaps=True, **case)  # type: ignore[arg-type]
        assert generate_rota(allow_gaps=True, **case) == rota  # type: ignore[arg-type]
        seen: set[tuple[dt.date, str]] = set()
        away: list[Unavailable] = case["unavailable"]  # type: ignore[assignment]
        for a in rota.assignments:
            for lid in a.leaders:
                assert (a.date, lid) not in seen
                seen.add((a.date, lid))
                assert not [u for u in away if u.leader == lid and u.start <= a.date <= u.end]
        violations = rota.check(case["rules"], unavailable=away)  # type: ignore[arg-type]
        gap_days = {(g.date, g.place) for g in rota.gaps}
        for v in violations:
            assert v.kind in ("uncovered", "understaffed"), v
            assert any(v.date == d for d, _ in gap_days), v
        if not rota.gaps:
            assert violations == ()

    @settings(deadline=None, max_examples=40)
    @given(case=scenarios(), data=st.data())
    def test_planted_violations_found(self, case: dict[str, object], data: st.DataObject) -> None:
        """Double booking, an absence, a dropped or an extra reception: each is caught."""
        rota = generate_rota(allow_gaps=True, **case)  # type: ignore[arg-type]
        if not rota.assignments:
            return
        a = data.draw(st.sampled_from(rota.assignments))
        other = "school" if a.place == "bureau" else "bureau"
        extra = Assignment(a.date, other, a.leaders[:1])
        planted = attrs.evolve(rota, assignments=(*rota.assignments, extra))
        rules: list[Rule] = case["rules"]  # type: ignore[assignment]
        away: list[Unavailable] = case["unavailable"]  # type: ignore[assignment]
        kinds = {v.kind for v in planted.check(rules, unavailable=away)}
        assert "double_booked" in kinds
        # an absence over an assigned day
        leave = [*away, Unavailable(a.leaders[0], a.date, a.date, "planted")]
        assert "unavailable" in {v.kind for v in rota.check(rules, unavailable=leave)}
        # a reception dropped
        dropped = attrs.evolve(rota, assignments=tuple(x for x in rota.assignments if x != a))
        assert "uncovered" in {v.kind for v in dropped.check(rules, unavailable=away)}
        # a reception moved to a day no rule asks for (a Sunday outside any rule)
        sunday = a.date + dt.timedelta(days=6 - a.date.weekday())
        if not any(x.date == sunday for x in rota.assignments) and all(
            sunday not in r.days(rota.start, rota.end, WorkdayCalendar.china()) for r in rules
        ):
            moved = attrs.evolve(
                rota, assignments=(*rota.assignments, attrs.evolve(a, date=sunday))
            )
            assert "unexpected" in {v.kind for v in moved.check(rules, unavailable=away)}

    @settings(deadline=None, max_examples=30)
    @given(n=st.integers(2, 9), months=st.integers(2, 12), seed=st.integers(0, 5))
    def test_minimum_holds_when_feasible(self, n: int, months: int, seed: int) -> None:
        """Two principals at least monthly on a twice-weekly rotation always hold."""
        people = [Leader(f"L{i}", f"领导{i}", "副县长", "县", principal=i < 2) for i in range(n)]
        rules = [Rule("r", RecurrenceRule("FREQ=WEEKLY;BYDAY=TU,FR"), Pool(levels="县"), BUREAU)]
        end = D(2026, months, 28)
        rota = generate_rota(rules, people, D(2026, 1, 1), end, minimum=[PRINCIPALS_MONTHLY],
                             seed=seed)  # fmt: skip
        assert rota.check(rules, minimum=[PRINCIPALS_MONTHLY]) == ()


class TestPinnedBehaviour:
    """Rota behaviour a changed line would silently alter; each case worked by hand."""

    THREE = (
        Leader("a", "甲", "副县长", "县"),
        Leader("b", "乙", "副县长", "县"),
        Leader("c", "丙", "副县长", "县"),
    )
    MONDAY = Rule("monday", Weekly(0), Pool(levels="县"), BUREAU)

    def rota(self, *who: str) -> Rota:
        """Mondays from 2026-03-02, one leader each, as given."""
        days = [D(2026, 3, 2) + dt.timedelta(weeks=i) for i in range(len(who))]
        items = tuple(
            Assignment(d, "bureau", (lid,), ("monday",)) for d, lid in zip(days, who, strict=True)
        )
        return Rota(days[0], days[-1] + dt.timedelta(days=6), items, self.THREE, (BUREAU,))

    def test_fairness_is_checked_by_default(self) -> None:
        """甲 again on the 2nd Monday while 乙 and 丙 had none: unfair, unless fair=False."""
        from xinfang_rules.rota import check_rota

        rota = self.rota("a", "a", "b")
        kinds = [v.kind for v in check_rota(rota, [self.MONDAY])]
        assert kinds == ["unfair"]
        assert check_rota(rota, [self.MONDAY], fair=False) == ()
        assert check_rota(self.rota("a", "b", "c"), [self.MONDAY]) == ()

    def test_fairness_exemptions(self) -> None:
        """Not unfair when the others were away, or when 甲 was short of a minimum."""
        from xinfang_rules.rota import check_rota

        rota = self.rota("a", "a", "b")
        away = [Unavailable(x, D(2026, 3, 9), D(2026, 3, 9), "出差") for x in ("b", "c")]
        assert check_rota(rota, [self.MONDAY], unavailable=away) == ()
        one_away = away[:1]
        assert [v.kind for v in check_rota(rota, [self.MONDAY], unavailable=one_away)] == ["unfair"]
        short = [MinFrequency(Pool(leaders=("a",)), 2, "month")]
        assert check_rota(rota, [self.MONDAY], minimum=short) == ()

    def test_maximum_is_per_iso_week(self) -> None:
        """At most once a week: Sunday and the next Monday are two weeks; Monday twice is not."""
        from xinfang_rules.rota import check_rota

        every_day = Rule("daily", EveryWorkday(), Pool(levels="县"), BUREAU)
        weekly_once = [MaxFrequency(Pool(levels="县"), 1, "week")]
        mon, tue = D(2026, 3, 9), D(2026, 3, 10)
        rota = Rota(
            mon,
            tue,
            (
                Assignment(mon, "bureau", ("a",), ("daily",)),
                Assignment(tue, "bureau", ("a",), ("daily",)),
            ),
            self.THREE,
            (BUREAU,),
        )
        found = check_rota(rota, [every_day], maximum=weekly_once, fair=False)
        assert [v.kind for v in found] == ["max_frequency"]
        assert "2 receptions in 2026-W11, at most 1 allowed" in found[0].message
        fri, mon2 = D(2026, 3, 13), D(2026, 3, 16)
        apart = Rota(
            fri,
            mon2,
            (
                Assignment(fri, "bureau", ("a",), ("daily",)),
                Assignment(mon2, "bureau", ("a",), ("daily",)),
            ),
            self.THREE,
            (BUREAU,),
        )
        assert check_rota(apart, [every_day], maximum=weekly_once, fair=False) == ()

    def test_quarterly_minimum(self) -> None:
        """Once a quarter (市 leaders, 2009 《意见》): a quarter without a turn is named.

        Only whole quarters inside the range are judged.
        """
        from xinfang_rules.rota import check_rota

        quarterly = [MinFrequency(Pool(leaders=("c",)), 1, "quarter", source="每季度安排一天")]
        rule = Rule("monthly", MonthlyDay(10), Pool(levels="县"), BUREAU, rest_day="keep")
        days = [D(2026, m, 10) for m in range(1, 13)]
        who = ["c", "a", "b", "a", "b", "a", "c", "a", "b", "c", "a", "b"]
        items = tuple(
            Assignment(d, "bureau", (w,), ("monthly",)) for d, w in zip(days, who, strict=True)
        )
        rota = Rota(D(2026, 1, 1), D(2026, 12, 31), items, self.THREE, (BUREAU,))
        found = check_rota(rota, [rule], minimum=quarterly, fair=False)
        assert [(v.kind, v.date) for v in found] == [("min_frequency", D(2026, 4, 1))]
        assert "2026-Q2" in found[0].message and "每季度安排一天" in found[0].message
        part = attrs.evolve(rota, start=D(2026, 4, 2), assignments=items[3:])
        assert check_rota(part, [rule], minimum=quarterly, fair=False) == ()  # Q2 not whole
        generated = generate_rota([rule], self.THREE, D(2026, 1, 1), D(2026, 12, 31),
                                  minimum=quarterly)  # fmt: skip
        per_quarter = Counter(
            (a.date.month - 1) // 3 for a in generated.assignments if "c" in a.leaders
        )
        assert sorted(per_quarter) == [0, 1, 2, 3]

    def test_monthly_rule_across_the_year_end(self) -> None:
        """The 31st, December to February, each month's last day when shorter.

        November's last day, Sun 11-30, moves into the range on Mon 12-01; 12-31 is a
        Wednesday; 01-31 a Saturday → Mon 02-02; February's last day, Sat 02-28, is a
        make-up working day (春节 2026) and is kept.
        """
        rule = Rule("m31", MonthlyDay(31), Pool(levels="县"), BUREAU)
        rota = generate_rota([rule], self.THREE, D(2025, 12, 1), D(2026, 2, 28))
        days = [a.date for a in rota.assignments]
        assert days == [D(2025, 12, 1), D(2025, 12, 31), D(2026, 2, 2), D(2026, 2, 28)]

    def test_skip_drops_only_the_rest_day(self) -> None:
        """RestDay.SKIP: the 春节 Mondays 02-16 and 02-23 are dropped, 03-02 is held."""
        rule = Rule("monday", Weekly(0), Pool(levels="县"), BUREAU, rest_day="skip")
        rota = generate_rota([rule], self.THREE, D(2026, 2, 9), D(2026, 3, 9))
        assert [a.date for a in rota.assignments] == [D(2026, 2, 9), D(2026, 3, 2), D(2026, 3, 9)]

    def test_joint_reception_lists_who_was_away(self) -> None:
        """A joint reception (all) is held by those present, the absent named."""
        rule = Rule("joint", MonthlyDay(15), Pool(levels="县"), SCHOOL, per_slot="all")
        away = [Unavailable("b", D(2026, 4, 1), D(2026, 4, 30), "党校学习")]
        rota = generate_rota([rule], self.THREE, D(2026, 4, 1), D(2026, 4, 30), unavailable=away)
        (a,) = rota.assignments
        assert (a.date, a.leaders, a.absent) == (D(2026, 4, 15), ("a", "c"), ("b",))

    def test_pinned_kept_or_refilled(self) -> None:
        """A published turn is kept while its leader is free, refilled with a note if not."""
        first = generate_rota([self.MONDAY], self.THREE, D(2026, 3, 2), D(2026, 3, 30))
        pinned = first.assignments
        again = generate_rota([self.MONDAY], self.THREE, D(2026, 3, 2), D(2026, 3, 30),
                              pinned=pinned, seed=99)  # fmt: skip
        assert [a.leaders for a in again.assignments] == [a.leaders for a in pinned]
        assert {a.layer for a in again.assignments} == {"pinned"}
        who = pinned[1].leaders[0]
        away = [Unavailable(who, pinned[1].date, pinned[1].date, "会议")]
        moved = generate_rota([self.MONDAY], self.THREE, D(2026, 3, 2), D(2026, 3, 30),
                              pinned=pinned, unavailable=away)  # fmt: skip
        changed = moved.assignments[1]
        assert changed.leaders != (who,) and changed.layer == "base"
        assert any(f"pinned {who} replaced" in n for n in moved.notes)
        assert [a.leaders for a in moved.assignments][2:] == [a.leaders for a in pinned][2:]


class TestRecurrenceRuleText:
    """What a RecurrenceRule reads: a prefix, spaces and line breaks as people paste them."""

    @pytest.mark.parametrize(
        "text",
        ["RRULE:FREQ=WEEKLY;BYDAY=MO", "  RRULE:FREQ=WEEKLY;BYDAY=MO\n",
         "rrule:FREQ=WEEKLY;BYDAY=MO", "\nRRULE:FREQ=WEEKLY;BYDAY=MO",
         "RRULE: FREQ=WEEKLY;BYDAY=MO", "RRULE:\nFREQ=WEEKLY;BYDAY=MO"],
    )  # fmt: skip
    def test_prefixes(self, text: str) -> None:
        """Each spelling gives the Mondays of March 2026."""
        cal = WorkdayCalendar.china()
        want = [D(2026, 3, 2), D(2026, 3, 9), D(2026, 3, 16), D(2026, 3, 23), D(2026, 3, 30)]
        assert RecurrenceRule(text).dates(D(2026, 3, 1), D(2026, 3, 31), cal) == want

    def test_dtstart_is_refused_in_any_case(self) -> None:
        """DTSTART is the rota's to give, in upper or lower case."""
        with pytest.raises(RotaError, match="leave DTSTART out"):
            RecurrenceRule("RRULE:FREQ=WEEKLY\nDTSTART:20260101")
        with pytest.raises(RotaError, match="leave DTSTART out"):
            RecurrenceRule("dtstart:20260101\nRRULE:FREQ=WEEKLY")

    @pytest.mark.parametrize("rest_day", list(RestDay))
    def test_a_weekly_rule_without_a_weekday_keeps_the_first_days_weekday(
        self, rest_day: RestDay
    ) -> None:
        """The rule anchors on the rota's first day (a Wednesday), not the wider window."""
        place = Place("p", "P", "08:30", "11:30")
        rule = Rule("r", RecurrenceRule("FREQ=WEEKLY"), Pool(leaders=("a",)), place,
                    rest_day=rest_day)  # fmt: skip
        days = rule.days(D(2025, 3, 5), D(2025, 3, 31), WorkdayCalendar.china())
        assert days == [D(2025, 3, 5), D(2025, 3, 12), D(2025, 3, 19), D(2025, 3, 26)]
        windowed = attrs.evolve(rule, start=D(2025, 3, 6))  # the window's first day: Thursday
        got = windowed.days(D(2025, 3, 1), D(2025, 3, 31), WorkdayCalendar.china())
        assert got == [D(2025, 3, 6), D(2025, 3, 13), D(2025, 3, 20), D(2025, 3, 27)]
