"""Benchmark: generating and checking reception rotas.

Run: ``python benchmarks/bench_rota.py``. Two cases:

- a county for a year: 40 leaders (secretary, head, 18 other county leaders, 20 township
  heads), the 霞浦 rules (joint reception on the 15th, one county leader every Monday and
  every working day of a sensitive period, township heads every Monday at their own
  unit), the monthly minimum for the principal leaders, at most one turn a week;
- a city campaign at scale: 100 units of 10 leaders, one leader per unit every working day
  for 5 years (2021-2025, about 1,250 working days: 125,000 receptions).

Each is generated, then checked; the time of each step (best of a few runs) and the peak
memory the step allocated (``tracemalloc``) are printed. Targets: the county year under
0.2 s, the large case under 10 s.

Then the exact repair (the ``solver`` extra), side by side with the greedy fill, on two
generated families (``--tight N`` and ``--years N`` set their sizes; ``--seed S``):

- *tight months*: a complete rota is drawn first (3-8 leaders, 2-3 places on the same
  weekdays with small pools shared between them, a window of every working day), then
  absences, a weekly maximum and monthly minimums are fitted tightly around it, so a
  complete rota is known to exist;
- *county years*: 5-10 leaders, two weekly places and two sensitive windows, 5-20 % of
  each leader's days away in blocks, everyone at least once a month and at most once a
  week (the rules as offices write them, which the absences usually make impossible).

For each: how often the greedy fill is complete, how often the repair is needed and what
it gives (complete, proven fewest, budget out), its time (median, 95th percentile, most),
violations against the greedy's, and how many of the proven-impossible instances carry a
counting explanation (``rota.conflicts``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

from xinfang_rules import WorkdayCalendar
from xinfang_rules.rota import (
    PHASES,
    EveryWorkday,
    Leader,
    MaxFrequency,
    MinFrequency,
    MonthlyDay,
    Place,
    Pool,
    Rule,
    Unavailable,
    Weekly,
    check_rota,
    generate_rota,
)
from xinfang_rules.rota._slots import _slots

D = dt.date


def county() -> tuple[list[Rule], list[Leader], dict[str, Any]]:
    people = [
        Leader("sj", "书记", "县委书记", "县", principal=True),
        Leader("xz", "县长", "县长", "县", principal=True),
    ]
    people += [Leader(f"c{i}", f"县领导{i}", "副县长", "县") for i in range(18)]
    people += [
        Leader(f"t{i}", f"镇长{i}", "镇长", "乡镇", principal=True, unit=f"镇{i}")
        for i in range(20)
    ]
    school = Place("school", "县委党校", "08:30", "12:00")
    bureau = Place("bureau", "县信访局", "08:30", "12:00")
    rules = [
        Rule("monthly-15", MonthlyDay(15), Pool(levels="县", principal=True), school,
             per_slot="all"),
        Rule("monday", Weekly(0), Pool(levels="县"), bureau),
        Rule("sensitive", EveryWorkday(), Pool(levels="县"), bureau, start=D(2025, 9, 20),
             end=D(2025, 10, 15), layer="sensitive"),
    ]  # fmt: skip
    rules += [
        Rule(f"town{i}", Weekly(0), Pool(units=f"镇{i}"),
             Place(f"town{i}", f"镇{i}", "08:30", "12:00"))
        for i in range(20)
    ]  # fmt: skip
    constraints = {
        "minimum": [MinFrequency(Pool(levels="县", principal=True), 1, "month")],
        "maximum": [MaxFrequency(Pool(levels="县"), 1, "week")],
    }
    return rules, people, constraints


def city() -> tuple[list[Rule], list[Leader], dict[str, Any]]:
    people = [
        Leader(f"u{u}-{i}", f"领导{u}-{i}", "副职", "区", unit=f"单位{u}")
        for u in range(100)
        for i in range(10)
    ]
    rules = [
        Rule(f"unit{u}", EveryWorkday(), Pool(units=f"单位{u}"),
             Place(f"p{u}", f"单位{u}接待室", "09:00", "11:30"), layer="campaign")
        for u in range(100)
    ]  # fmt: skip
    return rules, people, {}


def measure(step: Callable[[], Any], runs: int) -> tuple[float, float, Any]:
    """Best time of ``runs`` runs (s), peak traced memory of one run (MB), and the result."""
    best = float("inf")
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = step()
        best = min(best, time.perf_counter() - start)
    tracemalloc.start()
    step()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return best, peak / 1e6, result


def tight_month(rng: random.Random, cal: WorkdayCalendar) -> dict[str, Any]:
    """A month with a complete rota drawn first and the limits fitted tightly around it."""
    while True:
        n = rng.randint(3, 8)
        people = [Leader(f"l{i}", f"领导{i}", "副县长", "县") for i in range(n)]
        ids = [x.id for x in people]
        year, month = rng.choice([(2025, 10), (2026, 2), (2026, 3), (2026, 9), (2026, 11)])
        start = D(year, month, 1)
        end = (D(year + month // 12, month % 12 + 1, 1)) - dt.timedelta(days=1)
        weekday = rng.randint(0, 4)
        places = [Place(p, p, "08:30", "12:00") for p in ("bureau", "letters", "office")]
        rules = [Rule("main", Weekly(weekday), Pool(levels="县"), places[0],
                      per_slot=rng.randint(1, 2))]  # fmt: skip
        for k, place in enumerate(places[1 : rng.randint(2, 3)]):
            pool = tuple(sorted(rng.sample(ids, rng.randint(1, min(3, n)))))
            day = weekday if rng.random() < 0.7 else rng.randint(0, 4)
            rules.append(Rule(f"small{k}", Weekly(day), Pool(leaders=pool), place))
        first = start + dt.timedelta(days=rng.randint(0, 15))
        last = first + dt.timedelta(days=rng.randint(3, 9))
        rules.append(Rule("window", EveryWorkday(), Pool(levels="县"), places[0], start=first,
                          end=last, layer="sensitive"))  # fmt: skip
        slots = _slots(rules, people, start, end, cal)
        busy: dict[dt.date, set[str]] = {}
        days: dict[str, set[dt.date]] = {x: set() for x in ids}
        ok = True
        for slot in slots:
            assert slot.need is not None
            free = [m.id for m in slot.pool if m.id not in busy.get(slot.date, set())]
            if len(free) < slot.need:
                ok = False
                break
            for lid in rng.sample(free, slot.need):
                busy.setdefault(slot.date, set()).add(lid)
                days[lid].add(slot.date)
        if not ok:
            continue
        away = []
        for lid in ids:
            d = start + dt.timedelta(days=rng.randint(0, (end - start).days))
            lo = hi = d
            while hi < end and hi + dt.timedelta(days=1) not in days[lid] and rng.random() < 0.85:
                hi += dt.timedelta(days=1)
            if d not in days[lid]:
                away.append(Unavailable(lid, lo, hi, "出差"))
        weekly = max(
            sum(1 for d in days[lid] if d.isocalendar()[:2] == w)
            for lid in ids
            for w in {d.isocalendar()[:2] for d in days[lid]} or {(0, 0)}
        )
        minimum = [MinFrequency(Pool(leaders=(lid,)), len(days[lid]), "month")
                   for lid in ids if days[lid] and rng.random() < 0.6]  # fmt: skip
        return {"rules": rules, "leaders": people, "start": start, "end": end,
                "unavailable": away, "minimum": minimum,
                "maximum": [MaxFrequency(Pool(levels="县"), max(weekly, 1), "week")],
                "seed": rng.randint(0, 9)}  # fmt: skip


def county_year(rng: random.Random, cal: WorkdayCalendar) -> dict[str, Any]:
    """A county year as offices write the rules; the absences usually make them impossible."""
    n = rng.randint(5, 10)
    people = [Leader(f"c{i}", f"县领导{i}", "副县长", "县") for i in range(n)]
    bureau = Place("bureau", "县信访局", "08:30", "12:00")
    letters = Place("letters", "人民来信办", "08:30", "12:00")
    rules = [
        Rule("monday", Weekly(0), Pool(levels="县"), bureau),
        Rule("thursday", Weekly(3), Pool(levels="县"), letters),
    ]
    for k in range(2):
        first = D(2026, rng.randint(1, 11), rng.randint(1, 20))
        rules.append(Rule(f"sensitive{k}", EveryWorkday(), Pool(levels="县"), bureau,
                          start=first, end=first + dt.timedelta(days=rng.randint(5, 15)),
                          layer="sensitive"))  # fmt: skip
    away = []
    for x in people:
        share = rng.uniform(0.05, 0.20)
        left = int(365 * share)
        while left > 0:
            length = min(left, rng.randint(3, 21))
            first = D(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 364 - length))
            away.append(Unavailable(x.id, first, first + dt.timedelta(days=length - 1), "公务"))
            left -= length
    return {"rules": rules, "leaders": people, "start": D(2026, 1, 1), "end": D(2026, 12, 31),
            "unavailable": away,
            "minimum": [MinFrequency(Pool(levels="县"), 1, "month")],
            "maximum": [MaxFrequency(Pool(levels="县"), 1, "week")],
            "seed": rng.randint(0, 9)}  # fmt: skip


def city_campaign(rng: random.Random, cal: WorkdayCalendar, units: int = 100) -> dict[str, Any]:
    """A city's 集中接访 campaign as offices write it (the 青岛 seed, at a city's scale).

    ``units`` units of 5-15 leaders each (the first the unit's principal leader), every
    working day of September and October at each unit's reception room, one of the units'
    principal leaders at the city's centre every Wednesday; 5-20 % of each leader's days
    away in blocks of 2-7 days; every leader at least once a month (in one campaign in
    three, twice: more than the biggest units can give) and at most twice a week.
    """
    start, end = D(2026, 9, 1), D(2026, 10, 31)
    days = (end - start).days + 1
    people: list[Leader] = []
    rules: list[Rule] = []
    for u in range(units):
        for i in range(rng.randint(5, 15)):
            title = "局长" if i == 0 else "副局长"
            people.append(Leader(f"u{u}-{i}", f"领导{u}-{i}", title, "市直",
                                 principal=i == 0, unit=f"单位{u}"))  # fmt: skip
        rules.append(Rule(f"unit{u}", EveryWorkday(), Pool(units=f"单位{u}"),
                          Place(f"p{u}", f"单位{u}接待室", "09:00", "11:30"),
                          layer="campaign"))  # fmt: skip
    centre = Place("city", "市信访接待中心", "09:00", "11:30")
    rules.append(Rule("city", Weekly(2), Pool(principal=True), centre, layer="campaign"))
    away = []
    for x in people:
        left = int(days * rng.uniform(0.05, 0.20))
        while left > 0:
            length = min(left, rng.randint(2, 7))
            first = start + dt.timedelta(days=rng.randint(0, days - length))
            away.append(Unavailable(x.id, first, first + dt.timedelta(days=length - 1), "公务"))
            left -= length
    return {"rules": rules, "leaders": people, "start": start, "end": end,
            "unavailable": away,
            "minimum": [MinFrequency(Pool(levels="市直"), rng.choice([1, 1, 2]), "month")],
            "maximum": [MaxFrequency(Pool(levels="市直"), 2, "week")],
            "seed": rng.randint(0, 9)}  # fmt: skip


def phases(label: str, make: Callable[..., dict[str, Any]], count: int, seed: int,
           cal: WorkdayCalendar, time_limit: float) -> None:  # fmt: skip
    """Each phase of ``generate_rota`` (auto) timed on ``count`` instances of a family."""
    rng = random.Random(seed)
    print(f"{label}: {count} instance(s) (seed {seed}, budget {time_limit:g} s)")
    for n in range(count):
        case = make(rng, cal)
        record: dict[str, float] = {}
        token = PHASES.set(record)
        t0 = time.perf_counter()
        try:
            rota = generate_rota(calendar=cal, allow_gaps=True, time_limit=time_limit, **case)
        finally:
            PHASES.reset(token)
        total = time.perf_counter() - t0
        shown = "  ".join(f"{k} {v:.2f}" for k, v in record.items())
        leaders = len(case["leaders"])
        print(f"  #{n}: {leaders} leaders, {len(rota.assignments):,} receptions, "
              f"{len(rota.gaps)} gap(s), {len(rota.conflicts)} conflict(s): "
              f"{total:.2f} s ({shown})")  # fmt: skip


def badness(rota: Any, case: dict[str, Any], cal: WorkdayCalendar) -> int:
    """Leaders missing at receptions plus turns short of a minimum (the search's measure)."""
    missing = sum(g.missing for g in rota.gaps)
    short = 0
    for v in check_rota(rota, case["rules"], calendar=cal, unavailable=case["unavailable"],
                        minimum=case["minimum"], fair=False):  # fmt: skip
        if v.kind == "min_frequency":
            have, want = v.message.split(": ", 1)[1].split(" reception(s)")[0], v.message
            need = int(want.split("at least ")[1].split(" ")[0])
            short += need - int(have)
    return int(missing + short)


def family(label: str, make: Callable[..., dict[str, Any]], count: int, seed: int,
           cal: WorkdayCalendar, time_limit: float) -> None:  # fmt: skip
    """Greedy and auto side by side on ``count`` instances of one family."""
    rng = random.Random(seed)
    greedy_t: list[float] = []
    auto_t: list[float] = []
    repair_t: list[float] = []
    tally = {"greedy complete": 0, "repair needed": 0, "repaired complete": 0,
             "fewest by count": 0, "fewest by search": 0, "budget out": 0, "explained": 0,
             "better": 0, "worse": 0}  # fmt: skip
    for _ in range(count):
        case = make(rng, cal)
        t0 = time.perf_counter()
        greedy = generate_rota(calendar=cal, allow_gaps=True, solver="greedy", **case)
        t1 = time.perf_counter()
        auto = generate_rota(calendar=cal, allow_gaps=True, time_limit=time_limit, **case)
        t2 = time.perf_counter()
        greedy_t.append(t1 - t0)
        auto_t.append(t2 - t1)
        bad_g, bad_a = badness(greedy, case, cal), badness(auto, case, cal)
        if bad_g == 0:
            tally["greedy complete"] += 1
            continue
        tally["repair needed"] += 1
        repair_t.append((t2 - t1) - (t1 - t0))
        notes = " ".join(auto.notes)
        if bad_a == 0:
            tally["repaired complete"] += 1
        elif "fewest violations any rota can have" in notes:
            tally["fewest by count"] += 1  # the fill met what the conflicts prove unavoidable
        elif "proven by the exact search" in notes:
            tally["fewest by search"] += 1
        else:
            tally["budget out"] += 1
        tally["explained"] += bad_a > 0 and bool(auto.conflicts)
        tally["better"] += bad_a < bad_g
        tally["worse"] += bad_a > bad_g

    def spread(xs: list[float]) -> str:
        if not xs:
            return "-"
        xs = sorted(xs)
        p95 = xs[min(len(xs) - 1, int(0.95 * len(xs)))]
        return f"median {statistics.median(xs):.3f} s, p95 {p95:.3f} s, max {xs[-1]:.3f} s"

    print(f"{label}: {count} instances (seed {seed}, budget {time_limit:g})")
    print(f"  greedy fill        {spread(greedy_t)}")
    print(f"  auto (fill+repair) {spread(auto_t)}")
    print(f"  repair alone       {spread(repair_t)}")
    for key, n in tally.items():
        print(f"  {key:<18} {n}")
    if greedy_t and auto_t:
        ratio = statistics.median(auto_t) / statistics.median(greedy_t)
        print(f"  auto / greedy (median time) {ratio:.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tight", type=int, default=100, help="tight months (default 100)")
    parser.add_argument("--years", type=int, default=10, help="county years (default 10)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--campaigns", type=int, default=3, help="city campaigns (default 3)")
    args = parser.parse_args()
    cal = WorkdayCalendar.china()
    cal.is_workday(D(2021, 1, 1))  # build the calendar before timing
    cases = [
        ("county, 1 year, 40 leaders", county(), D(2025, 1, 1), D(2025, 12, 31), 5, 0.2),
        ("city, 5 years, 100 x 10 leaders", city(), D(2021, 1, 1), D(2025, 12, 31), 1, 10.0),
    ]
    for label, (rules, people, constraints), lo, hi, runs, target in cases:
        t_gen, mem_gen, rota = measure(
            lambda r=rules, p=people, c=constraints, a=lo, b=hi: generate_rota(  # type: ignore[misc]
                r, p, a, b, calendar=cal, **c
            ),
            runs,
        )
        t_chk, mem_chk, found = measure(
            lambda r=rules, c=constraints, x=rota: check_rota(x, r, calendar=cal, **c),  # type: ignore[misc]
            runs,
        )
        n = len(rota.assignments)
        print(f"{label}: {n:,} receptions, {len(found)} violations")
        print(f"  generate {t_gen:8.3f} s  (target < {target} s)  peak {mem_gen:7.1f} MB")
        print(f"  check    {t_chk:8.3f} s                      peak {mem_chk:7.1f} MB")
        print(f"  repair needed: {'yes' if rota.gaps else 'no'} (the fill is complete)")
    phases("city campaigns, 2 months, 100 units x 5-15 leaders", city_campaign, args.campaigns,
           args.seed, cal, args.time_limit)  # fmt: skip
    try:
        import ortools  # noqa: F401
    except ImportError:
        print("the solver extra is not installed: pip install 'xinfang-rules[solver]'")
        return
    family("tight months", tight_month, args.tight, args.seed, cal, args.time_limit)
    family("county years", county_year, args.years, args.seed, cal, args.time_limit)


if __name__ == "__main__":
    main()
