"""An even share of receptions within each pool.

The pools whose members should receive equally often, and the balancing moves of the fill
that bring their counts within one of each other.
"""

from __future__ import annotations

import datetime as _dt
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import attrs

from xinfang_rules.rota._slots import _Slot
from xinfang_rules.rota.model import (
    Assignment,
    Leader,
    MaxFrequency,
    MinFrequency,
    Per,
    Unavailable,
    _period_key,
)


@attrs.frozen
class _Move:
    """A turn that could pass from ``giver`` to ``taker``, making the pool fairer."""

    index: int  # the assignment's position
    giver: str
    taker: str
    has: int  # the giver's turns on the days the taker was not away
    other: int  # the taker's turns


class _Fairness:
    """The one definition of a fair rota (docs/rota.md, "Fairness"), for check and generation.

    Within the pool of a reception (the leaders its rules draw from), nobody may have two
    or more turns more than a member who was free to take one of their turns. Turns are
    all of a leader's receptions in the rota's range, at any place (a leader's burden is
    the total, not the count at one place); the giver's are counted only on the days the
    other was not away, so that an absence is not held against either. "Free" means: in
    the pool, not away, not receiving elsewhere that day, not at a maximum frequency in
    that day's period. A turn the giver needs for a minimum frequency (no more turns in
    its period than the minimum asks), a pinned (published) turn and a joint reception are
    never counted as movable.

    Each unfair turn is a move (:class:`_Move`) that lowers the sum of squared turns, so
    moving turns until none is left ends, and leaves a rota ``check_rota`` finds fair.
    """

    def __init__(
        self,
        assignments: list[Assignment],
        pools: Mapping[tuple[_dt.date, str], Sequence[str]],
        absence: Callable[[str, _dt.date], Unavailable | None],
        minimum: Sequence[tuple[MinFrequency, set[str]]],
        maximum: Sequence[tuple[MaxFrequency, set[str]]],
    ) -> None:
        self.out = assignments
        self.pools = pools
        self.absence = absence
        self.mins = minimum
        self.maxs = maximum
        self.days: dict[str, list[_dt.date]] = defaultdict(list)
        self.busy: dict[_dt.date, set[str]] = defaultdict(set)
        self.counts: dict[tuple[str, Per, tuple[int, int]], int] = defaultdict(int)
        self.pers = {m.per for m, _ in minimum} | {m.per for m, _ in maximum}
        for a in assignments:
            for lid in a.leaders:
                self._add(lid, a.date, 1)

    def _add(self, lid: str, day: _dt.date, n: int) -> None:
        if n > 0:
            self.days[lid].append(day)
            self.busy[day].add(lid)
        else:
            self.days[lid].remove(day)
            self.busy[day].discard(lid)
        for per in self.pers:
            self.counts[(lid, per, _period_key(day, per))] += n

    def _count(self, lid: str, day: _dt.date, per: Per) -> int:
        return self.counts.get((lid, per, _period_key(day, per)), 0)

    def _free(self, lid: str, day: _dt.date) -> bool:
        return (
            lid not in self.busy[day]
            and self.absence(lid, day) is None
            and not any(lid in ids and self._count(lid, day, m.per) >= m.count
                        for m, ids in self.maxs)
        )  # fmt: skip

    def _needed(self, lid: str, day: _dt.date) -> bool:
        return any(lid in ids and self._count(lid, day, m.per) <= m.count for m, ids in self.mins)

    def _has(self, giver: str, taker: str) -> int:
        return sum(1 for d in self.days[giver] if self.absence(taker, d) is None)

    def moves(self, index: int) -> Iterator[_Move]:
        """The moves of one assignment's turns, fewest-turns taker first."""
        a = self.out[index]
        pool = self.pools.get((a.date, a.place))
        if pool is None or a.layer == "pinned":
            return
        for giver in a.leaders:
            if giver not in pool or self._needed(giver, a.date):
                continue
            most = len(self.days[giver])
            takers = sorted(
                (len(self.days[b]), n, b)
                for n, b in enumerate(pool)
                if b != giver and most - len(self.days[b]) >= 2
            )
            for other, _, taker in takers:
                if not self._free(taker, a.date):
                    continue
                has = self._has(giver, taker)
                if has - other >= 2:
                    yield _Move(index, giver, taker, has, other)

    def apply(self, move: _Move) -> None:
        a = self.out[move.index]
        leaders = tuple(move.taker if x == move.giver else x for x in a.leaders)
        self.out[move.index] = attrs.evolve(a, leaders=leaders)
        self._add(move.giver, a.date, -1)
        self._add(move.taker, a.date, 1)

    def even_out(self) -> None:
        """Move turns until no move is left (from the first turn again after each move)."""
        i = 0
        while i < len(self.out):
            move = next(self.moves(i), None)
            if move is None:
                i += 1
            else:
                self.apply(move)
                i = 0


def _fair_pools(slots: Sequence[_Slot]) -> dict[tuple[_dt.date, str], tuple[str, ...]]:
    """The pool of every reception whose turns can move (not the joint ones)."""
    return {s.key: tuple(x.id for x in s.pool) for s in slots if s.need is not None}


def _frequency_sets(
    people: Sequence[Leader], limits: Sequence[MinFrequency] | Sequence[MaxFrequency]
) -> list[tuple[Any, set[str]]]:
    return [(m, {x.id for x in m.pool.members(people)}) for m in limits]
