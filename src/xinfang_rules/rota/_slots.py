"""The receptions a range asks for, and the book of who is already where.

The slots come in the order they are filled; the book keeps one place a day per leader
and the receptions per period that frequencies count.
"""

from __future__ import annotations

import datetime as _dt
from collections import defaultdict
from collections.abc import Sequence

import attrs

from xinfang_rules.calendar.workdays import WorkdayCalendar
from xinfang_rules.errors import XinfangTypeError
from xinfang_rules.privacy import echo
from xinfang_rules.rota.model import (
    _LAYER_RANK,
    Leader,
    Per,
    Place,
    RotaError,
    Rule,
    Unavailable,
    _period_key,
)

# --------------------------------------------------------------------------- slots


@attrs.define
class _Slot:
    date: _dt.date
    place: Place
    rules: list[Rule]
    need: int | None  # None: the whole pool together
    pool: list[Leader]

    @property
    def key(self) -> tuple[_dt.date, str]:
        return (self.date, self.place.id)

    @property
    def layer(self) -> str:
        return max((r.layer for r in self.rules), key=_LAYER_RANK.__getitem__)


def _slots(
    rules: Sequence[Rule],
    leaders: Sequence[Leader],
    start: _dt.date,
    end: _dt.date,
    cal: WorkdayCalendar,
) -> list[_Slot]:
    """Every reception the rules ask for, merged per day and place (joint ones apart)."""
    seen_ids: set[str] = set()
    places: dict[str, Place] = {}
    merged: dict[tuple[_dt.date, str], _Slot] = {}
    joint: list[_Slot] = []
    for rule in rules:
        if not isinstance(rule, Rule):
            raise XinfangTypeError(
                f"rules must be Rule records, got {type(rule).__name__}",
                zh=f"rules 应为 Rule 记录，实为 {type(rule).__name__}",
            )
        if rule.id in seen_ids:
            raise RotaError(
                f"two rules have the id {echo(rule.id)}", zh=f"两条规则的编号都是 {echo(rule.id)}"
            )
        seen_ids.add(rule.id)
        known = places.setdefault(rule.place.id, rule.place)
        if known != rule.place:
            raise RotaError(
                f"two different places have the id {echo(rule.place.id)}",
                zh=f"两个不同的接访地点编号都是 {echo(rule.place.id)}",
            )
        pool = list(rule.pool.members(leaders))
        for d in rule.days(start, end, cal):
            if rule.per_slot == "all":
                joint.append(_Slot(d, rule.place, [rule], None, pool))
                continue
            slot = merged.get((d, rule.place.id))
            if slot is None:
                merged[(d, rule.place.id)] = _Slot(d, rule.place, [rule], rule.per_slot, pool)
                continue
            slot.rules.append(rule)
            slot.need = max(slot.need or 0, rule.per_slot)
            slot.pool = slot.pool + [x for x in pool if x not in slot.pool]
    return sorted(
        [*joint, *merged.values()], key=lambda s: (s.date, s.need is not None, s.place.id)
    )


# --------------------------------------------------------------------------- generation


class _Book:
    """Who is assigned when: the counts generation and checking both need."""

    def __init__(self, leaders: Sequence[Leader], unavailable: Sequence[Unavailable]) -> None:
        ids = {x.id for x in leaders}
        self.away: dict[str, list[Unavailable]] = defaultdict(list)
        for u in unavailable:
            if not isinstance(u, Unavailable):
                raise XinfangTypeError(
                    f"unavailable must be Unavailable records, got {type(u).__name__}",
                    zh=f"unavailable 应为 Unavailable 记录，实为 {type(u).__name__}",
                )
            if u.leader not in ids:
                raise RotaError(
                    f"unavailability for unknown leader {echo(u.leader)}",
                    zh=f"请假记录中的领导 {echo(u.leader)} 不在名单中",
                )
            self.away[u.leader].append(u)
        self.busy: dict[_dt.date, set[str]] = defaultdict(set)
        self.counts: dict[tuple[str, Per, tuple[int, int]], int] = defaultdict(int)
        self.total: dict[str, int] = defaultdict(int)

    def absence(self, leader: str, day: _dt.date) -> Unavailable | None:
        for u in self.away.get(leader, ()):
            if u.start <= day <= u.end:
                return u
        return None

    def add(self, leader: str, day: _dt.date) -> None:
        self.busy[day].add(leader)
        self.total[leader] += 1
        for per in ("week", "month", "quarter", "year"):
            self.counts[(leader, per, _period_key(day, per))] += 1

    def count(self, leader: str, day: _dt.date, per: Per) -> int:
        return self.counts.get((leader, per, _period_key(day, per)), 0)
