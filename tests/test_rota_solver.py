"""Rotas that exist are found; rotas that cannot exist are explained.

- The three tight examples in ``tests/rota_cases/`` (each with a complete rota the checker
  accepts) come out complete.
- Planted instances: a complete rota is drawn first, then absences, maximum and minimum
  frequencies are fitted around it; the library must find a complete rota, and its counting
  arguments must find no conflict (a conflict would be a false proof).
- Random instances: the exact search is never worse than the greedy fill; a conflict found
  by counting is never contradicted by a complete rota.
- Hand-made infeasible cases: each conflict is named word for word (English and Chinese),
  and relaxing the constraint it names makes a complete rota possible.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from xinfang_rules.calendar import WorkdayCalendar
from xinfang_rules.cli import main
from xinfang_rules.formats.rota_io import load_rota_config, read_rota_csv
from xinfang_rules.rota import (
    Conflict,
    EveryWorkday,
    Gap,
    Leader,
    MaxFrequency,
    MinFrequency,
    MonthlyDay,
    Place,
    Pool,
    Rota,
    RotaError,
    RotaInfeasible,
    Rule,
    Unavailable,
    Weekly,
    check_rota,
    generate_rota,
)
from xinfang_rules.rota._slots import _Book, _slots
from xinfang_rules.rota.conflicts import analyse, find_conflicts
from xinfang_rules.rota.model import _period_bounds, _period_key, _whole_periods

pytest.importorskip("ortools")

D = dt.date
CASES = Path(__file__).parent / "rota_cases"
CAL = WorkdayCalendar.china()
BUREAU = Place("bureau", "县信访局", "08:30", "12:00")
LETTERS = Place("letters", "人民来信办", "08:30", "12:00")
SCHOOL = Place("school", "县委党校", "08:30", "12:00")
FOUR = tuple(Leader(f"l{i}", f"领导{i}", "副县长", "县") for i in range(4))
COUNTY = Pool(levels="县")
BOTH_AWAY_1015 = (
    Unavailable("l0", D(2026, 10, 15), D(2026, 10, 15), "出差"),
    Unavailable("l2", D(2026, 10, 15), D(2026, 10, 15), "出差"),
)


def case_range(path: Path) -> tuple[dt.date, dt.date]:
    """The range named in the file's second line: '# range: --from A --to B'."""
    words = path.read_text(encoding="utf-8").splitlines()[1].split()
    return D.fromisoformat(words[words.index("--from") + 1]), D.fromisoformat(
        words[words.index("--to") + 1]
    )


def shortfall(rota: Rota, minimum: list[MinFrequency]) -> int:
    """Turns short of every minimum, over the whole periods of the rota."""
    turns: dict[tuple[str, Any, tuple[int, int]], int] = defaultdict(int)
    for a in rota.assignments:
        for lid in a.leaders:
            for mn in minimum:
                turns[(lid, mn.per, _period_key(a.date, mn.per))] += 1
    lack = 0
    for mn in minimum:
        for x in mn.pool.members(rota.leaders):
            for key in _whole_periods(rota.start, rota.end, mn.per):
                lack += max(0, mn.count - turns[(x.id, mn.per, key)])
    return lack


def violations(rota: Rota, rules: list[Rule], minimum: list[MinFrequency]) -> int:
    """What the solver minimises: leaders missing at receptions (a joint one: 1), turns short."""
    joint = {r.id for r in rules if r.per_slot == "all"}
    missing = sum(1 if set(g.rules) & joint else g.missing for g in rota.gaps)
    return missing + shortfall(rota, minimum)


# ----------------------------------------------------------------------- the three examples


@pytest.mark.parametrize("name", ["tight-063", "tight-084", "tight-120"])
class TestTightExamples:
    """Small pools shared by two places on one day: a complete rota exists, and is found."""

    def test_the_reference_rota_is_complete(self, name: str) -> None:
        """The rota given with the example is complete (so the example is sound).

        Every reception staffed from its pool, nobody away or in two places, every minimum
        met, no maximum exceeded. Fairness is another matter: in tight-120, 领导4 has three
        turns to 领导2's and 领导3's one though both were free on 03-02 when 领导4 took the
        bureau, and 领导1 five (03-30) against 领导0's two, 领导2's and 领导3's one: the
        checker calls those turns unfair. The generated rota below is complete and fair.
        """
        config = load_rota_config(CASES / f"{name}.toml")
        start, end = case_range(CASES / f"{name}.toml")
        given_rota = read_rota_csv(CASES / f"{name}.complete.csv", config, start=start, end=end)
        found = config.check(given_rota)
        assert [v for v in found if v.kind != "unfair"] == []
        unfair = {
            "tight-063": [],
            "tight-084": [],
            "tight-120": [(D(2026, 3, 2), "l4"), (D(2026, 3, 30), "l1")],
        }[name]
        assert [(v.date, v.leader) for v in found if v.kind == "unfair"] == unfair

    def test_generated_complete_and_checked(self, name: str) -> None:
        """Generation finds a complete rota; the checker finds nothing; no conflicts."""
        config = load_rota_config(CASES / f"{name}.toml")
        start, end = case_range(CASES / f"{name}.toml")
        rota = config.generate(start, end)
        assert rota.gaps == () and rota.conflicts == ()
        assert config.check(rota) == ()
        assert not [n for n in rota.notes if "minimum not met" in n]
        # deterministic: the same input gives the same rota
        assert config.generate(start, end) == rota

    def test_exact_alone_complete(self, name: str) -> None:
        """The exact search from scratch finds a complete rota too."""
        config = load_rota_config(CASES / f"{name}.toml")
        start, end = case_range(CASES / f"{name}.toml")
        rota = config.generate(start, end, solver="exact", time_limit=5)
        assert rota.gaps == ()
        violations_found = config.check(rota)
        assert [v for v in violations_found if v.kind != "unfair"] == []


def test_tight_084_needs_the_exact_search() -> None:
    """On tight-084 the greedy fill leaves a gap on 10-29 that the exact search closes."""
    config = load_rota_config(CASES / "tight-084.toml")
    start, end = case_range(CASES / "tight-084.toml")
    greedy = config.generate(start, end, solver="greedy", allow_gaps=True)
    assert [(g.date, g.place) for g in greedy.gaps] == [(D(2026, 10, 29), "letters")]
    with pytest.raises(RotaInfeasible):
        config.generate(start, end, solver="greedy")
    rota = config.generate(start, end)
    assert rota.gaps == ()
    assert "complete rota found by the exact search; the greedy fill had left 1 problem(s)" in (
        rota.notes
    )


def test_busiest_reception_first() -> None:
    """Two places on one Monday; the letters office can only take l3 or l0.

    Filled in place order, the bureau (anyone) would take l0 and l3 could be away: the
    letters office would go unstaffed. The most constrained reception goes first.
    """
    rules = [
        Rule("mon", Weekly(0), COUNTY, BUREAU),
        Rule("letters", Weekly(0), Pool(leaders=("l0", "l3")), LETTERS),
    ]
    away = [Unavailable("l3", D(2026, 3, 2), D(2026, 3, 2), "出差")]
    rota = generate_rota(rules, FOUR, D(2026, 3, 2), D(2026, 3, 2), unavailable=away,
                         solver="greedy", seed=0)  # fmt: skip
    got = {a.place: a.leaders for a in rota.assignments}
    assert got["letters"] == ("l0",) and got["bureau"] != ("l0",)
    # the rota lists receptions in place order, whatever order they were filled in
    assert [a.place for a in rota.assignments] == ["bureau", "letters"]


# ------------------------------------------------------------------------ planted instances


@st.composite
def planted(draw: st.DrawFn) -> dict[str, Any]:
    """An instance built around a complete rota drawn first."""
    n = draw(st.integers(3, 7))
    people = tuple(Leader(f"p{i}", f"领导{i}", "副县长", "县") for i in range(n))
    ids = [x.id for x in people]
    year, month = draw(st.sampled_from([(2025, 10), (2026, 2), (2026, 3), (2026, 9)]))
    start = D(year, month, 1)
    end = _period_bounds((year, month), "month")[1]
    places = [BUREAU, LETTERS, SCHOOL][: draw(st.integers(1, 3))]
    rules = []
    for k, place in enumerate(places):
        pool = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=n, unique=True))
        when: Any = (
            Weekly(draw(st.integers(0, 4)))
            if draw(st.booleans())
            else EveryWorkday()
        )  # fmt: skip
        first = start + dt.timedelta(days=draw(st.integers(0, 10)))
        last = first + dt.timedelta(days=draw(st.integers(0, 25)))
        rules.append(Rule(f"r{k}", when, Pool(leaders=tuple(sorted(pool))), place,
                          per_slot=draw(st.integers(1, min(2, len(pool)))),
                          start=first, end=last))  # fmt: skip
    slots = _slots(rules, people, start, end, CAL)
    assume(slots)
    busy: dict[dt.date, set[str]] = defaultdict(set)
    planted_days: dict[str, set[dt.date]] = defaultdict(set)
    for slot in slots:
        free = [m.id for m in slot.pool if m.id not in busy[slot.date]]
        assert slot.need is not None
        assume(len(free) >= slot.need)
        for lid in draw(st.permutations(free))[: slot.need]:
            busy[slot.date].add(lid)
            planted_days[lid].add(slot.date)
    # absences fitted around the planted rota: blocks on days the leader does not receive
    away = []
    for lid in ids:
        for _ in range(draw(st.integers(0, 2))):
            d = start + dt.timedelta(days=draw(st.integers(0, (end - start).days)))
            if d in planted_days[lid]:
                continue
            lo = hi = d
            for _ in range(draw(st.integers(0, 10))):
                nxt = hi + dt.timedelta(days=1)
                if nxt > end or nxt in planted_days[lid]:
                    break
                hi = nxt
            away.append(Unavailable(lid, lo, hi, "出差"))
    # limits fitted to the planted rota: as tight as it allows
    weekly = [
        sum(1 for d in planted_days[lid] if _period_key(d, "week") == w)
        for lid in ids
        for w in {_period_key(d, "week") for d in planted_days[lid]}
    ]
    maximum = [MaxFrequency(Pool(levels="县"), max(weekly), "week")] if weekly else []
    minimum = []
    for lid in draw(st.lists(st.sampled_from(ids), unique=True)):
        if planted_days[lid]:
            minimum.append(MinFrequency(Pool(leaders=(lid,)), len(planted_days[lid]), "month"))
    lowest = min(len(planted_days[lid]) for lid in ids)
    if lowest:
        minimum.append(MinFrequency(COUNTY, lowest, "month"))
    return {"rules": rules, "leaders": people, "start": start, "end": end, "unavailable": away,
            "minimum": minimum, "maximum": maximum, "seed": draw(st.integers(0, 3)),
            "fair": draw(st.booleans())}  # fmt: skip


@settings(deadline=None, max_examples=40, suppress_health_check=[HealthCheck.filter_too_much])
@given(case=planted())
def test_planted_complete_rota_found(case: dict[str, Any]) -> None:
    """Where a complete rota exists, the library finds one, and claims no conflict."""
    people, minimum, maximum = case["leaders"], case["minimum"], case["maximum"]
    slots = _slots(case["rules"], people, case["start"], case["end"], CAL)
    book = _Book(people, case["unavailable"])
    assert analyse(slots, people, book, minimum, maximum, case["start"], case["end"]) == ((), 0, 0)
    rota = generate_rota(calendar=CAL, time_limit=20, **case)  # raises if it is not complete
    assert rota.gaps == () and rota.conflicts == ()
    found = check_rota(rota, case["rules"], calendar=CAL, unavailable=case["unavailable"],
                       minimum=minimum, maximum=maximum, fair=False)  # fmt: skip
    assert found == ()


@st.composite
def crowded(draw: st.DrawFn) -> dict[str, Any]:
    """Random instances, often infeasible: few leaders, absences, both kinds of limit."""
    n = draw(st.integers(2, 5))
    people = tuple(Leader(f"p{i}", f"领导{i}", "副县长", "县") for i in range(n))
    ids = [x.id for x in people]
    start = D(2026, 3, 1)
    end = D(2026, 3, 31) if draw(st.booleans()) else D(2026, 4, 30)
    rules = [Rule("mon", Weekly(draw(st.integers(0, 4))), COUNTY, BUREAU,
                  per_slot=draw(st.integers(1, 2)))]  # fmt: skip
    if draw(st.booleans()):
        pool = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=2, unique=True))
        rules.append(Rule("letters", Weekly(draw(st.integers(0, 4))), Pool(leaders=tuple(pool)),
                          LETTERS))  # fmt: skip
    if draw(st.booleans()):
        rules.append(Rule("school", Weekly(draw(st.integers(0, 4))), Pool(leaders=(ids[0],)),
                          SCHOOL, per_slot="all"))  # fmt: skip
    if draw(st.booleans()):
        first = start + dt.timedelta(days=draw(st.integers(0, 20)))
        rules.append(Rule("window", EveryWorkday(), COUNTY, BUREAU, start=first,
                          end=first + dt.timedelta(days=draw(st.integers(0, 8)))))  # fmt: skip
    away = []
    for _ in range(draw(st.integers(0, 4))):
        first = start + dt.timedelta(days=draw(st.integers(0, 50)))
        last = first + dt.timedelta(days=draw(st.integers(0, 12)))
        away.append(Unavailable(draw(st.sampled_from(ids)), first, last, "培训"))
    minimum = [MinFrequency(COUNTY, draw(st.integers(1, 3)), "month")] if draw(
        st.booleans()) else []  # fmt: skip
    maximum = [MaxFrequency(COUNTY, draw(st.integers(1, 2)), "week")] if draw(
        st.booleans()) else []  # fmt: skip
    return {"rules": rules, "leaders": people, "start": start, "end": end, "unavailable": away,
            "minimum": minimum, "maximum": maximum, "seed": draw(st.integers(0, 2))}  # fmt: skip


@settings(deadline=None, max_examples=60)
@given(case=crowded())
def test_exact_never_worse_and_conflicts_sound(case: dict[str, Any]) -> None:
    """The fewest-violations rota is never worse than the greedy's; a proof is never wrong."""
    greedy = generate_rota(calendar=CAL, allow_gaps=True, solver="greedy", **case)
    best = generate_rota(calendar=CAL, allow_gaps=True, time_limit=20, **case)
    rules, minimum = case["rules"], case["minimum"]
    assert violations(best, rules, minimum) <= violations(greedy, rules, minimum)
    # hard rules hold in both: nobody away, at two places, or over a maximum
    for rota in (greedy, best):
        found = check_rota(rota, rules, calendar=CAL, unavailable=case["unavailable"],
                           maximum=case["maximum"], fair=False)  # fmt: skip
        assert [v for v in found if v.kind not in ("uncovered", "understaffed")] == []
    slots = _slots(rules, case["leaders"], case["start"], case["end"], CAL)
    book = _Book(case["leaders"], case["unavailable"])
    proofs, at_least_missing, at_least_short = analyse(
        slots, case["leaders"], book, minimum, case["maximum"], case["start"], case["end"]
    )
    assert proofs == find_conflicts(slots, case["leaders"], book, minimum, case["maximum"],
                                    case["start"], case["end"])  # fmt: skip
    # what the counts prove unavoidable is never beaten, by the fill or by the search
    for rota in (greedy, best):
        missing = violations(rota, rules, []) if rota.gaps else 0
        assert missing >= at_least_missing
        assert shortfall(rota, minimum) >= at_least_short
    assert bool(proofs) == bool(at_least_missing or at_least_short)
    complete = not best.gaps and shortfall(best, minimum) == 0
    if proofs:
        assert not complete, proofs
    if complete:
        assert best.conflicts == ()
    else:
        assert best.conflicts == proofs


# -------------------------------------------------------------- conflicts named, by hand


def generate(**kw: Any) -> Rota:
    kw.setdefault("leaders", FOUR)
    kw.setdefault("calendar", CAL)
    return generate_rota(allow_gaps=True, **kw)


class TestConflictsByHand:
    """Each kind of conflict on a case small enough to count by hand."""

    def test_day(self) -> None:
        """Monday 03-09: the letters office (l0 or l1) with both away on business."""
        rules = [Rule("mon", Weekly(0), COUNTY, BUREAU),
                 Rule("let", Weekly(0), Pool(leaders=("l0", "l1")), LETTERS)]  # fmt: skip
        away = [Unavailable("l0", D(2026, 3, 9), D(2026, 3, 9), "出差"),
                Unavailable("l1", D(2026, 3, 9), D(2026, 3, 10), "培训")]  # fmt: skip
        rota = generate(rules=rules, start=D(2026, 3, 1), end=D(2026, 3, 31), unavailable=away)
        assert rota.conflicts == (
            Conflict(
                "day",
                "2026-03-09 人民来信办: nobody in its pool is free that day; "
                "away: 领导0 (出差), 领导1 (培训)",
                "2026-03-09 人民来信办：可接访的领导当天均不能到场；"
                "不在岗：领导0（出差）、领导1（培训）",
                D(2026, 3, 9),
                D(2026, 3, 9),
                1,
                (),
                ("letters",),
            ),
        )
        assert [(g.date, g.place) for g in rota.gaps] == [(D(2026, 3, 9), "letters")]
        # relax what it names (l1 back from 培训): complete
        assert generate(rules=rules, start=D(2026, 3, 1), end=D(2026, 3, 31),
                        unavailable=away[:1]).gaps == ()  # fmt: skip

    def test_day_two_places_one_leader(self) -> None:
        """Both Monday places can only take l0 and l1; l1 is away: two seats, one leader."""
        rules = [Rule("mon", Weekly(0), Pool(leaders=("l0", "l1")), BUREAU),
                 Rule("let", Weekly(0), Pool(leaders=("l0",)), LETTERS)]  # fmt: skip
        away = [Unavailable("l1", D(2026, 3, 2), D(2026, 3, 2), "出差")]
        rota = generate(rules=rules, start=D(2026, 3, 2), end=D(2026, 3, 2), unavailable=away)
        (c,) = rota.conflicts
        assert c.message == (
            "2026-03-02: 县信访局 and 人民来信办 need 2 leaders between them, but only 1 "
            "leader(s) of their pools are free that day (领导0); a leader receives at one place "
            "a day; away: 领导1 (出差)"
        )
        assert c.message_zh == (
            "2026-03-02：县信访局、人民来信办 共需 2 名领导，当天只有 1 名能到场（领导0）；"
            "每人每天只在一处接访；不在岗：领导1（出差）"
        )
        assert (c.leaders, c.places) == (("l0",), ("bureau", "letters"))
        assert len(rota.gaps) == 1

    def test_capacity(self) -> None:
        """Every working day of a week, only l0 and l1, at most once a week each: 5 > 2."""
        rules = [Rule("all", EveryWorkday(), Pool(leaders=("l0", "l1")), BUREAU)]
        at_most = [MaxFrequency(COUNTY, 1, "week", source="每周至多一次")]
        rota = generate(rules=rules, start=D(2026, 3, 2), end=D(2026, 3, 8), maximum=at_most)
        (c,) = rota.conflicts
        assert c.kind == "capacity"
        assert c.message == (
            "2026-W10: the 5 reception(s) that only 领导0 and 领导1 can take (2026-03-02 "
            "县信访局, 2026-03-03 县信访局, 2026-03-04 县信访局, 2026-03-05 县信访局, 2026-03-06 "
            "县信访局) need 5 turn(s), but at most 1 a week each allows 2; 每周至多一次"
        )
        assert c.message_zh.startswith(
            "2026年第10周（3月2日至3月8日）：只有领导0、领导1能接的 5 场接访（3月2日县信访局、"
        )
        assert c.message_zh.endswith("共需 5 人次，但每人每周至多 1 次，最多只能排 2 人次")
        assert (c.first, c.last) == (D(2026, 3, 2), D(2026, 3, 8))
        # the fewest violations: two of five staffed, three gaps, proven by the count alone
        assert len(rota.assignments) == 2 and len(rota.gaps) == 3 and c.deficit == 3
        assert rota.notes == (
            "no complete rota exists, and this one has the fewest violations any rota can "
            "have: no more than the conflicts prove unavoidable",
        )
        # relax the named limit (three a week each): complete
        three = [MaxFrequency(COUNTY, 3, "week")]
        assert generate(rules=rules, start=D(2026, 3, 2), end=D(2026, 3, 8),
                        maximum=three).gaps == ()  # fmt: skip

    def test_minimum_away(self) -> None:
        """领导3 must receive twice in March but is away on 4 of its 5 Mondays."""
        rules = [Rule("mon", Weekly(0), COUNTY, BUREAU, per_slot=2)]
        away = [Unavailable("l3", D(2026, 3, 1), D(2026, 3, 25), "培训")]
        twice = [MinFrequency(COUNTY, 2, "month")]
        rota = generate(rules=rules, start=D(2026, 3, 1), end=D(2026, 3, 31), unavailable=away,
                        minimum=twice)  # fmt: skip
        assert [(c.kind, c.leaders) for c in rota.conflicts] == [("minimum", ("l3",))]
        (c,) = rota.conflicts
        assert c.message == (
            "领导3 must receive at least 2 in 2026-03 but can receive at most 1: 5 reception "
            "day(s) in their pools, away on 4 of them (培训)"
        )
        assert c.message_zh == (
            "领导3 2026年3月至少应接访 2 次，但最多只能排 1 次："
            "所在接访安排共 5 天，其中 4 天不在岗（培训）"
        )
        # everyone else meets the minimum: the search puts the shortfall where it must be
        assert shortfall(rota, twice) == 1
        assert generate(rules=rules, start=D(2026, 3, 1), end=D(2026, 3, 31),
                        unavailable=[], minimum=twice).gaps == ()  # fmt: skip

    def test_minimum_held_back_by_a_maximum(self) -> None:
        """Three a month, at most once a week; 领导0 is away 02-02 to 02-15.

        February 2026 has 16 working days (春节 15-23 off; Saturdays 14 and 28 worked):
        away on 11 of them, the 5 left (24-28) all in one week: at most 1 turn.
        """
        rules = [Rule("all", EveryWorkday(), COUNTY, BUREAU)]
        away = [Unavailable("l0", D(2026, 2, 2), D(2026, 2, 15), "休假")]
        rota = generate(rules=rules, start=D(2026, 2, 1), end=D(2026, 2, 28), unavailable=away,
                        minimum=[MinFrequency(Pool(leaders=("l0",)), 3, "month")],
                        maximum=[MaxFrequency(COUNTY, 1, "week")])  # fmt: skip
        minimums = [c for c in rota.conflicts if c.kind == "minimum"]
        assert [c.message for c in minimums] == [
            "领导0 must receive at least 3 in 2026-02 but can receive at most 1: 16 reception "
            "day(s) in their pools, away on 11 of them (休假), at most 1 a week"
        ]
        assert minimums[0].message_zh.endswith("每周至多 1 次")

    def test_competition(self) -> None:
        """Four leaders, twice each in March, one seat on each of five Mondays: 8 > 5."""
        rules = [Rule("mon", Weekly(0), COUNTY, BUREAU)]
        twice = [MinFrequency(COUNTY, 2, "month", source="每月两次")]
        rota = generate(rules=rules, start=D(2026, 3, 1), end=D(2026, 3, 31), minimum=twice)
        (c,) = rota.conflicts
        assert c.message == (
            "in 2026-03, 领导0, 领导1, 领导2 and 领导3 must each receive at least 2 (8 turns), "
            "but the receptions open to them (5 at 县信访局) offer at most 5; 每月两次"
        )
        assert c.message_zh == (
            "2026年3月，领导0、领导1、领导2、领导3每人至少应接访 2 次（共 8 次），但他们能接的接访"
            "（县信访局共 5 场）最多只有 5 人次"
        )
        assert shortfall(rota, twice) == 3  # 8 wanted, 5 given: the fewest possible
        with pytest.raises(RotaInfeasible) as info:
            generate_rota(rules, FOUR, D(2026, 3, 1), D(2026, 3, 31), minimum=twice,
                          calendar=CAL)  # fmt: skip
        assert info.value.conflicts == (c,)
        assert "no rota can meet every rule, because:\n  in 2026-03, 领导0" in str(info.value)

    def test_no_conflict_when_search_finds_none_simple(self) -> None:
        """A complete rota: no conflicts, no notes about the search."""
        rules = [Rule("mon", Weekly(0), COUNTY, BUREAU)]
        rota = generate(rules=rules, start=D(2026, 3, 1), end=D(2026, 3, 31),
                        minimum=[MinFrequency(COUNTY, 1, "month")])  # fmt: skip
        assert rota.conflicts == () and rota.gaps == () and rota.notes == ()


# ----------------------------------------------------------------- options and fallbacks


class TestOptions:
    """solver=, time_limit=, and the library without the solver extra."""

    @pytest.mark.parametrize("bad", ["fast", "", None])
    def test_bad_solver(self, bad: Any) -> None:
        """Only the three names."""
        with pytest.raises(RotaError, match="solver must be 'auto', 'greedy' or 'exact'"):
            generate_rota([], FOUR, D(2026, 3, 1), D(2026, 3, 31), solver=bad)

    @pytest.mark.parametrize("bad", [0, -1, float("inf"), float("nan"), "10", True])
    def test_bad_time_limit(self, bad: Any) -> None:
        """A positive, finite number of seconds (not a bool, not a string)."""
        with pytest.raises(RotaError, match="time_limit must be a positive number of seconds"):
            generate_rota([], FOUR, D(2026, 3, 1), D(2026, 3, 31), time_limit=bad)

    def test_without_the_extra(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """auto: the greedy rota with a note; exact: an error saying what to install."""
        for name in [m for m in sys.modules if m == "ortools" or m.startswith("ortools.")]:
            monkeypatch.setitem(sys.modules, name, None)
        monkeypatch.setitem(sys.modules, "ortools", None)
        monkeypatch.delitem(sys.modules, "xinfang_rules.rota.solver", raising=False)
        config = load_rota_config(CASES / "tight-084.toml")
        start, end = case_range(CASES / "tight-084.toml")
        rota = config.generate(start, end, allow_gaps=True)
        assert len(rota.gaps) == 1
        assert rota.notes[0] == (
            "the greedy fill left receptions or minimums open; the exact search of the solver "
            "extra (pip install 'xinfang-rules[solver]') may find a complete rota"
        )
        with pytest.raises(RotaError, match=r"solver='exact' needs the solver extra"):
            config.generate(start, end, solver="exact")
        # 10-15: both letters leaders away too. A count proves no rota is complete, but the
        # fill (two gaps) is worse than the count's one: without the extra, it says so
        worse = attrs.evolve(config, unavailable=(*config.unavailable, *BOTH_AWAY_1015))
        rota = worse.generate(start, end, allow_gaps=True)
        assert [g.date for g in rota.gaps] == [D(2026, 10, 15), D(2026, 10, 29)]
        assert rota.notes == (
            "no complete rota exists: see the conflicts, each a count that proves it",
        )
        # where the fill is already as good as the counts allow, it says that
        rules = [Rule("mon", Weekly(0), COUNTY, BUREAU)]
        rota = generate(rules=rules, start=D(2026, 3, 1), end=D(2026, 3, 31),
                        minimum=[MinFrequency(COUNTY, 2, "month")])  # fmt: skip
        assert rota.notes[0] == (
            "no complete rota exists, and this one has the fewest violations any rota can "
            "have: no more than the conflicts prove unavoidable"
        )

    def test_improved_and_proven(self) -> None:
        """The same with the extra: one gap (10-15, unavoidable), the search proves it fewest."""
        config = load_rota_config(CASES / "tight-084.toml")
        start, end = case_range(CASES / "tight-084.toml")
        worse = attrs.evolve(config, unavailable=(*config.unavailable, *BOTH_AWAY_1015))
        rota = worse.generate(start, end, allow_gaps=True)
        assert [g.date for g in rota.gaps] == [D(2026, 10, 15)]
        assert rota.gaps[0].reason.endswith("(no rota can do better: proven by the exact search)")
        assert rota.notes == (
            "no complete rota exists (proven by the exact search); this one has the fewest "
            "violations",
            "the exact search improved on the greedy fill: 1 violation(s) (1 leader(s) missing "
            "at receptions, 0 turn(s) short of a minimum) against 2",
        )
        assert [(c.kind, c.first, c.deficit) for c in rota.conflicts] == [
            ("day", D(2026, 10, 15), 1)
        ]

    def test_budget_too_small(self) -> None:
        """A budget too small to settle anything: the greedy rota, and a note saying so."""
        config = load_rota_config(CASES / "tight-084.toml")
        start, end = case_range(CASES / "tight-084.toml")
        rota = config.generate(start, end, allow_gaps=True, time_limit=1e-9)
        assert len(rota.gaps) == 1
        # the budget bounds the whole generation: spent before the explanation and the search
        assert rota.notes == (
            "the time limit (1e-09 s) ran out before the explanation was complete: the "
            "conflicts listed are those found by then, each still a proof; give more time "
            "(time_limit, --time-limit) for all of them",
            "the time limit (1e-09 s) ran out before the exact search: this is the greedy "
            "fill, with its gaps; give more time (time_limit, --time-limit) to repair it",
        )
        assert rota.conflicts == ()
        # still a checked rota: what the check finds wrong is the gap it lists, and no more
        found = check_rota(rota, config.rules, calendar=config.calendar,
                           unavailable=config.unavailable, minimum=config.minimum,
                           maximum=config.maximum, fair=False)  # fmt: skip
        assert [(v.kind, v.date) for v in found] == [("uncovered", rota.gaps[0].date)]


# --------------------------------------------------------------------------------- the CLI


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


class TestCommandLine:
    """rota generate --solver and --time-limit."""

    def args(self, name: str = "tight-084") -> list[str]:
        """The arguments of `rota generate` for one of the examples, over its range."""
        start, end = case_range(CASES / f"{name}.toml")
        return ["rota", "generate", str(CASES / f"{name}.toml"), "--from", str(start),
                "--to", str(end)]  # fmt: skip

    def test_default_repairs(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The default (auto) closes the greedy's gap and says so."""
        status, out, err = run(capsys, *self.args())
        assert status == 0, err
        assert "xinfang: 提示：精确求解找到了排满的安排（逐日排班留下了 1 处问题）" in err
        assert "2026-10-29 星期四 08:30-12:00  人民来信办" in out

    def test_greedy_fails_with_the_gap(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--solver greedy: exit 1, the error and the gap in Chinese, no traceback."""
        status, _, err = run(capsys, *self.args(), "--solver", "greedy")
        assert status == 1
        assert err.splitlines()[0] == (
            "xinfang: 错误：排不出满足全部规则的接访安排（加 --allow-gaps 可输出带空缺的安排）"
        )
        assert "xinfang: 空缺：2026-10-29 人民来信办" in err and "Traceback" not in err

    def test_the_budget_spent_is_said_in_chinese(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--time-limit bounds the whole run: spent, the fill with its gap and two notes."""
        status, _, err = run(capsys, *self.args(), "--allow-gaps", "--time-limit", "1e-9")
        assert status == 0, err
        assert "xinfang: 提示：时限（1e-09 秒）已到，原因分析没有做完" in err
        assert "xinfang: 提示：时限（1e-09 秒）已到，未做精确求解：这是逐日排班的结果" in err
        assert "xinfang: 空缺：2026-10-29 人民来信办" in err

    def test_exact_with_a_limit(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--solver exact --time-limit 5."""
        status, out, err = run(capsys, *self.args(), "--solver", "exact", "--time-limit", "5")
        assert status == 0, err
        assert "人民来信办" in out

    @pytest.mark.parametrize("bad", ["0", "-2", "abc", "inf"])
    def test_bad_time_limit(self, capsys: pytest.CaptureFixture[str], bad: str) -> None:
        """A usage error (exit 2) naming the value, in Chinese."""
        with pytest.raises(SystemExit) as done:
            main([*self.args(), f"--time-limit={bad}"])
        err = capsys.readouterr().err
        assert done.value.code == 2
        assert f"'{bad}' 不是正数秒数" in err and "Traceback" not in err

    def test_conflicts_in_chinese_and_english(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """An impossible minimum: the conflict line names the count, in the chosen language."""
        text = (CASES / "tight-063.toml").read_text(encoding="utf-8").replace(
            "count = 3\nper = \"month\"", "count = 6\nper = \"month\""
        )  # fmt: skip
        assert "count = 6" in text
        path = tmp_path / "six.toml"
        path.write_text(text, encoding="utf-8")
        args = ["rota", "generate", str(path), "--from", "2026-11-01", "--to", "2026-11-30"]
        status, _, err = run(capsys, *args)
        assert status == 1
        assert "xinfang: 冲突：" in err and "至少应接访 6 次" in err
        status, _, err = run(capsys, *args, "--allow-gaps", "--lang", "en")
        assert status == 0
        assert "xinfang: conflict: " in err and "must each receive at least 6" in err


# ------------------------------------------------------------------------------- fairness


class TestFairness:
    """One definition: the generator evens turns out until check_rota finds nothing."""

    def test_turns_elsewhere_count(self) -> None:
        """领导0 alone takes the letters office on Tuesdays; the Mondays go to the others.

        Per place, the greedy fill shares the Mondays among all four; counting every turn,
        领导0 (five Tuesdays already) is two ahead of anyone free on a Monday: the Mondays
        move until nobody is.
        """
        rules = [Rule("mon", Weekly(0), COUNTY, BUREAU),
                 Rule("tue", Weekly(1), Pool(leaders=("l0",)), LETTERS)]  # fmt: skip
        rota = generate(rules=rules, start=D(2026, 3, 1), end=D(2026, 3, 31), solver="greedy")
        mondays = [a.leaders[0] for a in rota.assignments if a.place == "bureau"]
        assert "l0" not in mondays and len(mondays) == 5
        assert check_rota(rota, rules, calendar=CAL) == ()
        # without fairness, nothing moves: the seed's order takes every Monday
        plain = generate(rules=rules, start=D(2026, 3, 1), end=D(2026, 3, 31), fair=False)
        assert len({a.leaders for a in plain.assignments if a.place == "bureau"}) == 1

    @settings(deadline=None, max_examples=40)
    @given(case=crowded())
    def test_generated_rotas_are_fair(self, case: dict[str, Any]) -> None:
        """Whatever the solver, the rota passes the checker's fairness."""
        for solver in ("greedy", "auto"):
            rota = generate_rota(calendar=CAL, allow_gaps=True, solver=solver, time_limit=20,
                                 **case)  # fmt: skip
            found = check_rota(rota, case["rules"], calendar=CAL,
                               unavailable=case["unavailable"], minimum=case["minimum"],
                               maximum=case["maximum"])  # fmt: skip
            assert [v for v in found if v.kind == "unfair"] == [], solver


# ------------------------------------------------------------- the counts, case by case

#: Listed 甲, 乙, 丙, 丁; their ids do not sort that way (messages follow this order).
PEOPLE = (
    Leader("z", "甲", "副县长", "县"),
    Leader("a", "乙", "副县长", "县"),
    Leader("m", "丙", "副县长", "县"),
    Leader("b", "丁", "副县长", "县"),
)
SPOTS = [Place(f"p{i}", f"点{i}", "08:30", "12:00") for i in range(9)]
JUNE = (D(2026, 6, 1), D(2026, 6, 30))  # 06-01 is a Monday: a week, a month begin


def counted(
    rules: list[Rule], start: dt.date, end: dt.date, **kw: Any
) -> tuple[tuple[Conflict, ...], int, int]:
    """What analyse proves for these rules and constraints, over PEOPLE."""
    slots = _slots(rules, PEOPLE, start, end, CAL)
    book = _Book(PEOPLE, kw.get("unavailable", ()))
    return analyse(slots, PEOPLE, book, kw.get("minimum", []), kw.get("maximum", []), start, end)


def week_23() -> tuple[list[Rule], list[MaxFrequency]]:
    """丁's Monday, 甲乙 Mon-Wed, 丙 Wed-Fri of 2026-W23, everyone at most once a week."""
    rules = [
        Rule("r0", Weekly(0), Pool(leaders=("b",)), SPOTS[0]),
        Rule("r1", EveryWorkday(), Pool(leaders=("z", "a")), SPOTS[1], start=D(2026, 6, 1),
             end=D(2026, 6, 3)),
        Rule("r2", EveryWorkday(), Pool(leaders=("m",)), SPOTS[2], start=D(2026, 6, 3),
             end=D(2026, 6, 5)),
    ]  # fmt: skip
    return rules, [MaxFrequency(COUNTY, 1, "week")]


class TestCounts:
    """Every branch of the four arguments and of the bound, worked by hand."""

    def test_eight_receptions_of_a_day_every_pair(self) -> None:
        """Up to eight receptions a day every set is tried: 28 pairs, each 2 > 1 (甲)."""
        rules = [Rule(f"r{i}", Weekly(0), Pool(leaders=("z",)), SPOTS[i]) for i in range(8)]
        found, missing, short = counted(rules, D(2026, 6, 1), D(2026, 6, 1))
        assert len(found) == 28 and {len(c.places) for c in found} == {2}
        assert found[0].message == (
            "2026-06-01: 点0 and 点1 need 2 leaders between them, but only 1 leader(s) of "
            "their pools are free that day (甲); a leader receives at one place a day"
        )
        # the bound takes the largest of any set: all eight need 8, one is free
        assert (missing, short) == (7, 0)

    def test_nine_receptions_of_a_day_the_whole_day(self) -> None:
        """Beyond eight, single receptions and the whole day only: one conflict, 9 > 1."""
        rules = [Rule(f"r{i}", Weekly(0), Pool(leaders=("z",)), SPOTS[i]) for i in range(9)]
        found, missing, _ = counted(rules, D(2026, 6, 1), D(2026, 6, 1))
        assert [(len(c.places), c.deficit) for c in found] == [(9, 8)]
        assert missing == 8

    def test_a_smaller_conflict_does_not_hide_another(self) -> None:
        """点0 (甲, away) alone; 点1 and 点2 (both only 乙) together: two conflicts."""
        rules = [Rule("r0", Weekly(0), Pool(leaders=("z",)), SPOTS[0]),
                 Rule("r1", Weekly(0), Pool(leaders=("a",)), SPOTS[1]),
                 Rule("r2", Weekly(0), Pool(leaders=("a",)), SPOTS[2])]  # fmt: skip
        away = [Unavailable("z", D(2026, 6, 1), D(2026, 6, 1))]
        found, missing, _ = counted(rules, D(2026, 6, 1), D(2026, 6, 1), unavailable=away)
        assert [(c.places, c.leaders, c.deficit) for c in found] == [
            (("p0",), (), 1),
            (("p1", "p2"), ("a",), 1),
        ]
        assert found[0].message == "2026-06-01 点0: nobody in its pool is free that day; away: 甲"
        assert found[0].message_zh == (
            "2026-06-01 点0：可接访的领导当天均不能到场；不在岗：甲"
        )  # fmt: skip
        assert missing == 2

    def test_short_of_hands_in_the_listed_order(self) -> None:
        """Three needed, 丙 away: 甲 and 乙 named in the order leaders are listed."""
        rules = [Rule("r0", Weekly(0), Pool(leaders=("a", "z", "m")), SPOTS[0], per_slot=3)]
        away = [Unavailable("m", D(2026, 6, 1), D(2026, 6, 1), "病假")]
        (c,), missing, _ = counted(rules, D(2026, 6, 1), D(2026, 6, 1), unavailable=away)
        assert c.message == (
            "2026-06-01 点0 needs 3 leader(s) but only 2 leader(s) of its pool are free that "
            "day (甲 and 乙); away: 丙 (病假)"
        )
        assert c.message_zh == (
            "2026-06-01 点0 需要 3 名领导，当天只有 2 名能到场（甲、乙）；不在岗：丙（病假）"
        )
        assert (c.leaders, c.deficit, missing) == (("z", "a"), 1, 1)

    def test_capacity_groups_of_one_week(self) -> None:
        """W23: 丁's Monday (one day: not a capacity argument), 甲乙 Mon-Wed, 丙 Wed-Fri.

        At most once a week: 3 > 2 and 3 > 1. Each group is found, though a group of one
        day and a group already found come first in the week's order.
        """
        rules, once = week_23()
        found, missing, _ = counted(rules, D(2026, 6, 1), D(2026, 6, 7), maximum=once)
        assert [(c.kind, c.leaders, c.places, c.deficit) for c in found] == [
            ("capacity", ("m",), ("p2",), 2),
            ("capacity", ("z", "a"), ("p1",), 1),
        ]
        assert found[1].message == (
            "2026-W23: the 3 reception(s) that only 甲 and 乙 can take (2026-06-01 点1, "
            "2026-06-02 点1, 2026-06-03 点1) need 3 turn(s), but at most 1 a week each allows 2"
        )
        assert (found[1].first, found[1].last) == (D(2026, 6, 1), D(2026, 6, 7))
        assert missing == 2  # the larger of one week's (the groups may share receptions)

    def test_capacity_over_two_days_and_two_weeks(self) -> None:
        """甲 alone on Mondays and Tuesdays, once a week: 2 > 1 in each week, 2 in all."""
        rules = [Rule("r1", Weekly(0), Pool(leaders=("z",)), SPOTS[1]),
                 Rule("r2", Weekly(1), Pool(leaders=("z",)), SPOTS[2])]  # fmt: skip
        once = [MaxFrequency(COUNTY, 1, "week")]
        found, missing, _ = counted(rules, D(2026, 6, 1), D(2026, 6, 14), maximum=once)
        assert [(c.first, c.deficit) for c in found] == [(D(2026, 6, 1), 1), (D(2026, 6, 8), 1)]
        assert missing == 2

    def test_an_uncapped_member_carries_the_week(self) -> None:
        """Only 甲 is capped; 丁, in the same pool, can take every day: no conflict."""
        rules = [Rule("r1", EveryWorkday(), Pool(leaders=("z", "b")), SPOTS[1])]
        capped = [MaxFrequency(Pool(leaders=("z",)), 1, "week")]
        assert counted(rules, D(2026, 6, 1), D(2026, 6, 7), maximum=capped) == ((), 0, 0)
        rota = generate_rota(rules, PEOPLE, D(2026, 6, 1), D(2026, 6, 7), calendar=CAL,
                             maximum=capped)  # fmt: skip
        assert len(rota.assignments) == 5

    def test_two_leaders_short_add_up(self) -> None:
        """Twice in June, five Mondays: 甲 away on four (培训, 出差), 乙 on four (no reason)."""
        mon = Rule("mon", Weekly(0), COUNTY, SPOTS[0], per_slot=2)
        away = [Unavailable("z", D(2026, 6, 1), D(2026, 6, 20), "培训"),
                Unavailable("z", D(2026, 6, 21), D(2026, 6, 28), "出差"),
                Unavailable("a", D(2026, 6, 1), D(2026, 6, 25))]  # fmt: skip
        twice = [MinFrequency(COUNTY, 2, "month")]
        found, missing, short = counted([mon], *JUNE, unavailable=away, minimum=twice)
        assert [(c.leaders, c.deficit, c.places) for c in found] == [
            (("a",), 1, ("p0",)),
            (("z",), 1, ("p0",)),
        ]
        assert found[1].message == (
            "甲 must receive at least 2 in 2026-06 but can receive at most 1: 5 reception "
            "day(s) in their pools, away on 4 of them (出差, 培训)"
        )
        assert found[1].message_zh.endswith("其中 4 天不在岗（出差、培训）")
        assert found[0].message_zh.endswith("其中 4 天不在岗")  # no reason given
        assert (found[0].first, found[0].last) == JUNE
        assert (missing, short) == (0, 2)
        rota = generate_rota([mon], PEOPLE, *JUNE, calendar=CAL, unavailable=away,
                             minimum=twice, allow_gaps=True)  # fmt: skip
        assert shortfall(rota, twice) == 2

    def test_a_small_pool_competes_within_a_larger_minimum(self) -> None:
        """甲 and 乙 share one reception in June (the 10th); 丙 has the Mondays.

        All three at least once: 3 turns wanted of 6 receptions, but 甲 and 乙 can only
        have the one between them.
        """
        rules = [Rule("big", Weekly(0), Pool(leaders=("m",)), SPOTS[0]),
                 Rule("small", MonthlyDay(10), Pool(leaders=("z", "a")), SPOTS[1])]  # fmt: skip
        once = [MinFrequency(Pool(leaders=("z", "a", "m")), 1, "month")]
        (c,), _, short = counted(rules, *JUNE, minimum=once)
        assert c.message == (
            "in 2026-06, 甲 and 乙 must each receive at least 1 (2 turns), but the receptions "
            "open to them (1 at 点1) offer at most 1"
        )
        assert (c.kind, c.leaders, c.places, c.deficit, short) == (
            "competition",
            ("z", "a"),
            ("p1",),
            1,
            1,
        )

    def test_competition_with_a_joint_reception(self) -> None:
        """Three times in June: 丁 away all month (alone), 甲乙丙 on the Mondays and 15th.

        The joint reception on the 15th gives 甲 and 乙 a turn each: 5 + 2 = 7 < 9.
        """
        rules = [Rule("mon", Weekly(0), Pool(leaders=("z", "a", "m")), SPOTS[0]),
                 Rule("joint", MonthlyDay(15), Pool(leaders=("z", "a")), SPOTS[1],
                      per_slot="all")]  # fmt: skip
        away = [Unavailable("b", *JUNE, "病假")]
        thrice = [MinFrequency(COUNTY, 3, "month")]
        found, _, short = counted(rules, *JUNE, unavailable=away, minimum=thrice)
        assert [(c.kind, c.leaders, c.deficit) for c in found] == [
            ("minimum", ("b",), 3),
            ("competition", ("z", "a", "m"), 2),
        ]
        assert found[1].message == (
            "in 2026-06, 甲, 乙 and 丙 must each receive at least 3 (9 turns), but the "
            "receptions open to them (6 at 点0 and 点1) offer at most 7"
        )
        assert "（点0、点1共 6 场）最多只有 7 人次" in found[1].message_zh
        assert short == 5  # 丁's 3 and the group's 2: 丁 is not counted in the group

    def test_a_quarter_held_back_by_its_own_maximum(self) -> None:
        """甲 back on 06-22: 7 working days left in Q2, at most 3 a week: 3 + 2 = 5 < 6.

        Q2 2026 has 61 working days (清明 04-06, 劳动节 05-01..05 with 05-09 worked, 端午
        06-19 off); 甲 is away on 54 of them.

        The first maximum (乙's) does not apply to 甲; the second does.
        """
        rules = [Rule("all", EveryWorkday(), Pool(leaders=("z",)), SPOTS[0])]
        away = [Unavailable("z", D(2026, 4, 1), D(2026, 6, 21), "借调")]
        six = [MinFrequency(Pool(leaders=("z",)), 6, "quarter")]
        caps = [MaxFrequency(Pool(leaders=("a",)), 1, "week"),
                MaxFrequency(Pool(leaders=("z",)), 3, "week")]  # fmt: skip
        found, _, short = counted(rules, D(2026, 4, 1), D(2026, 6, 30), unavailable=away,
                                  minimum=six, maximum=caps)  # fmt: skip
        minimums = [c for c in found if c.kind == "minimum"]
        assert [c.message for c in minimums] == [
            "甲 must receive at least 6 in 2026-Q2 but can receive at most 5: 61 reception "
            "day(s) in their pools, away on 54 of them (借调), at most 3 a week"
        ]
        assert minimums[0].message_zh.startswith(
            "甲 2026年第2季度至少应接访 6 次，但最多只能排 5 次"
        )
        assert short == 1

    def test_kinds_in_order_on_one_day(self) -> None:
        """All four on 06-01: day, capacity, minimum, competition, in that order."""
        rules = [
            Rule("x", Weekly(0), Pool(leaders=("b",)), SPOTS[0]),
            Rule("y", EveryWorkday(), Pool(leaders=("z",)), SPOTS[1], start=D(2026, 6, 1),
                 end=D(2026, 6, 5)),
            Rule("w", MonthlyDay(10), Pool(leaders=("a", "m")), SPOTS[2]),
        ]  # fmt: skip
        away = [Unavailable("b", D(2026, 6, 1), D(2026, 6, 22), "培训")]
        found, _, _ = counted(
            rules, *JUNE, unavailable=away,
            minimum=[MinFrequency(Pool(leaders=("b",)), 3, "month"),
                     MinFrequency(Pool(leaders=("a", "m")), 1, "month")],
            maximum=[MaxFrequency(Pool(leaders=("z",)), 1, "week")],
        )  # fmt: skip
        assert [(c.kind, c.first) for c in found if c.first == D(2026, 6, 1)] == [
            ("day", D(2026, 6, 1)),
            ("capacity", D(2026, 6, 1)),
            ("minimum", D(2026, 6, 1)),
            ("competition", D(2026, 6, 1)),
        ]


# ------------------------------------------------------------- the rota the search builds


def tight_084_worse() -> Any:
    """tight-084 with 10-15's letters leaders away, and a joint reception on 20 and 21 Oct."""
    config = load_rota_config(CASES / "tight-084.toml")
    joint = [Rule(f"joint{d}", MonthlyDay(d), Pool(leaders=("l0", "l1")), SCHOOL, per_slot="all")
             for d in (20, 21)]  # fmt: skip
    away = [Unavailable("l0", D(2026, 10, 20), D(2026, 10, 20), "会议"),
            Unavailable("l1", D(2026, 10, 20), D(2026, 10, 21), "会议")]  # fmt: skip
    return attrs.evolve(config, rules=(*config.rules, *joint),
                        unavailable=(*config.unavailable, *BOTH_AWAY_1015, *away))  # fmt: skip


class TestTheSearchesRota:
    """Gaps, joint receptions, pins, layers and notes of a rota built by the exact search."""

    def test_gaps_it_proves(self) -> None:
        """Two gaps no rota avoids (10-15; the joint one of 10-20); the fill's third closed."""
        config = tight_084_worse()
        start, end = case_range(CASES / "tight-084.toml")
        greedy = config.generate(start, end, allow_gaps=True, solver="greedy")
        assert [g.date.day for g in greedy.gaps] == [15, 20, 29]
        rota = config.generate(start, end, allow_gaps=True)
        proven = " (no rota can do better: proven by the exact search)"
        proven_zh = "（经精确求解证明，无法排得更好）"
        assert rota.gaps == (
            Gap(D(2026, 10, 15), "letters", ("letters",), 1,
                "all 2 leaders l0, l2 unavailable or busy: 2 unavailable (领导0, 领导2)" + proven,
                "人民来信办",
                "可接访的 2 名领导均不能到场：不在岗 2 人（领导0、领导2）" + proven_zh),
            Gap(D(2026, 10, 20), "school", ("joint20",), 2,
                "all 2 leaders l0, l1 unavailable or busy: 2 unavailable (领导0, 领导1)" + proven,
                "县委党校",
                "可接访的 2 名领导均不能到场：不在岗 2 人（领导0、领导1）" + proven_zh),
        )  # fmt: skip
        assert rota.notes == (
            "no complete rota exists (proven by the exact search); this one has the fewest "
            "violations",
            "the exact search improved on the greedy fill: 2 violation(s) (2 leader(s) missing "
            "at receptions, 0 turn(s) short of a minimum) against 3",
        )
        # the joint reception of 10-21: 领导1 away, so 领导0 attends and 领导1 is absent
        (joint,) = [a for a in rota.assignments if a.place == "school"]
        assert (joint.date, joint.leaders, joint.absent, joint.rules) == (
            D(2026, 10, 21),
            ("l0",),
            ("l1",),
            ("joint21",),
        )
        assert [v for v in config.check(rota) if v.kind not in ("uncovered",)] == []

    def test_layers_forms_and_rules_of_each_reception(self) -> None:
        """solver="exact" on a month the fill completes: the search's own rota, as labelled."""
        config = load_rota_config(CASES / "tight-063.toml")
        start, end = case_range(CASES / "tight-063.toml")
        rota = config.generate(start, end, solver="exact")
        assert rota.notes == ("complete rota found by the exact search",)
        layers = {(a.date, a.place): (a.layer, a.rules, a.form) for a in rota.assignments}
        assert layers[(D(2026, 11, 4), "bureau")] == ("sensitive", ("window",), "定点接访")
        assert layers[(D(2026, 11, 2), "letters")] == ("base", ("letters",), "定点接访")
        assert layers[(D(2026, 11, 9), "bureau")] == ("sensitive", ("mon", "window"), "定点接访")
        assert config.check(rota) == ()

    def test_pins_kept(self) -> None:
        """A published rota (tight-063's reference) pinned: the search keeps every turn."""
        config = load_rota_config(CASES / "tight-063.toml")
        start, end = case_range(CASES / "tight-063.toml")
        published = read_rota_csv(CASES / "tight-063.complete.csv", config, start=start, end=end)
        rota = config.generate(start, end, solver="exact", pinned=published.assignments)
        assert [(a.date, a.place, a.leaders, a.layer) for a in rota.assignments] == [
            (a.date, a.place, a.leaders, "pinned") for a in published.assignments
        ]

    def test_a_minimum_the_fill_missed(self) -> None:
        """领导0 needs 8 in September; the fill gives 7, the search all 8 (found by search)."""
        people = tuple(Leader(f"l{i}", f"领导{i}", "副县长", "县") for i in range(3))
        rules = [
            Rule("main", Weekly(3), COUNTY, BUREAU, per_slot=2),
            Rule("small0", Weekly(3), Pool(leaders=("l0", "l1", "l2")), LETTERS),
            Rule("window", EveryWorkday(), COUNTY, BUREAU, start=D(2026, 9, 7),
                 end=D(2026, 9, 15), layer="sensitive"),
        ]  # fmt: skip
        case: dict[str, Any] = {
            "unavailable": [Unavailable("l2", D(2026, 9, 18), D(2026, 9, 23), "出差")],
            "minimum": [MinFrequency(Pool(leaders=("l0",)), 8, "month"),
                        MinFrequency(Pool(leaders=("l2",)), 6, "month")],
            "maximum": [MaxFrequency(COUNTY, 4, "week")],
            "seed": 7, "calendar": CAL,
        }  # fmt: skip
        greedy = generate_rota(rules, people, D(2026, 9, 1), D(2026, 9, 30), solver="greedy",
                               allow_gaps=True, **case)  # fmt: skip
        assert greedy.notes == (
            "minimum not met: 领导0 (副县长): 7 reception(s) in 2026-09, at least 8 required",
        )
        rota = generate_rota(rules, people, D(2026, 9, 1), D(2026, 9, 30), **case)
        assert rota.notes == (
            "complete rota found by the exact search; the greedy fill had left 1 problem(s)",
        )
        assert shortfall(rota, case["minimum"]) == 0

    def test_two_missing_at_one_reception_is_two(self) -> None:
        """A reception for two, both of its pool away: 2 missing, as the day's count says."""
        rules = [Rule("pair", Weekly(0), Pool(leaders=("l0", "l1")), BUREAU, per_slot=2)]
        away = [Unavailable(x, D(2026, 3, 2), D(2026, 3, 2), "出差") for x in ("l0", "l1")]
        rota = generate(rules=rules, start=D(2026, 3, 2), end=D(2026, 3, 9), unavailable=away)
        assert [(g.date, g.missing) for g in rota.gaps] == [(D(2026, 3, 2), 2)]
        assert [c.deficit for c in rota.conflicts] == [2]
        assert rota.notes[0].startswith("no complete rota exists, and this one has the fewest")

    def test_exact_without_the_extra_in_words(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The error says what to install."""
        for name in [m for m in sys.modules if m == "ortools" or m.startswith("ortools.")]:
            monkeypatch.setitem(sys.modules, name, None)
        monkeypatch.setitem(sys.modules, "ortools", None)
        with pytest.raises(RotaError) as info:
            generate(rules=[Rule("mon", Weekly(0), COUNTY, BUREAU)], start=D(2026, 3, 2),
                     end=D(2026, 3, 2), solver="exact")  # fmt: skip
        assert str(info.value) == (
            "solver='exact' needs the solver extra (OR-Tools): pip install 'xinfang-rules[solver]'"
        )


class TestWhenTheBudgetRunsOut:
    """The search's answers that a real budget gives only by chance, given to the generator."""

    @staticmethod
    def answer(monkeypatch: pytest.MonkeyPatch, **result: Any) -> None:
        """Make the search answer this (a RepairResult's fields)."""
        from xinfang_rules import rota_solver

        def repair(*args: Any, **kw: Any) -> rota_solver.RepairResult:
            return rota_solver.RepairResult(**{"unpinned": 0, "spread": 0, "seconds": 0.0,
                                               **result})  # fmt: skip

        monkeypatch.setattr(rota_solver, "repair", repair)

    def test_better_but_not_proven(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Budget out with fewer violations than the fill: that rota, saying so."""
        config = tight_084_worse()
        start, end = case_range(CASES / "tight-084.toml")
        greedy = config.generate(start, end, allow_gaps=True, solver="greedy")
        slots = _slots(config.rules, config.leaders, start, end, CAL)
        keep = {(a.date, a.place): a.leaders for a in greedy.assignments}
        staffed = {i: keep[s.key] for i, s in enumerate(slots) if s.key in keep}
        gap_at = [i for i, s in enumerate(slots) if s.key in {(g.date, g.place) for g in
                                                               greedy.gaps[:2]}]  # fmt: skip
        # pretend the search closed 10-29 (giving it to 领导0) but proved nothing
        i29 = next(i for i, s in enumerate(slots) if s.key == (D(2026, 10, 29), "letters"))
        staffed[i29] = ("l0",)
        self.answer(monkeypatch, status="timeout", staffed=staffed,
                    uncovered=dict.fromkeys(gap_at, 1), short={})  # fmt: skip
        rota = config.generate(start, end, allow_gaps=True)
        assert [g.date.day for g in rota.gaps] == [15, 20]
        assert all(
            g.reason.endswith(" (the best the exact search found within its budget)")
            and g.reason_zh.endswith("（精确求解在时限内找到的最好结果）")
            for g in rota.gaps
        )
        assert rota.notes[0] == (
            "the exact search ran out of budget (10): the best rota it found has 2 "
            "violation(s) against the greedy fill's 3"
        )

    def test_no_better_and_a_count_proves_none_complete(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Budget out, nothing better, but the counts prove no rota is complete: said so."""
        config = tight_084_worse()
        start, end = case_range(CASES / "tight-084.toml")
        self.answer(monkeypatch, status="timeout", staffed={}, uncovered={}, short={})
        rota = config.generate(start, end, allow_gaps=True, time_limit=3)
        assert [g.date.day for g in rota.gaps] == [15, 20, 29]
        assert rota.notes[0] == (
            "no complete rota exists (see the conflicts); the exact search did not find fewer "
            "violations within its budget (3): this rota has 3, and the conflicts prove at "
            "least 2 unavoidable"
        )


class TestFairnessInDetail:
    """The checker's unfair turns, where several leaders share a reception."""

    FOUR_MONDAYS = (D(2026, 3, 2), D(2026, 3, 9), D(2026, 3, 16), D(2026, 3, 23))
    PAIR = Rule("pair", Weekly(0), COUNTY, BUREAU, per_slot=2)

    def held(self, *who: tuple[str, str]) -> Rota:
        """A March rota of the four Mondays, two leaders each, as given."""
        from xinfang_rules.rota import Assignment

        items = tuple(Assignment(d, "bureau", w, ("pair",))
                      for d, w in zip(self.FOUR_MONDAYS, who, strict=True))  # fmt: skip
        return Rota(D(2026, 3, 1), D(2026, 3, 29), items, PEOPLE, (BUREAU,))

    def test_each_leader_named_once_at_their_first(self) -> None:
        """甲 4, 丙 3, 乙 1, 丁 0: 甲 at 03-02, 丙 at 03-09 (甲 already named there)."""
        rota = self.held(("z", "a"), ("z", "m"), ("z", "m"), ("z", "m"))
        found = check_rota(rota, [self.PAIR], calendar=CAL)
        assert [(v.date, v.leader) for v in found] == [(D(2026, 3, 2), "z"), (D(2026, 3, 9), "m")]
        assert found[1].message == (
            "2026-03-09 bureau: 丙 takes this turn (rule pair) with 3 turn(s) on the days 丁 was "
            "available, while 丁, free that day, has 0"
        )

    def test_a_turn_needed_for_a_minimum_is_passed_over(self) -> None:
        """甲 must have 4: 甲's turns stay; 丙's (3 against 丁's 0) do not."""
        rota = self.held(("z", "a"), ("z", "m"), ("z", "m"), ("z", "m"))
        need = [MinFrequency(Pool(leaders=("z",)), 4, "month")]
        found = check_rota(rota, [self.PAIR], calendar=CAL, minimum=need)
        assert [(v.date, v.leader) for v in found] == [(D(2026, 3, 9), "m")]

    def test_merged_rules_named(self) -> None:
        """A Monday in a sensitive window: one reception of two rules, named together."""
        rules = [Rule("mon", Weekly(0), COUNTY, BUREAU),
                 Rule("window", EveryWorkday(), COUNTY, BUREAU, start=D(2026, 3, 2),
                      end=D(2026, 3, 3))]  # fmt: skip
        from xinfang_rules.rota import Assignment

        items = (Assignment(D(2026, 3, 2), "bureau", ("z",)),
                 Assignment(D(2026, 3, 3), "bureau", ("z",)))  # fmt: skip
        rota = Rota(D(2026, 3, 2), D(2026, 3, 3), items, PEOPLE, (BUREAU,))
        (v,) = check_rota(rota, rules, calendar=CAL)
        assert v.message.startswith("2026-03-02 bureau: 甲 takes this turn (rule mon, window)")


class TestCountsMore:
    """The branches of the counts the cases above leave alone."""

    def test_two_places_short_of_two_hands_in_chinese(self) -> None:
        """点0 needs 2 of 甲乙, 点1 one of them: 3 needed, 2 free, named 甲、乙."""
        rules = [Rule("r0", Weekly(0), Pool(leaders=("z", "a")), SPOTS[0], per_slot=2),
                 Rule("r1", Weekly(0), Pool(leaders=("z", "a")), SPOTS[1])]  # fmt: skip
        (c,), _, _ = counted(rules, D(2026, 6, 1), D(2026, 6, 1))
        assert c.message_zh == (
            "2026-06-01：点0、点1 共需 3 名领导，当天只有 2 名能到场（甲、乙）；"
            "每人每天只在一处接访"
        )

    def test_capacity_only_for_capped_groups(self) -> None:
        """丁 (no maximum) alone for two-a-day receptions on Mon and Tue: days, not capacity."""
        rules = [Rule("r0", EveryWorkday(), Pool(leaders=("b",)), SPOTS[0], per_slot=2,
                      start=D(2026, 6, 1), end=D(2026, 6, 2))]  # fmt: skip
        capped = [MaxFrequency(Pool(leaders=("z",)), 1, "week")]
        found, _, _ = counted(rules, D(2026, 6, 1), D(2026, 6, 7), maximum=capped)
        assert [c.kind for c in found] == ["day", "day"]

    def test_capacity_after_a_group_that_fits(self) -> None:
        """甲乙 take Mon-Tue (2 in 2: fits); 丙 alone Tue-Thu (3 > 1): still found."""
        rules = [
            Rule("r0", EveryWorkday(), Pool(leaders=("z", "a")), SPOTS[0], start=D(2026, 6, 1),
                 end=D(2026, 6, 2)),
            Rule("r1", EveryWorkday(), Pool(leaders=("m",)), SPOTS[1], start=D(2026, 6, 2),
                 end=D(2026, 6, 4)),
        ]  # fmt: skip
        once = [MaxFrequency(COUNTY, 1, "week")]
        found, _, _ = counted(rules, D(2026, 6, 1), D(2026, 6, 7), maximum=once)
        assert [(c.kind, c.leaders, c.deficit) for c in found] == [("capacity", ("m",), 2)]

    def test_groups_nested_in_a_leaders_receptions(self) -> None:
        """乙 and 丙 only on the 10th; 甲 on the 10th and 11th; 丁 on the Mondays.

        Once each in June: 甲乙丙 want 3 of the 2 receptions open to them, and 乙丙 want 2
        of 1. 丁's Mondays make the whole group fit, so only the nested groups show it.
        """
        rules = [Rule("big", Weekly(0), Pool(leaders=("b",)), SPOTS[0]),
                 Rule("d10", MonthlyDay(10), Pool(leaders=("z", "a", "m")), SPOTS[1]),
                 Rule("d11", MonthlyDay(11), Pool(leaders=("z",)), SPOTS[2])]  # fmt: skip
        once = [MinFrequency(COUNTY, 1, "month")]
        found, _, short = counted(rules, *JUNE, minimum=once)
        assert [(c.kind, c.leaders, c.deficit) for c in found] == [
            ("competition", ("a", "m"), 1),
            ("competition", ("z", "a", "m"), 1),
        ]
        assert found[1].message.endswith("(2 at 点1 and 点2) offer at most 2")
        assert (found[1].first, found[1].last) == JUNE
        assert short == 1  # the groups overlap: the largest counts

    def test_the_whole_minimum_pool_when_no_one_is_inside_another(self) -> None:
        """Three leaders, three weekday places shared in a ring: 15 wanted, 14 offered.

        Nobody's receptions lie inside anyone else's, so only the whole pool shows it; a
        place none of them can take (丁's) comes first and offers nothing.
        """
        rules = [Rule("b", Weekly(0), Pool(leaders=("b",)), SPOTS[0]),
                 Rule("mon", Weekly(0), Pool(leaders=("z", "a")), SPOTS[1]),
                 Rule("tue", Weekly(1), Pool(leaders=("a", "m")), SPOTS[2]),
                 Rule("wed", Weekly(2), Pool(leaders=("m", "z")), SPOTS[3])]  # fmt: skip
        five = [MinFrequency(Pool(leaders=("z", "a", "m")), 5, "month")]
        (c,), _, short = counted(rules, *JUNE, minimum=five)
        assert c.message == (
            "in 2026-06, 甲, 乙 and 丙 must each receive at least 5 (15 turns), but the "
            "receptions open to them (14 at 点1, 点2 and 点3) offer at most 14"
        )
        assert short == 1

    def test_kinds_order_on_a_tie(self) -> None:
        """A day conflict (甲) and a capacity one (丁) on 06-01: the day first."""
        rules = [Rule("a0", Weekly(0), Pool(leaders=("z",)), SPOTS[0]),
                 Rule("a1", Weekly(0), Pool(leaders=("z",)), SPOTS[1]),
                 Rule("w", EveryWorkday(), Pool(leaders=("b",)), SPOTS[2], start=D(2026, 6, 1),
                      end=D(2026, 6, 5))]  # fmt: skip
        capped = [MaxFrequency(Pool(leaders=("b",)), 1, "week")]
        found, _, _ = counted(rules, D(2026, 6, 1), D(2026, 6, 7), maximum=capped)
        assert [(c.kind, c.leaders) for c in found] == [("day", ("z",)), ("capacity", ("b",))]

    def test_the_fill_kept_when_the_search_proves_it_best(self) -> None:
        """W23 above: the counts prove 2 missing, the fill has 3, the search proves 3 least.

        The fill's rota is kept (its gaps without the search's words), with the proof.
        """
        rules, once = week_23()
        rota = generate_rota(rules, PEOPLE, D(2026, 6, 1), D(2026, 6, 7), calendar=CAL,
                             maximum=once, allow_gaps=True)  # fmt: skip
        assert len(rota.gaps) == 3
        assert not any("exact search" in g.reason for g in rota.gaps)
        assert rota.notes == (
            "no complete rota exists (proven by the exact search); this one has the fewest "
            "violations",
        )


@pytest.mark.parametrize(
    ("note", "zh"),
    [
        ("complete rota found by the exact search", "精确求解找到了排满的安排"),
        ("complete rota found by the exact search; the greedy fill had left 2 problem(s)",
         "精确求解找到了排满的安排（逐日排班留下了 2 处问题）"),
        ("no complete rota exists (proven by the exact search); this one has the fewest "
         "violations", "经精确求解证明，排不出满足全部规则的安排；本安排违规最少"),
        ("no complete rota exists, and this one has the fewest violations any rota can have: "
         "no more than the conflicts prove unavoidable",
         "排不出满足全部规则的安排；本安排的违规已少到下列冲突所证明的最低限度"),
        ("no complete rota exists: see the conflicts, each a count that proves it",
         "排不出满足全部规则的安排：见下列冲突，每条都是可核算的证明"),
        ("the greedy fill left receptions or minimums open; the exact search of the solver "
         "extra (pip install 'xinfang-rules[solver]') may find a complete rota",
         "逐日排班留下了空缺或未达最少次数；安装 solver 扩展（pip install "
         "'xinfang-rules[solver]'）后精确求解可能排满"),
        ("the exact search improved on the greedy fill: 2 violation(s) (1 leader(s) missing at "
         "receptions, 1 turn(s) short of a minimum) against 3",
         "精确求解改进了逐日排班：违规 2 处（缺人 1 人次，未达最少次数 1 次），原为 3 处"),
        ("the exact search found no complete rota within its budget (5); one may exist: give "
         "it more time (time_limit, --time-limit)",
         "精确求解在时限（5）内没有找到排满的安排，但可能存在：可加大 --time-limit 再试"),
        ("minimum not met: 丙 (副县长): 3 reception(s) in 2026-03, at least 5 required",
         "未达最少次数：丙（副县长）2026-03 接访 3 次，至少应 5 次"),
        ("minimum not met: 丙 (副县长): 0 reception(s) in 2026-Q1, at least 1 required; 每季一次",
         "未达最少次数：丙（副县长）2026-Q1 接访 0 次，至少应 1 次；每季一次"),
        ("minimum not met: something else", "未达最少次数：something else"),
        ("2026-03-02 县信访局: pinned a replaced (unavailable)",
         "2026-03-02 县信访局: pinned a replaced (unavailable)"),
    ],
)  # fmt: skip
def test_notes_in_chinese(note: str, zh: str) -> None:
    """The clerk's 提示 lines: every fixed note in Chinese; others as they are."""
    from xinfang_rules.cli._zh import note_zh

    assert note_zh(note) == zh


def test_every_fixed_note_of_the_generator_has_its_chinese() -> None:
    """A note reworded in rota/generate.py without its Chinese would reach the clerk in English."""
    from xinfang_rules.cli._zh import note_zh
    from xinfang_rules.rota import generate as rota

    for note in (rota._SOLVER_HINT, rota._PROVEN_BY_COUNT, rota._PROVEN_BY_SEARCH,
                 rota._FEWEST_BY_COUNT):  # fmt: skip
        zh = note_zh(note)
        assert zh != note and zh.startswith(("排不出", "经精确", "逐日排班")), note


def test_a_joint_reception_left_open_counts_once() -> None:
    """A joint reception nobody can attend is one violation, as the counts prove it.

    The fill's violations are compared with what the counts prove unavoidable; a joint
    reception left open counts once (not once per member), so the fill is proven fewest
    without a search. A surviving mutant counted it per member and ran the search.
    """
    rules = [Rule("joint", MonthlyDay(15), COUNTY, SCHOOL, per_slot="all")]
    away = [Unavailable(x.id, D(2026, 4, 15), D(2026, 4, 15), "出差") for x in FOUR]
    rota = generate(rules=rules, start=D(2026, 4, 1), end=D(2026, 4, 30), unavailable=away)
    assert [(g.date, g.place) for g in rota.gaps] == [(D(2026, 4, 15), "school")]
    assert rota.notes == (
        "no complete rota exists, and this one has the fewest violations any rota can have: "
        "no more than the conflicts prove unavoidable",
    )
    assert [(c.kind, c.deficit) for c in rota.conflicts] == [("day", 1)]
