"""Reception rotas: what the checker reports and the generator says, word for word.

Each case is small enough to work by hand; the mutation run of docs/testing.md found the
gaps these close (messages, periods at their edges, the order candidates are tried in).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import attrs
import pytest

from xinfang_rules.rota import (
    Assignment,
    EveryWorkday,
    Gap,
    Leader,
    MaxFrequency,
    MinFrequency,
    MonthlyDay,
    Place,
    Pool,
    RecurrenceRule,
    Replace,
    Rota,
    RotaError,
    RotaInfeasible,
    Rule,
    Swap,
    Unavailable,
    Violation,
    Weekly,
    check_rota,
    generate_rota,
)

D = dt.date
BUREAU = Place("bureau", "县信访局", "08:30", "12:00")
SCHOOL = Place("school", "县委党校", "08:30", "12:00")
THREE = (
    Leader("a", "甲", "副县长", "县"),
    Leader("b", "乙", "副县长", "县"),
    Leader("c", "丙", "副县长", "县"),
)
MONDAY = Rule("monday", Weekly(0), Pool(levels="县"), BUREAU)
MAR_2, MAR_9, MAR_16 = D(2026, 3, 2), D(2026, 3, 9), D(2026, 3, 16)


def exactly(text: str) -> str:
    return "^" + re.escape(text) + "$"


MAR_22 = D(2026, 3, 22)


def rota(*items: Assignment, start: dt.date = MAR_2, end: dt.date = MAR_22) -> Rota:
    return Rota(start, end, items, THREE, (BUREAU, SCHOOL))


def on(
    day: dt.date, *who: str, place: str = "bureau", rules: tuple[str, ...] = ("monday",)
) -> Assignment:
    return Assignment(day, place, who, rules)


# ----------------------------------------------------------------------------- the checker


class TestCheckerSaysWhatAndWhere:
    """Every violation with its kind, message, day and leader."""

    def test_each_kind(self) -> None:
        """Mondays 03-02, 03-09, 03-16; 乙 away 03-09 (会议), 丙 away 03-16 (no reason)."""
        planted = rota(
            on(MAR_2, "zz", "a"),  # an unknown id, then 甲
            on(MAR_2, "a", place="school", rules=("x",)),  # 甲 twice; no rule asks for it
            on(MAR_9, "b"),
            on(MAR_16, "c"),
        )
        away = [
            Unavailable("b", MAR_9, MAR_9, "会议"),
            Unavailable("c", MAR_16, D(2026, 3, 20)),
        ]
        found = check_rota(planted, [MONDAY], unavailable=away, fair=False)
        assert found == (
            Violation("unknown_leader", "2026-03-02 bureau: unknown leader 'zz'", MAR_2, "zz"),
            Violation(
                "double_booked",
                "2026-03-02 school: 甲 (a) is already receiving elsewhere that day",
                MAR_2,
                "a",
            ),
            Violation(
                "unavailable",
                "2026-03-09 bureau: 乙 (b) is away 2026-03-09..2026-03-09（会议）",
                MAR_9,
                "b",
            ),
            Violation(
                "unavailable",
                "2026-03-16 bureau: 丙 (c) is away 2026-03-16..2026-03-20",
                MAR_16,
                "c",
            ),
            Violation(
                "unexpected", "2026-03-02 school: no rule asks for a reception here that day", MAR_2
            ),
        )

    def test_uncovered_understaffed_not_in_pool(self) -> None:
        """Two Mondays missing; one held by a 市 leader for a 县 rule needing two."""
        two = Rule("pair", Weekly(0), Pool(levels="县"), BUREAU, per_slot=2)
        people = (*THREE, Leader("m", "某市长", "市长", "市"))
        held = Rota(
            MAR_2, D(2026, 3, 22), (on(MAR_9, "m", "a", rules=("pair",)),), people, (BUREAU,)
        )
        assert check_rota(held, [two], fair=False) == (
            Violation("uncovered", "2026-03-02 县信访局: no reception held (rule pair)", MAR_2),
            Violation(
                "not_in_pool",
                "2026-03-09 县信访局: 某市长 (m) is not in the pool of rule pair",
                MAR_9,
                "m",
            ),
            Violation("understaffed", "2026-03-09 县信访局: 1 of 2 leader(s) (rule pair)", MAR_9),
            Violation("uncovered", "2026-03-16 县信访局: no reception held (rule pair)", MAR_16),
        )

    def test_two_records_of_one_reception_are_one(self) -> None:
        """A reception for two written as two records holds both leaders."""
        two = Rule("pair", Weekly(0), Pool(levels="县"), BUREAU, per_slot=2)
        split = rota(
            *(on(d, x, rules=("pair",)) for d in (MAR_2, MAR_9, MAR_16) for x in ("a", "b")),
        )
        assert check_rota(split, [two], fair=False) == ()

    def test_joint_reception_not_held(self) -> None:
        """A joint reception (all of a pool) not held is uncovered."""
        joint = Rule("joint", MonthlyDay(16), Pool(levels="县"), SCHOOL, per_slot="all")
        assert check_rota(rota(), [joint], fair=False) == (
            Violation(
                "uncovered", "2026-03-16 县委党校: joint reception not held (rule joint)", MAR_16
            ),
        )

    def test_unfair_in_words(self) -> None:
        """甲 two turns, 丙 none though free on both: 甲's first turn is named, once."""
        found = check_rota(rota(on(MAR_2, "a"), on(MAR_9, "a"), on(MAR_16, "b")), [MONDAY])
        assert found == (
            Violation(
                "unfair",
                "2026-03-02 bureau: 甲 takes this turn (rule monday) with 2 turn(s) on the days "
                "丙 was available, while 丙, free that day, has 0",
                MAR_2,
                "a",
            ),
        )
        # one turn each is fair, in any order
        assert check_rota(rota(on(MAR_2, "c"), on(MAR_9, "a"), on(MAR_16, "b")), [MONDAY]) == ()

    def test_order_does_not_matter(self) -> None:
        """A pool of two: 甲, 甲, 乙, 乙 is fair (two each), whatever the order."""
        two = Rule("monday", Weekly(0), Pool(leaders=("a", "b")), BUREAU)
        held = rota(on(MAR_2, "a"), on(MAR_9, "a"), on(MAR_16, "b"), on(D(2026, 3, 23), "b"),
                    end=D(2026, 3, 29))  # fmt: skip
        assert check_rota(held, [two]) == ()

    def test_turns_at_every_place_count(self) -> None:
        """甲 takes the school's Mondays, 乙 the bureau's: two each, fair.

        Both could take either place; counted per place, each would look unfair.
        """
        either = Pool(leaders=("a", "b"))
        rules = [Rule("monday", Weekly(0), either, BUREAU),
                 Rule("school", Weekly(0), either, SCHOOL)]  # fmt: skip
        held = rota(
            on(MAR_2, "b"), on(MAR_9, "b"),
            on(MAR_2, "a", place="school", rules=("school",)),
            on(MAR_9, "a", place="school", rules=("school",)),
            end=D(2026, 3, 15),
        )  # fmt: skip
        assert check_rota(held, rules) == ()

    def test_only_the_days_available_count(self) -> None:
        """乙 away 03-01..03-15: 甲's turns then do not count against 乙."""
        two = Rule("monday", Weekly(0), Pool(leaders=("a", "b")), BUREAU)
        away = [Unavailable("b", D(2026, 3, 1), MAR_16 - dt.timedelta(days=1), "培训")]
        held = rota(on(MAR_2, "a"), on(MAR_9, "a"), on(MAR_16, "a"), on(D(2026, 3, 23), "b"),
                    end=D(2026, 3, 29))  # fmt: skip
        # 甲 has 3 in all but 1 on the days 乙 was there; 乙 has 1: fair
        assert check_rota(held, [two], unavailable=away) == ()
        # without the absence, 3 against 1, and 乙 was free on 03-02
        found = check_rota(held, [two])
        assert [(v.kind, v.date, v.leader) for v in found] == [("unfair", MAR_2, "a")]
        assert "with 3 turn(s) on the days 乙 was available" in found[0].message

    def test_pinned_and_joint_turns_do_not_move(self) -> None:
        """A published (pinned) turn and a joint reception are never called unfair."""
        pinned = rota(*(attrs.evolve(on(d, "a"), layer="pinned") for d in (MAR_2, MAR_9, MAR_16)))
        assert check_rota(pinned, [MONDAY]) == ()
        joint = Rule("joint", Weekly(0), Pool(leaders=("a",)), SCHOOL, per_slot="all")
        held = rota(
            *(on(d, "a", place="school", rules=("joint",)) for d in (MAR_2, MAR_9, MAR_16)),
            on(MAR_2, "b"), on(MAR_9, "c"), on(MAR_16, "b"),
        )  # fmt: skip
        # 甲 has three joint turns, 丙 one: nothing 丙 could have taken instead
        assert check_rota(held, [MONDAY, joint]) == ()

    def test_a_leader_at_a_maximum_is_not_free(self) -> None:
        """乙 and 丙 at their monthly maximum: 甲's second turn is fair."""
        at_most = [MaxFrequency(Pool(leaders=("b", "c")), 0, "month")]
        found = check_rota(
            rota(on(MAR_2, "a"), on(MAR_9, "a"), on(MAR_16, "a")), [MONDAY], maximum=at_most
        )
        assert [v.kind for v in found] == []
        # and a leader short of a minimum may take turns first, but only while short
        short = [MinFrequency(Pool(leaders=("a",)), 2, "month")]
        found = check_rota(
            rota(on(MAR_2, "a"), on(MAR_9, "a"), on(MAR_16, "a")), [MONDAY], minimum=short
        )
        # 甲 needs only two: any of the three could have gone to 乙 (the first is named)
        assert [(v.kind, v.date) for v in found] == [("unfair", MAR_2)]
        exact = [MinFrequency(Pool(leaders=("a",)), 3, "month")]
        found = check_rota(
            rota(on(MAR_2, "a"), on(MAR_9, "a"), on(MAR_16, "a")), [MONDAY], minimum=exact
        )
        assert found == ()  # every turn of 甲's is needed for the minimum

    def test_frequency_messages(self) -> None:
        """Minimum and maximum over a whole month, with the minimum's source if any."""
        at_most = [MaxFrequency(Pool(leaders=("a",)), 1, "month")]
        at_least = [MinFrequency(Pool(leaders=("c",)), 1, "month", source="每月一次")]
        plain = [MinFrequency(Pool(leaders=("c",)), 1, "month")]
        whole_march = rota(
            on(MAR_2, "a"),
            on(MAR_9, "a"),
            on(MAR_16, "b"),
            on(D(2026, 3, 23), "a"),
            on(D(2026, 3, 30), "b"),
            start=D(2026, 3, 1),
            end=D(2026, 3, 31),
        )
        found = check_rota(whole_march, [MONDAY], minimum=at_least, maximum=at_most, fair=False)
        assert found == (
            Violation(
                "min_frequency",
                "丙 (副县长): 0 reception(s) in 2026-03, at least 1 required; 每月一次",
                D(2026, 3, 1),
                "c",
            ),
            Violation(
                "max_frequency",
                "甲 (副县长): 3 receptions in 2026-03, at most 1 allowed",
                D(2026, 3, 1),
                "a",
            ),
        )
        assert check_rota(whole_march, [MONDAY], minimum=plain, fair=False)[0].message == (
            "丙 (副县长): 0 reception(s) in 2026-03, at least 1 required"
        )


class TestWholePeriods:
    """A minimum is judged over each whole period inside the rota's range, no other."""

    @pytest.mark.parametrize(
        ("per", "start", "end", "first"),
        [
            ("week", D(2026, 3, 2), D(2026, 3, 8), D(2026, 3, 2)),  # Monday to Sunday
            ("month", D(2026, 12, 1), D(2026, 12, 31), D(2026, 12, 1)),
            ("quarter", D(2026, 4, 1), D(2026, 6, 30), D(2026, 4, 1)),
            ("quarter", D(2026, 10, 1), D(2026, 12, 31), D(2026, 10, 1)),
            ("year", D(2026, 1, 1), D(2026, 12, 31), D(2026, 1, 1)),
        ],
    )
    def test_judged_when_whole(
        self, per: Any, start: dt.date, end: dt.date, first: dt.date
    ) -> None:
        """Judged over a whole week, month, quarter, year; not when a day is cut off."""
        need = [MinFrequency(Pool(leaders=("c",)), 1, per)]
        found = check_rota(rota(start=start, end=end), [], minimum=need, fair=False)
        assert [(v.kind, v.date, v.leader) for v in found] == [("min_frequency", first, "c")]
        for cut in ((start + dt.timedelta(days=1), end), (start, end - dt.timedelta(days=1))):
            assert check_rota(rota(start=cut[0], end=cut[1]), [], minimum=need, fair=False) == ()

    def test_labels(self) -> None:
        """Period labels per week (ISO), month, quarter and year; required counts."""
        r = rota(on(MAR_2, "a"), on(D(2026, 12, 28), "a"), end=D(2026, 12, 31))
        got = {
            per: r.by_leader(per)["a"]["periods"] for per in ("week", "month", "quarter", "year")
        }
        assert got == {
            "week": {"2026-W10": 1, "2026-W53": 1},
            "month": {"2026-03": 1, "2026-12": 1},
            "quarter": {"2026-Q1": 1, "2026-Q4": 1},
            "year": {"2026": 2},
        }
        assert r.by_leader()["a"] == {
            "total": 2,
            "periods": {"2026-03": 1, "2026-12": 1},
            "required": 0,
        }
        need = [
            MinFrequency(Pool(leaders=("a",)), 3, "quarter"),
            MinFrequency(Pool(leaders=("a",)), 1, "quarter"),
        ]
        assert r.by_leader("quarter", need)["a"]["required"] == 3
        assert r.by_leader("quarter", need)["b"] == {"total": 0, "periods": {}, "required": 0}
        unknown = Rota(MAR_2, MAR_2, (on(MAR_2, "zz"),), THREE, (BUREAU,))
        assert unknown.by_leader()["zz"] == {"total": 1, "periods": {"2026-03": 1}, "required": 0}


# ----------------------------------------------------------------------------- the generator


class TestGaps:
    """A reception that cannot be staffed says who was away, busy or at a maximum."""

    def test_reasons(self) -> None:
        """03-02: 丙 is at the school (joint receptions are filled first); 乙 is away.

        The bureau needs two: only 甲 is free.
        """
        school = Rule("school", Weekly(0), Pool(leaders=("c",)), SCHOOL, per_slot="all")
        pair = Rule("pair", Weekly(0), Pool(levels="县"), BUREAU, per_slot=2)
        away = [Unavailable("b", MAR_2, MAR_2, "出差")]
        got = generate_rota([school, pair], THREE, MAR_2, MAR_2, unavailable=away, allow_gaps=True)
        assert got.gaps == (
            Gap(
                MAR_2,
                "bureau",
                ("pair",),
                1,
                "needs 2, only 1 of 3 县 leaders free: 1 unavailable (乙); "
                "1 receiving elsewhere (丙)",
                "县信访局",
                "需要 2 名领导，可接访的 3 名中只有 1 名有空：不在岗 1 人（乙）；"
                "当天在别处接访 1 人（丙）",
            ),
        )
        assert [(a.place, a.leaders) for a in got.assignments] == [
            ("school", ("c",)),
            ("bureau", ("a",)),
        ]
        with pytest.raises(RotaInfeasible) as info:
            generate_rota([school, pair], THREE, MAR_2, MAR_2, unavailable=away)
        assert str(info.value) == (
            "1 slot(s) cannot be filled:\n"
            "  2026-03-02 县信访局: needs 2, only 1 of 3 县 leaders free: 1 unavailable (乙); 1 "
            "receiving elsewhere (丙)\n"
            "no rota can meet every rule, because:\n"
            "  2026-03-02: 县委党校 and 县信访局 need 3 leaders between them, but only 2 leader(s) "
            "of their pools are free that day (甲 and 丙); a leader receives at one place a day; "
            "away: 乙 (出差)\n"
            "(pass allow_gaps=True, or --allow-gaps, to get the rota with them listed)"
        )

    def test_at_a_maximum_and_nobody_left(self) -> None:
        """Once a month for three leaders: the fourth Monday cannot be staffed."""
        once = [MaxFrequency(Pool(levels="县"), 1, "month")]
        got = generate_rota([MONDAY], THREE, MAR_2, MAR_16, maximum=once, allow_gaps=True)
        assert got.gaps == ()
        got = generate_rota([MONDAY], THREE, MAR_2, D(2026, 3, 23), maximum=once, allow_gaps=True)
        assert got.gaps == (
            Gap(
                D(2026, 3, 23),
                "bureau",
                ("monday",),
                1,
                "all 3 县 leaders unavailable or busy: 3 at a maximum (甲, 乙, 丙)",
                "县信访局",
                "可接访的 3 名领导均不能到场：已达接访次数上限 3 人（甲、乙、丙）",
            ),
        )
        assert len(got.assignments) == 3

    def test_joint_with_everyone_away(self) -> None:
        """A joint reception with its whole pool away is a gap of all of them."""
        joint = Rule("joint", MonthlyDay(16), Pool(levels="县"), SCHOOL, per_slot="all")
        away = [Unavailable(x.id, MAR_16, MAR_16) for x in THREE]
        got = generate_rota([joint], THREE, MAR_2, MAR_16, unavailable=away, allow_gaps=True)
        assert got.gaps == (
            Gap(
                MAR_16,
                "school",
                ("joint",),
                3,
                "all 3 县 leaders unavailable or busy: 3 unavailable (甲, 乙, 丙)",
                "县委党校",
                "可接访的 3 名领导均不能到场：不在岗 3 人（甲、乙、丙）",
            ),
        )
        assert got.assignments == ()

    def test_empty_and_pooled(self) -> None:
        """A pool with nobody in it; two rules pooled at one place and day."""
        city = Rule("city", Weekly(0), Pool(levels="市", principal=True), BUREAU)
        got = generate_rota([city], THREE, MAR_2, MAR_2, allow_gaps=True)
        assert got.gaps[0].reason == "no principal 市 leaders exist (rule city)"
        assert got.gaps[0].reason_zh == "没有符合条件的领导（规则 city）"
        assert got.gaps[0].describe_zh() == "2026-03-02 县信访局：没有符合条件的领导（规则 city）"
        both = [
            Rule("r1", Weekly(0), Pool(leaders=("a",)), BUREAU, per_slot=2),
            Rule("r2", Weekly(0), Pool(units="1镇", principal=False), BUREAU),
        ]
        got = generate_rota(both, THREE, MAR_2, MAR_2, allow_gaps=True)
        assert got.gaps == (
            Gap(
                MAR_2,
                "bureau",
                ("r1", "r2"),
                1,
                "needs 2, only 1 of 1 pooled leaders free",
                "县信访局",
                "需要 2 名领导，可接访的 1 名中只有 1 名有空",
            ),
        )

    def test_pool_words(self) -> None:
        """Pools in words, and unknown leaders named."""
        assert Pool(leaders=("a", "b")).describe() == "leaders a, b"
        assert Pool(levels=("县", "市"), units=("1镇", "2镇"), principal=False).describe() == (
            "non-principal 县/市 leaders of 1镇/2镇"
        )
        with pytest.raises(RotaError, match=exactly("pool names unknown leader(s): x, y")):
            Pool(leaders=("x", "a", "y")).members(THREE)


class TestCandidateOrder:
    """Those short of a minimum first, fewest chances left first; then the fewest turns."""

    def test_fewest_chances_first(self) -> None:
        """丙 can receive only on 03-02; 甲 on every Monday: both need one a month.

        For every seed 丙 takes 03-02 (0 chances left after it, 甲 has 3).
        """
        need = [MinFrequency(Pool(leaders=("a", "c")), 1, "month")]
        away = [Unavailable("c", MAR_9, D(2026, 3, 31)), Unavailable("b", MAR_2, D(2026, 3, 31))]
        for seed in range(8):
            got = generate_rota(
                [MONDAY],
                THREE,
                MAR_2,
                D(2026, 3, 31),
                minimum=need,
                unavailable=away,
                seed=seed,
                fair=False,
            )
            assert got.assignments[0].leaders == ("c",), seed

    def test_joint_receptions_count_ahead(self) -> None:
        """丙 attends the joint reception on Tuesday the 17th: a minimum of one is met by it.

        On 03-02 甲 (short, no joint turn) goes before 丙 for every seed.
        """
        joint = Rule("joint", MonthlyDay(17), Pool(leaders=("c",)), SCHOOL, per_slot="all")
        need = [MinFrequency(Pool(leaders=("a", "c")), 1, "month")]
        away = [Unavailable("b", MAR_2, D(2026, 3, 31)), Unavailable("a", MAR_9, D(2026, 3, 31))]
        for seed in range(8):
            got = generate_rota(
                [MONDAY, joint],
                THREE,
                MAR_2,
                D(2026, 3, 31),
                minimum=need,
                unavailable=away,
                seed=seed,
                fair=False,
            )
            assert got.assignments[0].leaders == ("a",), seed

    def test_fewest_turns_then_the_fewest_in_all(self) -> None:
        """Fair: 甲, 乙, 丙 each once before anyone twice, on every seed."""
        for seed in range(8):
            got = generate_rota([MONDAY], THREE, MAR_2, D(2026, 3, 30), seed=seed)
            firsts = [a.leaders[0] for a in got.assignments]
            assert sorted(firsts[:3]) == ["a", "b", "c"] and len(set(firsts[3:])) == 2, seed

    def test_seed_decides_among_equals(self) -> None:
        """Different seeds give different (valid) orders."""
        orders = {
            tuple(
                a.leaders[0]
                for a in generate_rota([MONDAY], THREE, MAR_2, MAR_16, seed=s).assignments
            )
            for s in range(12)
        }
        assert len(orders) > 1


class TestNotesAndOverrides:
    """Pinned turns that changed, and manual changes, say why."""

    def test_pinned_notes(self) -> None:
        """Why a published turn was replaced or dropped, each reason in words."""
        pinned = (on(MAR_2, "a"), on(MAR_9, "b"), on(D(2026, 3, 10), "c"))
        away = [Unavailable("a", MAR_2, MAR_2, "会议")]
        got = generate_rota([MONDAY], THREE, MAR_2, D(2026, 3, 10), pinned=pinned, unavailable=away)
        assert got.notes == (
            "2026-03-02 县信访局: pinned a replaced (unavailable 2026-03-02..2026-03-02：会议)",
            "2026-03-10 bureau: pinned reception dropped (no rule asks for it now)",
        )
        no_reason = [Unavailable("a", MAR_2, MAR_2)]
        got = generate_rota([MONDAY], THREE, MAR_2, MAR_9, pinned=pinned, unavailable=no_reason)
        assert (
            got.notes[0]
            == "2026-03-02 县信访局: pinned a replaced (unavailable 2026-03-02..2026-03-02)"
        )
        outside = generate_rota([MONDAY], THREE, MAR_9, MAR_9, pinned=pinned)
        assert outside.notes == ()  # 03-02 and 03-10 lie outside the range asked for
        narrowed = Rule("monday", Weekly(0), Pool(leaders=("b", "c")), BUREAU)
        got = generate_rota([narrowed], THREE, MAR_2, MAR_2, pinned=pinned)
        assert got.notes == ("2026-03-02 县信访局: pinned a replaced (no longer in the pool)",)
        once = [MaxFrequency(Pool(levels="县"), 1, "month")]
        got = generate_rota(
            [MONDAY], THREE, MAR_2, MAR_9, pinned=(on(MAR_2, "a"), on(MAR_9, "a")), maximum=once
        )
        assert got.notes == ("2026-03-09 县信访局: pinned a replaced (at a maximum frequency)",)
        school = Rule("school", Weekly(0), Pool(leaders=("a",)), SCHOOL, per_slot="all")
        got = generate_rota([school, MONDAY], THREE, MAR_2, MAR_2, pinned=(on(MAR_2, "a"),))
        assert got.notes == (
            "2026-03-02 县信访局: pinned a replaced (receiving elsewhere that day)",
        )

    def test_overrides(self) -> None:
        """Replace and Swap, and what they refuse."""
        base = generate_rota([MONDAY], THREE, MAR_2, MAR_16, seed=1)
        who = base.assignments[0].leaders[0]
        other = next(x.id for x in THREE if x.id != who)
        moved = generate_rota(
            [MONDAY], THREE, MAR_2, MAR_16, seed=1, overrides=[Replace(MAR_2, "bureau", who, other)]
        )
        assert moved.assignments[0].leaders == (other,)
        with pytest.raises(RotaError, match=exactly("override: unknown leader 'zz'")):
            generate_rota(
                [MONDAY], THREE, MAR_2, MAR_16, overrides=[Replace(MAR_2, "bureau", who, "zz")]
            )
        with pytest.raises(RotaError, match=r" on 2026-03-02 at school to change$"):
            generate_rota(
                [MONDAY], THREE, MAR_2, MAR_16, overrides=[Replace(MAR_2, "school", who, other)]
            )
        with pytest.raises(RotaError) as info:
            generate_rota(
                [MONDAY], THREE, MAR_2, MAR_16, overrides=[Replace(MAR_2, "", "zz", other)]
            )
        assert " at " not in str(info.value)
        with pytest.raises(Exception, match=exactly("overrides must be Replace or Swap, got str")):
            generate_rota([MONDAY], THREE, MAR_2, MAR_16, overrides=["x"])  # type: ignore[list-item]
        a, b = base.assignments[0].leaders[0], base.assignments[1].leaders[0]
        swapped = generate_rota(
            [MONDAY], THREE, MAR_2, MAR_16, seed=1, overrides=[Swap(a, MAR_2, b, MAR_9)]
        )
        assert [x.leaders for x in swapped.assignments[:2]] == [(b,), (a,)]


# ----------------------------------------------------------------------------- definitions


class TestDefinitions:
    """Bad definitions are refused with the field named."""

    def test_messages(self) -> None:
        """Each definition error, from the message's start."""
        with pytest.raises(
            RotaError, match=exactly("a leader's name must be a non-empty string, got '  '")
        ):
            Leader("x", "  ", "副县长", "县")
        with pytest.raises(Exception, match=r"^a rota date must be a datetime\.date"):
            Unavailable("a", "2026-03-02", MAR_2)
        with pytest.raises(Exception, match=r"^a rule's start or end must be a datetime\.date"):
            Rule("r", Weekly(0), Pool(), BUREAU, start="2026-01-01")
        with pytest.raises(RotaError, match=exactly("count must be a whole number ≥ 0, got -1")):
            MinFrequency(Pool(), -1, "month")
        assert MinFrequency(Pool(), 0, "month").count == 0
        assert MaxFrequency(Pool(), 1, "year").per == "year"
        with pytest.raises(Exception, match=exactly("rules must be Rule records, got str")):
            generate_rota(["x"], THREE, MAR_2, MAR_2)  # type: ignore[list-item]
        with pytest.raises(
            Exception, match=exactly("unavailable must be Unavailable records, got str")
        ):
            generate_rota([MONDAY], THREE, MAR_2, MAR_2, unavailable=["x"])  # type: ignore[list-item]
        with pytest.raises(RotaError, match=exactly("two leaders have the same id")):
            generate_rota([MONDAY], (*THREE, THREE[0]), MAR_2, MAR_2)
        other_bureau = Place("bureau", "另一处", "08:30", "12:00")
        with pytest.raises(RotaError, match=exactly("two different places have the id 'bureau'")):
            generate_rota([MONDAY, Rule("x", Weekly(1), Pool(), other_bureau)], THREE, MAR_2, MAR_9)
        with pytest.raises(
            Exception,
            match=r"^rule r: when must be MonthlyDay, Weekly, EveryWorkday or RecurrenceRule, "
            "got str",
        ):
            Rule("r", "monday", Pool(), BUREAU)  # type: ignore[arg-type]
        assert generate_rota([MONDAY], THREE, MAR_2, MAR_2).assignments[0].date == MAR_2
        with pytest.raises(Exception, match=r"^start must be"):
            generate_rota([MONDAY], THREE, "2026-03-02", MAR_2)  # type: ignore[arg-type]
        with pytest.raises(Exception, match=r"^end must be"):
            generate_rota([MONDAY], THREE, MAR_2, "2026-03-02")  # type: ignore[arg-type]
        assert Rule("r", Weekly(6), Pool(), BUREAU, start=MAR_2, end=MAR_2).end == MAR_2
        with pytest.raises(RotaError):
            Place("p", "某处", "08:30", "08:30")

    def test_recurrences(self) -> None:
        """RFC 5545 rules, with or without the RRULE: prefix, both ends included."""
        cal = None
        from xinfang_rules import WorkdayCalendar

        cal = WorkdayCalendar.china()
        for text in (
            "FREQ=WEEKLY;BYDAY=MO",
            "RRULE:FREQ=WEEKLY;BYDAY=MO",
            "rrule:FREQ=WEEKLY;BYDAY=MO",
        ):
            assert RecurrenceRule(text).dates(MAR_2, MAR_16, cal) == [MAR_2, MAR_9, MAR_16]
        with pytest.raises(RotaError, match="FREQ=MONTHLY;BYMONTHDAY=15"):
            RecurrenceRule("EVERY MONDAY")
        assert MonthlyDay(31).dates(D(2026, 12, 1), D(2027, 1, 31), cal) == [
            D(2026, 12, 31),
            D(2027, 1, 31),
        ]
        assert MonthlyDay(2).dates(MAR_2, MAR_2, cal) == [MAR_2]
        assert Weekly(6).dates(D(2026, 3, 8), D(2026, 3, 8), cal) == [D(2026, 3, 8)]
        assert EveryWorkday().dates(D(2026, 3, 7), D(2026, 3, 10), cal) == [MAR_9, D(2026, 3, 10)]
        with pytest.raises(RotaError):
            Weekly(7)


class TestMore:
    """Smaller rules of the generator and the checker, one case each."""

    def test_infeasible_lists_every_gap_and_minimum(self) -> None:
        """Nobody free on two Mondays, and 丙's monthly minimum unmet: all in one error."""
        away = [Unavailable(x.id, MAR_2, MAR_9) for x in THREE]
        need = [MinFrequency(Pool(leaders=("c",)), 5, "month", source="每月五次")]
        with pytest.raises(RotaInfeasible) as info:
            generate_rota([MONDAY], THREE, D(2026, 3, 1), D(2026, 3, 31), unavailable=away,
                          minimum=need)  # fmt: skip
        assert str(info.value).splitlines() == [
            "2 slot(s) cannot be filled:",
            "  2026-03-02 县信访局: all 3 县 leaders unavailable or busy: 3 unavailable "
            "(甲, 乙, 丙)",
            "  2026-03-09 县信访局: all 3 县 leaders unavailable or busy: 3 unavailable "
            "(甲, 乙, 丙)",
            "1 minimum frequenc(ies) not met:",
            "  丙 (副县长): 3 reception(s) in 2026-03, at least 5 required; 每月五次",
            "no rota can meet every rule, because:",
            "  丙 must receive at least 5 in 2026-03 but can receive at most 3: 5 reception "
            "day(s) in their pools, away on 2 of them; 每月五次",
            "  2026-03-02 县信访局: nobody in its pool is free that day; away: 甲, 乙, 丙",
            "  2026-03-09 县信访局: nobody in its pool is free that day; away: 甲, 乙, 丙",
            "(pass allow_gaps=True, or --allow-gaps, to get the rota with them listed)",
        ]

    def test_rules_in_words_and_lookups(self) -> None:
        """Rule kinds in Chinese; a rota's leaders and places by id."""
        assert [Weekly(i).describe() for i in (0, 6)] == ["每周一", "每周日"]
        assert EveryWorkday().describe() == "每个工作日"
        r = rota()
        assert (r.leader("b").name, r.place("school").name) == ("乙", "县委党校")
        with pytest.raises(RotaError, match=exactly("no leader 'zz' in this rota")):
            r.leader("zz")
        with pytest.raises(RotaError, match=exactly("no place 'zz' in this rota")):
            r.place("zz")
        with pytest.raises(RotaError, match="leave DTSTART out"):
            RecurrenceRule("DTSTART:20260101T000000\nFREQ=WEEKLY")

    def test_month_ends_in_a_leap_year(self) -> None:
        """The 31st in February 2024 is its last day, the 29th."""
        from xinfang_rules import WorkdayCalendar

        cal = WorkdayCalendar.china()
        assert MonthlyDay(31).dates(D(2024, 2, 1), D(2024, 2, 29), cal) == [D(2024, 2, 29)]
        assert MonthlyDay(30).dates(D(2023, 2, 1), D(2023, 3, 1), cal) == [D(2023, 2, 28)]

    def test_the_calendar_given_counts(self) -> None:
        """广西's 03-31 and 04-01 (2025) are no working days there: no reception, none due."""
        from xinfang_rules import WorkdayCalendar

        gx = WorkdayCalendar.china(region="广西")
        daily = Rule("daily", EveryWorkday(), Pool(levels="县"), BUREAU)
        lo, hi = D(2025, 3, 28), D(2025, 4, 2)
        local = generate_rota([daily], THREE, lo, hi, calendar=gx)
        assert [a.date for a in local.assignments] == [lo, D(2025, 4, 2)]
        national = generate_rota([daily], THREE, lo, hi)
        assert len(national.assignments) == 4
        assert check_rota(local, [daily], calendar=gx) == ()
        assert local.check([daily], calendar=gx) == ()
        assert [v.kind for v in check_rota(local, [daily])] == ["uncovered", "uncovered"]

    def test_yearly_maximum(self) -> None:
        """At most once a year: the checker and the generator both keep to it."""
        once = [MaxFrequency(Pool(levels="县"), 1, "year")]
        found = rota(on(MAR_2, "a"), on(MAR_9, "a"), on(MAR_16, "b")).check(
            [MONDAY], maximum=once, fair=False
        )
        assert [(v.kind, v.date, v.leader) for v in found] == [
            ("max_frequency", D(2026, 1, 1), "a")
        ]
        got = generate_rota([MONDAY], THREE, MAR_2, MAR_16, maximum=once)
        assert sorted(a.leaders[0] for a in got.assignments) == ["a", "b", "c"]

    def test_unfair_counts_every_turn(self) -> None:
        """A pool of two: 甲, 乙, 甲, 甲 is 3 against 1; 乙 was free on 甲's first."""
        two = Rule("monday", Weekly(0), Pool(leaders=("a", "b")), BUREAU)
        found = check_rota(
            rota(
                on(MAR_2, "a"),
                on(MAR_9, "b"),
                on(MAR_16, "a"),
                on(D(2026, 3, 23), "a"),
                end=D(2026, 3, 29),
            ),
            [two],
        )
        assert [(v.kind, v.date) for v in found] == [("unfair", MAR_2)]
        # 甲, 乙, 甲: 2 against 1, fair
        assert check_rota(rota(on(MAR_2, "a"), on(MAR_9, "b"), on(MAR_16, "a")), [two]) == ()

    def test_a_leader_at_a_maximum_is_not_free_to_take_a_turn(self) -> None:
        """乙 away all month, 丙 at a monthly maximum of one: 甲's turns are fair."""
        at_most = [MaxFrequency(Pool(leaders=("c",)), 1, "month")]
        away = [Unavailable("b", MAR_2, D(2026, 3, 31))]
        held = rota(on(MAR_2, "c"), on(MAR_9, "a"), on(MAR_16, "a"))
        assert check_rota(held, [MONDAY], maximum=at_most, unavailable=away) == ()
        # 乙, outside the maximum's pool, is free with fewer turns than 甲 on 03-23
        c_away = [Unavailable("c", MAR_2, D(2026, 3, 31))]
        four = rota(
            on(MAR_2, "a"),
            on(MAR_9, "b"),
            on(MAR_16, "a"),
            on(D(2026, 3, 23), "a"),
            end=D(2026, 3, 29),
        )
        found = check_rota(four, [MONDAY], maximum=at_most, unavailable=c_away)
        assert [(v.kind, v.date, v.leader) for v in found] == [("unfair", MAR_2, "a")]

    def test_unfair_after_an_unheld_reception(self) -> None:
        """The school's reception not held that day does not hide the bureau's."""
        school = Rule("school", Weekly(0), Pool(levels="县"), SCHOOL)
        found = check_rota(rota(on(MAR_2, "a"), on(MAR_9, "a")), [school, MONDAY], fair=True)
        assert ("unfair", MAR_2) in [(v.kind, v.date) for v in found]

    def test_without_fairness_the_seed_order_decides(self) -> None:
        """fair=False: the first leader in the seed's order takes every Monday."""
        got = generate_rota([MONDAY], THREE, MAR_2, D(2026, 3, 30), fair=False, seed=3)
        assert len({a.leaders for a in got.assignments}) == 1

    def test_pinned_pair_refilled_by_one(self) -> None:
        """A published pair with one member now away keeps the other and adds one."""
        two = Rule("pair", Weekly(0), Pool(levels="县"), BUREAU, per_slot=2)
        pinned = (on(MAR_2, "a", "b", rules=("pair",)),)
        away = [Unavailable("b", MAR_2, MAR_2)]
        got = generate_rota([two], THREE, MAR_2, MAR_2, pinned=pinned, unavailable=away)
        assert got.assignments[0].leaders == ("a", "c")
        kept = generate_rota([two], THREE, MAR_2, MAR_2, pinned=pinned)
        assert (kept.assignments[0].leaders, kept.assignments[0].layer) == (("a", "b"), "pinned")

    def test_form_and_first_day_notes(self) -> None:
        """The rule's 形式 is the reception's; a pin on the first day with no rule is noted."""
        visits = Rule("visits", Weekly(0), Pool(levels="县"), BUREAU, form="带案下访")
        got = generate_rota([visits], THREE, MAR_2, MAR_2, pinned=(on(D(2026, 3, 3), "a"),))
        assert got.assignments[0].form == "带案下访"
        got = generate_rota([visits], THREE, D(2026, 3, 3), D(2026, 3, 9),
                            pinned=(on(D(2026, 3, 3), "a"),))  # fmt: skip
        assert got.notes == (
            "2026-03-03 bureau: pinned reception dropped (no rule asks for it now)",
        )

    def test_rest_days_moved_into_the_range(self) -> None:
        """A Saturday moved back to Friday (previous) counts in a range ending that Friday."""
        from xinfang_rules import WorkdayCalendar

        cal = WorkdayCalendar.china()
        sat = Rule("sat", Weekly(5), Pool(), BUREAU, rest_day="previous")
        assert sat.days(MAR_2, D(2026, 3, 6), cal) == [D(2026, 3, 6)]
        daily = Rule("daily", EveryWorkday(), Pool(), BUREAU)
        assert daily.days(MAR_2, MAR_2, cal) == [MAR_2]

    def test_recurrence_messages(self) -> None:
        """A DTSTART, or text that is no RFC 5545 rule, is refused with an example."""
        with pytest.raises(RotaError) as info:
            RecurrenceRule("FREQ=WEEKLY;dtstart=x")
        assert str(info.value) == (
            "'FREQ=WEEKLY;dtstart=x': leave DTSTART out; the rule's window and the "
            "rota's range give the start"
        )
        with pytest.raises(RotaError) as info:
            RecurrenceRule("EVERY MONDAY")
        assert str(info.value).startswith("not an RFC 5545 recurrence rule: 'EVERY MONDAY' (")
        assert str(info.value).endswith(
            "); e.g. 'FREQ=MONTHLY;BYMONTHDAY=15' or 'FREQ=WEEKLY;BYDAY=MO'"
        )

    def test_pooled_rules_in_messages(self) -> None:
        """Two rules at one place and day are one reception; messages name both."""
        r1 = Rule("r1", Weekly(0), Pool(levels="市"), BUREAU)
        r2 = Rule("r2", Weekly(0), Pool(levels="省"), BUREAU)
        got = generate_rota([r1, r2], THREE, MAR_2, MAR_2, allow_gaps=True)
        assert got.gaps[0].reason == "no pooled leaders exist (rule r1, r2)"
        pair = [
            Rule("r1", Weekly(0), Pool(leaders=("a",)), BUREAU),
            Rule("r2", Weekly(0), Pool(leaders=("b",)), BUREAU),
        ]
        assert check_rota(rota(start=MAR_2, end=MAR_2), pair, fair=False) == (
            Violation("uncovered", "2026-03-02 县信访局: no reception held (rule r1, r2)", MAR_2),
        )

    def test_override_messages_and_pairs(self) -> None:
        """A Replace changes only the leader named, in a reception of two as well."""
        two = Rule("pair", Weekly(0), Pool(levels="县"), BUREAU, per_slot=2)
        base = generate_rota([two], THREE, MAR_2, MAR_2, seed=1)
        first, second = base.assignments[0].leaders
        other = next(x.id for x in THREE if x.id not in (first, second))
        moved = generate_rota([two], THREE, MAR_2, MAR_2, seed=1,
                              overrides=[Replace(MAR_2, "bureau", first, other)])  # fmt: skip
        assert moved.assignments[0].leaders == (other, second)
        assert moved.assignments[0].layer == "manual"
        with pytest.raises(RotaError) as info:
            generate_rota([MONDAY], THREE, MAR_2, MAR_2, overrides=[Replace(MAR_2, "", other, "a")])
        assert str(info.value) in (
            f"override: {other} has no reception on 2026-03-02 to change",
            "override: a has no reception on 2026-03-02 to change",
        )

    def test_pinned_single_refilled_to_a_pair(self) -> None:
        """A published single turn, now needing two: keep it, add exactly one."""
        two = Rule("pair", Weekly(0), Pool(levels="县"), BUREAU, per_slot=2)
        got = generate_rota([two], THREE, MAR_2, MAR_2, pinned=(on(MAR_2, "a", rules=("pair",)),))
        assert len(got.assignments[0].leaders) == 2 and got.assignments[0].leaders[0] == "a"

    def test_at_a_maximum_through_another_reception(self) -> None:
        """丙 reached a monthly maximum of one at the school; 甲's three bureau turns are fair.

        (乙 away all month.) Without the maximum, 丙 (one turn) was free on 03-09, the
        first of 甲's turns 丙 could have taken: on 03-02 丙 was at the school.
        """
        school = Rule("school", MonthlyDay(2), Pool(leaders=("c",)), SCHOOL)
        at_most = [MaxFrequency(Pool(leaders=("c",)), 1, "month")]
        away = [Unavailable("b", MAR_2, D(2026, 3, 31))]
        held = rota(
            on(MAR_2, "c", place="school", rules=("school",)),
            on(MAR_2, "a"),
            on(MAR_9, "a"),
            on(MAR_16, "a"),
        )
        assert check_rota(held, [MONDAY, school], maximum=at_most, unavailable=away,
                          ) == ()  # fmt: skip
        found = check_rota(held, [MONDAY, school], unavailable=away)
        assert [(v.kind, v.date) for v in found] == [("unfair", MAR_9)]

    def test_every_unmet_minimum_listed(self) -> None:
        """Two leaders short of a minimum: both on their own line."""
        need = [MinFrequency(Pool(leaders=("b", "c")), 4, "month")]
        with pytest.raises(RotaInfeasible) as info:
            generate_rota([MONDAY], THREE, D(2026, 3, 1), D(2026, 3, 31), minimum=need)
        lines = str(info.value).splitlines()
        assert lines[0] == "2 minimum frequenc(ies) not met:"
        assert lines[1].startswith("  乙 (副县长): ") and lines[2].startswith("  丙 (副县长): ")

    def test_unheld_reception_sorted_first(self) -> None:
        """An unheld reception earlier in the day's order does not hide a later unfair one."""
        annex = Place("annex", "接访分中心", "08:30", "12:00")
        first = Rule("annex", Weekly(0), Pool(levels="县"), annex)
        found = check_rota(rota(on(MAR_2, "a"), on(MAR_9, "a")), [first, MONDAY])
        assert ("unfair", MAR_2) in [(v.kind, v.date) for v in found]
