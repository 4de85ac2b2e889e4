"""The rota's conflict analysis: as fast as a city needs, finding what it always found.

The analysis was rewritten to be close to linear in leaders × receptions (issue 27); the
reference (``tests/conflicts_reference.py``, the analysis as it was) is the oracle: on
random crowded configurations both give the same conflicts, word for word, and the same
counts of what no rota can avoid.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests import conflicts_reference as before
from xinfang_rules import WorkdayCalendar
from xinfang_rules import rota_conflicts as now
from xinfang_rules.rota import (
    EveryWorkday,
    Leader,
    MaxFrequency,
    MinFrequency,
    Place,
    Pool,
    Rule,
    Unavailable,
    Weekly,
)
from xinfang_rules.rota._slots import _Book, _slots

D = dt.date
CAL = WorkdayCalendar.china()


@st.composite
def crowded(draw: st.DrawFn) -> dict[str, Any]:
    """A small office with more to do than its leaders can: shared pools, absences, limits."""
    n = draw(st.integers(2, 9))
    units = ["甲", "乙", "丙"]
    people = [
        Leader(f"l{i}", f"领导{i}", "副职", "县", principal=i % 3 == 0,
               unit=units[draw(st.integers(0, 2))])
        for i in range(n)
    ]  # fmt: skip
    ids = [x.id for x in people]
    start = D(2026, draw(st.integers(1, 11)), 1)
    end = start + dt.timedelta(days=draw(st.integers(6, 45)))
    rules = []
    for k in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["weekly", "every", "unit", "few"]))
        place = Place(f"p{k % 3}", f"接待点{k % 3}", "09:00", "11:30")
        if kind == "weekly":
            when: Any = Weekly(draw(st.integers(0, 4)))
            pool = Pool(levels="县")
        elif kind == "every":
            when, pool = EveryWorkday(), Pool(principal=True)
        elif kind == "unit":
            when, pool = EveryWorkday(), Pool(units=draw(st.sampled_from(units)))
        else:
            chosen = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3, unique=True))
            when, pool = Weekly(draw(st.integers(0, 4))), Pool(leaders=tuple(chosen))
        per_slot: Any = draw(st.sampled_from([1, 1, 2, "all"]))
        rules.append(Rule(f"r{k}", when, pool, place, per_slot=per_slot))
    away = []
    for lid in ids:
        for _ in range(draw(st.integers(0, 2))):
            first = start + dt.timedelta(days=draw(st.integers(0, (end - start).days)))
            length = draw(st.integers(1, 10))
            away.append(Unavailable(lid, first, first + dt.timedelta(days=length - 1), "公务"))
    minimum = [MinFrequency(Pool(levels="县"), draw(st.integers(1, 4)), "month")]
    if draw(st.booleans()):
        minimum.append(MinFrequency(Pool(principal=True), draw(st.integers(1, 3)), "week"))
    maximum = [MaxFrequency(Pool(levels="县"), draw(st.integers(1, 2)), "week")]
    if draw(st.booleans()):
        maximum.append(MaxFrequency(Pool(principal=True), draw(st.integers(2, 6)), "month"))
    return {"rules": rules, "people": people, "start": start, "end": end, "away": away,
            "minimum": minimum, "maximum": maximum}  # fmt: skip


def both(case: dict[str, Any]) -> tuple[Any, Any]:
    slots = _slots(case["rules"], case["people"], case["start"], case["end"], CAL)
    args = (case["people"], _Book(case["people"], case["away"]), case["minimum"],
            case["maximum"], case["start"], case["end"])  # fmt: skip
    return now.analyse(slots, *args), before.analyse(slots, *args)


@pytest.mark.property
@settings(max_examples=300, deadline=None)
@given(crowded())
def test_the_same_conflicts_as_before(case: dict[str, Any]) -> None:
    """Every conflict, word for word, and the same counts of what no rota can avoid."""
    found, expected = both(case)
    assert found == expected


def test_crowded_instances_do_conflict() -> None:
    """The strategy makes instances with conflicts of every kind (so the comparison bites)."""
    from hypothesis import HealthCheck

    kinds: set[str] = set()

    @settings(max_examples=200, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(crowded())
    def collect(case: dict[str, Any]) -> None:
        found, _ = both(case)
        kinds.update(x.kind for x in found[0])

    collect()
    assert kinds == {"day", "capacity", "minimum", "competition"}
